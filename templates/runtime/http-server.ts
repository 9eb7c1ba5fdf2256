// The answering end of the HTTP transport (the "streamable HTTP" of the Model Context Protocol):
// one endpoint takes every message as a POST. A request is a connection of its own: its handler's
// calls to the other side go out as server-sent events on the request's response, their answers
// come back as further POSTs, and the response ends with the request's answer.
/// <reference types="node" />

import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  EVENT_STREAM_MEDIA_TYPE,
  JSON_MEDIA_TYPE,
  LIFECYCLE_HEADER,
  LIFECYCLE_READY,
  REPLICA_HEADER,
  accepts,
  mediaType,
} from "./http-wire.js";
import { sseEvent } from "./sse.js";
import { TransportBase } from "./transport-base.js";
import type { Transport } from "./transport.js";

/**
 * Joins the transport of one exchange to a new connection that serves it. `ready` says whether the
 * client has completed the protocol's handshake, so the connection starts past it.
 */
export type ExchangeConnector = (transport: Transport, ready: boolean) => unknown;

/** Options of an {@link HttpRpcServer}. */
export interface HttpServerOptions {
  /** The path of the JSON-RPC endpoint. Default: "/". */
  readonly path?: string;
  /** The path that answers `GET` with the server's liveness as JSON. Default: "/health". */
  readonly healthPath?: string;
  /** The largest body accepted, in bytes; larger ones are answered 413. Default: 16 MiB. */
  readonly maxBodyBytes?: number;
  /**
   * This replica's name, sent in the `Rpc-Replica` header of every response and echoed by clients
   * with their answers, for load balancers to route on. Letters, digits and `.`, `_`, `~`, `-`.
   * Default: 12 random hex digits (enough for clients, but a load balancer needs names it knows).
   */
  readonly replicaId?: string;
  /** How long an idle keep-alive connection stays open, in milliseconds. Default: 5000. */
  readonly keepAliveTimeoutMs?: number;
  /** The protocol's cancellation notification, whose request ids this server rewrites like its requests'. */
  readonly cancellation?: { readonly method: string; readonly idProperty: string };
}

const REPLICA_ID = /^[A-Za-z0-9._~-]{1,64}$/;

/** The HTTP end of a role that answers: a request listener, and a server to run it on if wanted. */
export class HttpRpcServer {
  /** The name sent in the `Rpc-Replica` header. */
  readonly replicaId: string;
  /** The Node server that `listen` starts; `handle` also works in a server of your own. */
  readonly server: Server;

  readonly #connect: ExchangeConnector;
  readonly #path: string;
  readonly #healthPath: string;
  readonly #maxBodyBytes: number;
  readonly #cancellation: HttpServerOptions["cancellation"];
  readonly #exchanges = new Set<ServerExchange>();
  // This server's own requests waiting for their answers, by the id the client sees.
  readonly #waiting = new Map<string, { exchange: ServerExchange; localId: unknown }>();
  #lastId = 0;
  #closing = false;

  constructor(connect: ExchangeConnector, options: HttpServerOptions = {}) {
    this.#connect = connect;
    this.#path = options.path ?? "/";
    this.#healthPath = options.healthPath ?? "/health";
    this.#maxBodyBytes = options.maxBodyBytes ?? 16 * 1024 * 1024;
    this.#cancellation = options.cancellation;
    const replicaId = options.replicaId ?? randomBytes(6).toString("hex");
    if (!REPLICA_ID.test(replicaId)) {
      throw new TypeError(
        "replicaId must be 1 to 64 letters, digits, '.', '_', '~' or '-', got " +
          JSON.stringify(replicaId),
      );
    }
    this.replicaId = replicaId;
    // The type arguments are the defaults, spelled out: inferring them makes the compiler
    // instantiate Node's request and response classes over and over (half the type
    // instantiations of this file).
    this.server = createServer<typeof IncomingMessage, typeof ServerResponse>(
      { keepAliveTimeout: options.keepAliveTimeoutMs ?? 5000 },
      this.handle,
    );
  }

