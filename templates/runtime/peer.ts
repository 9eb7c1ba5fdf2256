// The connection engine: one `Peer` per connection, on both sides of it. It sends requests and
// notifications and matches the answers; it receives requests and notifications, checks them, runs
// their handlers and answers. Both directions are in flight at once: a handler that calls the other
// side and waits never stops the reading of further messages.
//
// This is the hot path of every call, so the code avoids work per message: answers are built by
// string concatenation, messages are classified by one chain of checks, no closure is made per
// message, and nothing is allocated for features (timers, abort signals) that a call does not use.

import {
  CallCancelledError,
  ConnectionClosedError,
  JsonRpcErrorCode,
  ResultValidationError,
  RpcError,
} from "./errors.js";
import type {
  IncomingMethod,
  MethodSpec,
  MethodTable,
  NotificationContext,
  RequestContext,
} from "./method.js";
import { PendingCalls, type CallProgress } from "./pending.js";
import { rawMemberText } from "./raw-json.js";
import { resultValidatorFor, valueAt } from "./results.js";
import { printable, QuietLog, quoteStart } from "./report.js";
import type { CloseReason, Transport } from "./transport.js";
import { describeValue, formatIssue } from "./validation.js";
import type { Validate, ValidationIssue } from "./validation.js";

/**
 * The "not ready yet" phase of a protocol: until the `readyAfter` method has been received, requests
 * other than those in `allowedBefore` are answered with the error `notReadyCode`.
 */
export interface LifecycleOptions {
  /** Methods accepted before the connection is ready (the `readyAfter` method always is). */
  readonly allowedBefore: ReadonlySet<string>;
  /** The method (usually a notification) after which everything is accepted. */
  readonly readyAfter: string;
  readonly notReadyCode: number;
  readonly notReadyMessage: string;
}

/** How the protocol tells the other side that a request was given up: a notification naming its id. */
export interface CancellationOptions {
  /** The notification's method name, e.g. `"$/cancelRequest"`. */
  readonly method: string;
  /** The params property that holds the request id, e.g. `"id"`. */
  readonly idProperty: string;
}

/**
 * How the other side reports the progress of this side's requests: a notification whose params
 * carry, at `tokenPath`, the token the request's params carried.
 */
export interface ProgressOptions {
  /** The notification's method name, e.g. `"notifications/progress"`. */
  readonly method: string;
  /** The property names leading to the token in its params, e.g. `["progressToken"]`. */
  readonly tokenPath: readonly string[];
  /** Checks its params before `onProgress` sees them. */
  readonly validateParams?: Validate;
}

/** The default {@link PeerOptions.maxBatchLength}. */
export const DEFAULT_MAX_BATCH_LENGTH = 1000;
/** The default {@link PeerOptions.maxRunningRequests}. */
export const DEFAULT_MAX_RUNNING_REQUESTS = 1000;

/** Options of a {@link Peer}. Every one may be left out. */
export interface PeerOptions {
  /** The methods this side answers. Without it, every incoming request is answered -32601. */
  readonly methods?: MethodTable;
  /** The timeout of calls that do not set their own, in milliseconds. Default: none. */
  readonly defaultTimeoutMs?: number;
  /**
   * The timeout of calls made through {@link Peer.nestedCalls} (by handlers, through their
   * context) that do not set their own, in milliseconds. Default: `defaultTimeoutMs`.
   */
  readonly nestedCallTimeoutMs?: number;
  /**
   * The most messages an incoming batch may hold. A longer batch is answered with one -32600
   * error (id null) and none of its members is handled. Default: 1000.
   */
  readonly maxBatchLength?: number;
  /**
   * The most requests from the other side whose handlers may run at once. A request beyond it is
   * answered -32603 at once, without running its handler. Default: 1000.
   */
  readonly maxRunningRequests?: number;
  /** Makes the connection refuse most requests until the protocol's "ready" method arrives. */
  readonly lifecycle?: LifecycleOptions;
  /** Makes aborted (and timed-out) calls tell the other side, and lets the other side cancel ours. */
  readonly cancellation?: CancellationOptions;
  /**
   * Lets calls follow their progress (`onProgress` in their options): progress notifications
   * whose token belongs to a pending call go to that call, and others to the method table.
   */
  readonly progress?: ProgressOptions;
  /**
   * Told of answers that match no pending call (late, after a timeout, or bogus).
   * Default: a note on stderr, rate-limited (see {@link QuietLog}).
   */
  readonly onUnknownResponse?: (message: unknown) => void;
  /**
   * Told when a handler throws (or its promise rejects with) something other than an `RpcError`,
   * and when a handler's result breaks the method's result schema (a `ResultValidationError`; the
   * result is still sent, and the caller rejects it). Default: a note on stderr, rate-limited.
   */
  readonly onHandlerError?: (error: unknown, method: string) => void;
  /**
   * Told of messages that broke the protocol (dropped, or answered with an error).
   * Default: a note on stderr, rate-limited.
   */
  readonly onProtocolError?: (description: string) => void;
}

/** What clients need from a connection engine: a {@link Peer}, or its {@link Peer.nestedCalls}. */
export interface Caller {
  request(spec: MethodSpec, params: unknown, options?: ProgressCallOptions): Promise<unknown>;
  notify(spec: MethodSpec, params: unknown): void;
}

/** Options of one call. */
export interface CallOptions {
  /** Overrides the connection's default timeout; `Infinity` means none. */
  readonly timeoutMs?: number;
  /** Aborting it rejects the call with `CallCancelledError` (and sends the cancel notification, if configured). */
  readonly signal?: AbortSignal;
}

