#!/usr/bin/env node
// Times `jsonrpc-bindgen` on the protocol's schema as a build pipeline sees it (whole processes),
// next to json-schema-to-typescript and openapi-typescript turning the same schema into types.
//
//   npm run bench:generate              # 5 runs of each, medians
//   npm run bench:generate -- --runs 9
//
// The peers are installed from the npm registry into a temporary folder (exact versions below);
// openapi-typescript reads OpenAPI, so it gets the schema's definitions as `components.schemas`.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const PEERS = { "json-schema-to-typescript": "16.0.0", "openapi-typescript": "7.13.0" };

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);
const work = mkdtempSync(path.join(os.tmpdir(), "bench-generate-"));

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: "utf8", ...options });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed:\n${result.stderr}`);
  }
  return result;
}

/** Median wall time in seconds of `runs` runs; `before` runs untimed before each. */
function time(label, command, args, { cwd = root, before } = {}) {
  const seconds = [];
  for (let i = 0; i < runs; i++) {
    before?.();
    const start = process.hrtime.bigint();
    run(command, args, { cwd });
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  seconds.sort((a, b) => a - b);
  const median = seconds[Math.floor(seconds.length / 2)];
  process.stderr.write(`${label}: ${seconds.map((s) => s.toFixed(2)).join(" ")}\n`);
  return { label, median, min: seconds[0], max: seconds[seconds.length - 1] };
}

process.stderr.write("installing peers...\n");
writeFileSync(
  path.join(work, "package.json"),
  JSON.stringify({ private: true, dependencies: PEERS }),
);
run("npm", ["install", "--no-audit", "--no-fund", "--silent"], { cwd: work });

const schemaFile = path.join(root, "schema/stepflow-protocol.schema.json");
const catalogFile = path.join(root, "schema/stepflow.catalog.json");
const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
const openapi = {
  openapi: "3.1.0",
  info: { title: "protocol", version: "1" },
  paths: {},
  components: {
    schemas: JSON.parse(
      JSON.stringify(schema.$defs).replaceAll("#/$defs/", "#/components/schemas/"),
    ),
  },
};
writeFileSync(path.join(work, "openapi.json"), JSON.stringify(openapi));

// A copy of the schema folder with its own output (and, having no node_modules, its cache in the
// OS temp folder), so the repository is not touched.
const project = path.join(work, "project");
cpSync(path.join(root, "schema"), path.join(project, "schema"), { recursive: true });
const cli = path.join(root, "dist/generator/cli/bin.js");
const bindgen = (...extra) => [
  cli,
  "--schema",
  "schema/stepflow-protocol.schema.json",
  "--catalog",
  "schema/stepflow.catalog.json",
  "--out",
  "generated",
  "--quiet",
  ...extra,
];
run(process.execPath, bindgen("--no-cache"), { cwd: project });

const schemaCopy = path.join(project, "schema/stepflow-protocol.schema.json");
const original = readFileSync(schemaCopy, "utf8");
let edits = 0;
const editDescription = () => {
  // A one-description edit, different each time, so that every run has something to redo.
  const value = JSON.parse(original);
  value.$defs.BlobId.description = `${value.$defs.BlobId.description} (edit ${++edits})`;
  writeFileSync(schemaCopy, JSON.stringify(value, null, 2) + "\n");
};

const rows = [
  time(
    "jsonrpc-bindgen, no cache (emits, formats and compiles everything)",
    process.execPath,
    bindgen("--no-cache"),
    { cwd: project },
  ),
  time("jsonrpc-bindgen --check, no cache", process.execPath, bindgen("--no-cache", "--check"), {
    cwd: project,
  }),
  time("jsonrpc-bindgen after a one-description edit", process.execPath, bindgen(), {
    cwd: project,
    before: editDescription,
  }),
];
writeFileSync(schemaCopy, original);
run(process.execPath, bindgen(), { cwd: project });
rows.push(time("jsonrpc-bindgen, nothing changed", process.execPath, bindgen(), { cwd: project }));
rows.push(
  time(
    "json-schema-to-typescript (types only)",
    path.join(work, "node_modules/.bin/json2ts"),
    ["-i", schemaFile, "-o", path.join(work, "jstt.d.ts")],
    { cwd: work },
  ),
  time(
    "openapi-typescript (types only)",
    path.join(work, "node_modules/.bin/openapi-typescript"),
    [path.join(work, "openapi.json"), "-o", path.join(work, "oats.d.ts")],
    { cwd: work },
  ),
);

const lines = [
  `# Generation time (whole process, median of ${runs}; ${os.cpus().length} cores, node ${process.version})`,
  "",
  "| run | median s | min–max s |",
  "|---|---:|---:|",
  ...rows.map(
    (row) =>
      `| ${row.label} | ${row.median.toFixed(2)} | ${row.min.toFixed(2)}–${row.max.toFixed(2)} |`,
  ),
  "",
  `catalog: ${path.relative(root, catalogFile)}; peers: ${Object.entries(PEERS)
    .map(([name, version]) => `${name}@${version}`)
    .join(", ")}`,
];
console.log(lines.join("\n"));
