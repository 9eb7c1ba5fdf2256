// The calls this side has sent and is waiting on: matched to their answers by id, in any order,
// and failed on timeout, on abort, or when the connection closes.

import type { DeadlineEntry } from "./deadlines.js";
import { DeadlineQueue } from "./deadlines.js";
import { CallCancelledError, CallTimeoutError } from "./errors.js";
import type { MethodSpec } from "./method.js";
import type { Validate } from "./validation.js";

/** What a call that follows its progress keeps: its token and what to do with each report. */
export interface CallProgress {
  /** The token the call's params carry, unique among this connection's pending calls. */
  readonly token: string | number;
  /** Told of each progress notification with the token, while the call waits. */
  readonly onProgress: (params: unknown) => void;
  /** Each report moves the deadline to a full timeout from now. */
  readonly resetTimeoutOnProgress: boolean;
}

/** One call waiting for its answer. */
export class PendingCall implements DeadlineEntry {
  readonly id: number;
  readonly spec: MethodSpec;
  readonly resolve: (value: unknown) => void;
  readonly reject: (reason: unknown) => void;
  /** Set when the caller follows the call's progress. */
  readonly progress: CallProgress | undefined;
  /** Checks the answer's result: the method's validator, or the one its params choose. */
  validateResult: Validate | undefined;
  readonly #table: PendingCalls;
  readonly #signal: AbortSignal | undefined;
  readonly #timeoutMs: number | undefined;
  // When the call expires however much progress it reports (`performance.now()`), or Infinity.
  readonly #totalDeadline: number;
  readonly #maxTotalTimeoutMs: number | undefined;
  /** Whether the deadline queued is the total one, which progress cannot move. */
  cappedByTotal = false;
  // Links and deadline for the table's DeadlineQueue (used only when the call has a timeout).
  deadline = 0;
  previousByDeadline: DeadlineEntry | undefined = undefined;
  nextByDeadline: DeadlineEntry | undefined = undefined;

  constructor(
    table: PendingCalls,
    id: number,
    spec: MethodSpec,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    resolve: (value: unknown) => void,
    reject: (reason: unknown) => void,
    progress: CallProgress | undefined,
    maxTotalTimeoutMs: number | undefined,
    totalDeadline: number,
  ) {
    this.#table = table;
    this.id = id;
    this.spec = spec;
    this.#timeoutMs = timeoutMs;
    this.#signal = signal;
    this.resolve = resolve;
    this.reject = reject;
    this.progress = progress;
    this.validateResult = spec.validateResult;
    this.#maxTotalTimeoutMs = maxTotalTimeoutMs;
    this.#totalDeadline = totalDeadline;
  }

  get timeoutMs(): number | undefined {
    return this.#timeoutMs;
  }

  /** When the call expires at the latest, whatever progress it reports; Infinity: never. */
  get totalDeadline(): number {
    return this.#totalDeadline;
  }

  /** Whether the call sits in the deadline queue. */
  get hasDeadline(): boolean {
    return this.#timeoutMs !== undefined || this.#totalDeadline !== Infinity;
  }

  get signal(): AbortSignal | undefined {
    return this.#signal;
  }

  /** Called by the AbortSignal: the call itself is the listener, so no closure is made per call. */
  handleEvent(): void {
    this.#table.cancel(this, new CallCancelledError(this.spec.name, this.#signal?.reason));
  }

  /** Called by the deadline queue. */
  expire(): void {
    if (this.cappedByTotal) {
      // The cap that progress cannot move: say so, since the call may have been busy.
      const error = new CallTimeoutError(
        this.spec.name,
        this.#maxTotalTimeoutMs ?? 0,
        "its maxTotalTimeoutMs, which progress does not extend",
      );
      this.#table.cancel(this, error);
      return;
    }
    const timeoutMs = this.#timeoutMs ?? 0;
    const note = this.#table.timeoutNote(this.deadline - timeoutMs);
    this.#table.cancel(this, new CallTimeoutError(this.spec.name, timeoutMs, note));
  }
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
  // The calls that follow their progress, by token; a call leaves it when it leaves `#calls`.
  readonly #byProgressToken = new Map<string | number, PendingCall>();
  readonly #deadlines = new DeadlineQueue();
  // Tells the other side that this side gave up on a call (only when the protocol has a way).
  readonly #sendCancel: ((id: number, spec: MethodSpec) => void) | undefined;
  /** What a timeout message adds, given when the call was made (`performance.now()`). */
  readonly timeoutNote: (startedAt: number) => string | undefined;

