// The framing of the Language Server Protocol's base protocol: each message is a header (lines of
// `Name: value` ended by "\r\n", the last one empty) and a body of exactly `Content-Length` bytes
// of UTF-8 JSON. This file only cuts a byte stream into bodies; it knows nothing of JSON-RPC.

/** Options of a {@link ContentLengthDecoder}. */
export interface ContentLengthDecoderOptions {
  /**
   * The largest body accepted, in bytes. A header announcing more is refused before any of the
   * body is kept: the body is skipped as it arrives and reading goes on. Default: 64 MiB.
   */
  readonly maxContentLength?: number;
  /**
   * The longest header accepted, in bytes, up to and including the empty line that ends it, so
   * that a peer that never ends its header cannot make this side buffer without bound.
   * Default: 8 KiB.
   */
  readonly maxHeaderLength?: number;
  /**
   * Told when a message is dropped (its body is too long, or the stream ended inside it); reading
   * goes on with the next one. Default: a note on stderr.
   */
  readonly onError?: (description: string) => void;
}

/** The default {@link ContentLengthDecoderOptions.maxContentLength}: 64 MiB. */
export const DEFAULT_MAX_CONTENT_LENGTH: number = 64 * 1024 * 1024;
/** The default {@link ContentLengthDecoderOptions.maxHeaderLength}: 8 KiB. */
export const DEFAULT_MAX_HEADER_LENGTH: number = 8 * 1024;

const utf8Encoder = new TextEncoder();
const CR = 13;
const LF = 10;

/**
 * Cuts a byte stream into `Content-Length` framed messages.
 *
 * Chunks may split headers, bodies and characters anywhere. Each complete body is passed to
 * `onMessage` as text, in order. A header that cannot be read (no `Content-Length`, a value that
 * is not a non-negative integer, two of them, a charset other than UTF-8, a header too long)
 * leaves no way to find where the next message starts: `onMalformed` is told once and everything
 * after it is ignored, so the connection should close.
 */
export class ContentLengthDecoder {
  readonly #onMessage: (body: string) => void;
  readonly #onMalformed: (description: string) => void;
  readonly #onError: (description: string) => void;
  readonly #maxContentLength: number;
  readonly #maxHeaderLength: number;
  // Bodies are decoded whole, so a character split across chunks needs no state here.
  readonly #utf8 = new TextDecoder("utf-8");
  // The header read so far (ASCII, one character per byte), and how much of "\r\n\r\n" ends it.
  #header = "";
  #headerEndMatched = 0;
  // While reading a body: how many bytes it has, and the parts of it received so far.
  #inBody = false;
  #bodyLength = 0;
  #bodyParts: Uint8Array[] = [];
  #bodyReceived = 0;
  // Skipping the body of a message that was too long: it is never kept.
  #discarding = false;
  #failed = false;

  constructor(
    onMessage: (body: string) => void,
    onMalformed: (description: string) => void,
    options: ContentLengthDecoderOptions = {},
  ) {
    this.#onMessage = onMessage;
    this.#onMalformed = onMalformed;
    this.#onError = options.onError ?? reportToStderr;
    this.#maxContentLength = options.maxContentLength ?? DEFAULT_MAX_CONTENT_LENGTH;
    this.#maxHeaderLength = options.maxHeaderLength ?? DEFAULT_MAX_HEADER_LENGTH;
  }

  /** Takes the next chunk of the stream (text is taken as its UTF-8 bytes). */
  push(chunk: Uint8Array | string): void {
    const bytes = typeof chunk === "string" ? utf8Encoder.encode(chunk) : chunk;
    let at = 0;
    while (at < bytes.length && !this.#failed) {
      at = this.#inBody ? this.#readBody(bytes, at) : this.#readHeader(bytes, at);
    }
  }

