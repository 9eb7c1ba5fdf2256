// The client transport against a server that answers anything at all: random statuses, content
// types and bodies, event streams that mix answers, garbage and truncation, cut in random chunks.
// Every call settles within a bound (resolves with the answer it was sent, or rejects with an
// error of the transport or of JSON-RPC), and the transport goes on working afterwards.

import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ResultValidationError, RpcError } from "../../generated/dist/index.js";
import {
  connectComponentServerOverHttp,
  HttpRequestError,
  type HttpComponentServer,
} from "../../generated/dist/http.js";
import { runtimeHandlers, until, within } from "./support.js";

/** What the server sends next: a status, headers, and chunks written one by one. */
interface Reply {
  readonly status: number;
  readonly type: string | undefined;
  readonly chunks: readonly string[];
}

let reply: Reply = { status: 200, type: undefined, chunks: [] };
let lastId: unknown;
let url: string;
const server = createServer((request, response: ServerResponse) => {
  let body = "";
  request.setEncoding("utf8");
  request.on("data", (chunk: string) => (body += chunk));
  request.on("end", () => {
    const message = JSON.parse(body);
    if (message.method === undefined || message.id === undefined) {
      response.writeHead(202).end(); // answers to the server's calls, and notifications
      return;
    }
    lastId = message.id;
    const headers: Record<string, string> = {};
    if (reply.type !== undefined) headers["content-type"] = reply.type;
    response.writeHead(reply.status, headers);
    const chunks = reply.chunks.map((chunk) => chunk.replaceAll("$ID", JSON.stringify(lastId)));
    const write = (i: number): void => {
      if (i === chunks.length) {
        response.end();
        return;
      }
      response.write(chunks[i]!, () => setImmediate(() => write(i + 1)));
    };
    write(0);
  });
});

let client: HttpComponentServer;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = "http://127.0.0.1:" + (server.address() as AddressInfo).port + "/";
  client = connectComponentServerOverHttp(url, runtimeHandlers(), {
    onError: () => {},
    onProtocolError: () => {},
    onUnknownResponse: () => {},
    onHandlerError: () => {},
  });
});

afterAll(async () => {
  await client.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const answer = '{"jsonrpc":"2.0","id":$ID,"result":{"server_protocol_version":1}}';
const pieces = fc.oneof(
  fc.constant(answer),
  fc.constant('{"jsonrpc":"2.0","id":$ID,"error":{"code":-32000,"message":"no"}}'),
  fc.constant(
    '{"jsonrpc":"2.0","id":"s:1","method":"blobs/put","params":{"data":1,"blob_type":"data"}}',
  ),
  fc.constant('{"jsonrpc":"2.0","method":"unknown/notification"}'),
  fc.constant("[" + answer + "]"),
  fc.string(),
  fc.jsonValue().map((value) => JSON.stringify(value)),
);
const sseText = fc
  .array(
    fc.oneof(
      pieces.map((data) => "data: " + data.replace(/[\r\n]/g, "") + "\n\n"),
      fc.constantFrom(": ping\n\n", "event: x\n", "\n", 'data: {"jsonrpc"'),
    ),
    { maxLength: 5 },
  )
  .map((events) => events.join(""));

/** Cuts text into up to four chunks. */
const chunked = (text: fc.Arbitrary<string>) =>
  fc.tuple(text, fc.array(fc.nat(), { maxLength: 3 })).map(([value, cuts]) => {
    const points = [...new Set(cuts.map((cut) => cut % (value.length + 1)))].sort((a, b) => a - b);
    const chunks: string[] = [];
    let start = 0;
    for (const point of points) {
      chunks.push(value.slice(start, point));
      start = point;
    }
    chunks.push(value.slice(start));
    return chunks.filter((chunk) => chunk.length > 0);
  });

const replies: fc.Arbitrary<Reply> = fc.oneof(
  fc.record({
    status: fc.constant(200),
    type: fc.constant("text/event-stream"),
    chunks: chunked(sseText),
  }),
  fc.record({
    status: fc.constantFrom(200, 202, 400, 404, 500, 503),
    type: fc.constantFrom("application/json", "text/plain", undefined, "text/event-stream"),
    chunks: chunked(fc.oneof(pieces, fc.string())),
  }),
);

describe("the HTTP client against a hostile server", () => {
  it("settles every call with the answer or an error, and stays usable (property)", async () => {
    await fc.assert(
      fc.asyncProperty(replies, async (next) => {
        reply = next;
        const outcome = await within(
          client.componentServer.initialize({ runtime_protocol_version: 1 }).then(
            (value) => ({ value }),
            (error: unknown) => ({ error }),
          ),
          5_000,
          "the call to settle",
        );
        if ("value" in outcome) {
          expect(outcome.value).toEqual({ server_protocol_version: 1 });
        } else {
          const error = outcome.error;
          const known =
            error instanceof HttpRequestError ||
            error instanceof RpcError ||
            error instanceof ResultValidationError;
          expect(known, String(error)).toBe(true);
        }
        // An answer may come before its stream ends; the exchange is forgotten at the end.
        await until(() => client.transport.openExchanges === 0, 5_000, "the exchange to end");
      }),
      { numRuns: 500 },
    );
    // After all that, a plain answer still gets through.
    reply = { status: 200, type: "application/json", chunks: [answer] };
    expect(await client.componentServer.initialize({ runtime_protocol_version: 1 })).toEqual({
      server_protocol_version: 1,
    });
  });
});
