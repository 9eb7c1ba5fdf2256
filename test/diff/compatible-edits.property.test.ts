// Property: for a random single edit to a schema, when the change report calls the edit
// compatible, the previous version's valid values stay valid under the new validators and the
// previous user code still compiles against the new types. User code is a probe that builds a
// sample value of every type as an object literal of that type; it is compiled against the old
// types too (it must, or the property says nothing). The compiles of all edits share one program.
//
// DIFF_PROPERTY_RUNS sets the number of edits (npm run test:diff-property runs 400).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { ts } from "ts-morph";
import { afterAll, describe, expect, it } from "vitest";
import { diffModels, type DiffReport } from "../../generator/diff/index.js";
import { emitPackage } from "../../generator/emit/index.js";
import { load } from "../../generator/load/index.js";
import { buildModel } from "../../generator/model/index.js";
import type { Model } from "../../generator/core/ir.js";
import { runTsc } from "../helpers/repo.js";
import { removeDir, tempDir } from "./helpers.js";

const RUNS = Number(process.env["DIFF_PROPERTY_RUNS"] ?? 40);

type Json = any;

/** The base schema: one definition of each kind the edits touch. */
const BASE: Json = {
  $defs: {
    Item: {
      type: "object",
      properties: {
        id: { type: "string", maxLength: 8 },
        count: { type: "integer", minimum: 0 },
        note: { type: "string" },
        kind: { $ref: "#/$defs/Kind" },
        tags: { type: "array", items: { type: "string" } },
      },
      required: ["id", "kind"],
    },
    Kind: { type: "string", enum: ["a", "b"] },
    Closed: {
      type: "object",
      properties: { x: { type: "number" }, y: { type: ["string", "null"] } },
      required: ["x"],
      additionalProperties: false,
    },
    Bag: { type: "object", additionalProperties: { type: "integer" } },
    Choice: { anyOf: [{ type: "string" }, { type: "integer" }] },
    Size: { type: "integer", minimum: 1, maximum: 10 },
  },
};

/** Valid values of each definition in the base schema (checked below). */
const SAMPLES: Record<string, readonly Json[]> = {
  Item: [
    { id: "i1", kind: "a" },
    { id: "abcdefgh", kind: "b", count: 3, note: "n", tags: ["t"] },
    { id: "", kind: "a", count: 0, tags: [] },
  ],
  Kind: ["a", "b"],
  Closed: [{ x: 1.5 }, { x: 0, y: null }, { x: -2, y: "s" }],
  Bag: [{}, { a: 1, b: -3 }],
  Choice: ["s", 7],
  Size: [1, 5, 10],
};

/** An edit; `n` is a random whole number from 0 to 20, for the edits that set a bound. */
type Edit = { readonly name: string; readonly apply: (schema: Json, n: number) => void };

