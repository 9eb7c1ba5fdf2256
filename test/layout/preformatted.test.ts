// The files the generator marks `preformatted` skip the formatter at generation time, so they must
// already be exactly what the formatter makes of them. This is the check that replaces running
// prettier on them: for every fixture schema and protocol, the Stepflow schema, and random hostile
// schemas, prettier (with the generator's options and parser) leaves every preformatted file as it is.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
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
  return formatFiles(await emitted(schemaPath, catalogPath, cwd));
}

/** The package's sources as emitted, before the format stage. */
async function emitted(
  schemaPath: string,
  catalogPath?: string,
  cwd = root,
): Promise<OutputFile[]> {
  const inputs = await load({ schemaPath, ...(catalogPath && { catalogPath }), cwd });
  return emitPackage(buildModel(inputs, { packageName: "layout-test" }));
}

/** The parser prettier uses for a file the generator writes (its own choice for TypeScript). */
function parserOf(file: OutputFile): string | undefined {
  if (file.path.endsWith(".ts")) return "babel-ts";
  if (file.path.endsWith(".json")) return "json";
  if (file.path.endsWith(".md")) return "markdown";
  return undefined;
}

/** The preformatted files (the runtime's static files aside: test/templates checks those) that prettier would change. */
async function changedByPrettier(files: readonly OutputFile[]): Promise<string[]> {
  const changed: string[] = [];
  for (const file of files) {
    const parser = parserOf(file);
    if (!file.preformatted || file.path.startsWith("src/runtime/") || parser === undefined)
      continue;
    const formatted = await format(file.content, { ...PRETTIER_OPTIONS, parser });
    if (formatted !== file.content)
      changed.push(`${file.path}:\n${firstDifference(file.content, formatted)}`);
  }
  return changed;
}

/**
 * The README the format stage writes, against prettier's Markdown formatting of the README as
 * emitted (which is what the format stage wrote before the README was preformatted): the same
 * text, whichever way the format stage took.
 */
async function readmeAgainstPrettier(emittedFiles: readonly OutputFile[]): Promise<void> {
  const readme = emittedFiles.find((file) => file.path === "README.md")!;
  const [written] = await formatFiles([readme]);
  const expected = await format(readme.content, { ...PRETTIER_OPTIONS, parser: "markdown" });
  expect(written!.content, firstDifference(written!.content, expected)).toBe(expected);
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

  it("the types module is preformatted, with no declaration of the protocol left to prettier", async () => {
    const files = await emitted(
      "schema/stepflow-protocol.schema.json",
      "schema/stepflow.catalog.json",
    );
    const types = files.find((file) => file.path === "src/types.ts")!;
    expect(types.preformatted).toBe(true);
    expect(types.unformatted).toEqual([]);
  });

  it("a declaration the type layout does not cover is left to prettier, and only that one", async () => {
    // A tuple too long for its line: the layout has no rule for breaking one.
    const long = Object.fromEntries(
      ["first", "second", "third", "fourth"].map((name) => [
        name,
        { $ref: `#/$defs/AVeryLongDefinitionNameThatFillsTheLine${name}` },
      ]),
    );
    const dir = mkdtempSync(path.join(work, "tuple-"));
    writeFileSync(
      path.join(dir, "schema.json"),
      JSON.stringify({
        $defs: {
          Row: { type: "array", prefixItems: Object.values(long), items: false },
          Short: { type: "array", prefixItems: [{ type: "string" }], items: false },
          ...Object.fromEntries(
            Object.keys(long).map((name) => [
              `AVeryLongDefinitionNameThatFillsTheLine${name}`,
              { type: "string" },
            ]),
          ),
        },
      }),
    );
    const files = await emitted("schema.json", undefined, dir);
    const types = files.find((file) => file.path === "src/types.ts")!;
    const left = types.unformatted!.map(({ start, end }) => types.content.slice(start, end));
    expect(left).toEqual([expect.stringMatching(/^export type Row = \[/)]);
    expect(await changedByPrettier(await formatFiles(files))).toEqual([]);
  });

  it("the package files are preformatted, and the README but for its TypeScript examples", async () => {
    const files = await emitted(
      "schema/stepflow-protocol.schema.json",
      "schema/stepflow.catalog.json",
    );
    const byPath = new Map(files.map((file) => [file.path, file]));
    expect(byPath.get("package.json")?.preformatted).toBe(true);
    expect(byPath.get("tsconfig.json")?.preformatted).toBe(true);
    const readme = byPath.get("README.md")!;
    expect(readme.preformatted).toBe(true);
    const examples = readme.unformatted!.map(({ start, end }) => readme.content.slice(start, end));
    expect(examples.length).toBeGreaterThan(1);
    for (const example of examples) expect(example).toMatch(/^import .*;$/ms);
  });

  it.each(["A *marked* point.", "A __strong__ point.", "A ` spaced ` code span."])(
    "a README whose prose the Markdown formatter rewrites goes through it: %s",
    async (description) => {
      const dir = mkdtempSync(path.join(work, "prose-"));
      writeFileSync(
        path.join(dir, "schema.json"),
        JSON.stringify({ $defs: { Point: { type: "object", description } } }),
      );
      const files = await emitted("schema.json", undefined, dir);
      const readme = files.find((file) => file.path === "README.md")!;
      expect(readme.preformatted ?? false).toBe(false);
      await readmeAgainstPrettier(files);
      // The same README preformatted would not be what prettier makes of it.
      const asWritten = await format(readme.content, { ...PRETTIER_OPTIONS, parser: "markdown" });
      expect(asWritten).not.toBe(readme.content);
    },
  );

  it.each(inputsUnderTest)(
    "%s",
    async (_name, schema, catalog) => {
      const files = await emitted(schema, catalog);
      expect(await changedByPrettier(await formatFiles(files))).toEqual([]);
      await readmeAgainstPrettier(files);
    },
    120_000,
  );
});

