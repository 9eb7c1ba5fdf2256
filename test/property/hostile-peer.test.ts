// Property tests of the connection engine against a hostile peer and misbehaving handlers: random
// and mutated messages and batches, handlers that throw anything, return anything, or hand back
// thenables of any shape (test/runtime/behaviours.mjs, test/runtime/hostile-cases.ts).
//
// Invariants, checked on every case: nothing is thrown out of the engine, no rejection goes
// unhandled, every request with a readable id gets exactly one answer with that id, notifications
// get none, every other answer has id null and their number is as expected, nothing stays
// running, and the connection still answers afterwards. Memory is measured over the whole run.
//
// `npm test` runs 10,000 cases; FAST_CHECK_RUNS=100000 (npm run test:long) runs more.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CloseReason, Transport, ValidationIssue } from "../../templates/runtime/index.js";
import { issueAt, Peer, RpcError } from "../../templates/runtime/index.js";
import { behave } from "../runtime/behaviours.mjs";
import {
  AnswerLedger,
  lineArbitrary,
  materialize,
  type Protocol,
} from "../runtime/hostile-cases.js";

const runs = Number(process.env["FAST_CHECK_RUNS"] ?? 10_000);

/** A transport driven by the test: lines go in at once, what the engine sends is kept. */
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

const objectParams = (value: unknown): ValidationIssue | undefined =>
  typeof value === "object" && value !== null && !Array.isArray(value)
    ? undefined
    : issueAt("object", value);

const protocol: Protocol = {
  method: "work/do",
  notification: "work/note",
  params: (behaviour) => ({ behaviour }),
  maxBatchLength: 4,
};

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
const notes: string[] = [];

function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

beforeAll(() => {
  process.on("unhandledRejection", onUnhandled);
  process.on("uncaughtException", onUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  process.off("uncaughtException", onUnhandled);
});

/** Lets the handlers' promise jobs and `setImmediate` callbacks run, until nothing is running. */
async function settle(peer: Peer): Promise<void> {
  for (let i = 0; i < 100; i++) {
    await new Promise((resolve) => setImmediate(resolve));
    if (peer.runningRequests === 0) return;
  }
}

describe("a connection fed by a hostile peer, over an in-memory transport", () => {
  it(
    `answers every request exactly once and keeps working (${runs} cases)`,
    async () => {
      const transport = new ScriptedTransport();
      const handled = { requests: 0, notifications: 0 };
      const peer = new Peer(transport, {
        maxBatchLength: protocol.maxBatchLength,
        onHandlerError: (_error, method) => void notes.push("handler " + method),
        onProtocolError: (description) => void notes.push(description),
        onUnknownResponse: () => void notes.push("unknown response"),
        methods: new Map([
          [
            "work/do",
            {
              spec: {
                name: "work/do",
                kind: "request",
                validateParams: objectParams,
                validateResult: objectParams,
              },
              handler: (params: { behaviour: unknown }) => {
                handled.requests++;
                return behave(params.behaviour, RpcError);
              },
            },
          ],
          [
            "work/note",
            {
              spec: { name: "work/note", kind: "notification", validateParams: objectParams },
              handler: (params: { behaviour: unknown }) => {
                handled.notifications++;
                return behave(params.behaviour, RpcError);
              },
            },
          ],
        ]),
      });
      let id = 0;
      const nextId = (): number => ++id;
      collectGarbage();
      const heapBefore = process.memoryUsage().heapUsed;
      let cases = 0;

      await fc.assert(
        fc.asyncProperty(
          fc.array(lineArbitrary(protocol.maxBatchLength), { minLength: 1, maxLength: 4 }),
          async (lines) => {
            cases++;
            const ledger = new AnswerLedger();
            const plan = materialize(lines, protocol, nextId);
            ledger.expect(plan);
            transport.sent.length = 0;
            // No crash: delivering any line returns normally.
            for (const line of plan.lines) transport.deliver(line);
            await settle(peer);
            for (const line of transport.sent) ledger.receive(line);
            // Plain checks: `expect` costs more than the rest of a case.
            const problems = [...ledger.problems];
            const missing = ledger.missing();
            if (missing.length > 0) problems.push("unanswered: " + missing.join(", "));
            if (ledger.receivedNull !== ledger.expectedNull)
              problems.push(
                `${ledger.receivedNull} answers with id null, expected ${ledger.expectedNull}`,
              );
            if (ledger.receivedBatches !== ledger.expectedBatches)
              problems.push(
                `${ledger.receivedBatches} batch answers, expected ${ledger.expectedBatches}`,
              );
            if (peer.runningRequests !== 0) problems.push(`${peer.runningRequests} still running`);
            if (unhandled.length > 0) problems.push("unhandled: " + String(unhandled[0]));
            // Still usable: a plain request is answered.
            transport.sent.length = 0;
            transport.deliver(
              '{"jsonrpc":"2.0","id":"check","method":"work/do","params":{"behaviour":{"kind":"value","value":{"ok":1}}}}',
            );
            await settle(peer);
            if (transport.sent.join() !== '{"jsonrpc":"2.0","id":"check","result":{"ok":1}}')
              problems.push("the connection no longer answers: " + transport.sent.join());
            if (problems.length > 0) throw new Error(problems.join("; "));
          },
        ),
        { numRuns: runs },
      );

      collectGarbage();
      const growth = process.memoryUsage().heapUsed - heapBefore;
      console.log(
        `hostile peer, in memory: ${cases} cases, ${handled.requests} requests and ${handled.notifications} notifications handled, ` +
          `heap +${(growth / 1024 / 1024).toFixed(1)} MiB, ${notes.length} notes`,
      );
      expect(cases).toBe(runs);
      expect(handled.requests).toBeGreaterThan(runs / 2);
      // Nothing is kept per message: the heap ends about where it started (the notes array aside).
      expect(growth).toBeLessThan(32 * 1024 * 1024);
      expect(peer.isOpen).toBe(true);
      await peer.close();
    },
    Math.max(120_000, runs * 10),
  );
});
