import { describe, expect, it } from "vitest";
import { LineDecoder } from "../../templates/runtime/ndjson.js";

function decoder(maxLineLength?: number): {
  lines: string[];
  errors: string[];
  decoder: LineDecoder;
} {
  const lines: string[] = [];
  const errors: string[] = [];
  const options =
    maxLineLength === undefined
      ? { onError: (e: string) => void errors.push(e) }
      : { maxLineLength, onError: (e: string) => void errors.push(e) };
  return { lines, errors, decoder: new LineDecoder((line) => lines.push(line), options) };
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe("LineDecoder", () => {
  it("joins a line split across chunks", () => {
    const { lines, decoder: d } = decoder();
    d.push('{"a":');
    d.push(bytes("1"));
    expect(lines).toEqual([]);
    d.push('}\n{"b"');
    expect(lines).toEqual(['{"a":1}']);
    d.push(":2}\n");
    expect(lines).toEqual(['{"a":1}', '{"b":2}']);
  });

  it("splits many lines in one chunk, in order", () => {
    const { lines, decoder: d } = decoder();
    d.push(bytes("1\n2\n3\n4"));
    expect(lines).toEqual(["1", "2", "3"]);
    d.push("\n");
    expect(lines).toEqual(["1", "2", "3", "4"]);
  });

  it("decodes multi-byte UTF-8 split mid-character, fed one byte at a time", () => {
    const { lines, decoder: d } = decoder();
    const text = '"é€😀"\n"ok"\n';
    for (const byte of bytes(text)) d.push(Uint8Array.of(byte));
    expect(lines).toEqual(['"é€😀"', '"ok"']);
  });

  it("accepts CRLF endings and skips blank lines", () => {
    const { lines, decoder: d } = decoder();
    d.push("a\r\n\r\n\nb\r");
    d.push("\n\n");
    expect(lines).toEqual(["a", "b"]);
  });

  it("emits a last line without newline at the end of the stream", () => {
    const { lines, decoder: d } = decoder();
    d.push("first\nlast");
    expect(lines).toEqual(["first"]);
    d.end();
    expect(lines).toEqual(["first", "last"]);
  });

  it("ends cleanly when the stream ends after a newline, or mid-character", () => {
    const { lines, decoder: d } = decoder();
    d.push("x\n");
    d.end();
    expect(lines).toEqual(["x"]);
    const { lines: cut, decoder: e } = decoder();
    e.push(Uint8Array.of(0x22, 0xe2, 0x82)); // a quote, then two of the three bytes of "€"
    e.end();
    expect(cut).toEqual(['"\uFFFD']);
  });

  it("drops an over-long line, reports it, and goes on with the next one", () => {
    const { lines, errors, decoder: d } = decoder(10);
    d.push("0123456789\n"); // exactly the limit: accepted
    d.push("0123456789A\nnext\n"); // over the limit within one chunk
    d.push("aaaaaa");
    d.push("bbbbbb"); // over the limit across chunks, newline not arrived yet
    d.push("cccccccccccccccccccccc");
    d.push("dd\nafter\n");
    d.push("tail-over-limit");
    d.end();
    expect(lines).toEqual(["0123456789", "next", "after"]);
    expect(errors).toEqual([
      "Dropped an incoming line longer than 10 characters (11)",
      "Dropped an incoming line longer than 10 characters (at least 12)",
      "Dropped an incoming line longer than 10 characters (at least 15)",
    ]);
  });
});
