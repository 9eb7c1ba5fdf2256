// What the engine knows about a method: the generated registry describes each method with a
// `MethodSpec`, and the generated servers pair the methods they answer with handlers.

import type { Validate } from "./validation.js";

/** One method of the protocol, as the generated registry describes it. */
export interface MethodSpec {
  /** The method name on the wire, e.g. `"math/add"`. */
  readonly name: string;
  /** A request is answered; a notification never is. */
  readonly kind: "request" | "notification";
  /** Checks incoming params before the handler sees them. */
  readonly validateParams: Validate;
  /** Checks the result the other side answered with, before the caller sees it. Requests only. */
  readonly validateResult?: Validate;
  /**
   * `false` for a request the protocol forbids cancelling: a caller that gives up on it (timeout,
   * abort) stops waiting but sends no cancellation notification.
   */
  readonly cancellable?: boolean;
  /**
   * Where a caller that follows the call's progress puts its token: the property names leading
   * to it in the params, and the kind of token that fits there. Absent: no progress is reported.
   */
  readonly progressToken?: ProgressTokenPlace;
  /**
   * For a request whose result is chosen by a value in its params: where that value is, and the
   * result validator for each value. Params with none of the values get `validateResult`.
   */
  readonly resultByParams?: {
    readonly path: readonly string[];
    readonly results: readonly {
      readonly value: string | number | boolean | null;
      readonly validateResult: Validate;
    }[];
  };
}

/** A place in params that holds a progress token, and whether tokens there are numbers or strings. */
export interface ProgressTokenPlace {
  readonly path: readonly string[];
  readonly type: "number" | "string";
}

/** What a notification handler is told besides the params. */
export interface NotificationContext {
  /** The method name, as received. */
  readonly method: string;
  /** Aborts when the connection closes. */
  readonly signal: AbortSignal;
}

/** What a request handler is told besides the params. */
export interface RequestContext extends NotificationContext {
  /** The request's id, as received (ids beyond 2^53 are approximate here, exact on the wire). */
  readonly id: string | number;
  /** Aborts when the connection closes, or when the caller cancels this request. */
  readonly signal: AbortSignal;
}

/**
 * The context a handler receives: a `RequestContext` when the method's spec says "request", a
 * `NotificationContext` when it says "notification" (the engine never mixes them up).
 */
export type HandlerContext = RequestContext | NotificationContext;

/**
 * A method this side answers, and the code that answers it.
 *
 * The handler may return the result itself or a promise of it; `undefined` is sent as `null`.
 * Throwing (or rejecting with) an `RpcError` answers with its code, message and data; anything else
 * thrown answers -32603 "Internal error" and is reported to `onHandlerError`.
 * A notification handler's return value is ignored (a rejection is reported to `onHandlerError`).
 */
export interface IncomingMethod {
  readonly spec: MethodSpec;
  // `any`: the generated wrappers type the params per method; here they are only passed through.
  readonly handler: (params: any, context: HandlerContext) => unknown;
}

/**
 * The methods this side answers: a map by name, or a function that finds one (`undefined`: no
 * such method). The function is told whether the message is a request or a notification, so
 * that it can answer names it does not list one by one (extension methods, by prefix).
 */
export type MethodTable =
  | ReadonlyMap<string, IncomingMethod>
  | ((method: string, kind: MethodSpec["kind"]) => IncomingMethod | undefined);
