// The HTTP transport end to end on loopback sockets: the generated server and client, with the
// same handlers as over stdio; nested calls on one request's stream; many requests at once;
// cancellation reaching the handler; keep-alive reuse; the health check.

import { afterEach, describe, expect, it } from "vitest";
import { CallCancelledError, CallTimeoutError, RpcError } from "../../generated/dist/index.js";
import {
  connectComponentServerOverHttp,
  serveComponentServerOverHttp,
  type HttpComponentServer,
  type HttpRpcServer,
} from "../../generated/dist/http.js";
import {
  blobId,
  componentServerHandlers,
  handshake,
  JSON_HEADERS,
  newServerLog,
  rawRequest,
  runtimeHandlers,
  until,
  within,
} from "./support.js";

const servers: HttpRpcServer[] = [];
const clients: HttpComponentServer[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

async function setUp(log = newServerLog()) {
  const server = await serveComponentServerOverHttp(componentServerHandlers(log));
  servers.push(server);
  const runtime = runtimeHandlers();
  const client = connectComponentServerOverHttp(server.url, runtime, { defaultTimeoutMs: 10_000 });
  clients.push(client);
  return { server, client, runtime, log };
}

describe("calls over HTTP", () => {
  it("handshake, list, info and execute", async () => {
    const { client } = await setUp();
    const { componentServer } = client;
    expect(await componentServer.initialize({ runtime_protocol_version: 1 })).toEqual({
      server_protocol_version: 1,
    });
    componentServer.initialized();
    const { components } = await componentServer.componentsList();
    expect(components.map((c) => c.component)).toEqual(["/echo", "/nested", "/put", "/wait"]);
    expect(await componentServer.componentsInfo({ component: "/put" })).toEqual({
      info: { component: "/put", description: "about /put" },
    });
    expect(
      await componentServer.componentsExecute({ component: "/echo", input: { a: [1, "x"] } }),
    ).toEqual({ output: { a: [1, "x"] } });
    const failure = await componentServer
      .componentsExecute({ component: "/nope", input: null })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RpcError);
    expect((failure as RpcError).code).toBe(-32001);
  });

  it("refuses requests before the handshake with the lifecycle's error", async () => {
    const { client } = await setUp();
    const failure = await client.componentServer.componentsList().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(RpcError);
    expect((failure as RpcError).code).toBe(-32002);
  });

  it("carries blobs/put, blobs/get and flows/evaluate on the stream of one execution", async () => {
    const { client, server, runtime } = await setUp();
    await handshake(client);
    const input = { deep: { list: [1, 2, 3] }, text: "é\u2028\n" };
    const { output } = await client.componentServer.componentsExecute({
      component: "/nested",
      input,
    });
    expect(output).toEqual({
      blob_id: blobId(input),
      data: input,
      result: { outcome: "success", result: input },
    });
    expect(runtime.blobs.get(blobId(input))).toEqual(input);
    expect(server.openExchanges).toBe(0);
    expect(client.transport.openExchanges).toBe(0);
  });

  it("runs 200 executions at once, each with a nested call", async () => {
    const { client, server } = await setUp();
    await handshake(client);
    const inputs = Array.from({ length: 200 }, (_, i) => ({ n: i }));
    let peak = 0;
    const watch = setInterval(() => (peak = Math.max(peak, server.openExchanges)), 1);
    const outputs = await within(
      Promise.all(
        inputs.map((input) =>
          client.componentServer.componentsExecute({ component: "/put", input }),
        ),
      ),
      20_000,
      "200 executions",
    );
    clearInterval(watch);
    expect(outputs.map((result) => result.output)).toEqual(inputs.map(blobId));
    expect(peak).toBeGreaterThan(1); // they did overlap
    expect(server.openExchanges).toBe(0);
  });

  it("aborting a call closes its stream, which aborts the handler's signal", async () => {
    const { client, log, server } = await setUp();
    await handshake(client);
    const controller = new AbortController();
    const call = client.componentServer.componentsExecute(
      { component: "/wait", input: { tag: "a" } },
      { signal: controller.signal },
    );
    await until(() => log.started.includes("a"), 5_000, "the handler to start");
    controller.abort("changed my mind");
    await expect(call).rejects.toBeInstanceOf(CallCancelledError);
    await until(() => log.aborted.has("a"), 5_000, "the handler's signal to abort");
    expect(String(log.aborted.get("a"))).toMatch(/ended the connection/);
    await until(() => server.openExchanges === 0, 5_000, "the exchange to end");
    expect(client.transport.openExchanges).toBe(0);
  });

  it("a call that times out ends its exchange the same way", async () => {
    const { client, log } = await setUp();
    await handshake(client);
    const call = client.componentServer.componentsExecute(
      { component: "/wait", input: { tag: "t" } },
      { timeoutMs: 200 },
    );
    await expect(call).rejects.toBeInstanceOf(CallTimeoutError);
    await until(() => log.aborted.has("t"), 5_000, "the handler's signal to abort");
  });

  it("reuses kept-alive connections", async () => {
    const { client, server } = await setUp();
    let connections = 0;
    server.server.on("connection", () => connections++);
    await handshake(client);
    for (let i = 0; i < 50; i++)
      await client.componentServer.componentsExecute({ component: "/put", input: i });
    // Requests and answers have connections of their own; a request sent in the same tick as the
    // previous answer arrived may open one more before that one is back in the pool. Without
    // reuse, these 50 executions (each a request and an answer) would open 100 or more.
    expect(connections).toBeLessThanOrEqual(4);
  });

  it("answers GET /health with its liveness as JSON", async () => {
    const { server } = await setUp();
    const health = await rawRequest(new URL("/health", server.url).href, "", {}, "GET");
    expect(health.status).toBe(200);
    expect(health.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(health.body)).toEqual({
      status: "ok",
      replica: server.replicaId,
      openExchanges: 0,
    });
  });

  it("the stream's events are JSON-RPC messages, the handler's calls first, the answer last", async () => {
    const { server } = await setUp();
    const ready = { ...JSON_HEADERS, "rpc-lifecycle": "ready" };
    const post = (message: object) => rawRequest(server.url, JSON.stringify(message), ready);
    // The stream stays open until blobs/put is answered, so read it as it comes.
    const { request } = await import("node:http");
    const events: string[] = [];
    const done = new Promise<{ status: number; type: string | undefined }>((resolve, reject) => {
      const req = request(server.url, { method: "POST", headers: ready }, (response) => {
        response.setEncoding("utf8");
        let buffer = "";
        response.on("data", async (chunk: string) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf("\n\n")) !== -1) {
            const event = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            events.push(event);
            const message = JSON.parse(event.replace(/^data: /, ""));
            if (message.method === "blobs/put") {
              const answer = await post({
                jsonrpc: "2.0",
                id: message.id,
                result: { blob_id: "b1" },
              });
              expect(answer.status).toBe(202);
              expect(answer.body).toBe("");
            }
          }
        });
        response.on("end", () =>
          resolve({ status: response.statusCode!, type: response.headers["content-type"] }),
        );
      });
      req.on("error", reject);
      req.end(
        JSON.stringify({
          jsonrpc: "2.0",
          id: "x-1",
          method: "components/execute",
          params: { component: "/put", input: 5 },
        }),
      );
    });
    expect(await within(done, 5_000, "the stream to end")).toEqual({
      status: 200,
      type: "text/event-stream",
    });
    expect(events).toHaveLength(2);
    const call = JSON.parse(events[0]!.slice("data: ".length));
    expect(call).toMatchObject({ jsonrpc: "2.0", method: "blobs/put", params: { data: 5 } });
    expect(call.id).toMatch(new RegExp("^" + server.replicaId + ":"));
    expect(JSON.parse(events[1]!.slice("data: ".length))).toEqual({
      jsonrpc: "2.0",
      id: "x-1",
      result: { output: "b1" },
    });
    // A notification is accepted with 202 and an empty body.
    const notification = await post({ jsonrpc: "2.0", method: "initialized", params: {} });
    expect([notification.status, notification.body]).toEqual([202, ""]);
    // A request answered without calls back is one JSON body.
    const plain = await post({ jsonrpc: "2.0", id: 7, method: "components/list", params: {} });
    expect(plain.status).toBe(200);
    expect(plain.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(plain.body).id).toBe(7);
  });
});
