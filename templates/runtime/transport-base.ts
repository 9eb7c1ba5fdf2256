// The bookkeeping every transport needs, so that each one keeps the `Transport` rules the same way:
// listeners, delivery in order, and a close that is reported exactly once, even to latecomers.

import type { CloseReason, Transport } from "./transport.js";

/** A base for transports: subclasses write `send` and `close`, and call `deliver` and `finish`. */
export abstract class TransportBase implements Transport {
  #messageListeners: Array<(message: string) => void> = [];
  #closeListeners: Array<(reason: CloseReason) => void> = [];
  #closeReason: CloseReason | undefined = undefined;

  abstract send(message: string): void;
  abstract close(): Promise<void>;

  onMessage(listener: (message: string) => void): void {
    this.#messageListeners.push(listener);
  }

  onClose(listener: (reason: CloseReason) => void): void {
    const reason = this.#closeReason;
    if (reason === undefined) {
      this.#closeListeners.push(listener);
    } else {
      // Already closed: still tell the listener, but not from inside the call that registers it.
      queueMicrotask(() => listener(reason));
    }
  }

  /** Why the transport closed, or `undefined` while it is open. */
  get closeReason(): CloseReason | undefined {
    return this.#closeReason;
  }

  /** Hands one incoming JSON text to the listeners. Ignored once closed. */
  protected deliver(message: string): void {
    if (this.#closeReason !== undefined) return;
    const listeners = this.#messageListeners;
    for (let i = 0; i < listeners.length; i++) listeners[i]!(message);
  }

  /** Marks the transport closed and tells the listeners; only the first call counts. */
  protected finish(reason: CloseReason): void {
    if (this.#closeReason !== undefined) return;
    this.#closeReason = reason;
    const listeners = this.#closeListeners;
    this.#closeListeners = [];
    this.#messageListeners = [];
    for (const listener of listeners) listener(reason);
  }
}
