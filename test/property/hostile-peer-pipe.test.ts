// The hostile-peer property (hostile-peer.test.ts) over real pipes: a generated component server
// in a child process (test/runtime/hostile-server.mjs), whose handlers behave as each request
// says, fed random, mutated and batched lines on its stdin while its stdout is read line by line.
// Same invariants: exactly one answer per request id, none for notifications, the expected number
// of id-null answers, the process alive and answering at the end, its heap bounded, its notes on
// stderr few.
//
// `npm test` runs 10,000 cases; FAST_CHECK_RUNS=100000 (npm run test:long) runs more.
import { spawn } from "node:child_process";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineDecoder } from "../../templates/runtime/index.js";
import {
  AnswerLedger,
  lineArbitrary,
  materialize,
  type Protocol,
} from "../runtime/hostile-cases.js";
import { repoRoot } from "../helpers/repo.js";

const runs = Number(process.env["FAST_CHECK_RUNS"] ?? 10_000);

const protocol: Protocol = {
  method: "components/execute",
  notification: "initialized",
  params: (behaviour) => ({ component: "/hostile", input: { behaviour } }),
  maxBatchLength: 4,
};

describe("a generated component server fed by a hostile peer, over pipes", () => {
  it(
    `answers every request exactly once and keeps working (${runs} cases)`,
    async () => {
      const child = spawn(
        process.execPath,
        ["--expose-gc", path.join(repoRoot, "test/runtime/hostile-server.mjs")],
        {
          stdio: ["pipe", "pipe", "pipe"],
        },
      );
      const started = performance.now();
      const ledger = new AnswerLedger();
      // Answers to this test's own requests (handshake, checks), by id.
      const own = new Map<string, (answer: { result?: { output?: unknown } }) => void>();
      let wake: () => void = () => {};
      const decoder = new LineDecoder((line) => {
        const parsed = JSON.parse(line) as { id?: unknown; result?: { output?: unknown } };
        const mine = typeof parsed.id === "string" && own.get(parsed.id);
        if (mine) {
          own.delete(parsed.id as string);
          mine(parsed);
        } else {
          ledger.receive(line);
        }
        wake();
      });
      child.stdout.on("data", (chunk: Buffer) => decoder.push(chunk));
      let stderrLines = 0;
      child.stderr.on("data", (chunk: Buffer) => {
        stderrLines += chunk.toString("utf8").split("\n").length - 1;
      });
      const write = (text: string): Promise<void> =>
        new Promise((resolve) =>
          child.stdin.write(text) ? resolve() : child.stdin.once("drain", resolve),
        );
      const ask = async (
        id: string,
        request: object,
      ): Promise<{ result?: { output?: unknown } }> => {
        const answer = new Promise<{ result?: { output?: unknown } }>((resolve) =>
          own.set(id, resolve),
        );
        await write(JSON.stringify({ jsonrpc: "2.0", id, ...request }) + "\n");
        return answer;
      };
      const heap = async (id: string): Promise<number> =>
        (await ask(id, { method: "components/execute", params: protocol.params("memory") })).result!
          .output as number;

      await ask("hello", { method: "initialize", params: { runtime_protocol_version: 1 } });
      await write('{"jsonrpc":"2.0","method":"initialized","params":{}}\n');
      const heapBefore = await heap("heap-before");

      let id = 0;
      const nextId = (): number => ++id;
      let cases = 0;
      // The lines sent since the last check, to show when something is wrong.
      let recent: string[] = [];
      const sync = async (): Promise<void> => {
        // The lines are read in order, so once a later request is answered, every synchronous
        // answer is out; handlers that answer later are waited for.
        await ask("check-" + cases, {
          method: "components/execute",
          params: protocol.params({ kind: "value", value: { output: 1 } }),
        });
        for (let wait = 0; wait < 100 && ledger.missing().length > 0; wait++)
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, 5);
          });
        if (ledger.missing().length > 0 || ledger.problems.length > 0)
          throw new Error(
            `${[...ledger.problems, ...ledger.missing()].join("; ")} after ${JSON.stringify(recent)}`,
          );
        recent = [];
      };
      await fc.assert(
        fc.asyncProperty(
          fc.array(lineArbitrary(protocol.maxBatchLength), { minLength: 1, maxLength: 4 }),
          async (lines) => {
            cases++;
            const plan = materialize(lines, protocol, nextId);
            ledger.expect(plan);
            await write(plan.lines.join("\n") + "\n");
            recent.push(...plan.lines);
            // Cases go out back to back; every 25th, the answers so far are checked.
            if (cases % 25 === 0) await sync();
          },
        ),
        { numRuns: runs },
      );

      await sync();
      // Late answers (a second one to some id) would come now.
      await new Promise((resolve) => setTimeout(resolve, 100));
      const heapAfter = await heap("heap-after");
      const growth = heapAfter - heapBefore;
      console.log(
        `hostile peer, over pipes: ${cases} cases, ids up to ${id}, ${ledger.receivedNull} answers with id null, ` +
          `${ledger.receivedBatches} batch answers; server heap ${(heapBefore / 1048576).toFixed(1)} → ${(heapAfter / 1048576).toFixed(1)} MiB; ` +
          `${stderrLines} stderr lines`,
      );
      expect(ledger.problems).toEqual([]);
      expect(ledger.missing()).toEqual([]);
      expect(ledger.receivedNull).toBe(ledger.expectedNull);
      expect(ledger.receivedBatches).toBe(ledger.expectedBatches);
      expect(cases).toBe(runs);
      expect(growth).toBeLessThan(32 * 1024 * 1024);
      // The server's notes are rate-limited: per kind (a handful) and 10-second window, 10 lines and
      // a summary, not one line per message.
      const windows = Math.ceil((performance.now() - started) / 10_000) + 1;
      expect(stderrLines).toBeLessThan(5 * 11 * windows);
      expect(child.exitCode).toBe(null);
      child.stdin.end();
      await new Promise((resolve) => child.once("close", resolve));
      expect(child.exitCode).toBe(0);
    },
    Math.max(120_000, runs * 10),
  );
});