// Hostile schemas: names, descriptions and enum values with quotes, backticks, comment ends, line
// breaks, non-ASCII text and lengths on both sides of the line width; long unions, intersections,
// tuples, nullable types, index signatures; nesting.
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
      fc.record({ allOf: fc.array(tie("node"), { minLength: 2, maxLength: 3 }) }),
      // A nullable type: one object-like type and null, which the formatter never breaks.
      tie("node").map((type) => ({ anyOf: [type, { type: "null" }] })),
      fc.record({
        type: fc.constant("array"),
        items: fc.array(tie("node"), { minLength: 1, maxLength: 4 }),
        additionalItems: fc.oneof(fc.constant(false), tie("node")),
      }),
      fc
        .tuple(
          fc.uniqueArray(fc.tuple(hostileText, tie("node"), hostileText), {
            maxLength: 5,
            selector: ([name]) => name,
          }),
          fc.constantFrom("none", "first", "all"),
          fc.oneof(fc.constant(undefined), fc.boolean(), tie("node")),
        )
        .map(([properties, required, additional]) => ({
          type: "object",
          properties: Object.fromEntries(
            properties.map(([name, type, description]) => [name, { ...type, description }]),
          ),
          ...(required !== "none" &&
            properties.length > 0 && {
              required: (required === "first" ? properties.slice(0, 1) : properties).map(
                ([name]) => name,
              ),
            }),
          ...(additional !== undefined && { additionalProperties: additional }),
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
    let declared = 0;
    let leftToPrettier = 0;
    const runs = Number(process.env.FAST_CHECK_RUNS ?? 60);
    await fc.assert(
      fc.asyncProperty(schemaArbitrary(), async (schema) => {
        const dir = path.join(work, String(run++));
        mkdirSync(dir);
        writeFileSync(path.join(dir, "hostile.schema.json"), JSON.stringify(schema));
        let files: OutputFile[];
        try {
          const emittedFiles = await emitted("hostile.schema.json", undefined, dir);
          await readmeAgainstPrettier(emittedFiles);
          files = await formatFiles(emittedFiles);
          const types = emittedFiles.find((file) => file.path === "src/types.ts")!;
          const declarations = (text: string): number => text.match(/^export type /gm)?.length ?? 0;
          declared += declarations(types.content);
          for (const { start, end } of types.unformatted ?? [])
            leftToPrettier += declarations(types.content.slice(start, end));
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
    // Nor on declarations left to prettier alone: most are laid out by the type layout.
    expect(leftToPrettier).toBeLessThan(declared / 2);
  }, 300_000);
});

// Catalog prose reaches the README: the protocol's title and description, roles' descriptions,
// error messages and names, method names. Text made of Markdown's own characters, with runs of
// spaces and tabs, on both sides of the rule that sends a README through the Markdown formatter.
const proseText = fc.string({
  unit: fc.constantFrom(
    "a",
    "Z",
    "1",
    " ",
    "  ",
    "\t",
    "*",
    "_",
    "`",
    "\\",
    "#",
    "-",
    "+",
    ">",
    "|",
    "[",
    "]",
    "(",
    ")",
    "!",
    "<",
    "&",
    ".",
    ":",
    "~",
    "=",
    "1.",
    "\n",
    "\u00a0",
    "é",
    " *em* ",
    " __strong__ ",
    " _em_ ",
    " `code` ",
  ),
  maxLength: 24,
});
const catalogText = fc.oneof(
  proseText,
  proseText.map((text) => text.replace(/[*_]/g, "")),
);

describe("READMEs of hostile catalogs", () => {
  it("are what prettier makes of them, preformatted or not", async () => {
    const base = JSON.parse(
      readFileSync(path.join(root, "test/fixtures/catalogs/protocol.catalog.json"), "utf8"),
    ) as {
      protocol: Record<string, string>;
      roles: Record<string, { description?: string }>;
      errors: { code: number; name: string; message: string }[];
    };
    let run = 0;
    let preformatted = 0;
    const runs = Number(process.env.FAST_CHECK_RUNS ?? 60);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          title: catalogText,
          description: catalogText,
          client: catalogText,
          server: catalogText,
          message: catalogText,
        }),
        async (prose) => {
          const dir = path.join(work, `catalog-${run++}`);
          mkdirSync(dir);
          const catalog = structuredClone(base);
          catalog.protocol.title = prose.title;
          catalog.protocol.description = prose.description;
          catalog.roles.client!.description = prose.client;
          catalog.roles.server!.description = prose.server;
          catalog.errors[2]!.message = prose.message;
          writeFileSync(path.join(dir, "catalog.json"), JSON.stringify(catalog));
          const files = await emitted(
            path.join(root, "test/fixtures/schemas/protocol.schema.json"),
            "catalog.json",
            dir,
          );
          await readmeAgainstPrettier(files);
          if (files.find((file) => file.path === "README.md")!.preformatted) preformatted++;
        },
      ),
      { numRuns: runs },
    );
    // Both ways are taken: the property is not checked on one of them alone.
    expect(preformatted).toBeGreaterThan(0);
    expect(preformatted).toBeLessThan(runs);
  }, 300_000);
});