  constructor(
    sendCancel: ((id: number, spec: MethodSpec) => void) | undefined,
    timeoutNote: (startedAt: number) => string | undefined = () => undefined,
  ) {
    this.#sendCancel = sendCancel;
    this.timeoutNote = timeoutNote;
  }

  /**
   * Registers a call. Its promise settles through `take` (the answer came), or on timeout, abort or
   * `rejectAll`. A timeout that is not a finite number means none; `maxTotalTimeoutMs` caps the
   * deadline that progress reports move.
   */
  add(
    id: number,
    spec: MethodSpec,
    timeoutMs: number | undefined,
    signal: AbortSignal | undefined,
    progress?: CallProgress,
    maxTotalTimeoutMs?: number,
  ): Promise<unknown> {
    const promise = new Promise<unknown>(capture);
    const hasTimeout = timeoutMs !== undefined && Number.isFinite(timeoutMs);
    const hasTotal = maxTotalTimeoutMs !== undefined && Number.isFinite(maxTotalTimeoutMs);
    const now = hasTotal ? performance.now() : 0;
    const call = new PendingCall(
      this,
      id,
      spec,
      hasTimeout ? timeoutMs : undefined,
      signal,
      capturedResolve,
      capturedReject,
      progress,
      hasTotal ? maxTotalTimeoutMs : undefined,
      hasTotal ? now + maxTotalTimeoutMs : Infinity,
    );
    this.#calls.set(id, call);
    if (progress !== undefined) this.#byProgressToken.set(progress.token, call);
    if (hasTotal) {
      call.cappedByTotal = !hasTimeout || maxTotalTimeoutMs <= timeoutMs;
      this.#deadlines.add(call, call.cappedByTotal ? maxTotalTimeoutMs : (timeoutMs as number));
    } else if (hasTimeout) this.#deadlines.add(call, timeoutMs);
    if (signal !== undefined) signal.addEventListener("abort", call);
    return promise;
  }

  /** The pending call with this id, left in the table. */
  get(id: number): PendingCall | undefined {
    return this.#calls.get(id);
  }

  /** The pending call that follows its progress with this token, if any. */
  byProgressToken(token: string | number): PendingCall | undefined {
    return this.#byProgressToken.get(token);
  }

  /** Whether any pending call follows its progress (most connections: none, and nothing to look up). */
  get followsProgress(): boolean {
    return this.#byProgressToken.size !== 0;
  }

  /** Progress was reported: moves the call's deadline to a full timeout from now (within its cap). */
  extend(call: PendingCall): void {
    const timeoutMs = call.timeoutMs;
    if (timeoutMs === undefined || this.#calls.get(call.id) !== call) return;
    this.#deadlines.remove(call);
    const left = call.totalDeadline - performance.now();
    call.cappedByTotal = left <= timeoutMs;
    this.#deadlines.add(call, call.cappedByTotal ? left : timeoutMs);
  }

  /** Removes and returns the call with this id, or `undefined` when none is pending (late or unknown answer). */
  take(id: number): PendingCall | undefined {
    const call = this.#calls.get(id);
    if (call === undefined) return undefined;
    this.#calls.delete(id);
    this.#disarm(call);
    return call;
  }

  /** Gives up on a call before its answer came: rejects it and tells the other side. */
  cancel(call: PendingCall, error: unknown): void {
    if (this.#calls.get(call.id) !== call) return; // already settled
    this.#calls.delete(call.id);
    this.#disarm(call);
    call.reject(error);
    this.#sendCancel?.(call.id, call.spec);
  }

  /** Rejects every pending call with the same error (the connection closed). */
  rejectAll(error: unknown): void {
    const calls = [...this.#calls.values()];
    this.#calls.clear();
    this.#byProgressToken.clear();
    this.#deadlines.clear();
    for (const call of calls) {
      call.signal?.removeEventListener("abort", call);
      call.reject(error);
    }
  }

  get size(): number {
    return this.#calls.size;
  }

  #disarm(call: PendingCall): void {
    // A timed-out call has already left the queue; `remove` knows and does nothing then.
    if (call.hasDeadline) this.#deadlines.remove(call);
    // Progress reported after this is for a call no one waits on: the connection's handlers get it.
    if (call.progress !== undefined) this.#byProgressToken.delete(call.progress.token);
    const signal = call.signal;
    if (signal !== undefined) signal.removeEventListener("abort", call);
  }
}