/** Options of a call to a request that reports progress; `P` is the progress notification's params. */
export interface ProgressCallOptions<P = unknown> extends CallOptions {
  /**
   * Told of each progress notification for this call, while it waits: the runtime makes a token
   * unique on the connection and puts it into the params (leave that place empty), and stops
   * telling once the call settles. Reports for no pending call go to the connection's handlers.
   */
  onProgress?(params: P): void;
  /** Each progress report moves the deadline to a full `timeoutMs` from now. Default: false. */
  readonly resetTimeoutOnProgress?: boolean;
  /** The call fails after this long however much progress it reports, in milliseconds. */
  readonly maxTotalTimeoutMs?: number;
}

/** The members a JSON-RPC message may have; everything else about it is unknown until checked. */
interface MessageFields {
  readonly jsonrpc?: unknown;
  readonly id?: unknown;
  readonly method?: unknown;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: unknown;
}

const NULL_ID = "null";

// Where a handler context keeps the fields that `setContextFields` gave its connection.
const CONTEXT_FIELDS: unique symbol = Symbol("context fields");
const NO_FIELDS: Readonly<Record<string, unknown>> = Object.freeze({});

/** One end of a JSON-RPC 2.0 connection: a client and a server at once. */
export class Peer implements Caller {
  /** Settles, once, with the reason the connection closed. */
  readonly closed: Promise<CloseReason>;
  /**
   * The same connection for calls made while handling the other side's requests: calls that set
   * no timeout get `nestedCallTimeoutMs`. The generated connections give handlers clients on it.
   */
  readonly nestedCalls: Caller;

  readonly #transport: Transport;
  readonly #methodMap: ReadonlyMap<string, IncomingMethod> | undefined;
  readonly #findMethod:
    ((method: string, kind: MethodSpec["kind"]) => IncomingMethod | undefined) | undefined;
  readonly #defaultTimeoutMs: number | undefined;
  readonly #maxBatchLength: number;
  readonly #maxRunningRequests: number;
  readonly #lifecycle: LifecycleOptions | undefined;
  // The `data` of the lifecycle's "not ready" error, written once.
  readonly #notReadyData: string;
  readonly #cancellation: CancellationOptions | undefined;
  readonly #progress: ProgressOptions | undefined;
  // The last progress token this side made; tokens are unique on the connection.
  #lastProgressToken = 0;
  readonly #onUnknownResponse: (message: unknown) => void;
  readonly #onHandlerError: (error: unknown, method: string) => void;
  readonly #onProtocolError: (description: string) => void;
  // Where the default reporters write: rate-limited, so that a noisy peer costs a few lines.
  readonly #log = new QuietLog();
  // The last error this side answered, for the message of a call that times out afterwards: a
  // peer that stalls often does so because one of its own requests was refused.
  #lastErrorAnswer: { readonly at: number; readonly text: string } | undefined = undefined;

  readonly #pending: PendingCalls;
  // Requests from the other side whose handlers are still running, by id, so that they can be
  // cancelled, and their signals aborted when the connection closes.
  readonly #running = new Map<string | number, IncomingRequest>();
  // Handlers running, counted apart from the map: the other side may (wrongly) reuse an id.
  #runningCount = 0;
  // The signal of notification handlers: it aborts when the connection closes.
  readonly #connectionAbort = new LazyAbort();
  // The classes of handler contexts; `setContextFields` swaps in subclasses carrying extra fields.
  #RequestContext: typeof IncomingRequest = IncomingRequest;
  #NotificationContext: typeof IncomingNotification = IncomingNotification;
  #contextFields: Readonly<Record<string, unknown>> = NO_FIELDS;
  // The batch being read, while its members are handled (synchronously) one by one.
  #batch: BatchReply | undefined = undefined;
  #lastId = 0;
  // False only while a configured lifecycle waits for its `readyAfter` method, so wherever it is
  // false, `#lifecycle` is set.
  #ready: boolean;
  #closeReason: CloseReason | undefined = undefined;
  #resolveClosed: (reason: CloseReason) => void = noop;

