// Property tests on malformed schemas: whatever a schema holds, the generator either models it or
// stops with an InputError naming a place in the file; it never fails with an internal error.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../generator/core/diagnostics.js";
import { load } from "../../generator/load/index.js";
import { buildModel } from "../../generator/model/index.js";
import { emitPackage } from "../../generator/emit/index.js";

const root = path.resolve(import.meta.dirname, "../..");
const schema = JSON.parse(
  readFileSync(path.join(root, "schema/stepflow-protocol.schema.json"), "utf8"),
) as unknown;
const catalog = readFileSync(path.join(root, "schema/stepflow.catalog.json"), "utf8");
const work = mkdtempSync(path.join(os.tmpdir(), "bindgen-property-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every JSON pointer path (as key lists) into a value. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const found = [prefix];
  if (Array.isArray(value))
    value.forEach((item, index) => found.push(...paths(item, [...prefix, index])));
  else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) found.push(...paths(item, [...prefix, key]));
  }
  return found;
}
const allPaths = paths(schema).filter((p) => p.length > 0);

function replaceAt(value: unknown, at: (string | number)[], replacement: unknown): unknown {
  if (at.length === 0) return replacement;
  const [head, ...rest] = at;
  if (Array.isArray(value))
    return value.map((item, index) => (index === head ? replaceAt(item, rest, replacement) : item));
  const object = value as Record<string, unknown>;
  return { ...object, [head as string]: replaceAt(object[head as string], rest, replacement) };
}

let counter = 0;
async function generateFrom(mutated: unknown, emit: boolean): Promise<"ok" | InputError> {
  const dir = path.join(work, String(counter++));
  const { mkdirSync } = await import("node:fs");
  mkdirSync(dir);
  writeFileSync(path.join(dir, "protocol.schema.json"), JSON.stringify(mutated));
  writeFileSync(path.join(dir, "catalog.json"), catalog);
  try {
    const inputs = await load({
      schemaPath: "protocol.schema.json",
      catalogPath: "catalog.json",
      cwd: dir,
    });
    const model = buildModel(inputs);
    if (emit) emitPackage(model);
    return "ok";
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
}

const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.constantFrom(
    { $ref: "#/$defs/Nope" },
    { $ref: "missing.json" },
    { type: "strange" },
    { oneOf: [] },
    { enum: 3 },
    { required: "x" },
    { properties: [] },
    { pattern: "(", type: "string" },
    true,
    false,
    {},
  ),
);

describe("a schema with one node replaced by anything", () => {
  it("is modelled, or rejected with an InputError that names the schema or catalog file", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...allPaths), replacement, async (at, value) => {
        const outcome = await generateFrom(replaceAt(schema, at, value), false);
        if (outcome !== "ok") {
          expect(outcome.diagnostics.length).toBeGreaterThan(0);
          for (const diagnostic of outcome.diagnostics) {
            expect(["protocol.schema.json", "catalog.json"]).toContain(diagnostic.file);
            expect(diagnostic.message.length).toBeGreaterThan(0);
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it("emits whenever it models (pattern and other keyword errors surface as InputError)", async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...allPaths), replacement, async (at, value) => {
        const outcome = await generateFrom(replaceAt(schema, at, value), true);
        expect(outcome === "ok" || outcome instanceof InputError).toBe(true);
      }),
      { numRuns: 25 },
    );
  }, 60_000);
});
