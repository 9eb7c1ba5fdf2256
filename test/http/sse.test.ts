// The server-sent events decoder: events split anywhere across chunks, every line ending the
// standard allows, fields that are ignored, truncation and the size limit; properties on random
// streams, with an oracle written from the standard's parsing rules.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SseDecoder, SseError, sseEvent } from "../../generated/dist/http.js";

function decode(chunks: readonly string[], maxEventLength?: number): string[] {
  const events: string[] = [];
  const decoder = new SseDecoder(
    (data) => events.push(data),
    maxEventLength === undefined ? {} : { maxEventLength },
  );
  for (const chunk of chunks) decoder.push(chunk);
  decoder.end();
  return events;
}

/** The standard's algorithm, written plainly: split into lines, then dispatch on blank lines. */
function oracle(stream: string): string[] {
  if (stream.startsWith("\ufeff")) stream = stream.slice(1);
  const lines = stream.split(/\r\n|\r|\n/);
  lines.pop(); // the text after the last line ending is not a line
  const events: string[] = [];
  let data: string[] = [];
  for (const line of lines) {
    if (line === "") {
      if (data.length > 0) events.push(data.join("\n"));
      data = [];
    } else if (line.startsWith(":")) {
      continue;
    } else {
      const colon = line.indexOf(":");
      const field = colon === -1 ? line : line.slice(0, colon);
      let value = colon === -1 ? "" : line.slice(colon + 1);
      if (value.startsWith(" ")) value = value.slice(1);
      if (field === "data") data.push(value);
    }
  }
  return events;
}

/** Cuts `text` at the given fractions of its length. */
function cut(text: string, points: readonly number[]): string[] {
  const offsets = [...new Set(points.map((p) => Math.floor(p * text.length)))].sort(
    (a, b) => a - b,
  );
  const chunks: string[] = [];
  let start = 0;
  for (const offset of offsets) {
    chunks.push(text.slice(start, offset));
    start = offset;
  }
  chunks.push(text.slice(start));
  return chunks;
}

const fraction = fc.double({ min: 0, max: 1, noNaN: true });
const lineEnding = fc.constantFrom("\n", "\r\n", "\r");
const fieldLine = fc.oneof(
  fc.string({ unit: fc.constantFrom("a", " ", ":", "{", "é", "\u2028") }).map((v) => "data:" + v),
  fc.string().map((v) => "data: " + v.replace(/[\r\n]/g, "")),
  fc.constantFrom(
    "data",
    "event: message",
    "id: 7",
    "retry: 10",
    ": keep-alive",
    "unknown: x",
    "data:",
  ),
);
/**
 * A well-formed stream: events of field lines, any line endings, each event ended by a blank
 * line (the last line's ending once more: after a CR, an LF would only complete that ending).
 */
const event = fc
  .array(fc.tuple(fieldLine, lineEnding), { minLength: 1, maxLength: 4 })
  .map((lines) => {
    const text = lines.map(([line, end]) => line.replace(/[\r\n]/g, "") + end).join("");
    return text + lines[lines.length - 1]![1];
  });
const stream = fc.array(event, { maxLength: 8 }).map((events) => events.join(""));

describe("SseDecoder", () => {
  it("decodes events split at any point, as the standard's algorithm does (property)", () => {
    fc.assert(
      fc.property(stream, fc.array(fraction, { maxLength: 10 }), (text, points) => {
        // A CR at the very end could still be followed by an LF: the oracle sees the whole text.
        expect(decode(cut(text, points))).toEqual(oracle(text));
      }),
      { numRuns: 1000 },
    );
  });

  it("round-trips any JSON text through sseEvent, in any chunking (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 5 }),
        fc.array(fraction, { maxLength: 6 }),
        (values, points) => {
          const texts = values.map((value) => JSON.stringify(value));
          expect(decode(cut(texts.map(sseEvent).join(""), points))).toEqual(texts);
        },
      ),
      { numRuns: 500 },
    );
  });

  it("never throws but SseError on arbitrary input (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary" }),
        fc.array(fraction, { maxLength: 5 }),
        (text, points) => {
          try {
            decode(cut(text, points), 256);
          } catch (error) {
            expect(error).toBeInstanceOf(SseError);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("joins data lines, ignores other fields and comments, strips one space and a byte order mark", () => {
    expect(decode(["\ufeffdata: a\ndata:b\ndata:  c\nevent: x\nid: 1\n: note\n\n"])).toEqual([
      "a\nb\n c",
    ]);
    expect(decode([": only a comment\n\n", "event: nothing\n\n"])).toEqual([]);
    expect(decode(["data: 1\r", "\ndata: 2\r\r", "data: 3\n\n"])).toEqual(["1\n2", "3"]);
  });

  it("reports a stream that ends inside an event", () => {
    expect(() => decode(['data: {"a":1}\n'])).toThrow(/ended in the middle of an event/);
    expect(() => decode(['data: {"a"'])).toThrow(SseError);
    expect(() => decode(["event: x\n"])).toThrow(SseError);
  });

  it("refuses an event longer than the limit, whether in one line or many", () => {
    expect(() => decode(["data: " + "x".repeat(100)], 50)).toThrow(/longer than the limit of 50/);
    expect(() => decode([("data: " + "x".repeat(20) + "\n").repeat(5)], 50)).toThrow(SseError);
    expect(decode(["data: " + "x".repeat(50) + "\n\n"], 50)).toEqual(["x".repeat(50)]);
  });

  it("sseEvent writes each line of its text as a data line", () => {
    expect(sseEvent('{"a":1}')).toBe('data: {"a":1}\n\n');
    expect(sseEvent("a\nb\r\nc")).toBe("data: a\ndata: b\ndata: c\n\n");
  });
});
