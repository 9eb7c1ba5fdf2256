// Timeouts for many calls with one timer.
//
// A timer per call (setTimeout, then clearTimeout when the answer comes) costs more than the rest
// of a round trip's bookkeeping together. Calls of one connection nearly always share one timeout,
// so their deadlines come in order: a list sorted by deadline takes new entries at its tail, drops
// answered ones from anywhere, and needs a single timer, set for the earliest deadline.

// The longest delay setTimeout honours (about 24.8 days): longer ones would fire at once. A far
// deadline is reached in several such steps.
const MAX_TIMER_DELAY_MS = 2_147_483_647;

/** Something with a deadline; the queue keeps its links in it, so that nothing else is allocated. */
export interface DeadlineEntry {
  /** When it expires, in `performance.now()` milliseconds. */
  deadline: number;
  previousByDeadline: DeadlineEntry | undefined;
  nextByDeadline: DeadlineEntry | undefined;
  /** Called when the deadline has passed and the entry is still queued (it has been removed by then). */
  expire(): void;
}

/** Entries ordered by deadline, expired by a single timer. */
export class DeadlineQueue {
  #first: DeadlineEntry | undefined = undefined;
  #last: DeadlineEntry | undefined = undefined;
  #timer: ReturnType<typeof setTimeout> | undefined = undefined;
  // When the timer will fire; a new first entry due earlier needs it moved.
  #timerAt = Infinity;
  // Whether the timer keeps the process alive: while an entry waits, it must, or a process whose
  // only work is a call with a timeout would exit without the call ever settling.
  #timerHeld = false;

  /** Queues an entry to expire `timeoutMs` from now. */
  add(entry: DeadlineEntry, timeoutMs: number): void {
    const deadline = performance.now() + timeoutMs;
    entry.deadline = deadline;
    // Walk back from the tail to the entry's place: no steps at all when timeouts are equal.
    let before = this.#last;
    while (before !== undefined && before.deadline > deadline) before = before.previousByDeadline;
    const after = before === undefined ? this.#first : before.nextByDeadline;
    entry.previousByDeadline = before;
    entry.nextByDeadline = after;
    if (before === undefined) this.#first = entry;
    else before.nextByDeadline = entry;
    if (after === undefined) this.#last = entry;
    else after.previousByDeadline = entry;
    if (deadline < this.#timerAt) this.#arm(deadline);
    else if (!this.#timerHeld) this.#hold(true);
  }

  /**
   * Takes an entry out of the queue (its call was settled). The timer stays: when it fires, it
   * finds nothing due and is set again for the new first entry, which is cheaper than moving it
   * for every call.
   */
  remove(entry: DeadlineEntry): void {
    const before = entry.previousByDeadline;
    if (before === undefined && this.#first !== entry) return; // not queued (any more)
    const after = entry.nextByDeadline;
    if (before === undefined) this.#first = after;
    else before.nextByDeadline = after;
    if (after === undefined) this.#last = before;
    else after.previousByDeadline = before;
    entry.previousByDeadline = undefined;
    entry.nextByDeadline = undefined;
    // Nothing waits any more: the timer may stay, but must not keep the process alive.
    if (this.#first === undefined && this.#timerHeld) this.#hold(false);
  }

  /** Empties the queue without expiring anything (the connection closed). */
  clear(): void {
    this.#first = undefined;
    this.#last = undefined;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#timerAt = Infinity;
    this.#timerHeld = false;
  }

  #arm(at: number): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timerAt = at;
    const delay = Math.min(Math.max(0, Math.ceil(at - performance.now())), MAX_TIMER_DELAY_MS);
    this.#timer = setTimeout(this.#fire, delay);
    this.#timerHeld = true;
  }

  /**
   * The timer outlives the calls it was set for (it is not cleared when they are answered): it
   * keeps the process alive only while some entry waits. Both are cheap flag changes in Node.
   */
  #hold(held: boolean): void {
    this.#timerHeld = held;
    const timer = this.#timer as { ref?: () => void; unref?: () => void } | undefined;
    if (timer === undefined) return;
    if (held) timer.ref?.();
    else timer.unref?.();
  }

  readonly #fire = (): void => {
    this.#timer = undefined;
    this.#timerAt = Infinity;
    this.#timerHeld = false;
    const now = performance.now();
    let entry = this.#first;
    while (entry !== undefined && entry.deadline <= now) {
      this.remove(entry);
      entry.expire();
      entry = this.#first;
    }
    if (entry !== undefined) this.#arm(entry.deadline);
  };
}
