#!/usr/bin/env node
// The generated validators (generated/dist/validators.js) against ajv's compiled validators
// (draft 2020-12, the same schema) on the same values: valid messages, a value wrong at its top,
// a value wrong deep inside, and large arrays. Each row is timed in CPU time (process.cpuUsage,
// which moves less than wall time on a shared machine), the two validators interleaved, the
// median of several rounds.
//
//   npm run bench:validate
//   npm run bench:validate -- --rounds 9 --ms 300
//   npm run bench:validate -- --json      # the rows as JSON (bench/index.mjs reads them)
//
// Both validators must agree on every value (valid or not) before anything is timed.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { Ajv2020 } from "ajv/dist/2020.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function component(index, { deepError = false } = {}) {
  return {
    component: `/python/udf-${index}`,
    description: index % 2 === 0 ? `Component number ${index}` : null,
    input_schema: {
      type: "object",
      properties: { text: { type: "string" }, count: { type: "integer" } },
      required: ["text"],
    },
    output_schema: deepError ? 7 : { type: "object" },
  };
}

function executeRequest(id) {
  return {
    jsonrpc: "2.0",
    id,
    method: "components/execute",
    params: {
      component: "/python/udf",
      input: {
        records: Array.from({ length: 8 }, (_, i) => ({
          id: i,
          name: `record ${i}`,
          tags: ["a", "b", "c"],
          score: i * 1.5,
          active: i % 2 === 0,
        })),
        options: { mode: "fast", retries: 3 },
      },
    },
  };
}

const list = (length, deepError) => ({
  components: Array.from({ length }, (_, i) =>
    component(i, { deepError: deepError && i === length - 1 }),
  ),
});

const flowResult = (code) => ({
  result: {
    outcome: "failed",
    error: { code, message: "step failed", data: { step: "load", retry: false } },
  },
});

const errorResponse = {
  jsonrpc: "2.0",
  id: 7,
  error: { code: -32602, message: "Invalid params", data: { path: "$.input", expected: "object" } },
};

/** The rows: a definition, a value, and whether the schema accepts it. */
export const CASES = [
  {
    row: "valid: execute params (1.3 KB)",
    definition: "ComponentExecuteParams",
    value: executeRequest(1).params,
    valid: true,
  },
  { row: "valid: error response", definition: "MethodError", value: errorResponse, valid: true },
  {
    row: "valid: flow result (tagged oneOf)",
    definition: "EvaluateFlowResult",
    value: flowResult(3),
    valid: true,
  },
  {
    row: "invalid near the top: not an object",
    definition: "ComponentExecuteParams",
    value: 42,
    valid: false,
  },
  {
    row: "invalid near the top: required property missing",
    definition: "ComponentExecuteParams",
    value: { input: {} },
    valid: false,
  },
  {
    row: "invalid deep: flow result, wrong error code",
    definition: "EvaluateFlowResult",
    value: flowResult("x"),
    valid: false,
  },
  {
    row: "invalid deep: 100-component list, last item wrong",
    definition: "ListComponentsResult",
    value: list(100, true),
    valid: false,
  },
  {
    row: "large array: 100-component list",
    definition: "ListComponentsResult",
    value: list(100, false),
    valid: true,
  },
  {
    row: "large array: 1,000-component list",
    definition: "ListComponentsResult",
    value: list(1000, false),
    valid: true,
  },
];

function cpuMicros() {
  const { user, system } = process.cpuUsage();
  return user + system;
}

/**
 * CPU nanoseconds per call of `fn(value)`, over about `ms` of CPU time. Each validator gets a
 * timing loop of its own (compiled from source), so that its call site sees one function only,
 * as a caller's would, rather than every validator this benchmark times.
 */
const loops = new Map();
function measure(key, fn, value, ms) {
  let loop = loops.get(key);
  if (loop === undefined) {
    loop = new Function(
      "fn",
      "value",
      "ms",
      "cpuMicros",
      `let calls = 0, sink = 0, batch = 16, elapsed = 0;
      const start = cpuMicros();
      while (elapsed < ms * 1000) {
        for (let i = 0; i < batch; i++) if (fn(value) === undefined) sink++;
        calls += batch;
        if (batch < 65536) batch *= 2;
        elapsed = cpuMicros() - start;
      }
      globalThis.benchSink = sink;
      return (elapsed * 1000) / calls;`,
    );
    loops.set(key, loop);
  }
  return loop(fn, value, ms, cpuMicros);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function runValidatorBench({ rounds = 7, ms = 200 } = {}) {
  const dist = path.join(root, "generated/dist/validators.js");
  const generated = await import(pathToFileURL(dist).href);
  const schema = JSON.parse(
    readFileSync(path.join(root, "schema/stepflow-protocol.schema.json"), "utf8"),
  );
  const ajv = new Ajv2020({ strict: false, validateFormats: false });
  ajv.addSchema({ ...schema, $id: "bench:protocol" });
  const rows = [];
  for (const entry of CASES) {
    const ours = generated[`validate${entry.definition}`];
    const theirs = ajv.getSchema(`bench:protocol#/$defs/${entry.definition}`);
    if (ours === undefined || theirs === undefined)
      throw new Error(`no validator for ${entry.definition}`);
    const oursValid = ours(entry.value) === undefined;
    const theirsValid = theirs(entry.value);
    if (oursValid !== entry.valid || theirsValid !== entry.valid)
      throw new Error(
        `${entry.row}: expected valid=${entry.valid}, generated says ${oursValid}, ajv ${theirsValid}`,
      );
    // As a user sees a failure: the generated issue's text, ajv's first error's text.
    const generatedCall = oursValid
      ? ours
      : (value) => {
          const issue = ours(value);
          return issue === undefined ? undefined : issue.path + issue.expected + issue.received;
        };
    const ajvCall = (value) =>
      theirs(value) ? undefined : theirs.errors[0].instancePath + theirs.errors[0].message;
    const oursNs = [];
    const ajvNs = [];
    for (let round = 0; round < rounds; round++) {
      oursNs.push(measure(`ours ${entry.row}`, generatedCall, entry.value, ms));
      ajvNs.push(measure(`ajv ${entry.row}`, ajvCall, entry.value, ms));
    }
    const bindgen = median(oursNs);
    const ajvMedian = median(ajvNs);
    rows.push({
      row: entry.row,
      valid: oursValid,
      bindgenNs: bindgen,
      ajvNs: ajvMedian,
      speedup: ajvMedian / bindgen,
    });
  }
  return rows;
}

export function formatValidatorRows(rows) {
  return [
    "| validators (CPU ns per call) | jsonrpc-bindgen | ajv 8 (compiled) | ajv / bindgen |",
    "|---|---:|---:|---:|",
    ...rows.map(
      (row) =>
        `| ${row.row} | ${row.bindgenNs.toFixed(0)} | ${row.ajvNs.toFixed(0)} | ${row.speedup.toFixed(2)}× |`,
    ),
  ].join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      rounds: { type: "string", default: "7" },
      ms: { type: "string", default: "200" },
      json: { type: "boolean", default: false },
    },
  });
  const rows = await runValidatorBench({ rounds: Number(values.rounds), ms: Number(values.ms) });
  console.log(values.json ? JSON.stringify(rows) : formatValidatorRows(rows));
}
