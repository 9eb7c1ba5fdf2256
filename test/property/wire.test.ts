// Property tests on malformed input at the generated package's boundaries: whatever arrives on the
// wire, a connection answers what deserves an answer, never crashes, and keeps working; the line
// decoder finds the same lines however the bytes are chunked; validators never throw.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createComponentServerConnection,
  validateComponentInfo,
  validateEvaluateFlowResult,
  validateRequestToComponentServer,
  LineDecoder,
  type ComponentServerHandlers,
  type Transport,
  type CloseReason,
} from "../../generated/src/index.js";

/** A transport driven by the test: it records what the connection sends. */
class ScriptedTransport implements Transport {
  readonly sent: string[] = [];
  #onMessage: (message: string) => void = () => {};
  #onClose: (reason: CloseReason) => void = () => {};
  send(message: string): void {
    this.sent.push(message);
  }
  onMessage(listener: (message: string) => void): void {
    this.#onMessage = listener;
  }
  onClose(listener: (reason: CloseReason) => void): void {
    this.#onClose = listener;
  }
  deliver(message: string): void {
    this.#onMessage(message);
  }
  async close(): Promise<void> {
    this.#onClose({ kind: "closed" });
  }
}

const handlers: ComponentServerHandlers = {
  initialize: () => ({ server_protocol_version: 1 }),
  componentsList: () => ({ components: [] }),
  componentsInfo: ({ component }) => ({ info: { component } }),
  componentsExecute: ({ input }) => ({ output: input }),
};

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Lines that are not valid requests: random text, random JSON, and near-misses of real requests. */
const malformedLine = fc.oneof(
  fc.string(),
  fc.json(),
  fc
    .record({
      jsonrpc: fc.oneof(fc.constant("2.0"), fc.string(), fc.integer()),
      id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.double(), fc.boolean()),
      method: fc.oneof(
        fc.constantFrom("components/execute", "initialize", "nope"),
        fc.integer(),
        fc.string(),
      ),
      params: fc.jsonValue(),
    })
    .map((message) => JSON.stringify(message)),
);

describe("a component server connection fed malformed lines", () => {
  it("answers each line at most once, with valid JSON-RPC errors or results, and keeps working", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(malformedLine, { maxLength: 20 }), async (lines) => {
        const transport = new ScriptedTransport();
        createComponentServerConnection(transport, handlers, {
          onProtocolError: () => {},
          onHandlerError: () => {},
        });
        transport.deliver(
          JSON.stringify({
            jsonrpc: "2.0",
            id: "init",
            method: "initialize",
            params: { runtime_protocol_version: 1 },
          }),
        );
        transport.deliver(JSON.stringify({ jsonrpc: "2.0", method: "initialized", params: {} }));
        for (const line of lines) transport.deliver(line);
        await settle();
        expect(transport.sent.length).toBeLessThanOrEqual(lines.length + 1);
        // A batch line gets (at most) one line back: an array of answers.
        for (const answer of transport.sent.flatMap((line) =>
          [JSON.parse(line) as unknown].flat(),
        )) {
          const message = answer as Record<string, unknown>;
          expect(message["jsonrpc"]).toBe("2.0");
          expect(Object.hasOwn(message, "result") !== Object.hasOwn(message, "error")).toBe(true);
          if (message["error"] !== undefined) {
            const error = message["error"] as { code: unknown; message: unknown };
            expect(Number.isInteger(error.code)).toBe(true);
            expect(typeof error.message).toBe("string");
          }
        }
        // Still serving: a valid request after the garbage is answered with its result.
        const before = transport.sent.length;
        transport.deliver(
          JSON.stringify({
            jsonrpc: "2.0",
            id: 7,
            method: "components/execute",
            params: { component: "/x", input: [1] },
          }),
        );
        await settle();
        expect(transport.sent.slice(before)).toEqual([
          '{"jsonrpc":"2.0","id":7,"result":{"output":[1]}}',
        ]);
      }),
      { numRuns: 150 },
    );
  });

  it("answers text that is not JSON with -32700 and id null", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string().filter((text) => {
          try {
            JSON.parse(text);
            return false;
          } catch {
            return true;
          }
        }),
        async (text) => {
          const transport = new ScriptedTransport();
          createComponentServerConnection(transport, handlers, { onProtocolError: () => {} });
          transport.deliver(text);
          await settle();
          expect(transport.sent.map((line) => JSON.parse(line))).toEqual([
            { jsonrpc: "2.0", id: null, error: expect.objectContaining({ code: -32700 }) },
          ]);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("the line decoder", () => {
  it("finds the same lines however the bytes are split", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc
            .oneof(fc.string({ unit: "binary" }), fc.stringMatching(/^[ \t\u00a0]{0,3}$/))
            .map((line) => line.replace(/[\r\n]/g, "")),
          { maxLength: 10 },
        ),
        fc.array(fc.nat(), { maxLength: 10 }),
        (lines, cuts) => {
          const bytes = new TextEncoder().encode(lines.map((line) => line + "\n").join(""));
          const seen: string[] = [];
          const decoder = new LineDecoder((line) => seen.push(line));
          const points = [
            ...new Set(cuts.map((cut) => (bytes.length === 0 ? 0 : cut % bytes.length))),
          ].sort((a, b) => a - b);
          let start = 0;
          for (const point of [...points, bytes.length]) {
            decoder.push(bytes.subarray(start, point));
            start = point;
          }
          decoder.end();
          // Blank lines (empty, or only spaces and tabs) carry no message and are skipped.
          expect(seen).toEqual(lines.filter((line) => !/^[ \t]*$/.test(line)));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("validators", () => {
  const validators = [
    validateComponentInfo,
    validateEvaluateFlowResult,
    validateRequestToComponentServer,
  ];
  it("never throw, and report issues with a JSON path", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        for (const validate of validators) {
          const issue = validate(value);
          if (issue !== undefined) {
            expect(issue.path.startsWith("$")).toBe(true);
            expect(issue.expected.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it("accept every well-formed ComponentInfo and name the field of a broken one", () => {
    const info = fc.record(
      {
        component: fc.string(),
        description: fc.option(fc.string(), { nil: null }),
        input_schema: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: null }),
      },
      { requiredKeys: ["component"] },
    );
    fc.assert(
      fc.property(
        info,
        fc.constantFrom("component", "description", "input_schema"),
        fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.integer())),
        (value, field, wrong) => {
          expect(validateComponentInfo(value)).toBeUndefined();
          const broken = { ...value, [field]: wrong };
          expect(validateComponentInfo(broken)?.path).toBe(`$.${field}`);
        },
      ),
      { numRuns: 300 },
    );
  });
});
