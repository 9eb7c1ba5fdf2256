// The files the generator marks `preformatted` skip the formatter at generation time, so they must
// already be exactly what the formatter makes of them. This is the check that replaces running
// prettier on them: for every fixture schema and protocol, the Stepflow schema, and random hostile
// schemas, prettier (with the generator's options and parser) leaves every preformatted file as it is.
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import fc from "fast-check";
import { format } from "prettier";
import { afterAll, describe, expect, it } from "vitest";
import type { OutputFile } from "../../generator/core/options.js";
import { emitPackage } from "../../generator/emit/index.js";
import { formatFiles, PRETTIER_OPTIONS } from "../../generator/format/index.js";
import { load } from "../../generator/load/index.js";
import { buildModel } from "../../generator/model/index.js";

const root = path.resolve(import.meta.dirname, "../..");
const work = mkdtempSync(path.join(os.tmpdir(), "bindgen-layout-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** The package's sources as the generator writes them: emitted, then through the format stage. */
async function generated(
  schemaPath: string,
  catalogPath?: string,
  cwd = root,
): Promise<OutputFile[]> {
  const inputs = await load({ schemaPath, ...(catalogPath && { catalogPath }), cwd });
  return formatFiles(emitPackage(buildModel(inputs, { packageName: "layout-test" })));
}

/** The preformatted files (the runtime's static files aside: test/templates checks those) that prettier would change. */
async function changedByPrettier(files: readonly OutputFile[]): Promise<string[]> {
  const changed: string[] = [];
  for (const file of files) {
    if (!file.preformatted || file.path.startsWith("src/runtime/") || !file.path.endsWith(".ts"))
      continue;
    const formatted = await format(file.content, { ...PRETTIER_OPTIONS, parser: "babel-ts" });
    if (formatted !== file.content)
      changed.push(`${file.path}:\n${firstDifference(file.content, formatted)}`);
  }
  return changed;
}

function firstDifference(actual: string, expected: string): string {
  let at = 0;
  while (at < actual.length && actual[at] === expected[at]) at++;
  const lineStart = actual.lastIndexOf("\n", at - 1) + 1;
  return `written:   ${JSON.stringify(actual.slice(lineStart, at + 120))}\nprettier:  ${JSON.stringify(expected.slice(lineStart, at + 120))}`;
}

const schemasDir = path.join(root, "test/fixtures/schemas");
const schemaFixtures = readdirSync(schemasDir).filter((file) => file.endsWith(".schema.json"));
const inputsUnderTest: [string, string, string | undefined][] = [
  ["the Stepflow protocol", "schema/stepflow-protocol.schema.json", "schema/stepflow.catalog.json"],
  [
    "protocol+catalog",
    "test/fixtures/schemas/protocol.schema.json",
    "test/fixtures/catalogs/protocol.catalog.json",
  ],
  [
    "protocol-name-clashes+catalog",
    "test/fixtures/schemas/protocol-name-clashes.schema.json",
    "test/fixtures/catalogs/protocol-name-clashes.catalog.json",
  ],
  ...schemaFixtures.map((file): [string, string, undefined] => [
    file,
    `test/fixtures/schemas/${file}`,
    undefined,
  ]),
  ...readdirSync(path.join(root, "test/fixtures/protocols"), { withFileTypes: true })
    .filter((entry) =>
      existsSync(path.join(root, "test/fixtures/protocols", entry.name, "schema.json")),
    )
    .map((entry): [string, string, undefined] => [
      entry.name,
      `test/fixtures/protocols/${entry.name}/schema.json`,
      undefined,
    ]),
];

describe("preformatted files are what prettier makes of them", () => {
  it("the validators module is preformatted", async () => {
    const files = await generated(
      "schema/stepflow-protocol.schema.json",
      "schema/stepflow.catalog.json",
    );
    expect(files.find((file) => file.path === "src/validators.ts")?.preformatted).toBe(true);
  });

  it.each(inputsUnderTest)(
    "%s",
    async (_name, schema, catalog) => {
      expect(await changedByPrettier(await generated(schema, catalog))).toEqual([]);
    },
    120_000,
  );
});

// Hostile schemas: names, descriptions and enum values with quotes, backticks, comment ends, line
// breaks, non-ASCII text and lengths on both sides of the line width; long unions; nesting.
const hostileText = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      "a",
      '"',
      "'",
      "`",
      "*/",
      "\\",
      "\n",
      " ",
      "é",
      "中",
      "${",
      "-->",
      "\u2028",
    ),
    maxLength: 30,
  }),
  fc.string({ maxLength: 12 }),
  fc.integer({ min: 40, max: 130 }).map((length) => "x".repeat(length)),
  fc.string({ unit: fc.constantFrom('"', "'", "ab"), minLength: 20, maxLength: 70 }),
);
const definitionName = fc
  .tuple(fc.constantFrom("A", "Step", "Very", "X"), fc.integer({ min: 0, max: 70 }))
  .map(([start, length]) => start + "z".repeat(length));

