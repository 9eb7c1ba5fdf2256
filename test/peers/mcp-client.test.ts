// The Model Context Protocol as a user would get it: its published JSON Schema (2025-11-25),
// a catalog drafted from it by `catalog init` with no hand edits, the package generated from
// both, and the generated client driving the reference server `@modelcontextprotocol/server-everything`
// as a child process over stdio.
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir } from "../helpers/repo.js";
import {
  draftMcp,
  importPackage,
  killAll,
  recordNdjson,
  track,
  until,
  within,
  type WireLog,
} from "./support.js";

const require = createRequire(import.meta.url);
/** The reference server's entry point (its `bin`), run with `node` as `npx` would. */
const everything = path.join(
  path.dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")),
  "dist",
  "index.js",
);

let tmp: string;
let mcp: any;
let node: any;

beforeAll(async () => {
  tmp = makeTempDir("mcp-client");
  const drafted = await draftMcp(tmp);
  mcp = await importPackage(drafted.outDir, "index");
  node = await importPackage(drafted.outDir, "node");
}, 120_000);

afterAll(() => removeTempDir(tmp));
afterEach(killAll);

/** What the client side saw: the server's requests and notifications, by method. */
interface Seen {
  readonly requests: Array<{ method: string; params: any }>;
  readonly notifications: Array<{ method: string; params: any }>;
}

/** Spawns the reference server with a generated client connection to it, and records its wire. */
function spawnEverything(): {
  server: any;
  seen: Seen;
  wire: WireLog;
  unknownResponses: unknown[];
  stderr: () => string;
} {
  const seen: Seen = { requests: [], notifications: [] };
  const unknownResponses: unknown[] = [];
  const request =
    (method: string, answer: (params: any) => unknown) =>
    (params: any): unknown => {
      seen.requests.push({ method, params });
      return answer(params);
    };
  const notification = (method: string) => (params: any) => {
    seen.notifications.push({ method, params });
  };
  const server = node.spawnServer(
    process.execPath,
    [everything, "stdio"],
    {
      ping: request("ping", () => ({})),
      samplingCreateMessage: request("sampling/createMessage", () => ({
        role: "assistant",
        content: { type: "text", text: "forty-two" },
        model: "test-model",
        stopReason: "endTurn",
      })),
      elicitationCreate: request("elicitation/create", (params) => ({
        action: "accept",
        content: { name: "Ada Lovelace", check: true, email: "ada@example.com" },
        // Echoes which fields were asked for, so the test can check the server's schema arrived.
        _meta: { asked: Object.keys(params.requestedSchema.properties) },
      })),
      rootsList: request("roots/list", () => ({
        roots: [{ uri: "file:///tmp/project", name: "project" }],
      })),
      notificationsProgress: notification("notifications/progress"),
      notificationsMessage: notification("notifications/message"),
      notificationsCancelled: notification("notifications/cancelled"),
      notificationsToolsListChanged: notification("notifications/tools/list_changed"),
      notificationsResourcesListChanged: notification("notifications/resources/list_changed"),
      notificationsResourcesUpdated: notification("notifications/resources/updated"),
      notificationsPromptsListChanged: notification("notifications/prompts/list_changed"),
    },
    {
      stderr: "pipe",
      exitTimeoutMs: 2_000,
      defaultTimeoutMs: 10_000,
      onUnknownResponse: (message: unknown) => unknownResponses.push(message),
    },
  );
  track(server.transport.child);
  const wire = recordNdjson(server.transport.child);
  let stderr = "";
  server.transport.child.stderr
    .setEncoding("utf8")
    .on("data", (chunk: string) => (stderr += chunk));
  return { server, seen, wire, unknownResponses, stderr: () => stderr };
}

const clientInfo = { name: "jsonrpc-bindgen-test", version: "1.0.0" };

async function initialize(server: any, capabilities: object = {}): Promise<any> {
  const result = await server.server.initialize(
    { protocolVersion: "2025-11-25", capabilities, clientInfo },
    { timeoutMs: 10_000 },
  );
  server.server.notificationsInitialized();
  return result;
}

/** The text parts of a tool result, joined. */
const text = (result: any): string =>
  result.content
    .filter((part: any) => part.type === "text")
    .map((part: any) => part.text)
    .join("\n");

