// Newline-delimited JSON framing: one JSON text per line, lines ended by "\n" (a "\r" before it is
// tolerated). This file only cuts a byte or text stream into lines; it knows nothing of JSON-RPC.

/** Options of a {@link LineDecoder}. */
export interface LineDecoderOptions {
  /**
   * The longest line accepted, in UTF-16 code units (about one per character), so that a peer that
   * never sends a newline cannot make this side buffer without bound. Default: 64 MiB.
   */
  readonly maxLineLength?: number;
  /**
   * Told when a line is too long. That line is dropped up to its newline and reading goes on with
   * the next one. Default: a note on stderr.
   */
  readonly onError?: (description: string) => void;
}

/** The default {@link LineDecoderOptions.maxLineLength}: 64 MiB. */
export const DEFAULT_MAX_LINE_LENGTH: number = 64 * 1024 * 1024;

/**
 * Cuts a stream of chunks into lines.
 *
 * Chunks may be bytes (UTF-8) or text, and may split lines, or even characters, anywhere. Each
 * complete, non-blank line is passed to `onLine` without its line ending, in order. Call `end()`
 * when the stream ends, to get a last line that had no newline.
 */
export class LineDecoder {
  readonly #onLine: (line: string) => void;
  readonly #onError: (description: string) => void;
  readonly #maxLineLength: number;
  // Keeps the bytes of a character split across chunks until the rest arrives.
  readonly #utf8 = new TextDecoder("utf-8");
  // The start of a line whose newline has not arrived yet.
  #partial = "";
  // True while skipping the rest of a line that was too long.
  #discarding = false;

  constructor(onLine: (line: string) => void, options: LineDecoderOptions = {}) {
    this.#onLine = onLine;
    this.#onError = options.onError ?? reportToStderr;
    this.#maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
  }

  /** Takes the next chunk of the stream. */
  push(chunk: Uint8Array | string): void {
    const text = typeof chunk === "string" ? chunk : this.#utf8.decode(chunk, { stream: true });
    let start = 0;
    let newline = text.indexOf("\n");
    while (newline !== -1) {
      if (this.#discarding) {
        this.#discarding = false;
      } else {
        let line = text.slice(start, newline);
        if (this.#partial.length !== 0) {
          line = this.#partial + line;
          this.#partial = "";
        }
        if (line.length > this.#maxLineLength) this.#tooLong(line.length);
        else this.#emit(line);
      }
      start = newline + 1;
      newline = text.indexOf("\n", start);
    }
    if (start < text.length && !this.#discarding) {
      // No newline yet: keep the rest, unless it is already too long to ever be accepted.
      const partial = start === 0 ? this.#partial + text : this.#partial + text.slice(start);
      if (partial.length > this.#maxLineLength) {
        this.#partial = "";
        this.#discarding = true;
        this.#tooLong(partial.length);
      } else {
        this.#partial = partial;
      }
    }
  }

  /** The stream ended: emits a last line that had no newline. */
  end(): void {
    const rest = this.#partial + this.#utf8.decode();
    this.#partial = "";
    if (this.#discarding) {
      this.#discarding = false;
      return;
    }
    if (rest.length > this.#maxLineLength) this.#tooLong(rest.length);
    else this.#emit(rest);
  }

  #emit(line: string): void {
    // Tolerate "\r\n" endings; skip blank lines (empty or only white space), which carry nothing.
    const length = line.length;
    if (length !== 0 && line.charCodeAt(length - 1) === 13) line = line.slice(0, length - 1);
    if (line.length === 0) return;
    if (isJsonWhiteSpace(line.charCodeAt(0)) && isBlank(line)) return;
    this.#onLine(line);
  }

  #tooLong(length: number): void {
    this.#onError(
      "Dropped an incoming line longer than " +
        String(this.#maxLineLength) +
        " characters (" +
        (this.#discarding ? "at least " : "") +
        String(length) +
        ")",
    );
  }
}

function reportToStderr(description: string): void {
  console.error("jsonrpc: " + description);
}

/** Whether a line holds only JSON white space (space, tab, CR, LF). */
function isBlank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (!isJsonWhiteSpace(line.charCodeAt(i))) return false;
  return true;
}

function isJsonWhiteSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 13 || code === 10;
}