function schemaArbitrary(): fc.Arbitrary<object> {
  const { node } = fc.letrec<{ node: object }>((tie) => ({
    node: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.constantFrom(
        { type: "string" },
        { type: "integer" },
        { type: "boolean" },
        { type: "null" },
        {},
      ),
      fc.record({
        type: fc.constant("number"),
        minimum: fc.double({ noNaN: true, noDefaultInfinity: true }),
      }),
      fc.record({
        type: fc.constant("string"),
        maxLength: fc.nat(),
        pattern: hostileText.map(escapePattern),
      }),
      fc.record({ enum: fc.uniqueArray(hostileText, { minLength: 1, maxLength: 20 }) }),
      fc.record({ const: hostileText }),
      fc.record({ $ref: fc.constantFrom("#/definitions/One", "#/definitions/Two") }),
      fc.record({ type: fc.constant("array"), items: tie("node") }),
      fc.record({ anyOf: fc.array(tie("node"), { minLength: 2, maxLength: 8 }) }),
      fc.record({ oneOf: fc.array(tie("node"), { minLength: 2, maxLength: 4 }) }),
      fc
        .tuple(
          fc.uniqueArray(fc.tuple(hostileText, tie("node"), hostileText), {
            maxLength: 5,
            selector: ([name]) => name,
          }),
          fc.boolean(),
          fc.boolean(),
        )
        .map(([properties, required, closed]) => ({
          type: "object",
          properties: Object.fromEntries(
            properties.map(([name, type, description]) => [name, { ...type, description }]),
          ),
          ...(required && properties.length > 0 && { required: [properties[0]![0]] }),
          ...(closed && { additionalProperties: false }),
        })),
    ),
  }));
  return fc
    .tuple(
      fc.uniqueArray(fc.tuple(definitionName, node, hostileText), {
        minLength: 1,
        maxLength: 4,
        selector: ([name]) => name,
      }),
      node,
      node,
    )
    .map(([definitions, one, two]) => ({
      $schema: "http://json-schema.org/draft-07/schema#",
      definitions: {
        One: one,
        Two: two,
        ...Object.fromEntries(
          definitions.map(([name, type, description]) => [name, { ...type, description }]),
        ),
      },
    }));
}

/** A pattern that matches the text literally (and so always compiles). */
function escapePattern(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
}

describe("preformatted files of hostile schemas", () => {
  it("are what prettier makes of them", async () => {
    let run = 0;
    let checked = 0;
    const runs = Number(process.env.FAST_CHECK_RUNS ?? 60);
    await fc.assert(
      fc.asyncProperty(schemaArbitrary(), async (schema) => {
        const dir = path.join(work, String(run++));
        const { mkdirSync } = await import("node:fs");
        mkdirSync(dir);
        writeFileSync(path.join(dir, "hostile.schema.json"), JSON.stringify(schema));
        let files: OutputFile[];
        try {
          files = await generated("hostile.schema.json", undefined, dir);
        } catch (error) {
          // A schema the generator refuses (a clear input error) has no output to check.
          if (error instanceof Error && error.name === "InputError") return;
          throw error;
        }
        expect(await changedByPrettier(files)).toEqual([]);
        checked++;
      }),
      { numRuns: runs },
    );
    // Most random schemas are valid ones: the property is not checked on refusals alone.
    expect(checked).toBeGreaterThan(runs / 2);
  }, 300_000);
});
