#!/usr/bin/env node
// Runs the shared JSON-RPC round-trip benchmark with the generated package as one of its rows.
//
//   npm run bench:rpc                 # quick comparison (1 run, small N)
//   npm run bench:rpc -- --full       # the benchmark's defaults (5 runs, N=20000)
//   npm run bench:rpc -- --adapters floor-stream,generated --conc 1,64 --runs 3
//   npm run bench:rpc -- --out /tmp/rpc      # keep the results (bench-<time>.json, latest.md)
//
// The benchmark lives in ../shared/bench-rpc (read-only): it is copied to a temporary folder, its
// pinned dependencies are installed there, and this project's adapter is added to it.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, copyFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
const shared = process.env.BENCH_RPC_DIR ?? path.resolve(root, "../shared/bench-rpc");
if (!existsSync(shared)) {
  console.error(`bench: the shared benchmark is not at ${shared} (set BENCH_RPC_DIR)`);
  process.exit(1);
}
if (!existsSync(path.join(root, "generated/dist/index.js"))) {
  console.error("bench: generated/dist is missing: run `npm run generate` first");
  process.exit(1);
}

const work = path.join(mkdtempSync(path.join(os.tmpdir(), "bench-rpc-")), "bench-rpc");
cpSync(shared, work, {
  recursive: true,
  filter: (source) =>
    !source.includes(`${path.sep}node_modules`) && !source.includes(`${path.sep}results`),
});
copyFileSync(path.join(here, "rpc-adapter.mjs"), path.join(work, "adapters", "generated.mjs"));
const run = (command, args) => {
  const result = spawnSync(command, args, {
    cwd: work,
    stdio: "inherit",
    env: { ...process.env, BINDGEN_GENERATED_DIST: path.join(root, "generated/dist") },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
run("npm", ["ci", "--no-audit", "--no-fund", "--silent"]);

const args = process.argv.slice(2);
const full = args.includes("--full");
const passThrough = args.filter((arg) => arg !== "--full");
const defaults = full ? [] : ["--runs", "1", "--n", "10000", "--warmup", "2000"];
const adapters = passThrough.includes("--adapters")
  ? []
  : ["--adapters", "floor-stream,generated,json-rpc-2.0,vscode-jsonrpc-ndjson"];
// `--out DIR` keeps the benchmark's results (JSON and Markdown) where the caller reads them.
const out = passThrough.includes("--out") ? [] : ["--out", path.join(work, "results")];
run(process.execPath, ["bench.mjs", ...adapters, ...defaults, ...passThrough, ...out]);
