#!/usr/bin/env node
// `npm run bench`: every figure the project's speed goals name, each next to its peer and the
// ratio to it, in one run: generation of the project schema (cold, types only, after a
// one-description edit, nothing changed) against openapi-typescript and json-schema-to-typescript
// making types only; a consumer's `tsc` on the generated package against openapi-typescript's
// output (and, beside it, on a file importing the built package, and the floor of Node's types);
// the generated validators against ajv's compiled ones; the runtime against a bare NDJSON
// floor (bench/rpc.mjs); with `--large`, GitHub's REST API (bench/github-inputs.mjs) at a quarter,
// half and full size. Prints one table (Markdown) and writes everything as JSON.
//
//   npm run bench                              # all of it but the large case
//   npm run bench -- --large                   # and the GitHub case (a few CPU minutes)
//   npm run bench -- --runs 3 --json out.json  # fewer runs per generation row; JSON elsewhere
//   npm run bench -- --only generate,tsc       # some sections (generate, tsc, validate, rpc)
//
// Processes are timed in CPU time (user + system) and peak memory, which a shared machine moves
// much less than wall time; commands run in turn, so ratios within one run compare like with like.
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import {
  PEERS,
  benchHome,
  installInto,
  machine,
  measureProcess,
  root,
  run,
  schemaAsOpenapi,
  summarize,
  tsc,
  writeCheckProject,
} from "./lib.mjs";
import { buildInputs } from "./github-inputs.mjs";

const { values: options } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    json: { type: "string", default: path.join(root, "bench/results/latest.json") },
    large: { type: "boolean", default: false },
    only: { type: "string" },
    "rpc-runs": { type: "string", default: "3" },
    "rpc-n": { type: "string", default: "10000" },
  },
});
const runs = Number(options.runs);
const sections = new Set((options.only ?? "generate,tsc,validate,rpc,large").split(","));
if (!options.large) sections.delete("large");
const work = mkdtempSync(path.join(os.tmpdir(), "bench-all-"));
const log = (text) => process.stderr.write(`${text}\n`);
const cli = path.join(root, "dist/generator/cli/bin.js");
const startMachine = machine();

log("installing peers...");
const peersDir = benchHome("peers");
installInto(peersDir, PEERS);
const bin = (name) => path.join(peersDir, "node_modules/.bin", name);

/** One row of the main table: a figure, its peer's, the ratio and the goal it answers. */
const table = [];
function compare(figure, ours, peer, peerValue, goal, { better = "lower", unit = "CPU s" } = {}) {
  const ratio = ours / peerValue;
  const met = goal === undefined ? undefined : better === "lower" ? ratio <= goal : ratio >= goal;
  table.push({ figure, unit, ours, peer, peerValue, ratio, goal, better, met });
}
const result = { machine: startMachine, sections: {}, failures: {} };

