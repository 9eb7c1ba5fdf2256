// The calling end of the HTTP transport: every message this side sends is a POST to one endpoint.
// A request's response is its answer, either as a JSON body or as a stream of server-sent events
// that carries the other side's calls (answered by further POSTs) and ends with the answer.
//
// There is no connection to lose: failures are per request. A request whose exchange breaks
// (refused, reset, truncated, an HTTP error) rejects on its own with an `HttpRequestError` naming
// the cause, and the transport stays open for the next. Nothing is retried: a POST that reached
// the server may have run, and running a request twice is worse than reporting it failed.
/// <reference types="node" />

import { Agent as HttpAgent, request as httpRequest } from "node:http";
import type { ClientRequest, IncomingMessage, RequestOptions } from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Socket } from "node:net";
import {
  EVENT_STREAM_MEDIA_TYPE,
  JSON_MEDIA_TYPE,
  LIFECYCLE_HEADER,
  LIFECYCLE_READY,
  REPLICA_HEADER,
  mediaType,
} from "./http-wire.js";
import { SseDecoder } from "./sse.js";
import { TransportBase } from "./transport-base.js";

/** Options of an {@link HttpClientTransport}. */
export interface HttpClientOptions {
  /** Headers sent with every POST (authorization, for instance). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * The most connections open at once for requests (each request holds one until answered).
   * Answers and notifications use connections of their own, so a full pool cannot stop the answers
   * that running requests wait for. Default: no limit.
   */
  readonly maxSockets?: number;
  /** How long opening a connection may take, in milliseconds. Default: 10000. */
  readonly connectTimeoutMs?: number;
  /** The largest JSON body or event accepted from the server, in characters. Default: 64 MiB. */
  readonly maxMessageLength?: number;
  /**
   * The protocol's handshake: once the `readyAfter` notification has been sent, every POST says
   * so in the `Rpc-Lifecycle` header, so that any replica serves it past the handshake.
   */
  readonly lifecycle?: { readonly readyAfter: string };
  /** Told of failures that reach no call (a notification that could not be delivered). Default: a note on stderr. */
  readonly onError?: (description: string) => void;
}

/** A request whose HTTP exchange failed: it was not answered, and may or may not have run. */
export class HttpRequestError extends Error {
  override readonly name = "HttpRequestError";
  /** The method of the failed request. */
  readonly method: string;
  /** The endpoint. */
  readonly url: string;
  /** The HTTP status, when the server answered with one. */
  readonly status: number | undefined;

  constructor(method: string, url: string, cause: string, status?: number, error?: unknown) {
    super(
      method + " to " + url + " failed: " + cause,
      error === undefined ? undefined : { cause: error },
    );
    this.method = method;
    this.url = url;
    this.status = status;
  }
}

/** One request on its way: its POST, and the calls of the other side that arrived on its stream. */
interface ClientExchange {
  readonly id: number;
  readonly method: string;
  request: ClientRequest | undefined;
  replica: string | undefined;
  answered: boolean;
  settled: boolean;
  readonly serverRequests: unknown[];
}

/** The other side's request, waiting for this side's answer. */
interface ServerRequest {
  readonly exchange: ClientExchange;
  readonly replica: string | undefined;
}

/** JSON-RPC over HTTP POSTs to one endpoint, from the side that calls. */
export class HttpClientTransport extends TransportBase {
  /** The endpoint. */
  readonly url: string;
  readonly #endpoint: URL;
  readonly #request: typeof httpRequest;
  readonly #requestAgent: HttpAgent;
  readonly #answerAgent: HttpAgent;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #connectTimeoutMs: number;
  readonly #maxMessageLength: number;
  readonly #readyAfter: string | undefined;
  readonly #onError: (description: string) => void;
  readonly #exchanges = new Map<number, ClientExchange>();
  readonly #serverRequests = new Map<unknown, ServerRequest>();
  #failureListeners: Array<(id: number, error: Error) => void> = [];
  #ready = false;

