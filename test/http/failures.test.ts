// When the other end fails: a server that is down, refuses, is killed or restarts in the middle of
// a stream, or sends a truncated stream. Every call rejects promptly with an error naming the
// cause, nothing hangs, and nothing is sent twice.

import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import {
  connectComponentServerOverHttp,
  HttpRequestError,
  type HttpComponentServer,
} from "../../generated/dist/http.js";
import { killServers, startServer } from "./processes.js";
import { handshake, runtimeHandlers, within } from "./support.js";

const clients: HttpComponentServer[] = [];
const servers: Server[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
  await killServers();
});

function connect(url: string, handlers = runtimeHandlers()): HttpComponentServer {
  const client = connectComponentServerOverHttp(url, handlers, { onError: () => {} });
  clients.push(client);
  return client;
}

/** A server of this test's own making; resolves with its URL. */
async function rawServer(
  handle: (request: IncomingMessage, response: ServerResponse, body: string) => void,
): Promise<string> {
  const server = createServer((request, response) => {
    let body = "";
    request.setEncoding("utf8");
    request.on("data", (chunk: string) => (body += chunk));
    request.on("end", () => handle(request, response, body));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return "http://127.0.0.1:" + (server.address() as AddressInfo).port + "/";
}

/** A port on which nothing listens (it was free a moment ago). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The rejection of `call`, which must come within `ms`. */
async function failureOf(call: Promise<unknown>, ms = 3_000): Promise<HttpRequestError> {
  const error = await within(
    call.then(
      () => new Error("the call succeeded"),
      (reason: unknown) => reason,
    ),
    ms,
    "the call to fail",
  );
  expect(error).toBeInstanceOf(HttpRequestError);
  return error as HttpRequestError;
}

const execute = (client: HttpComponentServer) =>
  client.componentServer.componentsExecute({ component: "/example/echo", input: 1 });

describe("failures over HTTP", () => {
  it("a server that is down: the call rejects at once, naming the refused connection", async () => {
    const client = connect("http://127.0.0.1:" + (await freePort()) + "/");
    const started = Date.now();
    const error = await failureOf(
      client.componentServer.initialize({ runtime_protocol_version: 1 }),
    );
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error.message).toMatch(
      /^initialize to http:\/\/127\.0\.0\.1:\d+\/ failed: connection refused/,
    );
    expect(error.method).toBe("initialize");
    // The transport stays usable: failures are per request.
    expect(client.transport.closeReason).toBeUndefined();
  });

  it("a server that refuses with an HTTP error: the call rejects with the status and its text", async () => {
    const url = await rawServer((_, response) => {
      response.writeHead(503, { "content-type": "text/plain" }).end("overloaded, come back later");
    });
    const error = await failureOf(execute(connect(url)));
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/HTTP 503 Service Unavailable: overloaded, come back later/);
  });

  it("a server that drops the connection: the call rejects, and is not sent again", async () => {
    let posts = 0;
    const url = await rawServer((request) => {
      posts++;
      request.socket.destroy();
    });
    const error = await failureOf(execute(connect(url)));
    expect(error.message).toMatch(/connection was reset/);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(posts).toBe(1);
  });

  it("a truncated event: the call rejects, naming it", async () => {
    const url = await rawServer((_, response) => {
      response.writeHead(200, { "content-type": "text/event-stream" });
      response.end('data: {"jsonrpc":"2.0","id":1,"result":{"outp');
    });
    const error = await failureOf(execute(connect(url)));
    expect(error.message).toMatch(/ended in the middle of an event/);
  });

  it("a stream that ends without the answer, or carries no JSON, or a body that is not the answer", async () => {
    const replies: Array<(response: ServerResponse) => void> = [
      (response) =>
        response.writeHead(200, { "content-type": "text/event-stream" }).end(": ping\n\n"),
      (response) =>
        response.writeHead(200, { "content-type": "text/event-stream" }).end("data: {oops\n\n"),
      (response) =>
        response
          .writeHead(200, { "content-type": "application/json" })
          .end('{"jsonrpc":"2.0","id":999,"result":{}}'),
      (response) => response.writeHead(202).end(),
    ];
    const expected = [/without answering/, /not JSON/, /HTTP 200/, /202 Accepted to a request/];
    for (let i = 0; i < replies.length; i++) {
      const url = await rawServer((_, response) => replies[i]!(response));
      const error = await failureOf(execute(connect(url)));
      expect(error.message).toMatch(expected[i]!);
    }
  });

  it("a server killed in the middle of a stream: the execution rejects promptly, naming it", async () => {
    const server = await startServer();
    const handlers = runtimeHandlers();
    const put = handlers.blobsPut.bind(handlers);
    handlers.blobsPut = async (params, context) => {
      // The server waits on this answer with its stream open; it dies now.
      server.child.kill("SIGKILL");
      await server.exited;
      return put(params, context);
    };
    const client = connect(server.url, handlers);
    await handshake(client);
    const error = await failureOf(
      client.componentServer.componentsExecute({ component: "/example/blob-roundtrip", input: 1 }),
    );
    expect(error.message).toMatch(/components\/execute to .* failed: .*(went away|reset|refused)/);
    expect(client.transport.openExchanges).toBe(0);
  });

  it("a server that restarts: the call in flight fails, the next ones reach the new process", async () => {
    const first = await startServer();
    const port = new URL(first.url).port;
    const handlers = runtimeHandlers();
    const put = handlers.blobsPut.bind(handlers);
    let restarted: Promise<unknown> | undefined;
    handlers.blobsPut = async (params, context) => {
      if (restarted === undefined) {
        first.child.kill("SIGTERM");
        restarted = first.exited.then(() => startServer(["--port", port]));
        await restarted;
      }
      return put(params, context);
    };
    const client = connect(first.url, handlers);
    await handshake(client);
    await failureOf(
      client.componentServer.componentsExecute({ component: "/example/blob-roundtrip", input: 1 }),
      10_000,
    );
    await within(restarted!, 10_000, "the server to restart");
    // The new process never saw the handshake, but the client says it happened.
    const { output } = await client.componentServer.componentsExecute({
      component: "/example/blob-roundtrip",
      input: 2,
    });
    expect(output).toMatchObject({ data: 2 });
  });
});
