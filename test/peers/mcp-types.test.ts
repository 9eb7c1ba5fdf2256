// Type-level tests on the package generated from the published MCP schema (with the catalog
// `catalog init` drafts): the schema's own `ClientRequest` ("sent by the client") and the
// protocol's `RequestToServer` are different names with their own meanings, every type of the
// schema is assignable to `JsonValue`, and the clients' signatures follow the catalog (optional
// params optional, required ones required). A consumer module is compiled with the pinned tsc.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir, runTscAsync } from "../helpers/repo.js";
import { draftMcp, importPackage } from "./support.js";

let tmp: string;
let outDir: string;

beforeAll(async () => {
  tmp = makeTempDir("mcp-types");
  outDir = (await draftMcp(tmp)).outDir;
}, 120_000);

afterAll(() => removeTempDir(tmp));

/** The names of the non-generic type aliases `types.ts` exports. */
function schemaTypeNames(): string[] {
  const source = readFileSync(path.join(outDir, "src", "types.ts"), "utf8");
  return [...source.matchAll(/^export type (\w+)(<[^=]*>)? =/gm)]
    .filter((match) => match[2] === undefined)
    .map((match) => match[1]!);
}

const consumer = `import type * as mcp from "./mcp/src/index.js";
import type { ClientRequest, ServerRequest, RequestToServer, RequestToClient, ServerClient, ClientHandlers, ServerHandlers, JsonValue } from "./mcp/src/index.js";

// The schema's ClientRequest: a whole message, as MCP defines it, sent by the client.
export const schemaPing: ClientRequest = { jsonrpc: "2.0", id: 1, method: "ping" };
export const schemaCall: ClientRequest = { jsonrpc: "2.0", id: 2, method: "tools/call", params: { name: "echo" } };
// @ts-expect-error sampling is a request the server sends: not one of the schema's ClientRequest
export const notFromClient: ClientRequest = { jsonrpc: "2.0", id: 3, method: "sampling/createMessage", params: { messages: [], maxTokens: 1 } };
export const serverSends: ServerRequest["method"] = "sampling/createMessage";

// The protocol's RequestToServer: what the server receives, by method.
declare const toServer: RequestToServer;
export const toServerMethod: string = toServer.method;
// @ts-expect-error the server never receives sampling/createMessage
export const neverToServer: RequestToServer["method"] = "sampling/createMessage";
declare const toClient: RequestToClient;
export const pingBothWays: RequestToClient["method"] = "ping";
export const toClientMethod: "ping" | "sampling/createMessage" | "elicitation/create" | "roots/list" | \`tasks/\${string}\` = toClient.method;

// Clients: params that the schema makes optional may be left out, required ones may not.
declare const server: ServerClient;
export const pinged: Promise<mcp.Result> = server.ping();
export const listed: Promise<mcp.ListToolsResult> = server.toolsList();
export const called: Promise<mcp.CallToolResult> = server.toolsCall({ name: "echo", arguments: { message: "hi" } });
// @ts-expect-error tools/call needs its params
void server.toolsCall();
// @ts-expect-error a tool's name is a string
void server.toolsCall({ name: 42 });

// Handlers: absent params reach the handler as undefined.
export const initialized: NonNullable<ServerHandlers["notificationsInitialized"]> = (params) => {
  const meta: undefined | JsonValue | mcp.NotificationParams = params;
  void meta;
};
export const sampling: ClientHandlers["samplingCreateMessage"] = ({ messages, maxTokens }) => ({
  role: "assistant",
  content: { type: "text", text: String(messages.length + maxTokens) },
  model: "test",
});
`;

describe("the generated MCP package's types", () => {
  it("keep the schema's names beside the protocol's, are JSON, and follow the catalog", async () => {
    const names = schemaTypeNames();
    expect(names).toEqual(expect.arrayContaining(["ClientRequest", "ServerRequest", "JsonValue"]));
    writeFileSync(path.join(tmp, "consumer.ts"), consumer);
    writeFileSync(
      path.join(tmp, "json-assignable.ts"),
      [
        `import type * as types from "./mcp/src/types.js";`,
        ...names.map(
          (name) => `export const ${name}Json: types.JsonValue = null as unknown as types.${name};`,
        ),
        "",
      ].join("\n"),
    );
    writeFileSync(
      path.join(tmp, "tsconfig.json"),
      JSON.stringify({
        extends: "./mcp/tsconfig.json",
        compilerOptions: { noEmit: true, rootDir: "." },
        include: ["consumer.ts", "json-assignable.ts", "mcp/src/**/*.ts"],
      }),
    );
    const result = await runTscAsync(path.join(tmp, "tsconfig.json"), tmp);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("validators: the schema's ClientRequest keeps its name, the protocol's are direction-first", async () => {
    const validators = await importPackage(outDir, "validators");
    expect(validators.validateClientRequest({ jsonrpc: "2.0", id: 1, method: "ping" })).toBe(
      undefined,
    );
    expect(
      validators.validateClientRequest({ jsonrpc: "2.0", id: 1, method: "roots/list" }),
    ).toBeDefined();
    expect(validators.validateClientRequest_2).toBeUndefined();
    const index = await importPackage(outDir, "index");
    expect(
      index.validateRequestToClient({ jsonrpc: "2.0", id: 1, method: "roots/list" }),
    ).toBeUndefined();
    expect(
      index.validateRequestToServer({ jsonrpc: "2.0", id: 1, method: "roots/list" }),
    ).toBeDefined();
  });
});