  constructor(transport: Transport, options: PeerOptions = {}) {
    this.#transport = transport;
    const methods = options.methods;
    this.#methodMap = typeof methods === "function" ? undefined : methods;
    this.#findMethod = typeof methods === "function" ? methods : undefined;
    this.#defaultTimeoutMs = options.defaultTimeoutMs;
    this.#maxBatchLength = options.maxBatchLength ?? DEFAULT_MAX_BATCH_LENGTH;
    this.#maxRunningRequests = options.maxRunningRequests ?? DEFAULT_MAX_RUNNING_REQUESTS;
    this.#lifecycle = options.lifecycle;
    this.#ready = options.lifecycle === undefined;
    this.#notReadyData = options.lifecycle === undefined ? "" : notReadyData(options.lifecycle);
    this.#cancellation = options.cancellation;
    this.#progress = options.progress;
    // Hooks the application sets are told everything; they are guarded all the same, since a
    // hook that throws must not cost the other side its answer.
    this.#onUnknownResponse = guarded(options.onUnknownResponse ?? this.#reportUnknownResponse);
    this.#onHandlerError = guarded(options.onHandlerError ?? this.#reportHandlerError);
    this.#onProtocolError = guarded(options.onProtocolError ?? this.#reportProtocolError);
    this.#pending = new PendingCalls(
      options.cancellation === undefined && transport.abandon === undefined
        ? undefined
        : this.#sendCancel,
      this.#timeoutNote,
    );
    const nestedTimeoutMs = options.nestedCallTimeoutMs ?? options.defaultTimeoutMs;
    this.nestedCalls =
      nestedTimeoutMs === options.defaultTimeoutMs
        ? this
        : {
            request: (spec, params, callOptions) =>
              this.request(spec, params, withDefaultTimeout(callOptions, nestedTimeoutMs)),
            notify: (spec, params) => this.notify(spec, params),
          };
    this.closed = new Promise<CloseReason>((resolve) => {
      this.#resolveClosed = resolve;
    });
    transport.onMessage(this.#receive);
    transport.onDropped?.(this.#receiveDropped);
    transport.onClose(this.#handleClose);
    transport.onRequestFailed?.(this.#failRequest);
  }

  /**
   * Makes every handler context from now on also carry `fields` (the generated connections put the
   * clients for calling the other side there). The fields are getters on the contexts' prototype,
   * so a message costs one store more than without them. The classes are made once per set of
   * field names, not per connection: a new prototype per connection (over HTTP, one per request)
   * keeps the engine from optimizing the code that handles contexts.
   */
  setContextFields(fields: object): void {
    const classes = contextClasses(Object.keys(fields));
    this.#RequestContext = classes.request;
    this.#NotificationContext = classes.notification;
    this.#contextFields = fields as Record<string, unknown>;
  }

  /** Whether the connection is still open. */
  get isOpen(): boolean {
    return this.#closeReason === undefined;
  }

  /**
   * Sends a request and resolves with its result once checked by `spec.validateResult`.
   * Rejects with `RpcError` (the other side answered an error), `ResultValidationError`,
   * `CallTimeoutError`, `CallCancelledError` or `ConnectionClosedError`.
   */
  request(spec: MethodSpec, params: unknown, options?: ProgressCallOptions): Promise<unknown> {
    if (!isMethodSpec(spec, "request")) return Promise.reject(notAMethod(spec, "request"));
    if (this.#closeReason !== undefined)
      return Promise.reject(new ConnectionClosedError(this.#closeReason));
    let timeoutMs = this.#defaultTimeoutMs;
    let signal: AbortSignal | undefined;
    let progress: CallProgress | undefined;
    let maxTotalTimeoutMs: number | undefined;
    if (options !== undefined) {
      if (options.timeoutMs !== undefined) timeoutMs = options.timeoutMs;
      signal = options.signal;
      if (signal !== undefined && signal.aborted) {
        return Promise.reject(new CallCancelledError(spec.name, signal.reason));
      }
      maxTotalTimeoutMs = options.maxTotalTimeoutMs;
      const onProgress = options.onProgress;
      if (onProgress !== undefined) {
        const place = spec.progressToken;
        if (place === undefined || this.#progress === undefined || typeof onProgress !== "function")
          return Promise.reject(
            new TypeError(
              'Cannot follow the progress of "' +
                spec.name +
                '": ' +
                (typeof onProgress !== "function"
                  ? "onProgress is not a function"
                  : "the protocol gives it no progress token"),
            ),
          );
        const n = ++this.#lastProgressToken;
        const token = place.type === "number" ? n : String(n);
        const withToken = paramsWithToken(params, place.path, token);
        if (typeof withToken === "string")
          return Promise.reject(
            new TypeError('Cannot follow the progress of "' + spec.name + '": ' + withToken),
          );
        params = withToken.params;
        progress = {
          token,
          onProgress,
          resetTimeoutOnProgress: options.resetTimeoutOnProgress === true,
        };
      }
    }
    let text: string;
    const id = ++this.#lastId;
    try {
      text =
        '{"jsonrpc":"2.0","id":' +
        id +
        ',"method":' +
        JSON.stringify(spec.name) +
        paramsMember(params) +
        "}";
    } catch (error) {
      return Promise.reject(error); // params that JSON cannot carry (a cycle, a BigInt)
    }
    const promise = this.#pending.add(id, spec, timeoutMs, signal, progress, maxTotalTimeoutMs);
    // A result chosen by the params is checked as the one these params choose.
    if (spec.resultByParams !== undefined)
      this.#pending.get(id)!.validateResult = resultValidatorFor(spec, params);
    this.#transport.send(text);
    return promise;
  }

  /** Sends a notification. After the connection closed, it is dropped: there is no one to tell. */
  notify(spec: MethodSpec, params: unknown): void {
    if (!isMethodSpec(spec, "notification")) throw notAMethod(spec, "notification");
    if (this.#closeReason !== undefined) return;
    this.#transport.send(
      '{"jsonrpc":"2.0","method":' + JSON.stringify(spec.name) + paramsMember(params) + "}",
    );
  }

  /** Closes the connection: pending calls reject at once, running handlers' signals abort. */
  close(): Promise<void> {
    this.#handleClose({ kind: "closed" });
    return this.#transport.close();
  }

  /** How many requests from the other side are being handled right now. */
  get runningRequests(): number {
    return this.#runningCount;
  }

  /** How many calls of this side wait for their answer. */
  get pendingCalls(): number {
    return this.#pending.size;
  }

  // ---- Incoming messages ----

  readonly #receive = (line: string): void => {
    if (this.#closeReason !== undefined) return;
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      // Also tell the application: a peer that writes anything but JSON is likely broken, and
      // only the application can decide to give up on it rather than wait for its answers.
      this.#onProtocolError(
        "received a line that is not JSON (answered -32700): " + quoteStart(line, 80),
      );
      this.#sendError(NULL_ID, JsonRpcErrorCode.ParseError, "Parse error");
      return;
    }
    if (Array.isArray(message)) {
      this.#receiveBatch(message);
      return;
    }
    this.#receiveMessage(message, line);
  };

  /** A message the transport dropped (too long): answered, since its sender may wait for it. */
  readonly #receiveDropped = (description: string): void => {
    if (this.#closeReason !== undefined) return;
    this.#onProtocolError(description + " (answered -32600)");
    this.#sendError(NULL_ID, JsonRpcErrorCode.InvalidRequest, "Invalid Request: " + description);
  };

  /**
   * A batch: every member is handled as a message of its own, and the answers to its requests
   * go back together, as one array, once all of them are known (JSON-RPC 2.0, section 6).
   */
  #receiveBatch(messages: unknown[]): void {
    if (messages.length === 0) {
      this.#sendError(NULL_ID, JsonRpcErrorCode.InvalidRequest, "Invalid Request: empty batch");
      return;
    }
    if (messages.length > this.#maxBatchLength) {
      // Answering each member would cost memory in proportion to the batch, so none is handled.
      const limit = String(this.#maxBatchLength);
      const text = "Invalid Request: a batch of " + String(messages.length) + " messages";
      this.#onProtocolError(text + " (the limit is " + limit + ") was refused");
      this.#sendError(
        NULL_ID,
        JsonRpcErrorCode.InvalidRequest,
        text + ", more than the " + limit + " allowed",
        { maxBatchLength: this.#maxBatchLength },
      );
      return;
    }
    const batch = new BatchReply();
    this.#batch = batch;
    try {
      // Ids beyond 2^53 cannot be recovered from a batch's text: they are answered as parsed.
      for (const message of messages) this.#receiveMessage(message, "");
    } finally {
      this.#batch = undefined;
    }
    batch.sealed = true;
    this.#flushBatch(batch);
  }

  #receiveMessage(message: unknown, line: string): void {
    if (typeof message !== "object" || message === null || Array.isArray(message)) {
      this.#sendError(
        NULL_ID,
        JsonRpcErrorCode.InvalidRequest,
        "Invalid Request: a message must be an object",
      );
      return;
    }
    const fields = message as MessageFields;
    const method = fields.method;
    if (method !== undefined) {
      this.#receiveRequest(fields, method, line);
    } else if (
      fields.id !== undefined ||
      fields.result !== undefined ||
      fields.error !== undefined
    ) {
      // Anything shaped like an answer is never answered, even when broken: two peers must not
      // be able to bounce errors at each other forever.
      this.#receiveResponse(fields);
    } else {
      this.#sendError(NULL_ID, JsonRpcErrorCode.InvalidRequest, "Invalid Request: no method");
    }
  }

  #receiveRequest(fields: MessageFields, method: unknown, line: string): void {
    // How the id is written in the answer; `undefined` for a notification, which gets no answer.
    let idText: string | undefined;
    const id = fields.id;
    if (id !== undefined) {
      if (typeof id === "number") {
        // Safe integers print back exactly; others lost digits in JSON.parse, so copy the original text.
        idText = Number.isSafeInteger(id) ? "" + id : (rawMemberText(line, "id") ?? String(id));
      } else if (typeof id === "string") {
        idText = JSON.stringify(id);
      } else {
        this.#sendError(
          NULL_ID,
          JsonRpcErrorCode.InvalidRequest,
          "Invalid Request: id must be a string or an integer",
        );
        return;
      }
    }
    const problem = envelopeProblem(fields, method, id);
    if (problem !== undefined) {
      // Broken messages are answered even without an id (with id null): only well-formed
      // notifications go unanswered.
      this.#sendError(
        idText ?? NULL_ID,
        JsonRpcErrorCode.InvalidRequest,
        "Invalid Request: " + problem,
      );
      return;
    }
    const name = method as string;

    // Progress of a call this side waits on goes to that call (only while one follows progress).
    const progress = this.#progress;
    if (
      progress !== undefined &&
      idText === undefined &&
      name === progress.method &&
      this.#pending.followsProgress &&
      this.#receiveProgress(fields.params, progress)
    )
      return;

    const cancellation = this.#cancellation;
    if (cancellation !== undefined && idText === undefined && name === cancellation.method) {
      this.#receiveCancel(fields.params, cancellation);
      return;
    }

    const lifecycle = this.#lifecycle;
    if (!this.#ready && name !== lifecycle!.readyAfter && !lifecycle!.allowedBefore.has(name)) {
      if (idText !== undefined)
        this.#sendErrorText(
          idText,
          lifecycle!.notReadyCode,
          lifecycle!.notReadyMessage,
          this.#notReadyData,
        );
      else
        this.#onProtocolError(
          'Dropped notification "' + name + '": the connection is not ready yet',
        );
      return;
    }

    const entry =
      this.#methodMap !== undefined
        ? this.#methodMap.get(name)
        : this.#findMethod?.(name, idText === undefined ? "notification" : "request");
    if (entry === undefined) {
      if (idText !== undefined)
        this.#sendError(
          idText,
          JsonRpcErrorCode.MethodNotFound,
          'Method not found: "' + name + '"',
        );
      else this.#onProtocolError('Dropped notification "' + name + '": no such method');
      return;
    }
    const spec = entry.spec;
    const params = fields.params;

    if (idText === undefined) {
      // A request sent as a notification is dropped rather than run: nobody would see its
      // result, and a handler may count on its answer being delivered.
      if (spec.kind !== "notification") {
        this.#onProtocolError(
          'Dropped notification "' + name + '": it is a request, so it needs an id',
        );
        return;
      }
      const issue = validateSafely(spec.validateParams, params);
      if (issue !== undefined) {
        this.#onProtocolError(
          'Dropped notification "' + name + '": invalid params ' + formatIssue(issue),
        );
        return;
      }
      if (!this.#ready) this.#ready = name === lifecycle!.readyAfter;
      this.#runNotification(entry, name, params);
      return;
    }

    // A notification sent as a request is refused: running it would answer something the
    // protocol does not define.
    if (spec.kind !== "request") {
      const message = 'Invalid Request: "' + name + '" is a notification, send it without an id';
      this.#sendError(idText, JsonRpcErrorCode.InvalidRequest, message);
      return;
    }
    const issue = validateSafely(spec.validateParams, params);
    if (issue !== undefined) {
      const data = { path: issue.path, expected: issue.expected, received: issue.received };
      this.#sendError(
        idText,
        JsonRpcErrorCode.InvalidParams,
        "Invalid params " + formatIssue(issue),
        data,
      );
      return;
    }
    if (this.#runningCount >= this.#maxRunningRequests) {
      const limit = String(this.#maxRunningRequests);
      this.#onProtocolError('Refused "' + name + '": ' + limit + " requests are running already");
      this.#sendError(
        idText,
        JsonRpcErrorCode.InternalError,
        "Server busy: " + limit + " requests are running already, try again later",
        { maxRunningRequests: this.#maxRunningRequests },
      );
      return;
    }
    if (!this.#ready) this.#ready = name === lifecycle!.readyAfter;
    this.#runRequest(entry, id as string | number, idText, name, params);
  }

  #runRequest(
    entry: IncomingMethod,
    id: string | number,
    idText: string,
    name: string,
    params: unknown,
  ): void {
    const spec = entry.spec;
    const request = new this.#RequestContext(
      id,
      name,
      idText,
      spec.resultByParams === undefined ? spec.validateResult : resultValidatorFor(spec, params),
    );
    request[CONTEXT_FIELDS] = this.#contextFields;
    const batch = this.#batch;
    if (batch !== undefined) {
      request.batch = batch;
      batch.open++;
    }
    this.#running.set(id, request);
    this.#runningCount++;
    let result: unknown;
    try {
      result = entry.handler(params, request);
    } catch (error) {
      this.#answerFailure(request, error);
      return;
    }
    // Whatever the handler returned, exactly one answer goes out: `then` is read once and called
    // with callbacks of which only the first call counts, and a `then` that throws (before or
    // after calling back) is a failure only if nothing was answered yet.
    let then: unknown;
    try {
      then =
        (typeof result === "object" && result !== null) || typeof result === "function"
          ? thenOf(result)
          : undefined;
    } catch (error) {
      this.#answerFailure(request, error); // a getter that throws, a revoked proxy
      return;
    }
    if (typeof then !== "function") {
      this.#answer(request, result);
      return;
    }
    try {
      (then as PromiseLike<unknown>["then"]).call(
        result,
        (value) => this.#answer(request, value),
        (error: unknown) => this.#answerFailure(request, error),
      );
    } catch (error) {
      this.#answerFailure(request, error);
    }
  }

  #runNotification(entry: IncomingMethod, name: string, params: unknown): void {
    try {
      const context = new this.#NotificationContext(name, this.#connectionAbort);
      context[CONTEXT_FIELDS] = this.#contextFields;
      const result = entry.handler(params, context);
      const then =
        (typeof result === "object" && result !== null) || typeof result === "function"
          ? thenOf(result)
          : undefined;
      if (typeof then === "function")
        (then as PromiseLike<unknown>["then"]).call(result, undefined, (error: unknown) =>
          this.#onHandlerError(error, name),
        );
    } catch (error) {
      this.#onHandlerError(error, name);
    }
  }

  #answer(request: IncomingRequest, value: unknown): void {
    if (!this.#finishRunning(request)) return;
    if (this.#closeReason !== undefined) return;
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      // A result JSON cannot carry: a cycle, a BigInt, a throwing getter or `toJSON`, a string
      // too long to build.
      this.#onHandlerError(error, request.method);
      this.#sendError(
        request.idText,
        JsonRpcErrorCode.InternalError,
        "Internal error",
        undefined,
        request,
      );
      return;
    }
    // The result goes out as it is (the caller checks it too), but this side says what is wrong
    // with it: the handler is here, and the caller may not log at all.
    // It is checked as the handler returned it, which is what JSON carries but for `toJSON`
    // methods and `undefined` members, so that no second copy of it is made.
    const validate = request.validateResult;
    if (validate !== undefined) {
      const issue = validateSafely(validate, value === undefined ? null : value);
      if (issue !== undefined)
        this.#onHandlerError(new ResultValidationError(request.method, issue), request.method);
    }
    this.#reply(
      '{"jsonrpc":"2.0","id":' + request.idText + ',"result":' + (json ?? "null") + "}",
      request,
    );
  }

  #answerFailure(request: IncomingRequest, error: unknown): void {
    if (!this.#finishRunning(request)) return;
    if (this.#closeReason !== undefined) return;
    if (isRpcError(error)) {
      // Read once, guarded: a subclass may have getters that throw.
      let code: unknown;
      let message: unknown;
      let data: unknown;
      try {
        code = error.code;
        message = error.message;
        data = error.data;
      } catch (readError) {
        this.#onHandlerError(readError, request.method);
        code = JsonRpcErrorCode.InternalError;
        message = "Internal error";
        data = undefined;
      }
      this.#sendError(
        request.idText,
        code as number,
        typeof message === "string" ? message : printable(message),
        data,
        request,
      );
      return;
    }
    // Whatever else went wrong stays on this side: the message or stack of an arbitrary error
    // may hold private details. A handler failing because its call was cancelled is expected.
    if (!request.aborted) this.#onHandlerError(error, request.method);
    this.#sendError(
      request.idText,
      JsonRpcErrorCode.InternalError,
      "Internal error",
      undefined,
      request,
    );
  }

  /** Marks the request answered; `false` when it already was (a handler's second settlement). */
  #finishRunning(request: IncomingRequest): boolean {
    if (request.answered) return false;
    request.answered = true;
    this.#runningCount--;
    // The other side may (wrongly) reuse an id while the first request still runs.
    if (this.#running.get(request.id) === request) this.#running.delete(request.id);
    return true;
  }

  #receiveCancel(params: unknown, cancellation: CancellationOptions): void {
    const id =
      typeof params === "object" && params !== null
        ? (params as Record<string, unknown>)[cancellation.idProperty]
        : undefined;
    if (typeof id !== "string" && typeof id !== "number") {
      this.#onProtocolError(
        'Dropped "' + cancellation.method + '": no request id in ' + cancellation.idProperty,
      );
      return;
    }
    // Unknown ids are normal: the answer may have crossed the cancellation on the wire.
    const request = this.#running.get(id);
    if (request !== undefined)
      request.abort(new CallCancelledError(request.method, "cancelled by the caller"));
  }

  /**
   * A progress notification: told to the pending call its token belongs to, if any (`true`). A
   * token of no pending call (late, of another caller, of the wrong type) is left to the method
   * table, like any notification (`false`).
   */
  #receiveProgress(params: unknown, progress: ProgressOptions): boolean {
    const token = valueAt(params, progress.tokenPath);
    if (typeof token !== "string" && typeof token !== "number") return false;
    const call = this.#pending.byProgressToken(token);
    if (call === undefined) return false;
    const validate = progress.validateParams;
    const issue = validate === undefined ? undefined : validateSafely(validate, params);
    if (issue !== undefined) {
      this.#onProtocolError(
        'Dropped "' +
          progress.method +
          '" for the pending call to "' +
          call.spec.name +
          '": invalid params ' +
          formatIssue(issue),
      );
      return true;
    }
    const report = call.progress!;
    if (report.resetTimeoutOnProgress) this.#pending.extend(call);
    const onProgress = report.onProgress;
    try {
      onProgress(params);
    } catch (error) {
      this.#onHandlerError(error, progress.method);
    }
    return true;
  }

  #receiveResponse(fields: MessageFields): void {
    const id = fields.id;
    const call = typeof id === "number" ? this.#pending.take(id) : undefined;
    if (call === undefined) {
      if (id === null) {
        // The other side could not read something this side sent, so could not tell which call.
        const error = fields.error as { message?: unknown } | null | undefined;
        const what = typeof error?.message === "string" ? error.message : "an error";
        this.#onProtocolError("The peer could not read a message from this side: " + what);
      } else {
        this.#onUnknownResponse(fields);
      }
      return;
    }
    const result = fields.result;
    const error = fields.error;
    if (fields.jsonrpc !== "2.0") {
      call.reject(
        new ResultValidationError(
          call.spec.name,
          envelopeIssue('"jsonrpc": "2.0"', describeValue(fields.jsonrpc)),
        ),
      );
    } else if (error === undefined) {
      if (result === undefined) {
        call.reject(
          new ResultValidationError(
            call.spec.name,
            envelopeIssue("a result or an error", "neither"),
          ),
        );
        return;
      }
      const validate = call.validateResult;
      const issue = validate === undefined ? undefined : validateSafely(validate, result);
      if (issue === undefined) call.resolve(result);
      else call.reject(new ResultValidationError(call.spec.name, issue));
    } else if (result !== undefined) {
      call.reject(
        new ResultValidationError(call.spec.name, envelopeIssue("a result or an error", "both")),
      );
    } else {
      const e = error as { code?: unknown; message?: unknown; data?: unknown } | null;
      if (
        typeof e !== "object" ||
        e === null ||
        !Number.isInteger(e.code) ||
        typeof e.message !== "string"
      ) {
        const issue = envelopeIssue(
          "an error object with an integer code and a string message",
          describeValue(error),
        );
        call.reject(new ResultValidationError(call.spec.name, issue));
      } else {
        call.reject(new RpcError(e.code as number, e.message, e.data));
      }
    }
  }

  // ---- Outgoing answers ----

  /**
   * Sends an error answer. `request` is the request it answers, when one is running (its batch,
   * if any, collects the answer); otherwise the answer goes to the batch being read, if any.
   */
  #sendError(
    idText: string,
    code: number,
    message: string,
    data?: unknown,
    request?: IncomingRequest,
  ): void {
    let dataText = "";
    if (data !== undefined) {
      try {
        dataText = JSON.stringify(data) ?? "";
      } catch {
        dataText = ""; // data JSON cannot carry: send the error without it
      }
    }
    this.#sendErrorText(idText, code, message, dataText, request);
  }

  /** {@link #sendError} with `data` already written as JSON (`""`: none). */
  #sendErrorText(
    idText: string,
    code: number,
    message: string,
    dataText: string,
    request?: IncomingRequest,
  ): void {
    if (!Number.isInteger(code)) code = JsonRpcErrorCode.InternalError;
    const dataMember = dataText === "" ? "" : ',"data":' + dataText;
    if (idText !== NULL_ID) {
      this.#lastErrorAnswer = {
        at: performance.now(),
        text: "request " + idText + " with " + String(code) + " " + quoteStart(message, 120),
      };
    }
    const text =
      '{"jsonrpc":"2.0","id":' +
      idText +
      ',"error":{"code":' +
      code +
      ',"message":' +
      JSON.stringify(message) +
      dataMember +
      "}}";
    if (request !== undefined) this.#reply(text, request);
    else if (this.#batch !== undefined) this.#batch.parts.push(text);
    else this.#transport.send(text);
  }

  /** Sends the answer to a running request, or adds it to the answers of its batch. */
  #reply(text: string, request: IncomingRequest): void {
    const batch = request.batch;
    if (batch === undefined) {
      this.#transport.send(text);
      return;
    }
    batch.parts.push(text);
    batch.open--;
    this.#flushBatch(batch);
  }

  #flushBatch(batch: BatchReply): void {
    if (!batch.sealed || batch.open !== 0 || batch.sent) return;
    batch.sent = true;
    // A batch of notifications (and answers) gets no answer at all.
    if (batch.parts.length > 0) this.#transport.send("[" + batch.parts.join(",") + "]");
  }

  readonly #failRequest = (id: number, error: Error): void => {
    this.#pending.take(id)?.reject(error);
  };

  readonly #sendCancel = (id: number, spec: MethodSpec): void => {
    if (this.#closeReason !== undefined) return;
    // A transport with an exchange per request ends it: that is how its other side learns.
    this.#transport.abandon?.(id);
    const cancellation = this.#cancellation;
    // Some requests must not be cancelled (a handshake): the caller only stops waiting.
    if (cancellation === undefined || spec.cancellable === false) return;
    this.#transport.send(
      '{"jsonrpc":"2.0","method":' +
        JSON.stringify(cancellation.method) +
        ',"params":{' +
        JSON.stringify(cancellation.idProperty) +
        ":" +
        id +
        "}}",
    );
  };

  // ---- Reporting ----

  readonly #reportHandlerError = (error: unknown, method: string): void => {
    this.#log.note(
      "handler",
      'jsonrpc: handler of "' + printable(method) + '" failed: ' + printable(error),
    );
  };

  readonly #reportUnknownResponse = (message: unknown): void => {
    let id: string;
    try {
      const text = JSON.stringify((message as MessageFields).id) ?? "undefined";
      id = text.length <= 40 ? text : text.slice(0, 40) + "…";
    } catch {
      id = "unreadable";
    }
    this.#log.note(
      "unknown-response",
      "jsonrpc: dropped an answer to no pending call (id " + id + ")",
    );
  };

  readonly #reportProtocolError = (description: string): void => {
    this.#log.note("protocol", "jsonrpc: " + description);
  };

  /** What a timeout message adds: an error this side answered while the call waited, if any. */
  readonly #timeoutNote = (startedAt: number): string | undefined => {
    const answer = this.#lastErrorAnswer;
    if (answer === undefined || answer.at < startedAt) return undefined;
    const ago = Math.round(performance.now() - answer.at);
    return (
      "meanwhile this side answered the peer's " + answer.text + ", " + String(ago) + " ms ago"
    );
  };

  // ---- Closing ----

  readonly #handleClose = (reason: CloseReason): void => {
    if (this.#closeReason !== undefined) return;
    this.#closeReason = reason;
    const error = new ConnectionClosedError(reason);
    this.#pending.rejectAll(error);
    const running = [...this.#running.values()];
    this.#running.clear();
    for (const request of running) request.abort(error);
    this.#connectionAbort.abort(error);
    this.#log.flush();
    this.#resolveClosed(reason);
  };
}