  constructor(url: string | URL, options: HttpClientOptions = {}) {
    super();
    this.#endpoint = new URL(url);
    this.url = this.#endpoint.href;
    const secure = this.#endpoint.protocol === "https:";
    if (!secure && this.#endpoint.protocol !== "http:")
      throw new TypeError("The endpoint must be an http: or https: URL, got " + this.url);
    this.#request = secure ? (httpsRequest as typeof httpRequest) : httpRequest;
    const Agent = secure ? HttpsAgent : HttpAgent;
    this.#requestAgent = new Agent({ keepAlive: true, maxSockets: options.maxSockets ?? Infinity });
    this.#answerAgent = new Agent({ keepAlive: true });
    this.#headers = options.headers ?? {};
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#maxMessageLength = options.maxMessageLength ?? 64 * 1024 * 1024;
    this.#readyAfter = options.lifecycle?.readyAfter;
    this.#onError = options.onError ?? reportError;
  }

  /** Requests sent and not yet answered. */
  get openExchanges(): number {
    return this.#exchanges.size;
  }

  onRequestFailed(listener: (id: number, error: Error) => void): void {
    this.#failureListeners.push(listener);
  }

  send(text: string): void {
    if (this.closeReason !== undefined) return;
    const message = JSON.parse(text) as Record<string, unknown>;
    if (Array.isArray(message)) {
      // Answers to a batch; none arrives over HTTP, where the server sends one message per event.
      this.#onError("dropped a batch: batches are not sent over HTTP");
      return;
    }
    const method = message["method"];
    const id = message["id"];
    if (typeof method === "string") {
      if (typeof id === "number") this.#startExchange(id, method, text);
      else {
        this.#post(text, this.#answerAgent, undefined, (cause) =>
          this.#onError("the notification " + method + " was not delivered: " + cause),
        );
        if (method === this.#readyAfter) this.#ready = true;
      }
      return;
    }
    this.#sendAnswer(id, text);
  }

  /** Ends the exchange of a request this side gave up on; the server sees its stream close. */
  abandon(id: number): void {
    const exchange = this.#exchanges.get(id);
    if (exchange === undefined) return;
    this.#settle(exchange);
  }

  close(): Promise<void> {
    // The connection rejects its calls first, then the exchanges are torn down.
    this.finish({ kind: "closed" });
    for (const exchange of [...this.#exchanges.values()]) this.#settle(exchange);
    this.#requestAgent.destroy();
    this.#answerAgent.destroy();
    return Promise.resolve();
  }

  #startExchange(id: number, method: string, text: string): void {
    const exchange: ClientExchange = {
      id,
      method,
      request: undefined,
      replica: undefined,
      answered: false,
      settled: false,
      serverRequests: [],
    };
    this.#exchanges.set(id, exchange);
    exchange.request = this.#post(
      text,
      this.#requestAgent,
      undefined,
      (cause, status, error) => this.#fail(exchange, cause, status, error),
      (response) => this.#onResponse(exchange, response),
    );
  }

  #sendAnswer(id: unknown, text: string): void {
    const origin = this.#serverRequests.get(id);
    this.#serverRequests.delete(id);
    if (origin !== undefined && origin.exchange.settled) return; // its stream is gone, and its handler with it
    this.#post(text, this.#answerAgent, origin?.replica, (cause, status) => {
      const description =
        "the answer to the server's request " + JSON.stringify(id) + " was not delivered: " + cause;
      if (origin === undefined) this.#onError(description);
      // The server's handler would wait for it in vain: end the request it belongs to.
      else this.#fail(origin.exchange, description, status);
    });
  }

  /**
   * POSTs one message. Without `onResponse`, the server must accept it with 202; anything else is
   * a failure. `onFailure` hears every failure once, with a phrase naming its cause.
   */
  #post(
    text: string,
    agent: HttpAgent,
    replica: string | undefined,
    onFailure: (cause: string, status?: number, error?: unknown) => void,
    onResponse?: (response: IncomingMessage) => void,
  ): ClientRequest {
    const headers: Record<string, string | number> = {
      ...this.#headers,
      "content-type": JSON_MEDIA_TYPE,
      accept: JSON_MEDIA_TYPE + ", " + EVENT_STREAM_MEDIA_TYPE,
      "content-length": Buffer.byteLength(text),
    };
    if (this.#ready) headers[LIFECYCLE_HEADER] = LIFECYCLE_READY;
    if (replica !== undefined) headers[REPLICA_HEADER] = replica;
    const options: RequestOptions = { method: "POST", agent, headers };
    let failed = false;
    const fail = (cause: string, status?: number, error?: unknown): void => {
      if (failed) return;
      failed = true;
      onFailure(cause, status, error);
    };
    const request = this.#request(this.#endpoint, options);
    request.on("socket", (socket: Socket) => {
      if (!socket.connecting) return; // a kept-alive connection
      const timer = setTimeout(() => {
        request.destroy(new Error("no connection within " + this.#connectTimeoutMs + " ms"));
      }, this.#connectTimeoutMs);
      socket.once("connect", () => clearTimeout(timer));
      socket.once("close", () => clearTimeout(timer));
    });
    request.on("error", (error: Error) => fail(describeSocketError(error), undefined, error));
    request.on("response", (response: IncomingMessage) => {
      if (onResponse !== undefined) {
        onResponse(response);
        return;
      }
      if (response.statusCode === 202) {
        response.resume();
        return;
      }
      readBody(response, 4096, (body) =>
        fail(
          describeStatus(response) + (body === "" ? "" : ": " + oneLine(body)),
          response.statusCode,
        ),
      );
    });
    request.end(text);
    return request;
  }

  #onResponse(exchange: ClientExchange, response: IncomingMessage): void {
    const replica = response.headers[REPLICA_HEADER];
    exchange.replica = typeof replica === "string" ? replica : undefined;
    const status = response.statusCode ?? 0;
    const type = mediaType(response.headers["content-type"]);
    response.on("error", () => {}); // reported through "close", below
    if (status === 200 && type === EVENT_STREAM_MEDIA_TYPE) {
      this.#readStream(exchange, response);
      return;
    }
    if (status === 202) {
      response.resume();
      this.#fail(
        exchange,
        "the server answered 202 Accepted to a request, which needs an answer",
        202,
      );
      return;
    }
    readBody(response, this.#maxMessageLength, (body, complete) => {
      if (exchange.settled) return;
      if (!complete) {
        this.#fail(exchange, "the response ended early or exceeded the size limit", status);
        return;
      }
      // An error status may still carry the JSON-RPC answer, whose code says more than the status.
      if (type === JSON_MEDIA_TYPE && this.#isAnswer(exchange, body)) {
        exchange.answered = true;
        this.#settle(exchange);
        this.deliver(body);
        return;
      }
      this.#fail(
        exchange,
        describeStatus(response) + (body === "" ? "" : ": " + oneLine(body)),
        status,
      );
    });
  }

  #readStream(exchange: ClientExchange, response: IncomingMessage): void {
    const decoder = new SseDecoder((data) => this.#onEvent(exchange, data), {
      maxEventLength: this.#maxMessageLength,
    });
    response.setEncoding("utf8");
    // Events are handled as they arrive: the other side's calls wait on this side's answers.
    response.on("data", (chunk: string) => {
      if (exchange.settled) return;
      try {
        decoder.push(chunk);
      } catch (error) {
        this.#fail(exchange, errorText(error), 200);
      }
    });
    response.on("end", () => {
      if (exchange.settled) return;
      try {
        decoder.end();
      } catch (error) {
        this.#fail(exchange, errorText(error), 200);
        return;
      }
      if (!exchange.answered)
        this.#fail(exchange, "the server ended the event stream without answering", 200);
      else this.#settle(exchange);
    });
    response.on("close", () => {
      if (exchange.settled) return;
      if (!response.complete)
        this.#fail(
          exchange,
          "the connection closed in the middle of the event stream (the server went away)",
          200,
        );
    });
  }

  #onEvent(exchange: ClientExchange, data: string): void {
    if (exchange.settled) return;
    let message: unknown;
    try {
      message = JSON.parse(data);
    } catch {
      this.#fail(
        exchange,
        "the server sent an event that is not JSON: " + oneLine(data.slice(0, 200)),
        200,
      );
      return;
    }
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      this.#fail(exchange, "the server sent an event that is not one JSON-RPC message", 200);
      return;
    }
    const fields = message as Record<string, unknown>;
    if (typeof fields["method"] === "string") {
      if (fields["id"] !== undefined) {
        // A call of the other side: its answer goes back to the replica that sent it.
        this.#serverRequests.set(fields["id"], { exchange, replica: exchange.replica });
        exchange.serverRequests.push(fields["id"]);
      }
    } else if (fields["id"] === exchange.id) {
      exchange.answered = true;
    }
    this.deliver(data);
  }

  #isAnswer(exchange: ClientExchange, body: string): boolean {
    try {
      const message = JSON.parse(body) as Record<string, unknown> | null;
      return (
        typeof message === "object" &&
        message !== null &&
        message["id"] === exchange.id &&
        (message["result"] !== undefined || message["error"] !== undefined)
      );
    } catch {
      return false;
    }
  }

  #fail(exchange: ClientExchange, cause: string, status?: number, error?: unknown): void {
    if (exchange.settled) return;
    const answered = exchange.answered;
    this.#settle(exchange);
    if (answered || this.closeReason !== undefined) return;
    const failure = new HttpRequestError(exchange.method, this.url, cause, status, error);
    for (const listener of this.#failureListeners) listener(exchange.id, failure);
  }

  /** Forgets an exchange, closing its stream if it is still open. */
  #settle(exchange: ClientExchange): void {
    if (exchange.settled) return;
    exchange.settled = true;
    this.#exchanges.delete(exchange.id);
    for (const id of exchange.serverRequests) this.#serverRequests.delete(id);
    const request = exchange.request;
    if (request !== undefined && !exchange.answered) request.destroy();
  }
}

