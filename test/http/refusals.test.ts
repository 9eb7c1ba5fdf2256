// What the HTTP server refuses, and how: each answer's status, and the JSON-RPC error in its body.
// Raw requests on loopback sockets, so that every header is exactly as written here.

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serveComponentServerOverHttp, type HttpRpcServer } from "../../generated/dist/http.js";
import { componentServerHandlers, JSON_HEADERS, rawRequest } from "./support.js";

let server: HttpRpcServer;
const MAX_BODY = 4096;

beforeAll(async () => {
  server = await serveComponentServerOverHttp(componentServerHandlers(), {
    maxBodyBytes: MAX_BODY,
    replicaId: "replica-a",
    onProtocolError: () => {},
  });
});
afterAll(() => server.close());

const request = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { runtime_protocol_version: 1 },
});

function errorOf(body: string): { id: unknown; code: number; message: string } {
  const message = JSON.parse(body);
  expect(message.jsonrpc).toBe("2.0");
  return { id: message.id, code: message.error.code, message: message.error.message };
}

describe("the HTTP server refuses", () => {
  it("another content type with 415", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "application/jsonx"]) {
      const response = await rawRequest(server.url, request, {
        ...JSON_HEADERS,
        "content-type": type,
      });
      expect(response.status).toBe(415);
      expect(errorOf(response.body).message).toContain(type);
    }
    const untyped = await rawRequest(server.url, request, { accept: JSON_HEADERS.accept });
    expect(untyped.status).toBe(415);
  });

  it("accepts application/json with parameters", async () => {
    const response = await rawRequest(server.url, request, {
      ...JSON_HEADERS,
      "content-type": "Application/JSON; charset=utf-8",
    });
    expect(response.status).toBe(200);
  });

  it("an Accept header lacking either type with 406", async () => {
    for (const accept of [
      undefined,
      "application/json",
      "text/event-stream",
      "text/html",
      "application/json, text/event-stream;q=0",
    ]) {
      const headers: Record<string, string> = { "content-type": "application/json" };
      if (accept !== undefined) headers["accept"] = accept;
      const response = await rawRequest(server.url, request, headers);
      expect(response.status, String(accept)).toBe(406);
      expect(errorOf(response.body).code).toBe(-32600);
    }
    // Wildcards admit both.
    for (const accept of ["*/*", "application/*, text/*"]) {
      const response = await rawRequest(server.url, request, { ...JSON_HEADERS, accept });
      expect(response.status, accept).toBe(200);
    }
  });

  it("an oversized body with 413, whether announced or sent in chunks", async () => {
    const big = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { x: "y".repeat(MAX_BODY) },
    });
    const announced = await rawRequest(server.url, big, JSON_HEADERS);
    expect(announced.status).toBe(413);
    expect(errorOf(announced.body).message).toContain(String(MAX_BODY));
    // Chunked: no length up front, so the limit is found while reading.
    const chunked = await rawRequest(server.url, big, {
      ...JSON_HEADERS,
      "transfer-encoding": "chunked",
    });
    expect(chunked.status).toBe(413);
    // A body of exactly the limit is read.
    const exact = JSON.stringify({
      jsonrpc: "2.0",
      id: 1,
      method: "initialize",
      params: { runtime_protocol_version: 1 },
    });
    const padded = exact + " ".repeat(MAX_BODY - Buffer.byteLength(exact));
    expect((await rawRequest(server.url, padded, JSON_HEADERS)).status).toBe(200);
  });

  it("malformed JSON with 400 and -32700", async () => {
    for (const body of ["{", "", '{"jsonrpc":"2.0",', "nul", "\u00ff"]) {
      const response = await rawRequest(server.url, body, JSON_HEADERS);
      expect(response.status, body).toBe(400);
      expect(errorOf(response.body)).toMatchObject({ id: null, code: -32700 });
    }
  });

  it("a batch with 400 and -32600", async () => {
    const response = await rawRequest(
      server.url,
      "[" + request + "," + request + "]",
      JSON_HEADERS,
    );
    expect(response.status).toBe(400);
    const error = errorOf(response.body);
    expect(error).toMatchObject({ id: null, code: -32600 });
    expect(error.message).toMatch(/batch/);
    expect((await rawRequest(server.url, "[]", JSON_HEADERS)).status).toBe(400);
  });

  it("a body that is no request object with 400 and -32600", async () => {
    for (const body of [
      "42",
      '"text"',
      "null",
      "{}",
      '{"jsonrpc":"2.0"}',
      '{"jsonrpc":"1.0","id":3,"method":"initialize"}',
    ]) {
      const response = await rawRequest(server.url, body, JSON_HEADERS);
      expect(response.status, body).toBe(400);
      expect(errorOf(response.body).code, body).toBe(-32600);
    }
  });

  it("an answer to no waiting request with 404 naming the replica", async () => {
    const answer = JSON.stringify({ jsonrpc: "2.0", id: "replica-b:1", result: { blob_id: "x" } });
    const response = await rawRequest(server.url, answer, JSON_HEADERS);
    expect(response.status).toBe(404);
    expect(response.body).toContain("replica-a");
  });

  it("other methods and paths", async () => {
    expect((await rawRequest(server.url, "", {}, "GET")).status).toBe(405);
    expect(
      (await rawRequest(new URL("/elsewhere", server.url).href, request, JSON_HEADERS)).status,
    ).toBe(404);
    expect((await rawRequest(new URL("/health", server.url).href, "", {}, "POST")).status).toBe(
      405,
    );
  });

  it("answers any body with a well-formed HTTP answer, and keeps serving", async () => {
    // Hostile bodies: arbitrary text, JSON values, and near-messages with fields of the wrong type.
    const nearMessage = fc.record(
      {
        jsonrpc: fc.oneof(fc.constant("2.0"), fc.jsonValue()),
        id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.jsonValue()),
        method: fc.oneof(
          fc.constantFrom("initialize", "components/list", "components/execute", "blobs/put"),
          fc.jsonValue(),
        ),
        params: fc.jsonValue(),
        result: fc.jsonValue(),
        error: fc.jsonValue(),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.jsonValue().map((value) => JSON.stringify(value)),
      nearMessage.map((value) => JSON.stringify(value)),
    );
    await fc.assert(
      fc.asyncProperty(body, async (text) => {
        const response = await rawRequest(server.url, text, JSON_HEADERS);
        expect([200, 202, 400, 404, 413]).toContain(response.status);
        if (response.status === 200 || response.status === 400) {
          const type = response.headers["content-type"];
          if (type === "application/json") expect(JSON.parse(response.body).jsonrpc).toBe("2.0");
          else expect(type).toBe("text/event-stream");
        }
      }),
      { numRuns: 300 },
    );
    expect((await rawRequest(server.url, request, JSON_HEADERS)).status).toBe(200);
    expect(server.openExchanges).toBe(0);
  });
});
