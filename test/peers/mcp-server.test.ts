// The other way round: the MCP SDK's own `Client`, over its `StdioClientTransport`, against a
// server built on the generated MCP package (test/peers/fixtures/mcp-server.mjs) running as a
// child process. The SDK checks every result it receives against its own schemas, so a result
// the generated server shaped wrongly fails here.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { CallToolResultSchema, McpError } from "@modelcontextprotocol/sdk/types.js";
import { fileURLToPath } from "node:url";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir } from "../helpers/repo.js";
import { draftMcp, until } from "./support.js";

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
    expect(serverLog()).toContain("received ping (no params)");
  });

  it("lists its tools and runs one, which pings the SDK's client before it answers", async () => {
    const { client, serverLog } = await connectSdkClient();
    const { tools } = await client.listTools();
    expect(tools.map((tool) => tool.name)).toEqual(["add"]);
    expect(tools[0]!.inputSchema).toMatchObject({ type: "object", required: ["a", "b"] });

    const result = await client.callTool({ name: "add", arguments: { a: 2, b: 40 } });
    expect(result.content).toEqual([{ type: "text", text: "42" }]);
    // The server's ping to the client was answered (the SDK answers pings itself) with `{}`.
    expect(result.structuredContent).toEqual({ sum: 42, clientAnsweredPing: {} });
    expect(serverLog()).toContain('received tools/call {"name":"add","arguments":{"a":2,"b":40}}');
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
    expect(serverLog().filter((line) => line.startsWith("received tools/call"))).toEqual([]);

    const unknown = await client
      .callTool({ name: "subtract", arguments: {} })
      .catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(McpError);
    expect((unknown as McpError).code).toBe(-32602);
    expect((unknown as McpError).message).toContain("no tool named subtract");
  });
});
