// The Language Server Protocol as a user would get it: a catalog and a JSON Schema drafted by
// `catalog init` from LSP's meta model (3.18), the package generated from them, and the
// generated client driving a real language server from npm (the JSON language server of
// `vscode-langservers-extracted`) as a child process, over the base protocol's `Content-Length`
// framing.
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir } from "../helpers/repo.js";
import { draftAndGenerate, importPackage, killAll, track, until, within } from "./support.js";

const require = createRequire(import.meta.url);
const jsonLanguageServer = path.join(
  path.dirname(require.resolve("vscode-langservers-extracted/package.json")),
  "bin",
  "vscode-json-language-server",
);

let tmp: string;
let node: any;

beforeAll(async () => {
  tmp = makeTempDir("lsp");
  const drafted = await draftAndGenerate({
    dir: tmp,
    name: "lsp",
    source: "test/fixtures/protocols/lsp-3.18/metaModel.json",
    writesSchema: true,
    initArgs: ["--name", "lsp", "--title", "Language Server Protocol"],
  });
  node = await importPackage(drafted.outDir, "node");
}, 180_000);

afterAll(() => removeTempDir(tmp));
afterEach(killAll);

/** A JSON Schema the server is told to apply to `*.demo.json` documents. */
const demoSchema = {
  type: "object",
  properties: {
    name: { type: "string", description: "The name of the thing." },
    kind: { enum: ["alpha", "beta"] },
  },
};

describe("a generated LSP client against the JSON language server, over Content-Length framing", () => {
  it("initializes, opens a document, gets hover and completion, then shuts the server down and it exits", async () => {
    const diagnostics: any[] = [];
    const serverRequests: string[] = [];
    const server = node.spawnServer(
      process.execPath,
      [jsonLanguageServer, "--stdio"],
      {
        // What a JSON language server may ask of its client.
        workspaceConfiguration: ({ items }: { items: unknown[] }) => {
          serverRequests.push("workspace/configuration");
          return items.map(() => null);
        },
        clientRegisterCapability: () => {
          serverRequests.push("client/registerCapability");
          return null;
        },
        windowWorkDoneProgressCreate: () => null,
        textDocumentPublishDiagnostics: (params: any) => diagnostics.push(params),
        windowLogMessage: () => {},
      },
      { framing: "content-length", stderr: "pipe", exitTimeoutMs: 2_000, defaultTimeoutMs: 10_000 },
    );
    track(server.transport.child);
    // The first bytes the server writes: a base-protocol header, not a line of JSON.
    let firstBytes = "";
    server.transport.child.stdout.once(
      "data",
      (chunk: Buffer) => (firstBytes = chunk.toString("latin1", 0, 40)),
    );

    const initialized = await server.server.initialize({
      processId: process.pid,
      rootUri: null,
      capabilities: {
        textDocument: {
          hover: { contentFormat: ["markdown", "plaintext"] },
          completion: { completionItem: { snippetSupport: false } },
        },
      },
      clientInfo: { name: "jsonrpc-bindgen-test" },
    });
    expect(firstBytes).toMatch(/^Content-Length: \d+\r\n/);
    expect(initialized.capabilities.hoverProvider).toBe(true);
    expect(initialized.capabilities.textDocumentSync).toBeDefined();
    server.server.initialized({});
    server.server.workspaceDidChangeConfiguration({
      settings: { json: { schemas: [{ fileMatch: ["*.demo.json"], schema: demoSchema }] } },
    });

    const uri = pathToFileURL(path.join(tmp, "thing.demo.json")).href;
    const text = '{\n  "name": "a",\n  "kind": ""\n}\n';
    server.server.textDocumentDidOpen({
      textDocument: { uri, languageId: "json", version: 1, text },
    });

    // Hover on `"name"` (line 1) shows the description from the schema.
    const hover = await server.server.textDocumentHover({
      textDocument: { uri },
      position: { line: 1, character: 4 },
    });
    const hoverText = JSON.stringify(hover.contents);
    expect(hoverText).toContain("The name of the thing");
    expect(hover.range.start).toEqual({ line: 1, character: 2 });

    // Completion inside the empty string of `"kind"` offers the enum's values.
    const completion = await server.server.textDocumentCompletion({
      textDocument: { uri },
      position: { line: 2, character: 11 },
    });
    const items = Array.isArray(completion) ? completion : completion.items;
    expect(items.map((item: any) => item.label).sort()).toEqual(['"alpha"', '"beta"']);

    // The server pushes diagnostics for the opened document (a notification the other way).
    await until(
      () => diagnostics.some((d) => d.uri === uri),
      10_000,
      "textDocument/publishDiagnostics for the document",
    );

    expect(await server.server.shutdown()).toBeNull();
    server.server.exit();
    const exit = await within(server.transport.exited, 5_000, "the server to exit after `exit`");
    expect(exit).toEqual({ code: 0, signal: null });
  });
});
