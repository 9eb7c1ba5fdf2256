// The calls this side has sent and is waiting on: matched to their answers by id, in any order,
// and failed on timeout, on abort, or when the connection closes.

import { CallCancelledError, CallTimeoutError } from "./errors.js";
import type { MethodSpec } from "./method.js";

// The longest delay setTimeout honours (about 24.8 days); longer ones would fire at once.
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** One call waiting for its answer. */
export class PendingCall {
  readonly id: number;
  readonly spec: MethodSpec;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
  readonly #table: PendingCalls;
  readonly #signal: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(
    table: PendingCalls,
    id: number,
    spec: MethodSpec,
    signal: AbortSignal | undefined,
    resolve: (value: unknown) => void,
    reject: (reason: unknown) => void,
  ) {
    this.#table = table;
    this.id = id;
    this.spec = spec;
    this.#signal = signal;
    this.resolve = resolve;
    this.reject = reject;
  }

  /** Starts the timer: the table is handed to setTimeout as an argument, so no closure is made. */
  arm(timeoutMs: number | undefined): void {
    if (timeoutMs !== undefined && timeoutMs <= MAX_TIMER_DELAY_MS) {
      this.#timer = setTimeout(timeOut, timeoutMs, this, timeoutMs);
    }
    // The call itself is the abort listener (through `handleEvent`), again to avoid a closure.
    this.#signal?.addEventListener("abort", this);
  }

  /** Stops the timer and the abort listener once the call is settled. */
  disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#signal?.removeEventListener("abort", this);
  }

  /** Called by the AbortSignal (the EventListener object protocol). */
  handleEvent(): void {
    this.#table.cancel(this, new CallCancelledError(this.spec.name, this.#signal?.reason));
  }

  /** Called by the timer. */
  timedOut(timeoutMs: number): void {
    this.#table.cancel(this, new CallTimeoutError(this.spec.name, timeoutMs));
  }
}

function timeOut(call: PendingCall, timeoutMs: number): void {
  call.timedOut(timeoutMs);
}

// Promise executors run synchronously, so a single shared executor can hand resolve and reject
// over through these two variables; it saves creating a closure for every call.
let capturedResolve: (value: unknown) => void = noop;
let capturedReject: (reason: unknown) => void = noop;
function capture(resolve: (value: unknown) => void, reject: (reason: unknown) => void): void {
  capturedResolve = resolve;
  capturedReject = reject;
}
function noop(): void {}

/** The table of pending calls of one connection. */
export class PendingCalls {
  readonly #calls = new Map<number, PendingCall>();
  // Tells the other side that this side gave up on a call (only when the protocol has a way).
  readonly #sendCancel: ((id: number) => void) | undefined;

  constructor(sendCancel: ((id: number) => void) | undefined) {
    this.#sendCancel = sendCancel;
  }

  /** Registers a call; the promise settles when `take` hands it out, or on timeout, abort or `rejectAll`. */
  add(id: number, spec: MethodSpec, timeoutMs: number | undefined, signal: AbortSignal | undefined): Promise<unknown> {
    const promise = new Promise<unknown>(capture);
    const call = new PendingCall(this, id, spec, signal, capturedResolve, capturedReject);
    this.#calls.set(id, call);
    if (timeoutMs !== undefined || signal !== undefined) call.arm(timeoutMs);
    return promise;
  }

  /** Removes and returns the call with this id, or `undefined` when none is pending (late or unknown answer). */
  take(id: number): PendingCall | undefined {
    const call = this.#calls.get(id);
    if (call === undefined) return undefined;
    this.#calls.delete(id);
    call.disarm();
    return call;
  }

  /** Gives up on a call before its answer came: rejects it and tells the other side. */
  cancel(call: PendingCall, error: unknown): void {
    if (this.#calls.get(call.id) !== call) return; // already settled
    this.#calls.delete(call.id);
    call.disarm();
    call.reject(error);
    this.#sendCancel?.(call.id);
  }

  /** Rejects every pending call with the same error (the connection closed). */
  rejectAll(error: unknown): void {
    const calls = [...this.#calls.values()];
    this.#calls.clear();
    for (const call of calls) {
      call.disarm();
      call.reject(error);
    }
  }

  get size(): number {
    return this.#calls.size;
  }
}