/** Reads a response's body as text, up to `limit` characters; `complete` is false if it ended early or was longer. */
function readBody(
  response: IncomingMessage,
  limit: number,
  done: (body: string, complete: boolean) => void,
): void {
  let body = "";
  let finished = false;
  const finish = (complete: boolean): void => {
    if (finished) return;
    finished = true;
    done(body, complete);
  };
  response.setEncoding("utf8");
  response.on("data", (chunk: string) => {
    if (body.length + chunk.length > limit) {
      body += chunk.slice(0, limit - body.length);
      finish(false);
      response.destroy();
      return;
    }
    body += chunk;
  });
  response.on("end", () => finish(true));
  response.on("close", () => finish(response.complete));
  response.on("error", () => finish(false));
}

function describeStatus(response: IncomingMessage): string {
  return "HTTP " + response.statusCode + " " + (response.statusMessage ?? "");
}

function describeSocketError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  switch (code) {
    case "ECONNREFUSED":
      return "connection refused (is the server running?)";
    case "ECONNRESET":
      return "the connection was reset (the server went away)";
    case "ENOTFOUND":
      return "no such host";
    default:
      return (
        error.message +
        (typeof code === "string" && !error.message.includes(code) ? " (" + code + ")" : "")
      );
  }
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ").slice(0, 500);
}

function reportError(description: string): void {
  console.error("jsonrpc: " + description);
}