/** Runs one section; a failing one is reported in the table and the JSON, and the rest still run. */
function section(name, body) {
  if (!sections.has(name)) return;
  try {
    body();
  } catch (error) {
    log(`${name}: ${error.stack ?? error}`);
    result.failures[name] = String(error.message ?? error).slice(0, 4000);
    table.push({
      figure: `${name}: failed (see the JSON)`,
      unit: "",
      ours: NaN,
      peer: "",
      met: false,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Generation of the project schema, as a build pipeline runs it.
const schemaFile = path.join(root, "schema/stepflow-protocol.schema.json");
const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
writeFileSync(path.join(work, "openapi.json"), JSON.stringify(schemaAsOpenapi(schema)));
const project = path.join(work, "project");
cpSync(path.join(root, "schema"), path.join(project, "schema"), { recursive: true });
const bindgenTo = (out, ...extra) => [
  cli,
  "--schema",
  "schema/stepflow-protocol.schema.json",
  "--catalog",
  "schema/stepflow.catalog.json",
  "--out",
  out,
  "--quiet",
  ...extra,
];
const bindgen = (...extra) => bindgenTo("generated", ...extra);
const typesOnly = [
  cli,
  "--schema",
  "schema/stepflow-protocol.schema.json",
  "--out",
  "types-only",
  "--quiet",
  "--no-cache",
];
run(process.execPath, bindgen("--no-cache"), { cwd: project });
// A run that records the cache, so that the first edit row is an edit too (the cold rows
// before it, with `--no-cache`, record none).
run(process.execPath, bindgen(), { cwd: project });

section("generate", () => {
  log("generation (project schema)...");
  const schemaCopy = path.join(project, "schema/stepflow-protocol.schema.json");
  const original = readFileSync(schemaCopy, "utf8");
  let edits = 0;
  const editDescription = () => {
    // A one-description edit, different each time, so that every run has something to redo.
    const value = JSON.parse(original);
    value.$defs.BlobId.description = `${value.$defs.BlobId.description} (edit ${++edits})`;
    writeFileSync(schemaCopy, JSON.stringify(value, null, 2) + "\n");
  };
  const commands = {
    cold: () => measureProcess(process.execPath, bindgen("--no-cache"), { cwd: project }),
    noBuild: () =>
      measureProcess(process.execPath, bindgenTo("no-build", "--no-cache", "--no-build"), {
        cwd: project,
      }),
    typesOnly: () => measureProcess(process.execPath, typesOnly, { cwd: project }),
    check: () =>
      measureProcess(process.execPath, bindgen("--no-cache", "--check"), { cwd: project }),
    edit: () => {
      editDescription();
      return measureProcess(process.execPath, bindgen(), { cwd: project });
    },
    warm: () => measureProcess(process.execPath, bindgen(), { cwd: project }),
    json2ts: () =>
      measureProcess(bin("json2ts"), ["-i", schemaFile, "-o", path.join(work, "jstt.d.ts")], {
        cwd: work,
      }),
    openapiTs: () =>
      measureProcess(
        bin("openapi-typescript"),
        [path.join(work, "openapi.json"), "-o", path.join(work, "oats.ts")],
        {
          cwd: work,
        },
      ),
  };
  const samples = Object.fromEntries(Object.keys(commands).map((key) => [key, []]));
  for (let round = 0; round < runs; round++) {
    // Commands in turn, round after round, so that a change of load touches every row alike.
    for (const [key, command] of Object.entries(commands)) {
      if (key === "warm") {
        writeFileSync(schemaCopy, original);
        run(process.execPath, bindgen(), { cwd: project });
      }
      samples[key].push(command());
    }
    log(`  round ${round + 1}/${runs}`);
  }
  writeFileSync(schemaCopy, original);
  run(process.execPath, bindgen(), { cwd: project });
  const rows = {
    cold: summarize(
      "jsonrpc-bindgen, no cache, with catalog (writes src/ and dist/)",
      samples.cold,
    ),
    noBuild: summarize(
      "jsonrpc-bindgen --no-build, no cache, with catalog (src/ only)",
      samples.noBuild,
    ),
    typesOnly: summarize("jsonrpc-bindgen, no cache, types only (no catalog)", samples.typesOnly),
    check: summarize("jsonrpc-bindgen --check, no cache", samples.check),
    edit: summarize("jsonrpc-bindgen after a one-description edit", samples.edit),
    warm: summarize("jsonrpc-bindgen, nothing changed", samples.warm),
    json2ts: summarize(
      `json-schema-to-typescript ${PEERS["json-schema-to-typescript"]} (types only)`,
      samples.json2ts,
    ),
    openapiTs: summarize(
      `openapi-typescript ${PEERS["openapi-typescript"]} (types only)`,
      samples.openapiTs,
    ),
  };
  result.sections.generate = rows;
  compare("cold, with catalog", rows.cold.cpu, "openapi-typescript", rows.openapiTs.cpu, 1.0);
  compare("cold, with catalog", rows.cold.cpu, "json2ts", rows.json2ts.cpu);
  compare(
    "cold, with catalog, `--no-build` (src/ only)",
    rows.noBuild.cpu,
    "openapi-typescript",
    rows.openapiTs.cpu,
  );
  compare("cold, types only", rows.typesOnly.cpu, "openapi-typescript", rows.openapiTs.cpu);
  compare("cold `--check`", rows.check.cpu, "openapi-typescript", rows.openapiTs.cpu);
  compare("after a one-description edit", rows.edit.cpu, "json2ts", rows.json2ts.cpu, 1.0);
  compare("nothing changed", rows.warm.cpu, "json2ts", rows.json2ts.cpu, 0.5);
  compare(
    "cold, with catalog: peak memory",
    rows.cold.rssMiB,
    "openapi-typescript",
    rows.openapiTs.rssMiB,
    undefined,
    { unit: "MiB" },
  );
});

// ---------------------------------------------------------------------------------------------
// What a consumer pays: `tsc` on the generated package and on openapi-typescript's output.
function consumerCheck(packageDir, oatsFile) {
  const checkDir = path.join(path.dirname(oatsFile), "oats-check");
  mkdirSync(checkDir, { recursive: true });
  cpSync(oatsFile, path.join(checkDir, "oats.ts"));
  writeCheckProject(checkDir, "oats.ts");
  const typeRoots = ["--typeRoots", path.join(root, "node_modules/@types")];
  const ours = [];
  const theirs = [];
  let errors = "";
  for (let round = 0; round < Math.max(3, Math.min(runs, 5)); round++) {
    try {
      ours.push(measureProcess(tsc, ["-p", packageDir, "--noEmit", ...typeRoots]));
    } catch (error) {
      errors = String(error.message).slice(0, 4000);
      break;
    }
    theirs.push(measureProcess(tsc, ["-p", checkDir]));
  }
  return {
    generated:
      ours.length > 0 ? summarize("tsc --noEmit on the generated package", ours) : undefined,
    openapiTs: summarize("tsc --noEmit on openapi-typescript's output", theirs),
    typeChecks: errors === "",
    errors,
  };
}

/**
 * What a consumer importing the built package pays, a second measure beside `consumerCheck`
 * (which type-checks the package's whole source, runtime included, with Node's types): a project
 * of one file that imports the package's main entry by name (its declarations in dist/, with
 * skipLibCheck as in every check here), against one that imports openapi-typescript's output
 * saved as the `.d.ts` its documentation writes. Neither project loads Node's types: the main
 * entry has no Node transports (`./node` and `./http` do). Also measured: `tsc` on an empty file
 * with the package's own compiler options, Node's types included, the floor under
 * `consumerCheck`.
 */
function consumerImport(packageDir, oatsFile) {
  const { name } = JSON.parse(readFileSync(path.join(packageDir, "package.json"), "utf8"));
  const base = path.join(path.dirname(oatsFile), "consumer");
  const oursDir = path.join(base, "imports-package");
  const scopeDir = path.join(oursDir, "node_modules", path.dirname(name));
  mkdirSync(scopeDir, { recursive: true });
  symlinkSync(packageDir, path.join(oursDir, "node_modules", name), "dir");
  writeFileSync(
    path.join(oursDir, "use.ts"),
    `import * as protocol from ${JSON.stringify(name)};\n` +
      "export const methodNames: readonly string[] = Object.keys(protocol.methods);\n",
  );
  writeCheckProject(oursDir, "use.ts");
  const theirsDir = path.join(base, "imports-oats");
  mkdirSync(theirsDir, { recursive: true });
  cpSync(oatsFile, path.join(theirsDir, "oats.d.ts"));
  writeFileSync(
    path.join(theirsDir, "use.ts"),
    'import type { components } from "./oats.js";\n' +
      'export type Schemas = components["schemas"];\n',
  );
  writeCheckProject(theirsDir, "use.ts");
  const floorDir = path.join(base, "node-types-floor");
  mkdirSync(path.join(floorDir, "src"), { recursive: true });
  cpSync(path.join(packageDir, "tsconfig.json"), path.join(floorDir, "tsconfig.json"));
  writeFileSync(path.join(floorDir, "src", "index.ts"), "export const nothing: number = 0;\n");
  const typeRoots = ["--typeRoots", path.join(root, "node_modules/@types")];
  const ours = [];
  const theirs = [];
  const floor = [];
  for (let round = 0; round < Math.max(3, Math.min(runs, 5)); round++) {
    ours.push(measureProcess(tsc, ["-p", oursDir]));
    theirs.push(measureProcess(tsc, ["-p", theirsDir]));
    floor.push(measureProcess(tsc, ["-p", floorDir, "--noEmit", ...typeRoots]));
  }
  return {
    importsPackage: summarize("tsc on a file importing the built package's main entry", ours),
    importsOpenapiTs: summarize(
      "tsc on a file importing openapi-typescript's output (.d.ts)",
      theirs,
    ),
    nodeTypesFloor: summarize(
      "tsc on an empty file with the package's compiler options (Node's types included)",
      floor,
    ),
  };
}

function sourceBytes(dir) {
  const sizes = {};
  for (const name of readdirSync(path.join(dir, "src"))) {
    const file = path.join(dir, "src", name);
    if (statSync(file).isFile()) sizes[name] = statSync(file).size;
  }
  return sizes;
}

section("tsc", () => {
  log("consumer tsc (project schema)...");
  run(bin("openapi-typescript"), [
    path.join(work, "openapi.json"),
    "-o",
    path.join(work, "oats.ts"),
  ]);
  const checked = consumerCheck(path.join(project, "generated"), path.join(work, "oats.ts"));
  const imported = consumerImport(path.join(project, "generated"), path.join(work, "oats.ts"));
  const sizes = sourceBytes(path.join(project, "generated"));
  result.sections.tsc = {
    ...checked,
    ...imported,
    sourceBytes: sizes,
    definitions: Object.keys(schema.$defs).length,
  };
  if (checked.generated)
    compare(
      "consumer `tsc` on the package",
      checked.generated.cpu,
      "openapi-typescript output",
      checked.openapiTs.cpu,
      2.0,
    );
  else
    table.push({
      figure: "consumer `tsc` on the package",
      unit: "",
      ours: NaN,
      peer: "type errors",
      met: false,
    });
  compareImports("", imported, checked);
});

/** The rows of `consumerImport`: no goal of their own, they say what the row above is made of. */
function compareImports(prefix, imported, checked) {
  compare(
    `${prefix}consumer \`tsc\` on a file importing the built package (main entry, declarations)`,
    imported.importsPackage.cpu,
    "file importing openapi-typescript's output (.d.ts)",
    imported.importsOpenapiTs.cpu,
  );
  compare(
    `${prefix}\`tsc\` floor under the package row: an empty file, Node's types`,
    imported.nodeTypesFloor.cpu,
    "openapi-typescript output",
    checked.openapiTs.cpu,
  );
}

// ---------------------------------------------------------------------------------------------
// Validators against ajv, in a process of their own.
section("validate", () => {
  log("validators against ajv...");
  const output = run(process.execPath, [path.join(root, "bench/validate.mjs"), "--json"]);
  const rows = JSON.parse(output.stdout);
  result.sections.validate = rows;
  for (const row of rows) {
    table.push({
      figure: `validator: ${row.row}`,
      unit: "CPU ns/call",
      ours: row.bindgenNs,
      peer: "ajv (compiled)",
      peerValue: row.ajvNs,
      ratio: row.speedup,
      goal: 1.0,
      better: "higher",
      met: row.speedup >= 1.0,
      ratioLabel: "speed-up",
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The runtime against the floor: the shared round-trip benchmark, through bench/rpc.mjs.
section("rpc", () => {
  log("runtime round trips (bench/rpc.mjs)...");
  const out = path.join(work, "rpc-results");
  run(
    process.execPath,
    [
      path.join(root, "bench/rpc.mjs"),
      "--adapters",
      "floor-stream,generated",
      "--conc",
      "1,64",
      "--runs",
      options["rpc-runs"],
      "--n",
      options["rpc-n"],
      "--warmup",
      "2000",
      "--out",
      out,
    ],
    { stdio: ["ignore", "ignore", "inherit"] },
  );
  const file = readdirSync(out).find((name) => name.endsWith(".json"));
  const { rows } = JSON.parse(readFileSync(path.join(out, file), "utf8"));
  result.sections.rpc = rows;
  for (const scenario of ["simple", "nested"]) {
    for (const conc of [1, 64]) {
      const floor = rows.find(
        (row) => row.adapter === "floor-stream" && row.scenario === scenario && row.conc === conc,
      );
      const ours = rows.find(
        (row) => row.adapter === "generated" && row.scenario === scenario && row.conc === conc,
      );
      if (!floor || !ours) continue;
      compare(
        `runtime ${scenario}, ${conc} in flight: requests/s`,
        ours.rps_median,
        "floor-stream",
        floor.rps_median,
        0.9,
        {
          better: "higher",
          unit: "req/s",
        },
      );
      compare(
        `runtime ${scenario}, ${conc} in flight: p99 latency`,
        ours.p99_us_median,
        "floor-stream",
        floor.p99_us_median,
        conc === 64 ? 1.3 : undefined,
        {
          unit: "µs",
        },
      );
    }
  }
});

// ---------------------------------------------------------------------------------------------
// GitHub's REST API at a quarter, half and full size.
section("large", () => {
  log("large case: GitHub REST API (@octokit/openapi)...");
  const octokitDir = benchHome("octokit");
  installInto(octokitDir, { "@octokit/openapi": "23.0.2" });
  const openapi = JSON.parse(
    readFileSync(
      path.join(octokitDir, "node_modules/@octokit/openapi/generated/api.github.com.json"),
      "utf8",
    ),
  );
  const sizes = [];
  for (const fraction of [0.25, 0.5, 1]) {
    const dir = path.join(work, `github-${fraction}`);
    mkdirSync(dir, { recursive: true });
    const built = buildInputs(openapi, fraction);
    writeFileSync(path.join(dir, "schema.json"), JSON.stringify(built.schema, null, 2));
    writeFileSync(path.join(dir, "catalog.json"), JSON.stringify(built.catalog, null, 2));
    writeFileSync(path.join(dir, "openapi.json"), JSON.stringify(built.openapi));
    log(`  ${fraction}: ${built.methods} methods, ${built.definitions} definitions`);
    const ours = measureProcess(
      process.execPath,
      [
        cli,
        "--schema",
        "schema.json",
        "--catalog",
        "catalog.json",
        "--out",
        "out",
        "--quiet",
        "--no-cache",
      ],
      { cwd: dir },
    );
    const theirs = measureProcess(bin("openapi-typescript"), ["openapi.json", "-o", "oats.ts"], {
      cwd: dir,
    });
    sizes.push({
      fraction,
      methods: built.methods,
      definitions: built.definitions,
      generated: ours,
      openapiTs: theirs,
      cpuPerDefinitionMs: (ours.cpu * 1000) / built.definitions,
      sourceBytes: sourceBytes(path.join(dir, "out")),
    });
  }
  const full = sizes[sizes.length - 1];
  const fullDir = path.join(work, "github-1");
  log("  type-checking the full package...");
  const checked = consumerCheck(path.join(fullDir, "out"), path.join(fullDir, "oats.ts"));
  const imported = consumerImport(path.join(fullDir, "out"), path.join(fullDir, "oats.ts"));
  result.sections.large = { sizes, tsc: { ...checked, ...imported } };
  compare(
    `GitHub (${full.methods} methods): generate`,
    full.generated.cpu,
    "openapi-typescript",
    full.openapiTs.cpu,
    2.0,
  );
  compare(`GitHub: peak memory`, full.generated.rssMiB, "600 MiB", 600, 1.0, { unit: "MiB" });
  compare(
    `GitHub: peak memory`,
    full.generated.rssMiB,
    "openapi-typescript",
    full.openapiTs.rssMiB,
    undefined,
    { unit: "MiB" },
  );
  const perDefinition = sizes.map((size) => size.cpuPerDefinitionMs);
  compare(
    "GitHub: CPU per definition, largest / smallest of ¼, ½, full",
    Math.max(...perDefinition),
    "smallest",
    Math.min(...perDefinition),
    1.2,
    { unit: "CPU ms/def" },
  );
  if (checked.generated)
    compare(
      "GitHub: consumer `tsc` on the package",
      checked.generated.cpu,
      "openapi-typescript output",
      checked.openapiTs.cpu,
      2.0,
    );
  else
    table.push({
      figure: "GitHub: consumer `tsc` on the package",
      unit: "",
      ours: NaN,
      peer: "does not type-check",
      met: false,
    });
  compareImports("GitHub: ", imported, checked);
  const validators = full.sourceBytes["validators.ts"] ?? 0;
  table.push({
    figure: "GitHub: validators.ts size",
    unit: "bytes",
    ours: validators,
    peer: "per definition",
    peerValue: validators / full.definitions,
  });
});

// ---------------------------------------------------------------------------------------------
result.table = table;
result.machine.loadAverageAtEnd = machine().loadAverage;
mkdirSync(path.dirname(path.resolve(options.json)), { recursive: true });
writeFileSync(path.resolve(options.json), JSON.stringify(result, null, 2) + "\n");

const number = (value, unit) => {
  if (!Number.isFinite(value)) return "–";
  if (unit === "CPU s") return value.toFixed(2);
  if (unit === "bytes" || unit === "req/s") return Math.round(value).toLocaleString("en-US");
  return value >= 100 ? Math.round(value).toLocaleString("en-US") : value.toFixed(2);
};
const lines = [
  `# jsonrpc-bindgen benchmark (${startMachine.cores} cores, ${startMachine.model}, node ${startMachine.node}, load ${startMachine.loadAverage.join(" ")} → ${result.machine.loadAverageAtEnd.join(" ")})`,
  "",
  "| figure | unit | jsonrpc-bindgen | peer | peer's | ratio | goal | met |",
  "|---|---|---:|---|---:|---:|---:|:-:|",
  ...table.map((row) => {
    const goal =
      row.goal === undefined
        ? ""
        : `${row.better === "higher" ? "≥" : "≤"} ${row.goal.toFixed(1)}×`;
    const met = row.met === undefined ? "" : row.met ? "yes" : "**no**";
    const ratio = Number.isFinite(row.ratio) ? `${row.ratio.toFixed(2)}×` : "";
    return `| ${row.figure} | ${row.unit} | ${number(row.ours, row.unit)} | ${row.peer} | ${number(row.peerValue, row.unit)} | ${ratio} | ${goal} | ${met} |`;
  }),
  "",
  "Ratios are jsonrpc-bindgen / peer, but for validators (ajv's time / ours: above 1 is faster) and",
  "runtime requests/s (ours / floor's). Generation and tsc rows: medians of whole processes, CPU time.",
  `Full figures: ${path.relative(process.cwd(), path.resolve(options.json))}`,
];
console.log(lines.join("\n"));
writeFileSync(path.resolve(options.json).replace(/\.json$/, ".md"), lines.join("\n") + "\n");
