// Pieces the benchmarks share: installing peers from the registry into a temporary folder, timing
// whole processes in CPU time and peak memory, and the project schema as OpenAPI input.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The peers the generation figures are compared with, at exact versions. */
export const PEERS = {
  "json-schema-to-typescript": "16.0.0",
  "openapi-typescript": "7.13.0",
};

export function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 1 << 28, ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}\n${result.stdout}`);
  }
  return result;
}

/**
 * Installs `dependencies` (name → exact version) into `dir` unless they are there already, so
 * that repeated runs of a benchmark do not download them again.
 */
export function installInto(dir, dependencies) {
  mkdirSync(dir, { recursive: true });
  const manifest = JSON.stringify({ private: true, dependencies }, null, 2);
  const manifestFile = path.join(dir, "package.json");
  const installed =
    existsSync(manifestFile) &&
    readFileSync(manifestFile, "utf8") === manifest &&
    Object.keys(dependencies).every((name) => existsSync(path.join(dir, "node_modules", name)));
  if (installed) return;
  writeFileSync(manifestFile, manifest);
  run("npm", ["install", "--no-audit", "--no-fund", "--silent"], { cwd: dir });
}

/** A folder under the OS temp folder that survives between runs (installed peers live there). */
export function benchHome(name) {
  return path.join(os.tmpdir(), "jsonrpc-bindgen-bench", name);
}

const TIME = "/usr/bin/time";
const hasTime = existsSync(TIME);

/**
 * Runs a command to completion and measures it: wall seconds, CPU seconds (user + system, of the
 * process and its children, from GNU time) and peak resident memory in MiB. CPU time moves much
 * less than wall time on a machine shared with other work.
 */
export function measureProcess(command, args, options = {}) {
  const start = process.hrtime.bigint();
  if (!hasTime) {
    run(command, args, options);
    return { wall: Number(process.hrtime.bigint() - start) / 1e9, cpu: NaN, rssMiB: NaN };
  }
  const result = run(TIME, ["-f", "BENCHTIME %e %U %S %M", command, ...args], options);
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const line = result.stderr
    .trim()
    .split("\n")
    .reverse()
    .find((text) => text.startsWith("BENCHTIME"));
  if (line === undefined) return { wall, cpu: NaN, rssMiB: NaN };
  const [, , user, system, kib] = line.split(" ");
  return { wall, cpu: Number(user) + Number(system), rssMiB: Number(kib) / 1024 };
}

export function median(values) {
  const sorted = [...values].filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Medians of several measurements of one command. */
export function summarize(label, samples) {
  return {
    label,
    runs: samples.length,
    cpu: median(samples.map((sample) => sample.cpu)),
    wall: median(samples.map((sample) => sample.wall)),
    rssMiB: median(samples.map((sample) => sample.rssMiB)),
    cpuMin: Math.min(...samples.map((sample) => sample.cpu)),
    cpuMax: Math.max(...samples.map((sample) => sample.cpu)),
  };
}

/** A JSON Schema's definitions as the `components.schemas` of an OpenAPI 3.1 document. */
export function schemaAsOpenapi(schema) {
  return {
    openapi: "3.1.0",
    info: { title: "protocol", version: "1" },
    paths: {},
    components: {
      schemas: JSON.parse(
        JSON.stringify(schema.$defs).replaceAll("#/$defs/", "#/components/schemas/"),
      ),
    },
  };
}

/**
 * A tsconfig that type-checks one `.ts` file as the generated package is checked (strict, the
 * same flags), so that the time of `tsc` on two outputs compares like with like.
 */
export function writeCheckProject(dir, file) {
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        lib: ["ES2022"],
        module: "NodeNext",
        moduleResolution: "NodeNext",
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: true,
        types: [],
        noEmit: true,
      },
      files: [file],
    }),
  );
}

/** The TypeScript compiler the project builds with. */
export const tsc = path.join(root, "node_modules/typescript/bin/tsc");

/** What the machine was doing: cores, model, load average. */
export function machine() {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    model: cpus[0]?.model ?? "unknown",
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAverage: os.loadavg().map((value) => Number(value.toFixed(2))),
  };
}
