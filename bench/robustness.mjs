#!/usr/bin/env node
// Figures for the runtime's robustness limits, on the generated package (generated/dist):
// what a hostile batch costs, how validating a recursive union grows with depth, and how much
// memory a peer that never reads the answers makes this side hold.
//
//   npm run bench:robustness
//
// Printed, never asserted: the tests check the behaviour, this shows the cost.
import { spawn } from "node:child_process";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { memoryTransportPair, Peer } = await import(path.join(root, "generated/dist/index.js"));
const { ChildProcessTransport } = await import(path.join(root, "generated/dist/node.js"));

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc");
const heap = () => (gc(), process.memoryUsage().heapUsed);
const mib = (bytes) => (bytes / 1048576).toFixed(1) + " MiB";
const spec = (name) => ({ name, kind: "request", validateParams: () => undefined });

/** Sends one line to a fresh peer and waits for its first answer. */
async function hostileLine(line) {
  const [mine, theirs] = memoryTransportPair();
  const peer = new Peer(mine, { onProtocolError: () => {} });
  const answered = new Promise((resolve) => theirs.onMessage(resolve));
  const before = heap();
  const started = performance.now();
  theirs.send(line);
  const answer = await answered;
  const ms = performance.now() - started;
  const after = heap();
  await peer.close();
  return { ms, bytes: answer.length, heap: after - before };
}

console.log("# Runtime robustness figures\n");
for (const [what, line] of [
  ["batch of 6,000,000 numbers (11.4 MiB line)", "[" + "1,".repeat(5_999_999) + "1]"],
  ["batch of 1,000,000 non-objects (1.9 MiB line)", "[" + "1,".repeat(999_999) + "1]"],
  ["batch of 1,000 non-objects (the limit)", "[" + "1,".repeat(999) + "1]"],
]) {
  const { ms, bytes, heap: grown } = await hostileLine(line);
  console.log(
    `- ${what}: answered in ${ms.toFixed(0)} ms with ${bytes} bytes; heap after, the line itself included: ${grown >= 0 ? "+" : ""}${mib(grown)}`,
  );
}

// A recursive oneOf (Expr: number | Expr[] | {[k]: Expr}) from the fixture schemas, generated.
const tmp = mkdtempSync(path.join(os.tmpdir(), "bench-robustness-"));
const { generate } = await import(path.join(root, "dist/generator/index.js"));
await generate({
  schemaPath: "test/fixtures/schemas/recursive.schema.json",
  outDir: path.join(tmp, "pkg"),
  cwd: root,
  cache: false,
});
const { validateExpr } = await import(path.join(tmp, "pkg/dist/validators.js"));
console.log("\nValidating a recursive oneOf, nested arrays with a wrong leaf (median of 21 runs):");
for (const depth of [10, 20, 40, 80, 160]) {
  let value = "wrong";
  for (let i = 0; i < depth; i++) value = [value];
  const times = [];
  for (let run = 0; run < 21; run++) {
    const started = performance.now();
    validateExpr(value);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  console.log(
    `- depth ${depth} (${JSON.stringify(value).length} bytes): ${(times[10] * 1000).toFixed(0)} µs`,
  );
}
rmSync(tmp, { recursive: true, force: true });

// A child that writes 100,000 requests and reads nothing until SIGUSR1.
const child = spawn(
  process.execPath,
  [path.join(root, "test/runtime/fixtures/never-reading-peer.mjs"), "100000"],
  {
    stdio: ["pipe", "pipe", "ignore"],
  },
);
let handled = 0;
const before = heap();
const addSpec = spec("math/add");
const peer = new Peer(new ChildProcessTransport(child), {
  methods: new Map([
    ["math/add", { spec: addSpec, handler: ({ a, b }) => (handled++, { sum: a + b }) }],
  ]),
});
// Wait until requests come in, then until their count stops moving: reading has paused.
while (handled === 0) await new Promise((resolve) => setTimeout(resolve, 50));
let last = -1;
while (handled !== last) {
  last = handled;
  await new Promise((resolve) => setTimeout(resolve, 300));
}
const readBeforePause = handled;
const paused = heap();
const exited = new Promise((resolve) => child.once("exit", resolve));
child.kill("SIGUSR1");
const started = performance.now();
await exited;
console.log(
  `\nA peer that sends 100,000 requests and reads no answer: ${readBeforePause} read before reading paused, heap ${mib(paused - before)} more;` +
    ` once it reads, the rest answered in ${((performance.now() - started) / 1000).toFixed(2)} s`,
);
await peer.close();
