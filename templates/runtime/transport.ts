// The one thing the connection engine needs from a transport: move whole JSON texts both ways and
// say when (and why) that stopped. Framing (newlines, HTTP bodies, server-sent events) is the
// transport's business, so a new transport never touches the engine.

/** Why a connection closed. Shown to callers through `ConnectionClosedError`. */
export type CloseReason =
  /** The other side ended its stream: the normal end of a connection. */
  | { readonly kind: "ended" }
  /** This side closed the connection (`close()` was called). */
  | { readonly kind: "closed" }
  /** Reading or writing failed. */
  | { readonly kind: "error"; readonly error: unknown }
  /** The peer is a child process, and it exited: with `code`, or killed by `signal`. */
  | { readonly kind: "exit"; readonly code: number | null; readonly signal: string | null };

/**
 * A message channel carrying one JSON text per message.
 *
 * Rules every transport follows, which the engine relies on:
 * - messages are delivered whole and in order, one `onMessage` call per message;
 * - `onClose` listeners are called exactly once, after the last message, and a listener added after
 *   the close is still called (soon after, not synchronously), so no one misses the news;
 * - `send` after the close does nothing (the engine has already failed the calls by then).
 */
export interface Transport {
  /** Sends one JSON text. Never blocks: a transport queues what it cannot write yet. */
  send(message: string): void;
  /** Registers the receiver of incoming JSON texts. */
  onMessage(listener: (message: string) => void): void;
  /** Registers a listener told once why the transport closed. */
  onClose(listener: (reason: CloseReason) => void): void;
  /** Closes the transport: flushes what was queued, ends the output, stops reading. */
  close(): Promise<void>;
  /**
   * Optional, for transports that carry each request on an exchange of its own (HTTP): told that
   * this side gave up on its request `id` (it timed out or was cancelled), so that the exchange
   * can be ended, which tells the other side.
   */
  abandon?(id: number): void;
  /**
   * Optional, for the same transports: registers the receiver of failures of single requests.
   * The transport calls it when request `id` will never be answered (its exchange broke), and
   * the connection rejects that call with `error`.
   */
  onRequestFailed?(listener: (id: number, error: Error) => void): void;
  /**
   * Registers a listener told, with a short description, of each incoming message the transport
   * dropped before delivering it (a line over the length limit), so that the engine can answer
   * it with an error. Optional: a transport that never drops anything need not have it.
   */
  onDropped?(listener: (description: string) => void): void;
}

/** The reason as a short phrase for messages: "peer process exited with code 1". */
export function describeCloseReason(reason: CloseReason): string {
  switch (reason.kind) {
    case "ended":
      return "the peer ended the connection";
    case "closed":
      return "the connection was closed by this side";
    case "error":
      return "the transport failed: " + errorText(reason.error);
    case "exit":
      if (reason.signal !== null) return "peer process was killed by signal " + reason.signal;
      return "peer process exited with code " + String(reason.code);
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
