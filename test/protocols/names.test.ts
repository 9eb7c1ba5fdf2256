// Protocol names and schema names live side by side in one entry point. The protocol's message
// types and message validators are named direction-first (`RequestToServer`,
// `validateNotificationToClient`), so that a schema's own `ClientRequest` ("a request the client
// sends", as MCP names it) keeps its name and its validator, and means what the schema says.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { makeTempDir, removeTempDir, repoRoot, runTsc, writeUseProject } from "../helpers/repo.js";

let pkg: any;
let tmp: string;

beforeAll(async () => {
  tmp = makeTempDir("names");
  await generate({
    schemaPath: "test/fixtures/schemas/protocol-name-clashes.schema.json",
    catalogPath: "test/fixtures/catalogs/protocol-name-clashes.catalog.json",
    outDir: path.join(tmp, "clashes"),
    cwd: repoRoot,
    cache: false,
  });
  pkg = await import(pathToFileURL(path.join(tmp, "clashes", "dist", "index.js")).href);
}, 60_000);

afterAll(() => removeTempDir(tmp));

describe("protocol names beside schema names", () => {
  it("the entry point and the validators are as in their snapshots", async () => {
    // The entry point re-exports the schema's type for each name a protocol export also has;
    // the validators module shows which schema validators took the `_2` suffix.
    const source = (file: string) => readFileSync(path.join(tmp, "clashes", "src", file), "utf8");
    await expect(source("index.ts")).toMatchFileSnapshot(
      "__snapshots__/protocol-name-clashes.index.ts.snap",
    );
    await expect(source("validators.ts")).toMatchFileSnapshot(
      "__snapshots__/protocol-name-clashes.validators.ts.snap",
    );
    expect(source("index.ts")).toMatch(
      /export type \{[^}]*\bServerHandlers\b[^}]*\} from "\.\/types\.js"/,
    );
    expect(source("validators.ts")).toContain("export function validateMethodName_2(");
  });

  it("the schema's ClientRequest keeps its validator name; the protocol's validators are direction-first", () => {
    // The schema's ClientRequest: `method` is the constant "call".
    expect(pkg.validateClientRequest({ method: "call" })).toBeUndefined();
    expect(pkg.validateClientRequest({ method: "other" })).toMatchObject({ path: "$.method" });
    expect(pkg.validateClientRequest_2).toBeUndefined();
    // The protocol's: a whole JSON-RPC request sent to the server.
    expect(
      pkg.validateRequestToServer({ jsonrpc: "2.0", id: 1, method: "delete", params: {} }),
    ).toMatchObject({ path: "$.method" }); // a notification, not a request
    expect(pkg.validateNotificationToServer).toBeTypeOf("function");
    expect(pkg.validateNotificationToClient).toBeTypeOf("function");
  });

  it("types: each name means one thing", () => {
    writeFileSync(
      path.join(tmp, "use.ts"),
      `import type { ClientRequest, ServerNotification, RequestToServer, NotificationToClient, MessageFromClient } from "./clashes/src/index.js";
export const schemaRequest: ClientRequest = { method: "call" };
export const schemaNotification: ServerNotification = { method: "notify" };
// @ts-expect-error the schema's ClientRequest is not a JSON-RPC message
export const notAMessage: ClientRequest = { jsonrpc: "2.0", id: 1, method: "call" };
declare const wire: RequestToServer;
export const method: "call" | "constructor" = wire.method;
declare const note: NotificationToClient;
export const noteMethod: "notify" = note.method;
declare const sent: MessageFromClient;
export const fromClient: RequestToServer | { jsonrpc: "2.0" } = sent;
`,
    );
    const result = runTsc(writeUseProject(tmp), tmp);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });
});
