// Content-Length framing: the decoder on its own (headers split at every byte, every malformed
// header refused with a message naming what is wrong, bodies over the limit refused before they
// are kept), property tests on arbitrary chunking and on garbage, and the framing in a stream
// transport.
//
// `npm test` runs 10,000 cases per property; FAST_CHECK_RUNS=100000 (npm run test:long) runs more.
import { PassThrough } from "node:stream";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ContentLengthDecoder,
  frameContentLength,
  utf8Length,
  type ContentLengthDecoderOptions,
} from "../../templates/runtime/content-length.js";
import { Peer, type CloseReason } from "../../templates/runtime/index.js";
import { streamTransport } from "../../templates/runtime/node.js";
import { methods, spec } from "./toy-protocol.js";

const runs = Number(process.env["FAST_CHECK_RUNS"] ?? 10_000);
const encoder = new TextEncoder();
const bytes = (text: string): Uint8Array => encoder.encode(text);

function decoder(options: Omit<ContentLengthDecoderOptions, "onError"> = {}): {
  messages: string[];
  dropped: string[];
  malformed: string[];
  decoder: ContentLengthDecoder;
} {
  const messages: string[] = [];
  const dropped: string[] = [];
  const malformed: string[] = [];
  return {
    messages,
    dropped,
    malformed,
    decoder: new ContentLengthDecoder(
      (body) => messages.push(body),
      (description) => malformed.push(description),
      { ...options, onError: (description) => dropped.push(description) },
    ),
  };
}

/** Feeds `input` cut at the given positions. */
function feed(d: ContentLengthDecoder, input: Uint8Array, cuts: readonly number[]): void {
  let start = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    d.push(input.subarray(start, cut));
    start = cut;
  }
  d.push(input.subarray(start));
}

