// Node.js transports: JSON texts over streams, over this process's own stdin/stdout, and over the
// pipes of a spawned child process, framed as newline-delimited JSON or with `Content-Length`
// headers (the Language Server Protocol's base protocol). Everything that needs Node lives here.
/// <reference types="node" />

import { spawn } from "node:child_process";
import type { ChildProcess, SpawnOptions } from "node:child_process";
import type { Readable, Writable } from "node:stream";
import { ContentLengthDecoder } from "./content-length.js";
import type { ContentLengthDecoderOptions } from "./content-length.js";
import { LineDecoder } from "./ndjson.js";
import type { LineDecoderOptions } from "./ndjson.js";
import type { CloseReason } from "./transport.js";
import { TransportBase } from "./transport-base.js";

/** The default {@link StreamTransportOptions.pauseReadingAbove}: 1 MiB. */
export const DEFAULT_PAUSE_READING_ABOVE: number = 1024 * 1024;
/** The default {@link StreamTransportOptions.maxQueuedBytes}: 128 MiB. */
export const DEFAULT_MAX_QUEUED_BYTES: number = 128 * 1024 * 1024;

/**
 * How messages are cut from a byte stream and written to it: `"ndjson"`, one JSON text per line;
 * `"content-length"`, each JSON text after a `Content-Length: N` header and an empty line.
 */
export type Framing = "ndjson" | "content-length";

/**
 * The options of a stream's framing: its kind (default `"ndjson"`), the limits of each, and the
 * `onError` told of dropped messages.
 */
export interface FramingOptions
  extends LineDecoderOptions, Omit<ContentLengthDecoderOptions, "onError"> {
  /** How messages are framed. Default: `"ndjson"`. */
  readonly framing?: Framing;
}

/** Options of {@link streamTransport}. */
export interface StreamTransportOptions extends FramingOptions {
  /** Whether `close()` ends the writable stream. Default: true. */
  readonly endOutputOnClose?: boolean;
  /**
   * Reading stops while the writable is full and more than this much waits to be written, and
   * starts again once it drains: a peer that sends requests but does not read the answers is
   * made to wait, instead of this side buffering the answers without bound. Default: 1 MiB.
   */
  readonly pauseReadingAbove?: number;
  /**
   * The most that may wait to be written while the writable is full (text not yet handed to the
   * stream, in UTF-16 code units, plus the stream's own buffer). Past it the transport closes
   * with an error saying so: the peer has stopped reading. Default: 128 MiB.
   */
  readonly maxQueuedBytes?: number;
}

/**
 * JSON texts over a pair of Node streams: one per line (NDJSON), or each after a
 * `Content-Length` header, as `options.framing` says.
 *
 * Writes respect backpressure: when the writable's buffer is full, messages wait in this transport
 * until it drains. Messages sent in the same tick go out in one `write()`, which costs far less
 * than one write each when many calls are in flight.
 */
export class StreamTransport extends TransportBase {
  readonly #input: Readable;
  readonly #output: Writable;
  readonly #decoder: LineDecoder | ContentLengthDecoder;
  readonly #contentLength: boolean;
  readonly #endOutputOnClose: boolean;
  readonly #pauseReadingAbove: number;
  readonly #maxQueuedBytes: number;
  // Lines sent but not yet written, already joined.
  #outbox = "";
  #flushScheduled = false;
  #waitingForDrain = false;
  #reading = false;
  // Reading is paused until the output drains.
  #pausedForOutput = false;
  #droppedListeners: Array<(description: string) => void> = [];
  #closing: Promise<void> | undefined = undefined;

