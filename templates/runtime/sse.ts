// Server-sent events framing (the `text/event-stream` format of the HTML standard), as far as a
// JSON-RPC stream needs it: each event's `data` is one message. This file knows nothing of JSON-RPC.

/** Options of an {@link SseDecoder}. */
export interface SseDecoderOptions {
  /**
   * The largest event accepted, in UTF-16 code units of its data, so that a server that never ends
   * an event cannot make this side buffer without bound. Default: 64 MiB.
   */
  readonly maxEventLength?: number;
}

/** Why an {@link SseDecoder} stopped. */
export class SseError extends Error {
  override readonly name = "SseError";
}

/**
 * Cuts a text stream into events and hands each event's data to `onData`, in order.
 *
 * Chunks may split lines anywhere; lines end with LF, CRLF or CR. `data:` lines of one event are
 * joined with "\n"; `event:`, `id:` and `retry:` lines and comments (`:`) are read and ignored.
 * Call `end()` when the stream ends: an event that was started but not ended by a blank line is
 * truncated, and `end()` throws for it (the standard drops such an event silently, but here it is
 * an answer lost, which the caller must hear about).
 */
export class SseDecoder {
  readonly #onData: (data: string) => void;
  readonly #maxEventLength: number;
  // The end of the last line that has not yet been completed.
  #partial = "";
  // The data lines of the event being read, joined; `undefined` until one was read.
  #data: string | undefined = undefined;
  // Whether anything at all (a field, even one that is ignored) belongs to the open event.
  #eventOpen = false;
  #sawCarriageReturn = false;
  #first = true;

  constructor(onData: (data: string) => void, options: SseDecoderOptions = {}) {
    this.#onData = onData;
    this.#maxEventLength = options.maxEventLength ?? 64 * 1024 * 1024;
  }

  /** Reads a chunk of text. Throws `SseError` when an event grows beyond the limit. */
  push(chunk: string): void {
    if (chunk.length === 0) return;
    if (this.#first) {
      this.#first = false;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1); // a byte order mark
    }
    let start = 0;
    if (this.#sawCarriageReturn) {
      // The previous chunk ended with CR: an LF right after it belongs to the same line end.
      this.#sawCarriageReturn = false;
      if (chunk.charCodeAt(0) === 10) start = 1;
    }
    for (let i = start; i < chunk.length; i++) {
      const code = chunk.charCodeAt(i);
      if (code !== 10 && code !== 13) continue;
      const line = this.#partial + chunk.slice(start, i);
      this.#partial = "";
      this.#line(line);
      if (code === 13) {
        if (i + 1 === chunk.length) this.#sawCarriageReturn = true;
        else if (chunk.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    if (start < chunk.length) {
      this.#partial += chunk.slice(start);
      if (this.#partial.length + (this.#data?.length ?? 0) > this.#maxEventLength) this.#tooLong();
    }
  }

  /** The stream ended. Throws `SseError` if it ended inside an event. */
  end(): void {
    if (this.#partial.length > 0 || this.#eventOpen) {
      this.#partial = "";
      this.#data = undefined;
      this.#eventOpen = false;
      throw new SseError("the event stream ended in the middle of an event");
    }
  }

  #line(line: string): void {
    if (line.length === 0) {
      const data = this.#data;
      this.#data = undefined;
      this.#eventOpen = false;
      if (data !== undefined) this.#onData(data);
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ":" starts a comment, often a keep-alive
    this.#eventOpen = true;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    if (field !== "data") return;
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    this.#data = this.#data === undefined ? value : this.#data + "\n" + value;
    if (this.#data.length > this.#maxEventLength) this.#tooLong();
  }

  #tooLong(): never {
    this.#partial = "";
    this.#data = undefined;
    throw new SseError(
      "an event is longer than the limit of " + this.#maxEventLength + " characters",
    );
  }
}

/** One event carrying `data`; a line break in it (there is none in JSON text) starts another data line. */
export function sseEvent(data: string): string {
  if (data.indexOf("\n") === -1 && data.indexOf("\r") === -1) return "data: " + data + "\n\n";
  return "data: " + data.split(/\r\n|\r|\n/).join("\ndata: ") + "\n\n";
}