  /** Starts listening; resolves with the endpoint's URL. Port 0 picks a free port. */
  listen(port = 0, host = "127.0.0.1"): Promise<string> {
    return new Promise((resolve, reject) => {
      const onError = (error: unknown): void => reject(error);
      this.server.once("error", onError);
      this.server.listen(port, host, () => {
        this.server.off("error", onError);
        resolve(this.url);
      });
    });
  }

  /** The endpoint's URL once listening. */
  get url(): string {
    const address = this.server.address() as AddressInfo | null;
    if (address === null || typeof address === "string")
      throw new Error("The server is not listening");
    const host = address.family === "IPv6" ? "[" + address.address + "]" : address.address;
    return "http://" + host + ":" + address.port + this.#path;
  }

  /** Requests whose answer has not been sent yet. */
  get openExchanges(): number {
    return this.#exchanges.size;
  }

  /** Stops listening and ends every open exchange (their handlers' signals abort). */
  close(): Promise<void> {
    this.#closing = true;
    for (const exchange of [...this.#exchanges]) exchange.abort();
    return new Promise((resolve) => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  /** The request listener: the endpoint, the health check, and 404 for everything else. */
  readonly handle = (request: IncomingMessage, response: ServerResponse): void => {
    response.setHeader(REPLICA_HEADER, this.replicaId);
    const url = request.url ?? "/";
    const query = url.indexOf("?");
    const path = query === -1 ? url : url.slice(0, query);
    if (path === this.#healthPath) {
      if (request.method !== "GET" && request.method !== "HEAD") {
        plain(response, 405, "Use GET for the health check", { allow: "GET, HEAD" });
        return;
      }
      const body = JSON.stringify({
        status: this.#closing ? "closing" : "ok",
        replica: this.replicaId,
        openExchanges: this.#exchanges.size,
      });
      response.writeHead(this.#closing ? 503 : 200, {
        "content-type": JSON_MEDIA_TYPE,
        "cache-control": "no-store",
      });
      response.end(body);
      return;
    }
    if (path !== this.#path) {
      plain(response, 404, "No such endpoint: " + path);
      return;
    }
    if (request.method !== "POST") {
      plain(response, 405, "Send JSON-RPC messages with POST", { allow: "POST" });
      return;
    }
    const contentType = mediaType(request.headers["content-type"]);
    if (contentType !== JSON_MEDIA_TYPE) {
      refuse(
        response,
        415,
        "Unsupported Media Type: the body must be application/json, not " +
          (contentType === "" ? "untyped" : contentType),
      );
      return;
    }
    const accept = request.headers.accept;
    if (!accepts(accept, JSON_MEDIA_TYPE) || !accepts(accept, EVENT_STREAM_MEDIA_TYPE)) {
      refuse(
        response,
        406,
        "Not Acceptable: the Accept header must admit both application/json and text/event-stream",
      );
      return;
    }
    const declared = Number(request.headers["content-length"]);
    if (declared > this.#maxBodyBytes) {
      tooLarge(response, this.#maxBodyBytes);
      return;
    }
    this.#readBody(request, response);
  };

  #readBody(request: IncomingMessage, response: ServerResponse): void {
    // Chunks are Buffers; typed as the Uint8Arrays they are, so that the compiler need not
    // compare Node's Buffer with Uint8Array member by member to pass them to Buffer.concat.
    const chunks: Uint8Array[] = [];
    let size = 0;
    const onData = (chunk: Uint8Array): void => {
      size += chunk.length;
      if (size > this.#maxBodyBytes) {
        request.off("data", onData);
        request.off("end", onEnd);
        chunks.length = 0;
        tooLarge(response, this.#maxBodyBytes);
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = (): void => {
      this.#receive(Buffer.concat(chunks, size).toString("utf8"), request, response);
    };
    request.on("data", onData);
    request.on("end", onEnd);
    request.on("error", () => {}); // the client went away: nothing to answer
  }

  #receive(text: string, request: IncomingMessage, response: ServerResponse): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      refuse(response, 400, "Parse error", -32700);
      return;
    }
    if (Array.isArray(message)) {
      refuse(
        response,
        400,
        "Invalid Request: batches are not accepted over HTTP, POST each message on its own",
        -32600,
      );
      return;
    }
    if (typeof message !== "object" || message === null) {
      refuse(response, 400, "Invalid Request: a message must be an object", -32600);
      return;
    }
    const fields = message as { id?: unknown; method?: unknown; result?: unknown; error?: unknown };
    const ready = request.headers[LIFECYCLE_HEADER] === LIFECYCLE_READY;
    if (fields.method !== undefined) {
      if (this.#closing) {
        refuse(response, 503, "The server is shutting down", -32603, fields.id);
        return;
      }
      const exchange = new ServerExchange(this, response, fields.id !== undefined);
      if (fields.id !== undefined) {
        this.#exchanges.add(exchange);
        response.once("close", exchange.responseClosed);
      } else {
        // A notification is accepted at once; its handler runs on a connection of its own.
        response.writeHead(202).end();
      }
      this.#connect(exchange, ready);
      exchange.receive(text);
      return;
    }
    if (fields.id !== undefined || fields.result !== undefined || fields.error !== undefined) {
      this.#receiveAnswer(fields, response);
      return;
    }
    refuse(response, 400, "Invalid Request: no method", -32600);
  }

  #receiveAnswer(fields: { id?: unknown }, response: ServerResponse): void {
    const waiting = typeof fields.id === "string" ? this.#waiting.get(fields.id) : undefined;
    if (waiting === undefined) {
      plain(
        response,
        404,
        "No request " +
          JSON.stringify(fields.id) +
          " of replica " +
          this.replicaId +
          " waits for an answer (it was answered, given up, or sent by another replica)",
      );
      return;
    }
    this.#waiting.delete(fields.id as string);
    response.writeHead(202).end();
    waiting.exchange.receiveAnswer(fields, waiting.localId);
  }

  /** Gives an outgoing request an id unique among this replica's, and remembers who waits for it. */
  register(exchange: ServerExchange, localId: unknown): string {
    const id = this.replicaId + ":" + ++this.#lastId;
    this.#waiting.set(id, { exchange, localId });
    return id;
  }

  forget(exchange: ServerExchange, ids: Iterable<string>): void {
    this.#exchanges.delete(exchange);
    for (const id of ids) this.#waiting.delete(id);
  }

  get cancellation(): HttpServerOptions["cancellation"] {
    return this.#cancellation;
  }
}

/**
 * One POSTed message as a transport: the connection reads the message and writes its answer, and
 * whatever it sends meanwhile becomes an event of the response's stream.
 */
class ServerExchange extends TransportBase {
  readonly #server: HttpRpcServer;
  readonly #response: ServerResponse;
  // The handler's own requests still waiting for answers: the connection's id, and the one the
  // client sees.
  readonly #outgoing = new Map<unknown, string>();
  #streaming = false;
  #done = false;
  // Answered with nothing left waiting: the connection is left to the garbage collector.
  #dropped = false;

  constructor(server: HttpRpcServer, response: ServerResponse, isRequest: boolean) {
    super();
    this.#server = server;
    this.#response = response;
    this.#done = !isRequest; // a notification: the answer (202) is already sent
  }

  /** Hands a message from the client to the connection. */
  receive(text: string): void {
    this.deliver(text);
  }

  /** Hands the connection the answer to one of its calls, under the id it gave that call. */
  receiveAnswer(fields: object, localId: unknown): void {
    this.#outgoing.delete(localId);
    this.deliver(JSON.stringify({ ...fields, id: localId }));
  }

  send(text: string): void {
    if (this.closeReason !== undefined) return;
    const message = JSON.parse(text) as Record<string, unknown>;
    if (this.#done) {
      // Without an open response (after the answer, or for a notification) a call cannot go out.
      this.#refuseCall(message);
      return;
    }
    const method = message["method"];
    // The connection reads one request only, so whatever answer it sends is the answer to that
    // one (even with another id, as when the request's id was unusable).
    if (method === undefined) {
      this.#answer(text, message);
      return;
    }
    if (typeof method === "string" && message["id"] !== undefined) {
      const id = this.#server.register(this, message["id"]);
      this.#outgoing.set(message["id"], id);
      message["id"] = id;
      this.#event(JSON.stringify(message));
      return;
    }
    const cancellation = this.#server.cancellation;
    if (cancellation !== undefined && method === cancellation.method) {
      const params = message["params"] as Record<string, unknown> | undefined;
      const id =
        params === undefined ? undefined : this.#outgoing.get(params[cancellation.idProperty]);
      if (id !== undefined) {
        this.#event(
          JSON.stringify({ ...message, params: { ...params, [cancellation.idProperty]: id } }),
        );
        return;
      }
    }
    this.#event(text);
  }

  close(): Promise<void> {
    this.abort();
    return Promise.resolve();
  }

  /** Ends the exchange without an answer (the server is closing). */
  abort(): void {
    if (!this.#done) {
      this.#done = true;
      this.#response.destroy();
    }
    this.#end({ kind: "closed" });
  }

  /** The response closed: after the answer, or because the client went away (which cancels the handler). */
  readonly responseClosed = (): void => {
    this.#done = true;
    this.#end({ kind: "ended" });
  };

  #answer(text: string, message: Record<string, unknown>): void {
    this.#done = true;
    const response = this.#response;
    if (this.#streaming) {
      response.end(sseEvent(text));
    } else {
      // A request the connection found malformed is a bad HTTP request too.
      const error = message["error"] as { code?: unknown } | undefined;
      const status =
        error !== undefined && (error.code === -32600 || error.code === -32700) ? 400 : 200;
      response.writeHead(status, {
        "content-type": JSON_MEDIA_TYPE,
        "content-length": Buffer.byteLength(text),
      });
      response.end(text);
    }
    if (this.#outgoing.size > 0) {
      // Calls of the handler still wait: they can get no answer now, so they fail.
      this.#end({ kind: "ended" });
    } else {
      // Nothing is left to fail or abort: the connection is dropped without the cost of closing it.
      this.#server.forget(this, []);
      this.#dropped = true;
    }
  }

  #event(text: string): void {
    const response = this.#response;
    if (!this.#streaming) {
      this.#streaming = true;
      response.writeHead(200, {
        "content-type": EVENT_STREAM_MEDIA_TYPE,
        "cache-control": "no-cache",
        // Proxies such as nginx would otherwise hold events back until a buffer fills.
        "x-accel-buffering": "no",
      });
    }
    response.write(sseEvent(text));
  }

