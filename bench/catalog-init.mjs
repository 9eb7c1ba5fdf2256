#!/usr/bin/env node
// Times `catalog init` drafting from the published documents the tests use (in process, after
// one warm-up draft each), and prints what each draft holds.
//
//   npm run bench:catalog-init              # 9 drafts of each, median
//   npm run bench:catalog-init -- --runs 21
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { draftCatalog } = await import(path.join(root, "dist/generator/catalog/init/index.js"));
const { values } = parseArgs({ options: { runs: { type: "string", default: "9" } } });
const runs = Number(values.runs);

const openRpcDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@open-rpc/examples/package.json")),
  "build/service-descriptions",
);
const inputs = [
  ["json-schema", path.join(root, "test/fixtures/protocols/mcp-2025-11-25/schema.json")],
  ["meta-model", path.join(root, "test/fixtures/protocols/lsp-3.18/metaModel.json")],
  ...readdirSync(openRpcDir)
    .sort()
    .map((file) => ["openrpc", path.join(openRpcDir, file)]),
];

console.log(
  "input | format | methods (requests/notifications) | definitions drafted | notes | median ms (parse + draft)",
);
for (const [format, file] of inputs) {
  const text = readFileSync(file, "utf8");
  const once = () =>
    draftCatalog({ format, document: JSON.parse(text), file: path.basename(file), identity: {} });
  const draft = once();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    once();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const methods = draft.catalog.methods;
  const requests = methods.filter((method) => method.kind === "request").length;
  const definitions = draft.schema === undefined ? "-" : Object.keys(draft.schema.$defs).length;
  console.log(
    `${path.basename(file)} | ${format} | ${methods.length} (${requests}/${methods.length - requests}) | ${definitions} | ${draft.notes.length} | ${times[Math.floor(runs / 2)].toFixed(1)}`,
  );
}