const props = (schema: Json, def: string): Json => schema.$defs[def].properties;
const EDITS: readonly Edit[] = [
  {
    name: "Item: optional field added",
    apply: (s) => (props(s, "Item").extra = { type: "string" }),
  },
  {
    name: "Item: required field added",
    apply: (s) => {
      props(s, "Item").extra = { type: "string" };
      s.$defs.Item.required.push("extra");
    },
  },
  { name: "Item: field removed", apply: (s) => delete props(s, "Item").note },
  { name: "Item: field made required", apply: (s) => s.$defs.Item.required.push("count") },
  { name: "Item: field made optional", apply: (s) => (s.$defs.Item.required = ["id"]) },
  { name: "Item: maxLength loosened", apply: (s) => (props(s, "Item").id.maxLength = 16) },
  { name: "Item: maxLength tightened", apply: (s) => (props(s, "Item").id.maxLength = 4) },
  { name: "Item: maxLength dropped", apply: (s) => delete props(s, "Item").id.maxLength },
  { name: "Item: minimum raised", apply: (s) => (props(s, "Item").count.minimum = 1) },
  { name: "Item: integer to number", apply: (s) => (props(s, "Item").count.type = "number") },
  { name: "Item: string to integer", apply: (s) => (props(s, "Item").note = { type: "integer" }) },
  { name: "Item: may be null", apply: (s) => (props(s, "Item").note.type = ["string", "null"]) },
  { name: "Item: closed", apply: (s) => (s.$defs.Item.additionalProperties = false) },
  { name: "Item: open", apply: (s) => (s.$defs.Item.additionalProperties = true) },
  { name: "Item: items narrowed", apply: (s) => (props(s, "Item").tags.items = { const: "t" }) },
  { name: "Item: description", apply: (s) => (s.$defs.Item.description = "An item.") },
  { name: "Kind: value added", apply: (s) => s.$defs.Kind.enum.push("c") },
  { name: "Kind: value removed", apply: (s) => (s.$defs.Kind.enum = ["a"]) },
  { name: "Kind: to string", apply: (s) => (s.$defs.Kind = { type: "string" }) },
  { name: "Closed: opened", apply: (s) => delete s.$defs.Closed.additionalProperties },
  { name: "Closed: opened to {}", apply: (s) => (s.$defs.Closed.additionalProperties = {}) },
  { name: "Closed: null removed", apply: (s) => (props(s, "Closed").y.type = "string") },
  { name: "Closed: number to integer", apply: (s) => (props(s, "Closed").x.type = "integer") },
  { name: "Bag: extra any", apply: (s) => (s.$defs.Bag.additionalProperties = true) },
  { name: "Bag: extra {}", apply: (s) => (s.$defs.Bag.additionalProperties = {}) },
  { name: "Bag: extra number", apply: (s) => (s.$defs.Bag.additionalProperties.type = "number") },
  { name: "Bag: extra closed", apply: (s) => (s.$defs.Bag.additionalProperties = false) },
  { name: "Choice: member added", apply: (s) => s.$defs.Choice.anyOf.push({ type: "boolean" }) },
  { name: "Choice: member removed", apply: (s) => s.$defs.Choice.anyOf.pop() },
  { name: "Choice: to oneOf", apply: (s) => (s.$defs.Choice = { oneOf: s.$defs.Choice.anyOf }) },
  {
    name: "Choice: oneOf of look-alikes",
    apply: (s) =>
      (s.$defs.Choice = { oneOf: [{ type: "string" }, { type: "string", format: "uri" }] }),
  },
  { name: "Size: maximum raised", apply: (s) => (s.$defs.Size.maximum = 20) },
  { name: "Size: bounds dropped", apply: (s) => (s.$defs.Size = { type: "integer" }) },
  { name: "Size: minimum raised", apply: (s) => (s.$defs.Size.minimum = 2) },
  { name: "Size: to number", apply: (s) => (s.$defs.Size.type = "number") },
  { name: "Size: definition removed", apply: (s) => delete s.$defs.Size },
  { name: "Item: maxLength set to n", apply: (s, n) => (props(s, "Item").id.maxLength = n) },
  { name: "Item: minimum set to n", apply: (s, n) => (props(s, "Item").count.minimum = n - 5) },
  { name: "Size: maximum set to n", apply: (s, n) => (s.$defs.Size.maximum = n) },
  { name: "Size: minimum set to n", apply: (s, n) => (s.$defs.Size.minimum = n - 5) },
  { name: "Item: minItems set to n", apply: (s, n) => (props(s, "Item").tags.minItems = n % 3) },
  { name: "Spare: definition added", apply: (s) => (s.$defs.Spare = { type: "boolean" }) },
];

interface Version {
  readonly model: Model;
  readonly validators: Record<string, (value: unknown) => unknown>;
  readonly dir: string;
}

const work = tempDir("compatible-edits");
afterAll(() => removeDir(work));
let counter = 0;