  #refuseCall(message: Record<string, unknown>): void {
    const id = message["id"];
    if (typeof message["method"] !== "string" || id === undefined) return;
    // Answer the connection's own call with an error at once, rather than let it wait forever.
    queueMicrotask(() =>
      this.deliver(
        JSON.stringify({
          jsonrpc: "2.0",
          id,
          error: {
            code: -32603,
            message:
              "Over HTTP, calls to the other side can only be made while a request is being handled, before its answer",
          },
        }),
      ),
    );
  }

  #end(reason: { kind: "ended" } | { kind: "closed" }): void {
    if (this.closeReason !== undefined || this.#dropped) return;
    this.#server.forget(this, this.#outgoing.values());
    this.finish(reason);
  }
}

function refuse(
  response: ServerResponse,
  status: number,
  message: string,
  code = -32600,
  id: unknown = null,
): void {
  const body = JSON.stringify({
    jsonrpc: "2.0",
    id: typeof id === "string" || typeof id === "number" ? id : null,
    error: { code, message },
  });
  response.writeHead(status, {
    "content-type": JSON_MEDIA_TYPE,
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
}

function tooLarge(response: ServerResponse, limit: number): void {
  // The rest of the body is not read: the connection cannot be reused.
  response.setHeader("connection", "close");
  refuse(response, 413, "Payload Too Large: the body exceeds the limit of " + limit + " bytes");
}

function plain(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, {
    ...headers,
    "content-type": "text/plain; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}