describe("ContentLengthDecoder", () => {
  it("reads messages split at every byte position, multi-byte characters included", () => {
    const bodies = ['{"jsonrpc":"2.0","method":"a"}', '{"text":"é€𝄞"}', "[]"];
    const input = bytes(bodies.map(frameContentLength).join(""));
    for (let cut = 0; cut <= input.length; cut++) {
      const { messages, malformed, dropped, decoder: d } = decoder();
      feed(d, input, [cut]);
      expect({ messages, malformed, dropped }).toEqual({
        messages: bodies,
        malformed: [],
        dropped: [],
      });
    }
  });

  it("reads a message fed one byte at a time", () => {
    const body = '{"a":"ünïcödé 𝄞"}';
    const input = bytes(frameContentLength(body) + frameContentLength("{}"));
    const { messages, decoder: d } = decoder();
    for (let i = 0; i < input.length; i++) d.push(input.subarray(i, i + 1));
    expect(messages).toEqual([body, "{}"]);
  });

  it("takes a Content-Type with a UTF-8 charset, other header fields, and any case of names", () => {
    const { messages, malformed, decoder: d } = decoder();
    d.push(
      "content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}" +
        "Content-Type: application/json;charset=UTF8\r\nX-Other: 1\r\nCONTENT-LENGTH:  5 \r\n\r\n[1,2]",
    );
    expect(malformed).toEqual([]);
    expect(messages).toEqual(["{}", "[1,2]"]);
  });

  it.each([
    ["no Content-Length", "Content-Type: application/json\r\n\r\n{}", /has no Content-Length/],
    ["a value that is not a number", "Content-Length: 12a\r\n\r\n", /is not a number: "12a"/],
    ["an empty value", "Content-Length: \r\n\r\n", /is not a number: ""/],
    ["a negative value", "Content-Length: -5\r\n\r\n", /is negative: "-5"/],
    ["a fraction", "Content-Length: 1.5\r\n\r\n", /is not a number: "1.5"/],
    [
      "a value too large to read",
      "Content-Length: 99999999999999999999\r\n\r\n",
      /too large to read/,
    ],
    ["Content-Length twice", "Content-Length: 2\r\nContent-Length: 2\r\n\r\n{}", /twice/],
    [
      "a line without a colon",
      "Content-Length 2\r\n\r\n{}",
      /not `Name: value`: "Content-Length 2"/,
    ],
    ["an empty name", ": 2\r\nContent-Length: 2\r\n\r\n{}", /not `Name: value`/],
    ["a byte that is not ASCII", "Content-Length: 2\r\nX: \u00e9\r\n\r\n{}", /not ASCII \(0xc3\)/],
    [
      "a charset other than UTF-8",
      "Content-Length: 2\r\nContent-Type: application/json; charset=latin1\r\n\r\n{}",
      /charset other than UTF-8/,
    ],
    ["an empty header", "\r\n\r\n{}", /not `Name: value`: ""/],
    ["bare newlines", "Content-Length: 2\n\n{}" + "x".repeat(9000), /longer than 8192 bytes/],
  ])("refuses a header with %s, once, and ignores what follows", (_, text, expected) => {
    const { messages, malformed, dropped, decoder: d } = decoder();
    d.push(text);
    d.push(frameContentLength("{}"));
    d.end();
    expect(malformed).toHaveLength(1);
    expect(malformed[0]).toMatch(/^Malformed Content-Length framing: /);
    expect(malformed[0]).toMatch(expected);
    expect(messages).toEqual([]);
    expect(dropped).toEqual([]);
  });

  it("refuses a header that never ends as soon as it passes the limit", () => {
    const { malformed, decoder: d } = decoder({ maxHeaderLength: 64 });
    d.push("Content-Length: 2\r\n");
    for (let i = 0; i < 10 && malformed.length === 0; i++) d.push("X-Padding: aaaa\r\n");
    expect(malformed).toEqual([
      "Malformed Content-Length framing: a header is longer than 64 bytes",
    ]);
  });

  it("refuses a body over the limit from its header, skips it unread, and reads on", () => {
    const { messages, dropped, malformed, decoder: d } = decoder({ maxContentLength: 10 });
    d.push("Content-Length: 1000000\r\n\r\n");
    // Refused before a byte of the body arrived: the peer gets its answer at once.
    expect(dropped).toEqual([
      "Dropped an incoming message of 1000000 bytes, longer than the 10 allowed",
    ]);
    const chunk = new Uint8Array(1000).fill(0x61);
    for (let i = 0; i < 1000; i++) d.push(chunk);
    d.push(frameContentLength("[1]"));
    expect(messages).toEqual(["[1]"]);
    expect(malformed).toEqual([]);
  });

  it("accepts a body of exactly the limit, and an empty body", () => {
    const { messages, dropped, decoder: d } = decoder({ maxContentLength: 3 });
    d.push(frameContentLength("[1]") + "Content-Length: 0\r\n\r\n" + frameContentLength("[2]"));
    expect(messages).toEqual(["[1]", "", "[2]"]);
    expect(dropped).toEqual([]);
  });

  it("reports a message cut short by the end of the stream", () => {
    const cut = decoder();
    cut.decoder.push("Content-Length: 10\r\n\r\n{}");
    cut.decoder.end();
    expect(cut.dropped).toEqual(["The input ended inside a message: 2 of its 10 bytes arrived"]);
    const header = decoder();
    header.decoder.push("Content-Len");
    header.decoder.end();
    expect(header.dropped).toEqual(["The input ended inside a message header"]);
    const clean = decoder();
    clean.decoder.push(frameContentLength("{}"));
    clean.decoder.end();
    expect(clean.dropped).toEqual([]);
  });

  it("counts UTF-8 bytes as TextEncoder does", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" }), (a, b) => {
        expect(utf8Length(a)).toBe(encoder.encode(a).length);
        expect(utf8Length(b)).toBe(encoder.encode(b).length);
      }),
      { numRuns: runs },
    );
  });
});