/** Models a schema, writes its types and imports its validators (types erased by transpiling). */
async function version(schema: Json): Promise<Version> {
  const dir = path.join(work, String(counter++));
  mkdirSync(path.join(dir, "runtime"), { recursive: true });
  writeFileSync(path.join(dir, "s.json"), JSON.stringify(schema));
  const model = buildModel(await load({ schemaPath: "s.json", cwd: dir }));
  for (const file of emitPackage(model)) {
    if (file.path === "src/types.ts") writeFileSync(path.join(dir, "types.ts"), file.content);
    if (file.path !== "src/validators.ts" && file.path !== "src/runtime/validation.ts") continue;
    const output = ts.transpileModule(file.content, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    }).outputText;
    writeFileSync(path.join(dir, file.path.replace(/^src\//, "").replace(/\.ts$/, ".js")), output);
  }
  const validators = await import(pathToFileURL(path.join(dir, "validators.js")).href);
  return { model, validators, dir };
}

/** User code of the old version: a sample value of every type, built as a literal of that type. */
function writeProbe(dir: string): string {
  const lines = ['import type * as T from "./types.js";'];
  let n = 0;
  for (const [name, samples] of Object.entries(SAMPLES))
    for (const sample of samples)
      lines.push(`export const v${n++}: T.${name} = ${JSON.stringify(sample)};`);
  const file = path.join(dir, "probe.ts");
  writeFileSync(file, lines.join("\n") + "\n");
  return file;
}

/** Compile errors of each probe, all in one run of the compiler. */
function compileErrors(probes: readonly string[]): Map<string, string[]> {
  const project = path.join(work, "tsconfig.json");
  writeFileSync(
    project,
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        target: "ES2022",
        module: "NodeNext",
        moduleResolution: "NodeNext",
        exactOptionalPropertyTypes: true,
        skipLibCheck: true,
        types: [],
      },
      files: probes.map((probe) => path.relative(work, probe)),
    }),
  );
  const errors = new Map<string, string[]>(probes.map((probe) => [probe, []]));
  const { output } = runTsc(project, work);
  for (const line of output.split("\n").filter((text) => text.trim() !== "")) {
    const match = /^(.+?)\(\d+,\d+\): error (.*)$/.exec(line);
    const list = match ? errors.get(path.resolve(work, match[1]!)) : undefined;
    if (list) list.push(match![2]!);
    else if (match || /error/.test(line))
      throw new Error(`compile error outside the probes: ${line}`);
  }
  return errors;
}

const compatible = (report: DiffReport): boolean => report.summary.breaking === 0;

describe("an edit reported compatible breaks no previous value or user code", () => {
  it(`holds for ${RUNS} random single edits`, { timeout: 300_000 }, async () => {
    const base = await version(BASE);
    // The samples are valid in the base version, and its probe compiles (checked with the rest).
    for (const [name, samples] of Object.entries(SAMPLES))
      for (const sample of samples)
        expect(
          base.validators[`validate${name}`]!(sample),
          `${name} ${JSON.stringify(sample)}`,
        ).toBeUndefined();
    const baseProbe = writeProbe(base.dir);

    const checked: { edit: string; probe: string; report: DiffReport }[] = [];
    let reportedCompatible = 0;
    let reportedBreaking = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...EDITS),
        fc.integer({ min: 0, max: 20 }),
        async (edit, n) => {
          const schema = structuredClone(BASE);
          edit.apply(schema, n);
          const after = await version(schema);
          const report = diffModels(base.model, after.model);
          if (!compatible(report)) {
            reportedBreaking++;
            return;
          }
          reportedCompatible++;
          for (const [name, samples] of Object.entries(SAMPLES)) {
            const validate = after.validators[`validate${name}`];
            if (!validate)
              throw new Error(`${edit.name} (n = ${n}): reported compatible, but ${name} is gone`);
            for (const sample of samples)
              expect(
                validate(sample),
                `${edit.name} (n = ${n}): ${name} ${JSON.stringify(sample)} no longer valid`,
              ).toBeUndefined();
          }
          checked.push({ edit: `${edit.name} (n = ${n})`, probe: writeProbe(after.dir), report });
        },
      ),
      { numRuns: RUNS },
    );
    const errors = compileErrors([baseProbe, ...checked.map((entry) => entry.probe)]);
    expect(errors.get(baseProbe)).toEqual([]);
    for (const entry of checked)
      expect(
        errors.get(entry.probe),
        `${entry.edit}: the old user code no longer compiles`,
      ).toEqual([]);
    // Both outcomes occurred, so the property was exercised either way.
    expect(reportedCompatible).toBeGreaterThan(0);
    expect(reportedBreaking).toBeGreaterThan(0);
    console.log(
      `compatible-edits: ${RUNS} edits, ${reportedCompatible} reported compatible (checked), ${reportedBreaking} breaking`,
    );
  });
});