/** An abort signal made only when someone asks for it: most handlers never do. */
class LazyAbort {
  #controller: AbortController | undefined = undefined;
  #aborted = false;
  #reason: unknown = undefined;

  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort(this.#reason);
    }
    return this.#controller.signal;
  }

  get aborted(): boolean {
    return this.#aborted;
  }

  abort(reason: unknown): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#reason = reason;
    this.#controller?.abort(reason);
  }
}

/** A request from the other side while its handler runs; also the handler's context. */
class IncomingRequest extends LazyAbort implements RequestContext {
  readonly id: string | number;
  readonly method: string;
  /** The id as written in the answer. */
  readonly idText: string;
  /** The method's result validator, to say on this side what is wrong with a bad result. */
  readonly validateResult: Validate | undefined;
  /** The batch the request came in, whose answers go back together. */
  batch: BatchReply | undefined = undefined;
  /** Set by the first answer: a handler's later settlements are ignored. */
  answered = false;
  /** What the getters of `setContextFields` read. */
  [CONTEXT_FIELDS]: Readonly<Record<string, unknown>> = NO_FIELDS;

  constructor(
    id: string | number,
    method: string,
    idText: string,
    validateResult: Validate | undefined,
  ) {
    super();
    this.id = id;
    this.method = method;
    this.idText = idText;
    this.validateResult = validateResult;
  }
}

