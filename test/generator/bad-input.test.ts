// Bad input: every error names the file and the place in it (a JSON pointer, or line:column for
// text that is not JSON) and says what was expected; the command exits 1, says that nothing was
// written, and leaves an existing output folder exactly as it was, with no temporary folder
// beside it.
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { generate, InputError } from "../../generator/index.js";
import { captureConsole, hashTree, makeTempDir, removeTempDir, repoRoot } from "../helpers/repo.js";

const schemas = "test/fixtures/schemas";
const invalid = "test/fixtures/invalid";
const catalogs = "test/fixtures/catalogs";
const protocolSchema = `${schemas}/protocol.schema.json`;

interface Case {
  readonly name: string;
  readonly schema: string;
  readonly catalog?: string;
  /** Every `error:` line, exactly. */
  readonly errors: readonly string[];
}

const cases: readonly Case[] = [
  {
    name: "invalid JSON in the schema (line:column)",
    schema: `${invalid}/invalid-json.schema.json`,
    errors: [
      `${invalid}/invalid-json.schema.json:4:30: invalid JSON: expected a property name in double quotes, found '}'`,
    ],
  },
  {
    name: "a schema file that does not exist",
    schema: `${invalid}/no-such.schema.json`,
    errors: [`${invalid}/no-such.schema.json: cannot read the file (no such file)`],
  },
  {
    name: "invalid JSON in a file reached through $ref (line:column in that file)",
    schema: `${invalid}/invalid-external.schema.json`,
    errors: [
      `${invalid}/invalid-external.schema.json#/$defs/A/$ref: $ref "external/broken.json#/$defs/B" points to a file that cannot be loaded: ` +
        `${invalid}/external/broken.json:3:30: invalid JSON: expected a property name in double quotes, found '}'`,
    ],
  },
  {
    name: "a dangling internal $ref",
    schema: `${invalid}/dangling-ref.schema.json`,
    errors: [
      `${invalid}/dangling-ref.schema.json#/$defs/A/properties/b/$ref: $ref "#/$defs/Nope" points to nothing: ` +
        `${invalid}/dangling-ref.schema.json has no value at "/$defs/Nope"`,
    ],
  },
  {
    name: "a $ref to a missing file",
    schema: `${invalid}/missing-file-ref.schema.json`,
    errors: [
      `${invalid}/missing-file-ref.schema.json#/$defs/A/$ref: $ref "external/does-not-exist.json#/$defs/B" points to a file that cannot be loaded: ` +
        `${invalid}/external/does-not-exist.json: cannot read the file (no such file)`,
    ],
  },
  {
    name: "an unknown `type` value",
    schema: `${invalid}/unknown-type.schema.json`,
    errors: [
      `${invalid}/unknown-type.schema.json#/$defs/A/properties/count/type: unknown type "int" (expected one of null, boolean, object, array, number, integer, string)`,
    ],
  },
  {
    name: "invalid JSON in the catalog (line:column)",
    schema: protocolSchema,
    catalog: "invalid-json",
    errors: [
      `${catalogs}/invalid-json.catalog.json:4:22: invalid JSON: expected ',' or '}' in object, found '"'`,
    ],
  },
  {
    name: "a catalog naming a missing params definition",
    schema: protocolSchema,
    catalog: "missing-params-definition",
    errors: [
      `${catalogs}/missing-params-definition.catalog.json#/methods/0/params: no definition "NopeParams" under $defs in the schema`,
    ],
  },
  {
    name: "a catalog naming a missing result definition",
    schema: protocolSchema,
    catalog: "missing-result-definition",
    errors: [
      `${catalogs}/missing-result-definition.catalog.json#/methods/0/result: no definition "NopeResult" under $defs in the schema`,
    ],
  },
  {
    name: "an unknown role in `from`",
    schema: protocolSchema,
    catalog: "unknown-from-role",
    errors: [
      `${catalogs}/unknown-from-role.catalog.json#/methods/1/from: unknown role "browser" (roles: client, server)`,
    ],
  },
  {
    name: "an unknown role in `to`",
    schema: protocolSchema,
    catalog: "unknown-to-role",
    errors: [
      `${catalogs}/unknown-to-role.catalog.json#/methods/4/to: unknown role "printer" (roles: client, server)`,
    ],
  },
  {
    name: "a duplicate method",
    schema: protocolSchema,
    catalog: "duplicate-method",
    errors: [
      `${catalogs}/duplicate-method.catalog.json#/methods/7/name: duplicate method "ping" (first defined at /methods/0)`,
    ],
  },
  {
    name: "a catalog without `methods` (fails the catalog's schema)",
    schema: protocolSchema,
    catalog: "missing-methods",
    errors: [`${catalogs}/missing-methods.catalog.json#: missing required property "methods"`],
  },
  {
    name: "a wrong `kind` value (fails the catalog's schema)",
    schema: protocolSchema,
    catalog: "wrong-kind",
    errors: [
      `${catalogs}/wrong-kind.catalog.json#/methods/2/kind: expected one of "request", "notification", found "call"`,
    ],
  },
  {
    name: "unknown properties in the catalog (each reported with its pointer)",
    schema: protocolSchema,
    catalog: "unknown-property",
    errors: [
      `${catalogs}/unknown-property.catalog.json#/methods/0/timeout: unknown property "timeout"`,
      `${catalogs}/unknown-property.catalog.json#/colour: unknown property "colour"`,
    ],
  },
  {
    name: "a request without `result`",
    schema: protocolSchema,
    catalog: "request-without-result",
    errors: [
      `${catalogs}/request-without-result.catalog.json#/methods/3: request "records/put" needs a "result" definition`,
    ],
  },
];