  constructor(input: Readable, output: Writable, options: StreamTransportOptions = {}) {
    super();
    this.#input = input;
    this.#output = output;
    this.#endOutputOnClose = options.endOutputOnClose ?? true;
    this.#pauseReadingAbove = options.pauseReadingAbove ?? DEFAULT_PAUSE_READING_ABOVE;
    this.#maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    // A message dropped (too long) is told to the `onError` given, else to the engine (which
    // answers it), else noted on stderr.
    const onError = options.onError;
    const decoderOptions = {
      ...options,
      onError: (description: string) => {
        if (onError !== undefined) onError(description);
        else if (this.#droppedListeners.length > 0)
          for (const listener of this.#droppedListeners) listener(description);
        else console.error("jsonrpc: " + description);
      },
    };
    const framing = options.framing ?? "ndjson";
    if (framing !== "ndjson" && framing !== "content-length")
      throw new TypeError('Unknown framing "' + String(framing) + '" (ndjson or content-length)');
    this.#contentLength = framing === "content-length";
    this.#decoder = this.#contentLength
      ? new ContentLengthDecoder(this.#deliverLine, this.#onMalformed, decoderOptions)
      : new LineDecoder(this.#deliverLine, decoderOptions);
    output.on("error", this.#onOutputError);
  }

  override onMessage(listener: (message: string) => void): void {
    super.onMessage(listener);
    // Reading starts with the first listener, so that no message arrives before anyone listens.
    if (!this.#reading && this.closeReason === undefined) {
      this.#reading = true;
      // Lines are cut from text; Content-Length counts bytes, so those chunks stay bytes.
      if (!this.#contentLength) this.#input.setEncoding("utf8");
      this.#input.on("data", this.#onData);
      this.#input.on("end", this.#onEnd);
      this.#input.on("close", this.#onEnd);
      this.#input.on("error", this.#onInputError);
    }
  }

  onDropped(listener: (description: string) => void): void {
    this.#droppedListeners.push(listener);
  }

  send(message: string): void {
    if (this.closeReason !== undefined) return;
    this.#outbox += this.#contentLength
      ? "Content-Length: " + String(Buffer.byteLength(message, "utf8")) + "\r\n\r\n" + message
      : message + "\n";
    if (this.#waitingForDrain) {
      this.#checkQueue();
    } else if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(this.#flush);
    }
  }

  /** While the output is blocked: pauses reading, or gives up when too much waits. */
  #checkQueue(): void {
    const queued = this.#outbox.length + this.#output.writableLength;
    if (queued > this.#maxQueuedBytes) {
      const limit = String(this.#maxQueuedBytes);
      this.closeWith({
        kind: "error",
        error: new Error(
          "the peer does not read: more than " + limit + " bytes wait to be written to it",
        ),
      });
    } else if (queued > this.#pauseReadingAbove && this.#reading && !this.#pausedForOutput) {
      this.#pausedForOutput = true;
      this.#input.pause();
    }
  }

  close(): Promise<void> {
    if (this.#closing !== undefined) return this.#closing;
    this.#stopReading();
    this.finish({ kind: "closed" });
    // What was sent before the close still goes out: the writable buffers it even while full.
    const rest = this.#outbox;
    this.#outbox = "";
    const output = this.#output;
    this.#closing = new Promise<void>((resolve) => {
      if (output.destroyed || output.writableEnded) resolve();
      else if (this.#endOutputOnClose) output.end(rest, () => resolve());
      else if (rest.length > 0) output.write(rest, () => resolve());
      else resolve();
    });
    return this.#closing;
  }

  /** The input ended. A stream transport closes; a child process transport waits for the exit. */
  protected inputEnded(): void {
    this.finish({ kind: "ended" });
  }

  /** Writing failed. A child process transport ignores this: the exit that follows says more. */
  protected outputFailed(error: unknown): void {
    this.finish({ kind: "error", error });
  }

  /** Closes with this reason and stops reading. */
  protected closeWith(reason: CloseReason): void {
    this.#stopReading();
    this.#outbox = "";
    this.finish(reason);
  }

  #stopReading(): void {
    if (!this.#reading) return;
    this.#reading = false;
    this.#pausedForOutput = false;
    this.#input.off("data", this.#onData);
    this.#input.off("end", this.#onEnd);
    this.#input.off("close", this.#onEnd);
    // An error listener stays, so that a late stream error cannot crash the process.
    this.#input.pause();
  }

  readonly #deliverLine = (line: string): void => {
    this.deliver(line);
  };

  /** A header that cannot be read: where the next message starts is lost, so the stream closes. */
  readonly #onMalformed = (description: string): void => {
    this.closeWith({ kind: "error", error: new Error(description) });
  };

  readonly #onData = (chunk: string | Uint8Array): void => {
    this.#decoder.push(chunk);
  };

  readonly #onEnd = (): void => {
    if (!this.#reading) return;
    this.#decoder.end();
    this.#stopReading();
    this.inputEnded();
  };

  readonly #onInputError = (error: unknown): void => {
    if (this.closeReason !== undefined) return;
    this.#stopReading();
    this.finish({ kind: "error", error });
  };

  readonly #onOutputError = (error: unknown): void => {
    if (this.closeReason !== undefined) return;
    this.outputFailed(error);
  };

  readonly #flush = (): void => {
    this.#flushScheduled = false;
    if (this.#waitingForDrain || this.#outbox.length === 0 || this.closeReason !== undefined)
      return;
    const chunk = this.#outbox;
    this.#outbox = "";
    if (!this.#output.write(chunk)) {
      // Full: keep further messages here until the writable asks for more.
      this.#waitingForDrain = true;
      this.#output.once("drain", this.#onDrain);
      this.#checkQueue();
    }
  };

  readonly #onDrain = (): void => {
    this.#waitingForDrain = false;
    this.#flush();
    if (!this.#waitingForDrain && this.#pausedForOutput) {
      this.#pausedForOutput = false;
      if (this.#reading) this.#input.resume();
    }
  };
}

/**
 * JSON texts over a readable and a writable stream (a socket, a pipe, a pair of PassThroughs),
 * framed as NDJSON unless `options.framing` says `"content-length"`.
 */
export function streamTransport(
  input: Readable,
  output: Writable,
  options: StreamTransportOptions = {},
): StreamTransport {
  return new StreamTransport(input, output, options);
}

/** Options of {@link stdioTransport}: the framing and its limits, and the output's. */
export type StdioTransportOptions = Omit<StreamTransportOptions, "endOutputOnClose">;

/**
 * JSON texts over this process's stdin and stdout, for a server spawned by its client. It closes
 * when stdin ends. The runtime writes nothing else to stdout (its notes go to stderr), and
 * neither should the application: one stray `console.log` corrupts the stream.
 */
export function stdioTransport(options: StdioTransportOptions = {}): StreamTransport {
  // stdout stays open on close: it belongs to the process, not to the connection.
  return new StreamTransport(process.stdin, process.stdout, {
    ...options,
    endOutputOnClose: false,
  });
}

/** Options of {@link spawnTransport}. */
export interface SpawnTransportOptions extends StdioTransportOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** The child's stderr: shared with this process (default), piped (read `child.stderr`) or ignored. */
  readonly stderr?: "inherit" | "pipe" | "ignore";
  /** How long `close()` waits for the child to exit after its stdin closed before SIGTERM, and again before SIGKILL. Default: 5000 ms. */
  readonly exitTimeoutMs?: number;
}