describe("ContentLengthDecoder on hostile input (property tests)", () => {
  const body = fc.oneof(
    fc.json(),
    fc.string({ unit: "binary" }),
    fc.string({ unit: "grapheme", maxLength: 200 }),
  );

  it(`gives the same messages however the stream is cut (${runs} cases)`, () => {
    fc.assert(
      fc.property(
        fc.array(body, { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (bodies, cutSeeds) => {
          const input = bytes(bodies.map(frameContentLength).join(""));
          const cuts = cutSeeds.map((seed) => seed % (input.length + 1));
          const { messages, malformed, dropped, decoder: d } = decoder();
          feed(d, input, cuts);
          d.end();
          // Lone surrogates cannot be carried by UTF-8: they arrive as U+FFFD, as TextDecoder reads them.
          const expected = bodies.map((text) => new TextDecoder().decode(encoder.encode(text)));
          expect(messages).toEqual(expected);
          expect(malformed).toEqual([]);
          expect(dropped).toEqual([]);
        },
      ),
      { numRuns: runs },
    );
  });

  it(`never throws on garbage, reports at most one malformed header, and keeps little (${runs} cases)`, () => {
    // Bytes biased towards what headers are made of, so that garbage gets past the first line.
    const headerish = fc.oneof(
      fc.constantFrom(
        "Content-Length: ",
        "content-length:",
        "Content-Type: application/json; charset=utf-8",
        "\r\n",
        "\r\n\r\n",
        "\r",
        "\n",
        ":",
        "-",
        " ",
        "0",
        "7",
        "99999999999",
        "{}",
      ),
      fc.string({ unit: "binary", maxLength: 6 }),
    );
    fc.assert(
      fc.property(
        fc.array(headerish, { maxLength: 30 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (parts, cutSeeds) => {
          const input = bytes(parts.join(""));
          const {
            messages,
            malformed,
            decoder: d,
          } = decoder({
            maxContentLength: 64,
            maxHeaderLength: 128,
          });
          feed(
            d,
            input,
            cutSeeds.map((seed) => seed % (input.length + 1)),
          );
          d.end();
          expect(malformed.length).toBeLessThanOrEqual(1);
          for (const message of messages) expect(utf8Length(message)).toBeLessThanOrEqual(64 * 3);
        },
      ),
      { numRuns: runs },
    );
  });
});

describe("a stream transport with Content-Length framing", () => {
  function pair(): { a: Peer; b: Peer; toB: PassThrough; toA: PassThrough; bRaw: string[] } {
    const toB = new PassThrough();
    const toA = new PassThrough();
    const bRaw: string[] = [];
    toB.on("data", (chunk: Buffer) => bRaw.push(chunk.toString("utf8")));
    const a = new Peer(streamTransport(toA, toB, { framing: "content-length" }));
    const b = new Peer(streamTransport(toB, toA, { framing: "content-length" }), {
      methods: methods([spec.add, ({ a: x, b: y }: { a: number; b: number }) => ({ sum: x + y })]),
    });
    return { a, b, toB, toA, bRaw };
  }

  it("frames requests and answers with byte counts", async () => {
    const { a, bRaw } = pair();
    await expect(a.request(spec.add, { a: 2, b: 40 })).resolves.toEqual({ sum: 42 });
    expect(bRaw.join("")).toBe(
      frameContentLength('{"jsonrpc":"2.0","id":1,"method":"math/add","params":{"a":2,"b":40}}'),
    );
  });

  it("answers a body over the limit -32600 with id null, and goes on", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const written: string[] = [];
    output.on("data", (chunk: Buffer) => written.push(chunk.toString("utf8")));
    const peer = new Peer(
      streamTransport(input, output, { framing: "content-length", maxContentLength: 100 }),
      { methods: methods([spec.add, () => ({ sum: 1 })]), onProtocolError: () => {} },
    );
    input.write("Content-Length: 5000\r\n\r\n" + "x".repeat(5000));
    input.write(
      frameContentLength('{"jsonrpc":"2.0","id":7,"method":"math/add","params":{"a":1,"b":0}}'),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    const text = written.join("");
    expect(text).toContain('"id":null,"error":{"code":-32600');
    expect(text).toContain("5000 bytes, longer than the 100 allowed");
    expect(text).toContain('{"jsonrpc":"2.0","id":7,"result":{"sum":1}}');
    expect(peer.isOpen).toBe(true);
    await peer.close();
  });

  it("closes with the reason when a header cannot be read, failing pending calls", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    output.resume();
    const peer = new Peer(streamTransport(input, output, { framing: "content-length" }));
    const call = peer.request(spec.add, { a: 1, b: 2 });
    input.write("Content-Length: twelve\r\n\r\n");
    await expect(call).rejects.toThrow(
      /Malformed Content-Length framing: Content-Length is not a number: "twelve"/,
    );
    const reason: CloseReason = await peer.closed;
    expect(reason.kind).toBe("error");
  });

  it("refuses an unknown framing by name", () => {
    expect(() =>
      streamTransport(new PassThrough(), new PassThrough(), {
        framing: "lines" as "ndjson",
      }),
    ).toThrow('Unknown framing "lines" (ndjson or content-length)');
  });
});

describe("ContentLengthDecoder's header limit", () => {
  it("takes a header of exactly maxHeaderLength bytes, in any chunking, and refuses one byte more", () => {
    const header = "Content-Length: 2\r\nX: " + "a".repeat(20) + "\r\n\r\n";
    const input = bytes(header + "{}");
    for (let cut = 0; cut <= input.length; cut++) {
      const exact = decoder({ maxHeaderLength: header.length });
      feed(exact.decoder, input, [cut]);
      expect([exact.messages, exact.malformed]).toEqual([["{}"], []]);
      const under = decoder({ maxHeaderLength: header.length - 1 });
      feed(under.decoder, input, [cut]);
      expect(under.messages).toEqual([]);
      expect(under.malformed).toEqual([
        `Malformed Content-Length framing: a header is longer than ${header.length - 1} bytes`,
      ]);
    }
  });
});