/** The answers to one incoming batch, sent as one array when the last of its requests is answered. */
class BatchReply {
  readonly parts: string[] = [];
  /** Requests of the batch still running. */
  open = 0;
  /** Every member of the batch has been read. */
  sealed = false;
  sent = false;
}

/** The context of a notification handler: its signal is the connection's. */
class IncomingNotification implements NotificationContext {
  readonly method: string;
  readonly #connection: LazyAbort;
  /** What the getters of `setContextFields` read. */
  [CONTEXT_FIELDS]: Readonly<Record<string, unknown>> = NO_FIELDS;

  constructor(method: string, connection: LazyAbort) {
    this.method = method;
    this.#connection = connection;
  }

  get signal(): AbortSignal {
    return this.#connection.signal;
  }
}

/** Context classes whose prototypes have getters for these field names, by the names. */
const contextClassCache = new Map<
  string,
  { request: typeof IncomingRequest; notification: typeof IncomingNotification }
>();

function contextClasses(names: readonly string[]): {
  request: typeof IncomingRequest;
  notification: typeof IncomingNotification;
} {
  const key = JSON.stringify(names);
  let classes = contextClassCache.get(key);
  if (classes === undefined) {
    classes = {
      request: class extends IncomingRequest {},
      notification: class extends IncomingNotification {},
    };
    for (const name of names) {
      const getter = {
        get(this: { [CONTEXT_FIELDS]: Readonly<Record<string, unknown>> }): unknown {
          return this[CONTEXT_FIELDS][name];
        },
        enumerable: true,
        configurable: true,
      };
      Object.defineProperty(classes.request.prototype, name, getter);
      Object.defineProperty(classes.notification.prototype, name, getter);
    }
    contextClassCache.set(key, classes);
  }
  return classes;
}