describe("a generated MCP client against @modelcontextprotocol/server-everything over stdio", () => {
  it("initializes, is told the server's capabilities, and then sends `notifications/initialized` without params", async () => {
    const { server, wire } = spawnEverything();
    const result = await initialize(server);
    expect(result.protocolVersion).toBe("2025-11-25");
    expect(result.serverInfo.name).toMatch(/everything/i);
    expect(result.capabilities).toHaveProperty("tools");
    await until(
      () => wire.sent.some((message: any) => message.method === "notifications/initialized"),
      5_000,
      "notifications/initialized on the wire",
    );
    const initialized = wire.sent.find(
      (message: any) => message.method === "notifications/initialized",
    ) as object;
    expect(initialized).toEqual({ jsonrpc: "2.0", method: "notifications/initialized" });
    await server.close();
  });

  it("pings the server without params, lists its tools and calls two of them", async () => {
    const { server, wire } = spawnEverything();
    await initialize(server);
    expect(await server.server.ping()).toEqual({});
    const ping = wire.sent.find((message: any) => message.method === "ping") as object;
    expect(ping).not.toHaveProperty("params");

    const { tools } = await server.server.toolsList();
    const names = tools.map((tool: any) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining(["echo", "get-sum", "trigger-long-running-operation"]),
    );
    for (const tool of tools) expect(tool.inputSchema.type).toBe("object");

    const echoed = await server.server.toolsCall({ name: "echo", arguments: { message: "hi" } });
    expect(text(echoed)).toBe("Echo: hi");
    const sum = await server.server.toolsCall({ name: "get-sum", arguments: { a: 2, b: 40 } });
    expect(text(sum)).toContain("42");
    // A tool that does not exist is the server's to refuse; the answer still fits the schema.
    const missing = await server.server.toolsCall({ name: "no-such-tool", arguments: {} }).then(
      (result: any) => ({ result }),
      (error: any) => ({ error }),
    );
    if ("error" in missing) expect(missing.error).toBeInstanceOf(mcp.RpcError);
    else expect(missing.result.isError).toBe(true);
    await server.close();
  });

  it("answers the server's sampling and elicitation requests made while a tool runs", async () => {
    const { server, seen } = spawnEverything();
    await initialize(server, { sampling: {}, elicitation: { form: {} }, roots: {} });
    const { tools } = await server.server.toolsList();
    const names = tools.map((tool: any) => tool.name);
    // The server offers these tools only to clients that declared the capabilities.
    expect(names).toEqual(
      expect.arrayContaining(["trigger-sampling-request", "trigger-elicitation-request"]),
    );

    const sampled = await server.server.toolsCall({
      name: "trigger-sampling-request",
      arguments: { prompt: "the answer?", maxTokens: 10 },
    });
    expect(text(sampled)).toContain("forty-two");
    const sampling = seen.requests.find((r) => r.method === "sampling/createMessage")!;
    expect(sampling.params.maxTokens).toBe(10);
    expect(sampling.params.messages[0].content.text).toContain("the answer?");

    const elicited = await server.server.toolsCall({
      name: "trigger-elicitation-request",
      arguments: {},
    });
    expect(text(elicited)).toContain("Ada Lovelace");
    const elicitation = seen.requests.find((r) => r.method === "elicitation/create")!;
    expect(Object.keys(elicitation.params.requestedSchema.properties)).toContain("name");
    await server.close();
  });

  it("reports progress of a long-running tool to the call that asked for it", async () => {
    const { server, seen, wire } = spawnEverything();
    await initialize(server);
    const progress: any[] = [];
    const result = await server.server.toolsCall(
      { name: "trigger-long-running-operation", arguments: { duration: 0.3, steps: 3 } },
      { onProgress: (params: any) => progress.push(params) },
    );
    expect(text(result)).toContain("Steps: 3");
    expect(progress.map((p) => [p.progress, p.total])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);
    // The token went out in the request's `_meta`, and every notification carried it back.
    const call = wire.sent.find((message: any) => message.method === "tools/call") as any;
    const token = call.params._meta.progressToken;
    expect(token).toBeDefined();
    for (const p of progress) expect(p.progressToken).toEqual(token);
    // Progress tied to a call does not also reach the connection's notification handler.
    expect(seen.notifications.filter((n) => n.method === "notifications/progress")).toEqual([]);
    await server.close();
  });

  it("lets progress extend a call's timeout (resetTimeoutOnProgress), which times out without it", async () => {
    const { server } = spawnEverything();
    await initialize(server);
    // Five steps of 0.3 s: 1.5 s in all, past the 1 s timeout, but never 1 s without progress.
    const slow = { name: "trigger-long-running-operation", arguments: { duration: 1.5, steps: 5 } };
    const steps: number[] = [];
    const result = await server.server.toolsCall(slow, {
      timeoutMs: 1_000,
      resetTimeoutOnProgress: true,
      onProgress: ({ progress }: { progress: number }) => steps.push(progress),
    });
    expect(text(result)).toContain("Steps: 5");
    expect(steps).toEqual([1, 2, 3, 4, 5]);
    await expect(
      server.server.toolsCall(slow, { timeoutMs: 1_000, onProgress: () => {} }),
    ).rejects.toBeInstanceOf(mcp.CallTimeoutError);
    await server.close();
  });

  it("cancels a running tool call: sends `notifications/cancelled` with its id, and the server never answers it", async () => {
    const { server, wire, unknownResponses } = spawnEverything();
    await initialize(server);
    const controller = new AbortController();
    const call = server.server.toolsCall(
      { name: "trigger-long-running-operation", arguments: { duration: 0.6, steps: 2 } },
      { signal: controller.signal },
    );
    await until(
      () => wire.sent.some((message: any) => message.method === "tools/call"),
      5_000,
      "the call on the wire",
    );
    const sent = wire.sent.find((message: any) => message.method === "tools/call") as any;
    controller.abort(new Error("the user gave up"));
    await expect(call).rejects.toBeInstanceOf(mcp.CallCancelledError);
    const cancelled = wire.sent.find(
      (message: any) => message.method === "notifications/cancelled",
    ) as any;
    expect(cancelled.params.requestId).toEqual(sent.id);
    // Well past the tool's own end: a server that ignored the cancellation would have answered.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(wire.received.filter((message: any) => message.id === sent.id)).toEqual([]);
    expect(unknownResponses).toEqual([]);
    // The connection goes on.
    expect(await within(server.server.ping(), 5_000, "a ping after the cancellation")).toEqual({});
    await server.close();
  });

  it("closes cleanly: the server exits when its stdin closes", async () => {
    const { server } = spawnEverything();
    await initialize(server);
    await server.close();
    const exit: { code: number | null; signal: string | null } = await within(
      server.transport.exited,
      5_000,
      "the server to exit",
    );
    // It left by itself, before `close()` would have had to signal it.
    expect(exit).toEqual({ code: 0, signal: null });
  });
});
