// Error codes and the errors a caller of this runtime may see.
//
// Every error thrown or rejected by the runtime extends `JsonRpcError`, so one `instanceof` check
// tells the runtime's errors from anything else. `RpcError` is the only one that travels on the
// wire: handlers throw it to answer with a chosen code, and calls reject with it when the other
// side answered with an error.

import type { CloseReason } from "./transport.js";
import { describeCloseReason } from "./transport.js";
import type { ValidationIssue } from "./validation.js";

/** The error codes that JSON-RPC 2.0 itself defines. Protocols add their own beside these. */
export const JsonRpcErrorCode: {
  readonly ParseError: -32700;
  readonly InvalidRequest: -32600;
  readonly MethodNotFound: -32601;
  readonly InvalidParams: -32602;
  readonly InternalError: -32603;
} = Object.freeze({
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
});

/** The `error` member of an error response, as it is written on the wire. */
export interface JsonRpcErrorObject {
  readonly code: number;
  readonly message: string;
  readonly data?: unknown;
}

/** The base of every error this runtime throws or rejects with. */
export class JsonRpcError extends Error {}

/**
 * An error with a JSON-RPC code, message and optional data.
 *
 * Thrown by a handler, it becomes the error response as is (any other thrown value answers
 * -32603 "Internal error", so nothing private leaks). Received in a response, it is what the call
 * rejects with, carrying exactly what the other side sent.
 */
export class RpcError extends JsonRpcError {
  readonly code: number;
  /** Extra information sent with the error; `undefined` when there was none. */
  readonly data: unknown;

  constructor(code: number, message: string, data?: unknown, options?: ErrorOptions) {
    super(message, options);
    this.code = code;
    this.data = data;
  }

  /** The wire form: `{code, message}`, plus `data` when there is some. */
  toErrorObject(): JsonRpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }
}

/** The connection closed before the call was answered, or was already closed when it was made. */
export class ConnectionClosedError extends JsonRpcError {
  readonly reason: CloseReason;

  constructor(reason: CloseReason) {
    const cause = reason.kind === "error" ? { cause: reason.error } : undefined;
    super("Connection closed: " + describeCloseReason(reason), cause);
    this.reason = reason;
  }
}

/** No answer came within the call's timeout. The answer, should it come later, is dropped. */
export class CallTimeoutError extends JsonRpcError {
  readonly method: string;
  readonly timeoutMs: number;

  /** `note`: what else the connection knows that may explain the silence. */
  constructor(method: string, timeoutMs: number, note?: string) {
    super(
      'Call to "' +
        method +
        '" timed out after ' +
        String(timeoutMs) +
        " ms" +
        (note === undefined ? "" : " (" + note + ")"),
    );
    this.method = method;
    this.timeoutMs = timeoutMs;
  }
}

/** The call's `AbortSignal` fired. The signal's reason is kept as `cause`. */
export class CallCancelledError extends JsonRpcError {
  readonly method: string;

  constructor(method: string, reason: unknown) {
    super('Call to "' + method + '" was cancelled', { cause: reason });
    this.method = method;
  }
}

/** The other side answered, but its answer does not match the method's result schema. */
export class ResultValidationError extends JsonRpcError {
  readonly method: string;
  readonly path: string;
  readonly expected: string;
  readonly received: string;

  constructor(method: string, issue: ValidationIssue) {
    super(
      'Invalid result from "' +
        method +
        '" at ' +
        issue.path +
        ": expected " +
        issue.expected +
        ", received " +
        issue.received,
    );
    this.method = method;
    this.path = issue.path;
    this.expected = issue.expected;
    this.received = issue.received;
  }
}

// Names live on the prototypes (not on instances, not from `constructor.name`) so that they survive
// minifiers and are already right when the stack trace's first line is written.
function nameErrorClass(errorClass: { readonly prototype: Error }, name: string): void {
  Object.defineProperty(errorClass.prototype, "name", {
    value: name,
    writable: true,
    configurable: true,
  });
}
nameErrorClass(JsonRpcError, "JsonRpcError");
nameErrorClass(RpcError, "RpcError");
nameErrorClass(ConnectionClosedError, "ConnectionClosedError");
nameErrorClass(CallTimeoutError, "CallTimeoutError");
nameErrorClass(CallCancelledError, "CallCancelledError");
nameErrorClass(ResultValidationError, "ResultValidationError");