/** What makes a message with a `method` member an invalid request, if anything. */
function envelopeProblem(fields: MessageFields, method: unknown, id: unknown): string | undefined {
  if (fields.jsonrpc !== "2.0") return 'jsonrpc must be "2.0"';
  if (typeof method !== "string") return "method must be a string";
  if (typeof id === "number" && !Number.isInteger(id)) return "id must be a string or an integer";
  if (fields.result !== undefined || fields.error !== undefined)
    return "a request has no result or error";
  return undefined;
}

/**
 * A copy of `params` with `token` at `path` (objects on the way that are absent are created; the
 * caller's objects are not changed), or why it cannot be put there.
 */
function paramsWithToken(
  params: unknown,
  path: readonly string[],
  token: string | number,
): { params: unknown } | string {
  const put = (value: unknown, depth: number): unknown => {
    const where = "/" + path.slice(0, depth).join("/");
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return "params at " + (depth === 0 ? "the top" : '"' + where + '"') + " are not an object";
    const name = path[depth]!;
    const current = Object.hasOwn(value, name)
      ? (value as Record<string, unknown>)[name]
      : undefined;
    let next: unknown = token;
    if (depth === path.length - 1) {
      if (current !== undefined)
        return (
          'params already hold a progress token at "' +
          where +
          (depth === 0 ? "" : "/") +
          name +
          '": leave it out when passing onProgress'
        );
    } else {
      next = put(current === undefined ? {} : current, depth + 1);
      if (typeof next === "string") return next;
    }
    const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
    // Defined, not assigned, so that a name such as "__proto__" stays a plain property.
    Object.defineProperty(copy, name, {
      value: next,
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return copy;
  };
  const result = put(params === undefined ? {} : params, 0);
  return typeof result === "string" ? result : { params: result };
}

function paramsMember(params: unknown): string {
  // Params are optional in JSON-RPC; `undefined` cannot be written, so it is left out.
  return params === undefined ? "" : ',"params":' + JSON.stringify(params);
}

function envelopeIssue(expected: string, received: string): ValidationIssue {
  return { path: "$", expected, received };
}

/** Reads `then` of a value that may be hostile (it may throw: the caller handles that). */
function thenOf(value: object): unknown {
  return (value as { then?: unknown }).then;
}

/** `instanceof RpcError`, which throws for a revoked proxy: that one is not an `RpcError`. */
function isRpcError(error: unknown): error is RpcError {
  try {
    return error instanceof RpcError;
  } catch {
    return false;
  }
}

/** Runs a validator; one that throws (too deep a value for the stack) finds an issue at `$`. */
function validateSafely(validate: Validate, value: unknown): ValidationIssue | undefined {
  try {
    return validate(value);
  } catch (error) {
    return {
      path: "$",
      expected: "a value the validator can check",
      received: "a value it failed on (" + printable(error) + ")",
    };
  }
}

function isMethodSpec(spec: unknown, kind: MethodSpec["kind"]): spec is MethodSpec {
  return (
    typeof spec === "object" &&
    spec !== null &&
    typeof (spec as MethodSpec).name === "string" &&
    (spec as MethodSpec).kind === kind
  );
}

function notAMethod(spec: unknown, kind: MethodSpec["kind"]): TypeError {
  const what =
    typeof spec === "object" && spec !== null && typeof (spec as MethodSpec).name === "string"
      ? '"' + (spec as MethodSpec).name + '" is not a ' + kind
      : "no method was given (" + printable(spec) + ")";
  return new TypeError("Cannot send a " + kind + ": " + what);
}

function withDefaultTimeout(
  options: ProgressCallOptions | undefined,
  timeoutMs: number | undefined,
): ProgressCallOptions | undefined {
  if (options === undefined) return timeoutMs === undefined ? undefined : { timeoutMs };
  if (options.timeoutMs !== undefined || timeoutMs === undefined) return options;
  return { ...options, timeoutMs };
}

/** The `data` of a "not ready" error: what the other side must send first. */
function notReadyData(lifecycle: LifecycleOptions): string {
  const first = [...lifecycle.allowedBefore].filter((name) => name !== lifecycle.readyAfter);
  const steps = [...first, lifecycle.readyAfter].map((name) => '"' + name + '"').join(", then ");
  return JSON.stringify({
    reason: "the connection is not ready: send " + steps + " first",
    allowedBefore: first,
    readyAfter: lifecycle.readyAfter,
  });
}

/** A hook wrapped so that it cannot throw into the engine. */
function guarded<A extends unknown[]>(hook: (...args: A) => void): (...args: A) => void {
  return (...args) => {
    try {
      hook(...args);
    } catch {
      // The hook's own failure is the application's to notice; the connection goes on.
    }
  };
}

function noop(): void {}