/** How a child process ended. */
export interface ProcessExit {
  readonly code: number | null;
  readonly signal: string | null;
}

/**
 * JSON texts over the stdin and stdout of a child process, framed as `options.framing` says. It closes when the child exits, with the
 * exit code or signal as the reason; `close()` closes the child's stdin, which asks it to exit.
 */
export class ChildProcessTransport extends StreamTransport {
  /** The child, for signals and its pid. */
  readonly child: ChildProcess;
  /** Settles when the child has exited (or could not be started: then code and signal are null). */
  readonly exited: Promise<ProcessExit>;
  readonly #exitTimeoutMs: number;

  constructor(child: ChildProcess, options: SpawnTransportOptions = {}) {
    if (child.stdin === null || child.stdout === null) {
      throw new TypeError("The child process needs piped stdin and stdout");
    }
    super(child.stdout, child.stdin, options);
    this.child = child;
    this.#exitTimeoutMs = options.exitTimeoutMs ?? 5000;
    this.exited = new Promise<ProcessExit>((resolve) => {
      // "close" comes after the child's output has been read to its end, so no answer is lost.
      child.once("close", (code: number | null, signal: NodeJS.Signals | null) => {
        this.closeWith({ kind: "exit", code, signal });
        resolve({ code, signal });
      });
      child.once("error", (error: unknown) => {
        // The child could not be started (or signalled); when it never ran, no "close" follows.
        this.closeWith({ kind: "error", error });
        if (child.pid === undefined) resolve({ code: null, signal: null });
      });
    });
  }

  protected override inputEnded(): void {
    // Wait for the exit, which carries the code or signal.
  }

  protected override outputFailed(): void {
    // Writing to a child that died fails (EPIPE); its exit is the better reason, and comes next.
  }

  /** Closes the child's stdin, then resolves once it has exited (sending SIGTERM, then SIGKILL, if it lingers). */
  override close(): Promise<void> {
    const flushed = super.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return flushed;
    // Ask politely (stdin closed), then SIGTERM, then SIGKILL: close() must not wait forever
    // on a child that ignores the first two.
    const terminate = setTimeout(() => {
      this.child.kill("SIGTERM");
      kill = setTimeout(() => this.child.kill("SIGKILL"), this.#exitTimeoutMs);
    }, this.#exitTimeoutMs);
    let kill: ReturnType<typeof setTimeout> | undefined;
    return Promise.all([flushed, this.exited]).then(() => {
      clearTimeout(terminate);
      clearTimeout(kill);
    });
  }
}

/**
 * Spawns `command` with piped stdin and stdout and talks to it, in NDJSON unless
 * `options.framing` says `"content-length"`. The child's stderr is
 * shared with this process unless `options.stderr` says otherwise.
 */
export function spawnTransport(
  command: string,
  args: readonly string[] = [],
  options: SpawnTransportOptions = {},
): ChildProcessTransport {
  const spawnOptions: SpawnOptions = { stdio: ["pipe", "pipe", options.stderr ?? "inherit"] };
  if (options.cwd !== undefined) spawnOptions.cwd = options.cwd;
  if (options.env !== undefined) spawnOptions.env = options.env;
  return new ChildProcessTransport(spawn(command, args, spawnOptions), options);
}
