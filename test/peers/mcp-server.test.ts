// The other way round: the MCP SDK's own `Client`, over its `StdioClientTransport`, against a
// server built on the generated MCP package (test/peers/fixtures/mcp-server.mjs) running as a
// child process. The SDK checks every result it receives against its own schemas, so a result
// the generated server shaped wrongly fails here.
//
// The same package's types are checked at the type level too: the schema's own `ClientRequest`
// ("sent by the client") and the protocol's `RequestToServer` are different names with their own
// meanings, every type of the schema is assignable to `JsonValue`, and the clients' signatures
// follow the catalog (optional params optional, required ones required). A consumer module is
// compiled with the pinned tsc.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CallToolResultSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir, runTscAsync } from "../helpers/repo.js";
import { draftMcp, importPackage, until } from "./support.js";

const serverScript = fileURLToPath(new URL("./fixtures/mcp-server.mjs", import.meta.url));

let tmp: string;
let packageDir: string;

beforeAll(async () => {
  tmp = makeTempDir("mcp-server");
  const drafted = await draftMcp(tmp);
  packageDir = drafted.outDir;
}, 120_000);

afterAll(() => removeTempDir(tmp));

/** The clients opened by the running test; closing one ends its server process. */
const open = new Set<Client>();
afterEach(async () => {
  await Promise.all([...open].map((client) => client.close()));
  open.clear();
});

/** The SDK's client connected to a freshly spawned generated server; the server's log is kept. */
async function connectSdkClient(): Promise<{ client: Client; serverLog: () => string[] }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [serverScript, packageDir],
    stderr: "pipe",
  });
  let log = "";
  transport.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
  const client = new Client({ name: "mcp-sdk-client", version: "1.0.0" });
  open.add(client);
  await client.connect(transport, { timeout: 10_000 });
  return { client, serverLog: () => log.split("\n").filter((line) => line !== "") };
}

describe("the MCP SDK's Client against a generated MCP server over stdio", () => {
  it("initializes: the SDK accepts the server's answer and sends `notifications/initialized` without params", async () => {
    const { client, serverLog } = await connectSdkClient();
    expect(client.getServerVersion()).toEqual({ name: "generated-mcp-server", version: "1.0.0" });
    expect(client.getServerCapabilities()).toEqual({ tools: {} });
    await until(
      () => serverLog().includes("received notifications/initialized (no params)"),
      5_000,
      "the server to log notifications/initialized",
    );
    const initialize = serverLog().find((line) => line.startsWith("received initialize "))!;
    expect(JSON.parse(initialize.slice("received initialize ".length))).toMatchObject({
      clientInfo: { name: "mcp-sdk-client", version: "1.0.0" },
      capabilities: {},
    });
  });

  it("answers the SDK's `ping`, which it sends without params", async () => {
    const { client, serverLog } = await connectSdkClient();
    expect(await client.ping()).toEqual({});
    // The log goes to stderr, which may be read after the answer on stdout.
    await until(
      () => serverLog().some((line) => line.startsWith("received ping")),
      5_000,
      "the server to log the ping",
    );
    expect(serverLog().filter((line) => line.startsWith("received ping"))).toEqual([
      "received ping (no params)",
    ]);
  });

  it("lists its tools and runs one, which pings the SDK's client before it answers", async () => {
    const { client, serverLog } = await connectSdkClient();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["add", "wait"]);
    expect(tools[0]!.inputSchema).toMatchObject({ type: "object", required: ["a", "b"] });

    const result = await client.callTool({ name: "add", arguments: { a: 2, b: 40 } });
    expect(result.content).toEqual([{ type: "text", text: "42" }]);
    // The server's ping to the client was answered (the SDK answers pings itself) with `{}`.
    expect(result.structuredContent).toEqual({ sum: 42, clientAnsweredPing: {} });
    await until(
      () => serverLog().some((line) => line.startsWith("received tools/call")),
      5_000,
      "the server to log the call",
    );
    expect(serverLog()).toContain('received tools/call {"name":"add","arguments":{"a":2,"b":40}}');
  });

  it("stops a handler when the SDK's client cancels the call (`notifications/cancelled`)", async () => {
    const { client, serverLog } = await connectSdkClient();
    const controller = new AbortController();
    const call = client.callTool({ name: "wait", arguments: {} }, undefined, {
      signal: controller.signal,
    });
    await until(
      () => serverLog().some((line) => line.startsWith('received tools/call {"name":"wait"')),
      5_000,
      "the server to start the call",
    );
    controller.abort("the user gave up");
    await expect(call).rejects.toThrow();
    await until(
      () => serverLog().some((line) => line.startsWith("wait cancelled: ")),
      5_000,
      "the handler's signal to abort",
    );
    // The connection goes on.
    expect(await client.ping()).toEqual({});
  });

  it("refuses what the schema forbids with -32602, and an unknown tool with the handler's error", async () => {
    const { client, serverLog } = await connectSdkClient();
    // `name` must be a string: the generated server refuses the params before its handler runs.
    const invalid = await client
      .request({ method: "tools/call", params: { name: 42 } } as any, CallToolResultSchema)
      .catch((error: unknown) => error);
    expect(invalid).toBeInstanceOf(McpError);
    expect((invalid as McpError).code).toBe(-32602);
    expect((invalid as McpError).message).toMatch(/\$\.name/);

    const unknown = await client
      .callTool({ name: "subtract", arguments: {} })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(McpError);
    expect((unknown as McpError).code).toBe(-32602);
    expect((unknown as McpError).message).toContain("no tool named subtract");
    // The handler saw the second call only: the first was refused before it ran.
    await until(
      () => serverLog().some((line) => line.startsWith("received tools/call")),
      5_000,
      "the server to log the second call",
    );
    expect(serverLog().filter((line) => line.startsWith("received tools/call"))).toEqual([
      'received tools/call {"name":"subtract","arguments":{}}',
    ]);
  });
});

/** The names of the non-generic type aliases `types.ts` exports. */
function schemaTypeNames(): string[] {
  const source = readFileSync(path.join(packageDir, "src", "types.ts"), "utf8");
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
    const validators = await importPackage(packageDir, "validators");
    expect(validators.validateClientRequest({ jsonrpc: "2.0", id: 1, method: "ping" })).toBe(
      undefined,
    );
    expect(
      validators.validateClientRequest({ jsonrpc: "2.0", id: 1, method: "roots/list" }),
    ).toBeDefined();
    expect(validators.validateClientRequest_2).toBeUndefined();
    const index = await importPackage(packageDir, "index");
    expect(
      index.validateRequestToClient({ jsonrpc: "2.0", id: 1, method: "roots/list" }),
    ).toBeUndefined();
    expect(
      index.validateRequestToServer({ jsonrpc: "2.0", id: 1, method: "roots/list" }),
    ).toBeDefined();
  });
});