  /** The stream ended: a message cut short is reported as dropped. */
  end(): void {
    if (this.#failed) return;
    if (this.#inBody) {
      this.#onError(
        "The input ended inside a message: " +
          String(this.#bodyReceived) +
          " of its " +
          String(this.#bodyLength) +
          " bytes arrived",
      );
    } else if (this.#header.length > 0) {
      this.#onError("The input ended inside a message header");
    }
    this.#reset();
  }

  /** Reads header bytes from `at`; returns where it stopped. */
  #readHeader(bytes: Uint8Array, at: number): number {
    let matched = this.#headerEndMatched;
    // Header bytes of earlier chunks count towards the limit too.
    const room = this.#maxHeaderLength - this.#header.length;
    const stop = Math.min(bytes.length, at + room);
    let i = at;
    // Scans for the "\r\n\r\n" that ends the header; the text is made once, when it is found.
    for (; i < stop; i++) {
      const byte = bytes[i]!;
      if (byte > 127) {
        this.#fail("a header holds a byte that is not ASCII (0x" + byte.toString(16) + ")");
        return bytes.length;
      }
      // How much of "\r\n\r\n" the header now ends with.
      if (byte === CR) matched = matched === 2 ? 3 : 1;
      else if (byte === LF && (matched === 1 || matched === 3)) matched++;
      else matched = 0;
      if (matched === 4) {
        const header = this.#header + ascii(bytes, at, i + 1);
        this.#header = "";
        this.#headerEndMatched = 0;
        const length = this.#contentLength(header.slice(0, header.length - 4));
        if (length !== undefined) this.#startBody(length);
        return i + 1;
      }
    }
    if (i < bytes.length) {
      // Out of room with bytes left, and still no end of the header.
      this.#fail("a header is longer than " + String(this.#maxHeaderLength) + " bytes");
      return bytes.length;
    }
    this.#header += ascii(bytes, at, i);
    this.#headerEndMatched = matched;
    return i;
  }

  /** The body length a complete header announces, or `undefined` after failing. */
  #contentLength(header: string): number | undefined {
    let length: number | undefined;
    for (const line of header.split("\r\n")) {
      const colon = line.indexOf(":");
      if (colon <= 0) {
        this.#fail("a header line is not `Name: value`: " + quote(line));
        return undefined;
      }
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, "");
      if (name === "content-length") {
        if (length !== undefined) {
          this.#fail("a header has Content-Length twice");
          return undefined;
        }
        if (!/^[0-9]+$/.test(value)) {
          this.#fail(
            (value.startsWith("-")
              ? "Content-Length is negative: "
              : "Content-Length is not a number: ") + quote(value),
          );
          return undefined;
        }
        length = Number(value);
        if (!Number.isSafeInteger(length)) {
          this.#fail("Content-Length is too large to read: " + quote(value));
          return undefined;
        }
      } else if (name === "content-type") {
        const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(value)?.[1]?.toLowerCase();
        if (charset !== undefined && charset !== "utf-8" && charset !== "utf8") {
          this.#fail("Content-Type names a charset other than UTF-8: " + quote(value));
          return undefined;
        }
      }
      // Other header fields carry nothing this side needs.
    }
    if (length === undefined) {
      this.#fail("a header has no Content-Length: " + quote(header));
      return undefined;
    }
    return length;
  }

  #startBody(length: number): void {
    if (length > this.#maxContentLength) {
      // Refused before a byte of it is kept; the peer may wait for an answer, so say so now.
      this.#onError(
        "Dropped an incoming message of " +
          String(length) +
          " bytes, longer than the " +
          String(this.#maxContentLength) +
          " allowed",
      );
      this.#discarding = true;
    }
    this.#inBody = true;
    this.#bodyLength = length;
    this.#bodyReceived = 0;
    if (length === 0) this.#finishBody();
  }

  /** Reads body bytes from `at`; returns where it stopped. */
  #readBody(bytes: Uint8Array, at: number): number {
    const wanted = this.#bodyLength - this.#bodyReceived;
    const available = bytes.length - at;
    const taken = Math.min(wanted, available);
    if (!this.#discarding) {
      // A whole body inside one chunk is decoded in place, without a copy.
      const part = at === 0 && taken === bytes.length ? bytes : bytes.subarray(at, at + taken);
      this.#bodyParts.push(part);
    }
    this.#bodyReceived += taken;
    if (this.#bodyReceived === this.#bodyLength) this.#finishBody();
    return at + taken;
  }

  #finishBody(): void {
    const discarding = this.#discarding;
    const parts = this.#bodyParts;
    const length = this.#bodyLength;
    this.#reset();
    if (discarding) return;
    this.#onMessage(this.#utf8.decode(parts.length === 1 ? parts[0]! : join(parts, length)));
  }

  #reset(): void {
    this.#inBody = false;
    this.#discarding = false;
    this.#bodyParts = [];
    this.#bodyLength = 0;
    this.#bodyReceived = 0;
    this.#header = "";
    this.#headerEndMatched = 0;
  }

  #fail(description: string): void {
    this.#failed = true;
    this.#reset();
    this.#onMalformed("Malformed Content-Length framing: " + description);
  }
}

/** A message framed for the wire: its header, then its text. */
export function frameContentLength(message: string): string {
  return "Content-Length: " + String(utf8Length(message)) + "\r\n\r\n" + message;
}

/** The length of `text` in UTF-8, in bytes (a lone surrogate counts as the 3 bytes of U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      // A surrogate pair: two code units, four bytes.
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2;
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

/** Bytes already checked to be ASCII, as text. */
function ascii(bytes: Uint8Array, start: number, end: number): string {
  let text = "";
  // In slices, so that no call gets more arguments than an engine takes.
  for (let from = start; from < end; from += 4096)
    text += String.fromCharCode.apply(
      null,
      bytes.subarray(from, Math.min(end, from + 4096)) as unknown as number[],
    );
  return text;
}

function join(parts: readonly Uint8Array[], length: number): Uint8Array {
  const whole = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    whole.set(part, offset);
    offset += part.length;
  }
  return whole;
}

function quote(text: string): string {
  return JSON.stringify(text.length <= 60 ? text : text.slice(0, 60) + "…");
}

function reportToStderr(description: string): void {
  console.error("jsonrpc: " + description);
}
