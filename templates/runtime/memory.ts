// Two transports joined back to back in one process: for tests and examples, where running the two
// sides of a protocol in one process is simplest. Messages cross asynchronously, as on a real wire,
// so a test sees the same interleavings a real connection would allow.

import type { Transport } from "./transport.js";
import { TransportBase } from "./transport-base.js";

/** A connected pair: what one sends, the other receives. Closing one ends the other. */
export function memoryTransportPair(): [Transport, Transport] {
  const a = new MemoryTransport();
  const b = new MemoryTransport();
  a.other = b;
  b.other = a;
  return [a, b];
}

class MemoryTransport extends TransportBase {
  other: MemoryTransport | undefined = undefined;
  #inbox: string[] = [];
  #deliveryScheduled = false;
  #endAfterInbox = false;

  send(message: string): void {
    if (this.closeReason !== undefined) return;
    this.other?.receive(message);
  }

  close(): Promise<void> {
    if (this.closeReason === undefined) {
      this.finish({ kind: "closed" });
      this.other?.endAfterInbox();
    }
    return Promise.resolve();
  }

  receive(message: string): void {
    this.#inbox.push(message);
    this.#scheduleDelivery();
  }

  /** The other side closed: deliver what it sent before, then end. */
  endAfterInbox(): void {
    this.#endAfterInbox = true;
    this.#scheduleDelivery();
  }

  #scheduleDelivery(): void {
    if (this.#deliveryScheduled) return;
    this.#deliveryScheduled = true;
    // One task per batch of messages, not per message.
    queueMicrotask(this.#deliverInbox);
  }

  readonly #deliverInbox = (): void => {
    this.#deliveryScheduled = false;
    const inbox = this.#inbox;
    this.#inbox = [];
    for (let i = 0; i < inbox.length; i++) this.deliver(inbox[i]!);
    if (this.#endAfterInbox) this.finish({ kind: "ended" });
  };
}