let tmp: string;
let parent: string;
let outDir: string;
let before: Record<string, string>;

beforeAll(async () => {
  tmp = makeTempDir("bad-input");
  parent = path.join(tmp, "work");
  outDir = path.join(parent, "out");
  // A good package already in place: bad input must not touch it.
  await generate({
    schemaPath: protocolSchema,
    catalogPath: `${catalogs}/protocol.catalog.json`,
    outDir,
    cwd: repoRoot,
    cache: false,
  });
  before = hashTree(outDir);
}, 60_000);

afterAll(() => removeTempDir(tmp));

describe.each(cases)("bad input: $name", ({ schema, catalog, errors }) => {
  it("exits 1 with the exact message, writes nothing and leaves the output folder as it was", async () => {
    const { io, out, err } = captureConsole();
    const argv = ["--schema", schema, "--out", outDir, "--no-cache"];
    if (catalog !== undefined) argv.push("--catalog", `${catalogs}/${catalog}.catalog.json`);
    const code = await main(argv, io, repoRoot);

    expect(err).toEqual([
      ...errors.map((line) => `error: ${line}`),
      "jsonrpc-bindgen: nothing was written",
    ]);
    expect(out).toEqual([]);
    expect(code).toBe(1);
    expect(hashTree(outDir)).toEqual(before);
    expect(readdirSync(parent)).toEqual(["out"]);
  });
});

describe("bad input through the API", () => {
  it("generate() rejects with an InputError carrying the file and the JSON pointer", async () => {
    const error = await generate({
      schemaPath: `${invalid}/dangling-ref.schema.json`,
      outDir,
      cwd: repoRoot,
      cache: false,
    }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).diagnostics).toEqual([
      {
        file: `${invalid}/dangling-ref.schema.json`,
        pointer: "/$defs/A/properties/b/$ref",
        message: `$ref "#/$defs/Nope" points to nothing: ${invalid}/dangling-ref.schema.json has no value at "/$defs/Nope"`,
      },
    ]);
  });

  it("generate() rejects with line and column for a syntax error", async () => {
    const error = await generate({
      schemaPath: `${invalid}/invalid-json.schema.json`,
      outDir,
      cwd: repoRoot,
      cache: false,
    }).catch((caught: unknown) => caught);
    expect((error as InputError).diagnostics).toEqual([
      {
        file: `${invalid}/invalid-json.schema.json`,
        line: 4,
        column: 30,
        message: "invalid JSON: expected a property name in double quotes, found '}'",
      },
    ]);
    expect(hashTree(outDir)).toEqual(before);
  });
});
