// How the runtime writes its own notes (on stderr, by default) without ever failing and without
// letting a hostile peer flood the log: every value is printed defensively and cut to a bounded
// length, and each kind of note is rate-limited, the rest counted and summarized.

/** The longest text a note quotes from a value or a line, in characters. */
export const MAX_QUOTE_LENGTH = 200;
/** The longest line a {@link QuietLog} writes, in characters. */
const MAX_LINE_LENGTH = 1000;

/**
 * A value as one bounded line for a log, whatever it is: an `Error` shows its name and message,
 * anything else its string form. Never throws: objects without a prototype, getters and
 * `toString` methods that throw, and revoked proxies all give a placeholder instead.
 */
export function printable(value: unknown): string {
  let text: string;
  try {
    text = value instanceof Error ? errorText(value) : String(value);
  } catch {
    text = fallbackText(value);
  }
  return bounded(text.split("\n").join(" "), MAX_QUOTE_LENGTH);
}

/** The start of a text, quoted as a JSON string, with its full length when it was cut. */
export function quoteStart(text: string, maxLength: number = MAX_QUOTE_LENGTH): string {
  if (text.length <= maxLength) return JSON.stringify(text);
  return JSON.stringify(text.slice(0, maxLength)) + "… (" + String(text.length) + " characters)";
}

function errorText(error: Error): string {
  const name = readString(() => error.name) ?? "Error";
  const message = readString(() => error.message);
  return message === undefined ? name + " (its message cannot be read)" : name + ": " + message;
}

function readString(read: () => unknown): string | undefined {
  try {
    const value = read();
    return typeof value === "string" ? value : String(value);
  } catch {
    return undefined;
  }
}

function fallbackText(value: unknown): string {
  try {
    if (typeof value === "object" && value !== null) {
      const prototype: unknown = Object.getPrototypeOf(value);
      return prototype === null
        ? "an object without a prototype"
        : "an object that cannot be printed";
    }
  } catch {
    // A revoked proxy throws even on getPrototypeOf.
  }
  return "a value that cannot be printed";
}

function bounded(text: string, maxLength: number): string {
  return text.length <= maxLength ? text : text.slice(0, maxLength) + "…";
}

/** Options of a {@link QuietLog}. */
export interface QuietLogOptions {
  /** Where lines go. Default: `console.error`. */
  readonly write?: (line: string) => void;
  /** How many notes of one kind are written per window before the rest are only counted. Default: 10. */
  readonly burst?: number;
  /** The length of a window, in milliseconds. Default: 10,000. */
  readonly windowMs?: number;
}

interface KindState {
  windowStart: number;
  written: number;
  suppressed: number;
}

/**
 * A rate-limited log: per kind of note, the first `burst` notes of each window are written, the
 * others are counted, and one summary line per kind says how many were left out. A peer that sends
 * 100,000 bad messages costs a few lines, not 100,000.
 */
export class QuietLog {
  readonly #write: (line: string) => void;
  readonly #burst: number;
  readonly #windowMs: number;
  readonly #kinds = new Map<string, KindState>();
  #summaryTimer: ReturnType<typeof setTimeout> | undefined = undefined;

  constructor(options: QuietLogOptions = {}) {
    this.#write = options.write ?? writeToStderr;
    this.#burst = options.burst ?? 10;
    this.#windowMs = options.windowMs ?? 10_000;
  }

  /** Writes `line`, unless too many notes of `kind` were written in the current window. */
  note(kind: string, line: string): void {
    const now = Date.now();
    let state = this.#kinds.get(kind);
    if (state === undefined) {
      state = { windowStart: now, written: 0, suppressed: 0 };
      this.#kinds.set(kind, state);
    } else if (now - state.windowStart >= this.#windowMs) {
      this.#summarize(kind, state);
      state.windowStart = now;
      state.written = 0;
    }
    if (state.written < this.#burst) {
      state.written++;
      // A line may quote what the peer sent (a method name): it is cut, to keep notes short.
      this.#safeWrite(bounded(line, MAX_LINE_LENGTH));
      return;
    }
    state.suppressed++;
    if (this.#summaryTimer === undefined) {
      this.#summaryTimer = setTimeout(this.flush, this.#windowMs);
      // A summary is not worth keeping the process alive for.
      (this.#summaryTimer as { unref?: () => void }).unref?.();
    }
  }

  /** Writes the summary lines of notes left out so far (also called when the window ends). */
  readonly flush = (): void => {
    if (this.#summaryTimer !== undefined) clearTimeout(this.#summaryTimer);
    this.#summaryTimer = undefined;
    for (const [kind, state] of this.#kinds) this.#summarize(kind, state);
  };

  #summarize(kind: string, state: KindState): void {
    if (state.suppressed === 0) return;
    const seconds = Math.max(1, Math.round((Date.now() - state.windowStart) / 1000));
    this.#safeWrite(
      "jsonrpc: left out " +
        String(state.suppressed) +
        " more note(s) of the kind " +
        JSON.stringify(kind) +
        " in the last " +
        String(seconds) +
        " s",
    );
    state.suppressed = 0;
  }

  #safeWrite(line: string): void {
    try {
      this.#write(line);
    } catch {
      // A log that cannot be written must not break the connection that writes it.
    }
  }
}

function writeToStderr(line: string): void {
  console.error(line);
}
