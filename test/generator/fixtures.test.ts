// One small schema per JSON Schema construct (test/fixtures/schemas/*.schema.json). For each:
// - the generated src/types.ts is kept as a file snapshot (reviewable in a diff);
// - the whole generated package type-checks under the package's own strict settings;
// - a few assertions state what the snapshot must say, so a wrong snapshot cannot be accepted
//   by accident.
// Every fixture is generated once, and all of them are type-checked in one tsc run whose errors
// are then sorted by fixture, so that a failure names the fixture.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { readModule, type DeclarationInfo, type ModuleInfo } from "../helpers/declarations.js";
import { makeTempDir, removeTempDir, repoRoot, runTsc, type TscResult } from "../helpers/repo.js";

const schemasDir = path.join(repoRoot, "test/fixtures/schemas");
const fixtures = readdirSync(schemasDir)
  .filter((file) => file.endsWith(".schema.json"))
  .map((file) => file.slice(0, -".schema.json".length))
  .sort();

/** Fixtures generated with a method catalog too: the whole protocol layer must compile. */
const protocolFixtures = [
  { name: "protocol+catalog", schema: "protocol", catalog: "protocol" },
  {
    name: "protocol-name-clashes+catalog",
    schema: "protocol-name-clashes",
    catalog: "protocol-name-clashes",
  },
];

/**
 * Generated packages that do not compile yet because of known generator bugs outside the type
 * emitter. Their type-check asserts that the only errors are the known ones, so that nothing
 * else breaks unnoticed meanwhile; once the bug is fixed the test fails, asking for the entry to
 * be removed.
 */
const KNOWN_COMPILE_BUGS: Record<string, { bug: string; errors: RegExp }> = {};

function typeCheckTest(name: string): void {
  const known = KNOWN_COMPILE_BUGS[name];
  if (known === undefined) {
    it("type-checks under strict", () => {
      types(name);
      expect(errorsByFixture.get(name) ?? []).toEqual([]);
    });
    return;
  }
  it(`type-checks under strict but for a known bug (${known.bug})`, () => {
    types(name);
    const errors = errorsByFixture.get(name) ?? [];
    expect(errors, `${name} compiles now: remove it from KNOWN_COMPILE_BUGS`).not.toEqual([]);
    expect(errors.filter((line) => !known.errors.test(line))).toEqual([]);
  });
}

/**
 * A module that fails to compile unless every type of `types.ts` is assignable to the package's
 * JSON value type, as the README promises.
 */
function jsonAssignability(typesSource: string): string {
  const names = [...typesSource.matchAll(/^export type (\w+)(<[^=]*>)? =/gm)]
    .filter((match) => match[2] === undefined)
    .map((match) => match[1]!);
  const json = names.find((name) =>
    new RegExp(
      `^export type ${name} =\\s*null \\| boolean \\| number \\| string \\| ${name}\\[\\]`,
      "m",
    ).test(typesSource),
  );
  if (json === undefined) return "export {};\n";
  return [
    `import type * as types from "./types.js";`,
    ...names.map(
      (name) => `export const ${name}Json: types.${json} = null as unknown as types.${name};`,
    ),
    "",
  ].join("\n");
}

let tmp: string;
const typesText = new Map<string, string>();
const failures = new Map<string, Error>();
let tsc: TscResult;
/** tsc's error lines by fixture (first folder of the path); `""` for lines naming no fixture. */
const errorsByFixture = new Map<string, string[]>();

beforeAll(async () => {
  tmp = makeTempDir("fixtures");
  const packages = path.join(tmp, "packages");
  mkdirSync(packages);
  const jobs = [
    ...fixtures.map((name) => ({ name, schema: name, catalog: undefined as string | undefined })),
    ...protocolFixtures,
  ];
  for (const job of jobs) {
    const outDir = path.join(packages, job.name);
    try {
      await generate({
        schemaPath: `test/fixtures/schemas/${job.schema}.schema.json`,
        ...(job.catalog !== undefined && {
          catalogPath: `test/fixtures/catalogs/${job.catalog}.catalog.json`,
        }),
        outDir,
        cwd: repoRoot,
        cache: false,
      });
      const typesSource = readFileSync(path.join(outDir, "src/types.ts"), "utf8");
      typesText.set(job.name, typesSource);
      writeFileSync(path.join(outDir, "src/json-assignable.ts"), jsonAssignability(typesSource));
    } catch (error) {
      failures.set(job.name, error as Error);
    }
  }
  // One program over every package, with the settings of the packages' own tsconfig.json.
  const first = jobs.find((job) => !failures.has(job.name))!.name;
  writeFileSync(
    path.join(tmp, "tsconfig.json"),
    JSON.stringify({
      extends: `./packages/${first}/tsconfig.json`,
      compilerOptions: { rootDir: ".", noEmit: true },
      include: ["packages/*/src/**/*.ts"],
    }),
  );
  tsc = runTsc(path.join(tmp, "tsconfig.json"), tmp);
  for (const line of tsc.output.split("\n").filter((l) => l.trim() !== "")) {
    const match = /^packages\/([^/]+)\//.exec(line);
    const key = match?.[1] ?? "";
    // Continuation lines of a message belong to the previous error.
    if (key === "" && /^\s/.test(line) && errorsByFixture.size > 0) continue;
    errorsByFixture.set(key, [...(errorsByFixture.get(key) ?? []), line]);
  }
}, 120_000);

afterAll(() => removeTempDir(tmp));

function types(name: string): string {
  const failure = failures.get(name);
  if (failure) throw failure;
  const text = typesText.get(name);
  if (text === undefined) throw new Error(`${name} was not generated`);
  return text;
}

function moduleOf(name: string): ModuleInfo {
  return readModule(types(name));
}

function declaration(module: ModuleInfo, name: string): DeclarationInfo {
  const found = module.declarations.get(name);
  if (!found)
    throw new Error(`no declaration ${name}; have ${[...module.declarations.keys()].join(", ")}`);
  return found;
}

/** `{ name: type }` (with `?` on optional names) of an object type's properties. */
function shape(declarationInfo: DeclarationInfo): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, property] of declarationInfo.properties) {
    result[property.optional ? `${name}?` : name] = property.type.replace(/\s+/g, " ");
  }
  return result;
}

describe.each(fixtures)("fixture %s", (name) => {
  it("generates src/types.ts as in its snapshot", async () => {
    await expect(types(name)).toMatchFileSnapshot(`__snapshots__/${name}.types.ts.snap`);
  });

  typeCheckTest(name);
});

describe.each(protocolFixtures)("fixture $name (schema with a catalog)", ({ name }) => {
  typeCheckTest(name);
});

describe("the batched type-check", () => {
  it("ran, and every error it reported names a fixture", () => {
    expect(errorsByFixture.get("") ?? []).toEqual([]);
    // tsc failed exactly when some fixture has errors.
    expect(tsc.code !== 0).toBe([...errorsByFixture.keys()].some((key) => key !== ""));
  });

  it("does catch a type error in one fixture and names it", () => {
    // Guards the sorting above: a broken file must show up under its fixture's name.
    const broken = path.join(tmp, "packages", fixtures[0]!, "src", "broken.ts");
    writeFileSync(broken, "export const x: string = 1;\n");
    try {
      const result = runTsc(path.join(tmp, "tsconfig.json"), tmp);
      expect(result.code).not.toBe(0);
      expect(result.output).toContain(`packages/${fixtures[0]}/src/broken.ts(1,14): error TS2322`);
    } finally {
      writeFileSync(broken, "export {};\n");
    }
  });
});

describe("what the generated types say", () => {
  it("required properties are plain, optional ones get `?`, a required name without a schema is any JSON value", () => {
    const module = moduleOf("required-optional");
    expect(shape(declaration(module, "Person"))).toEqual({
      name: "string",
      age: "number",
      "nickname?": "string",
    });
    expect(shape(declaration(module, "RequiredWithoutSchema"))).toEqual({
      id: "string",
      extra: "JsonValue",
    });
  });

  it("nullable in both spellings becomes `T | null`; a plain reference does not", () => {
    const nullables = shape(declaration(moduleOf("nullable"), "Nullables"));
    expect(nullables).toMatchObject({
      anyOfNull: "Label | null",
      typeArrayNull: "string | null",
      "oneOfNull?": "number | null",
      notNullable: "Label",
    });
    expect(declaration(moduleOf("nullable"), "NullableArray").type).toBe("string[] | null");
  });

  it("oneOf and anyOf become unions of their members", () => {
    const module = moduleOf("unions");
    expect(declaration(module, "Shape").type).toBe("Circle | Square");
    expect(declaration(module, "StringOrNumber").type).toBe("string | number");
    expect(declaration(module, "NumberAndInteger").type).toBe("number");
  });

  it("tagged unions keep the tag as a literal type, with or without a discriminator mapping", () => {
    const module = moduleOf("discriminator");
    for (const name of ["PetWithMapping", "PetWithoutMapping", "PetByConstOnly"]) {
      expect(declaration(module, name).type).toBe("Cat | Dog");
    }
    expect(shape(declaration(module, "Cat"))).toEqual({ kind: '"cat"', lives: "number" });
  });

  it("enums become unions of literals, filtered by `type`", () => {
    const module = moduleOf("enums");
    expect(declaration(module, "Color").type).toBe('"red" | "green" | "blue"');
    expect(declaration(module, "Mixed").type).toBe('"auto" | 1 | 2.5 | true | null');
    expect(declaration(module, "FilteredByType").type).toBe('"a" | "b"');
  });

  it("the empty schema and `true` are the JsonValue helper; `false` is never", () => {
    const module = moduleOf("empty-schema");
    expect(declaration(module, "Anything").type).toBe("JsonValue");
    expect(declaration(module, "TrueSchema").type).toBe("JsonValue");
    expect(declaration(module, "FalseSchema").type).toBe("never");
    expect(declaration(module, "JsonValue").type.replace(/\s+/g, " ")).toBe(
      "null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }",
    );
  });

  it("additionalProperties: no index signature unless written; a schema types the extra values", () => {
    const module = moduleOf("additional-properties");
    expect(declaration(module, "Absent").type).not.toContain("[key: string]");
    expect(declaration(module, "ExplicitFalse").type).not.toContain("[key: string]");
    // Optional named properties beside an index signature: an intersection, whose signature
    // holds JSON only (no `undefined`), so that the type stays assignable to JsonValue.
    expect(declaration(module, "ExplicitTrue").type.replace(/\s+/g, " ")).toBe(
      "{ a?: string; } & { [key: string]: JsonValue | string }",
    );
    expect(declaration(module, "OptionalWithAnyExtra").type.replace(/\s+/g, " ")).toBe(
      "{ a?: string; } & { [key: string]: JsonValue | string }",
    );
    expect(declaration(module, "ListOfOptionalWithExtra").type.replace(/\s+/g, " ")).toBe(
      "({ n?: number; } & { [key: string]: boolean | number })[]",
    );
    expect(declaration(module, "Map").type).toContain("[key: string]: number");
    expect(declaration(module, "MapWithProperties").type).toContain(
      "[key: string]: number | string",
    );
    expect(declaration(module, "MapWithProperties").type).not.toContain("undefined");
    expect(declaration(module, "NoPropertiesFalse").type).toBe("{ [key: string]: never }");
  });

  it("patternProperties type the extra values", () => {
    const module = moduleOf("pattern-properties");
    expect(declaration(module, "Headers").type).toContain("[key: string]: string");
    expect(declaration(module, "TwoPatterns").type).toContain("[key: string]: string | number");
    expect(declaration(module, "PatternsAndOthers").type).toContain(
      "[key: string]: JsonValue | string",
    );
  });

  it("arrays and tuples", () => {
    const module = moduleOf("arrays-tuples");
    expect(declaration(module, "Point").type).toBe("[number, number]");
    expect(declaration(module, "OpenTuple").type).toBe("[string, ...boolean[]]");
    expect(declaration(module, "PrefixOnly").type).toBe("[string, number, ...JsonValue[]]");
    expect(declaration(module, "LegacyTuple").type).toBe("[string, number]");
    expect(declaration(module, "ArrayOfNullable").type).toBe("(string | null)[]");
  });

  it("integer formats are numbers, with the format documented", () => {
    const numbers = declaration(moduleOf("integer-formats"), "Numbers");
    for (const [name, format] of [
      ["i32", "int32"],
      ["u32", "uint32"],
      ["i64", "int64"],
    ] as const) {
      const property = numbers.properties.get(name)!;
      expect(property.type).toBe("number");
      expect(property.tags).toContainEqual({ name: "format", text: format });
    }
  });

  it("descriptions, defaults and examples become JSDoc", () => {
    const settings = declaration(moduleOf("docs"), "Settings");
    expect(settings.comment).toBe("Settings of a run.\n\nA second paragraph, after a blank line.");
    const retries = settings.properties.get("retries")!;
    expect(retries.comment).toBe("How many times to retry.");
    expect(retries.tags).toEqual([
      { name: "default", text: "3" },
      { name: "example", text: "0" },
      { name: "example", text: "5" },
    ]);
    expect(settings.properties.get("old")!.tags.map((tag) => tag.name)).toEqual(["deprecated"]);
  });

  it("a bare `type: object` accepts any object", () => {
    const module = moduleOf("bare-object");
    expect(declaration(module, "AnyObject").type.replace(/\s+/g, " ")).toBe(
      "{ [key: string]: JsonValue; }",
    );
  });

  it("titles of inline schemas never create names", () => {
    const module = moduleOf("shared-titles");
    expect([...module.declarations.keys()].sort()).toEqual([
      "Failed",
      "JsonValue",
      "Result",
      "Skipped",
      "Success",
    ]);
    expect(declaration(module, "Result").type).toBe("Success | Skipped | Failed");
    expect(shape(declaration(module, "Failed")).outcome).toBe('"failed"');
  });

  it("a $ref with a sibling description stays a reference to the named type", () => {
    const module = moduleOf("ref-with-description");
    expect([...module.declarations.keys()].sort()).toEqual([
      "Alias",
      "ComponentInfo",
      "JsonValue",
      "Listing",
    ]);
    const listing = declaration(module, "Listing");
    expect(shape(listing)).toEqual({
      primary: "ComponentInfo",
      "secondary?": "ComponentInfo",
      "all?": "ComponentInfo[]",
      "maybe?": "ComponentInfo | null",
    });
    expect(listing.properties.get("primary")!.comment).toBe(
      "The main component (a use-site description).",
    );
    expect(declaration(module, "Alias").type).toBe("ComponentInfo");
  });

  it("definitions named like globals keep their names; the JSON helper gets a free one", () => {
    const module = moduleOf("shadowing-names");
    for (const name of ["Error", "Object", "Record", "Array", "JsonValue", "Promise", "String"])
      declaration(module, name);
    expect(declaration(module, "JsonValue_2").type.replace(/\s+/g, " ")).toBe(
      "null | boolean | number | string | JsonValue_2[] | { [key: string]: JsonValue_2 }",
    );
    expect(shape(declaration(module, "JsonValue"))).toEqual({ raw: "JsonValue_2" });
    expect(shape(declaration(module, "Uses"))).toMatchObject({
      json: "JsonValue",
      anything: "JsonValue_2",
    });
  });

  it("allOf becomes an intersection", () => {
    const module = moduleOf("all-of");
    expect(declaration(module, "Person").type).toBe("Named & Aged");
    expect(declaration(module, "RefWithProperties").type.replace(/\s+/g, " ")).toBe(
      "Named & { nick?: string; }",
    );
  });

  it("recursive and mutually recursive definitions refer to themselves by name", () => {
    const module = moduleOf("recursive");
    expect(shape(declaration(module, "Tree"))).toEqual({
      value: "string",
      children: "Tree[]",
      "parent?": "Tree | null",
    });
    expect(shape(declaration(module, "A"))).toEqual({ "b?": "B" });
    expect(shape(declaration(module, "B"))).toEqual({ "a?": "A" });
  });

  it("external $ref files: definitions from a second file and a whole-file schema get names of their own", () => {
    const module = moduleOf("external-refs");
    expect([...module.declarations.keys()].sort()).toEqual([
      "Address",
      "Country",
      "Customer",
      "Id",
      "Id_2",
      "JsonValue",
      "Point",
    ]);
    expect(shape(declaration(module, "Customer"))).toEqual({
      id: "Id",
      address: "Address",
      "billing?": "Address",
      location: "Point",
      "externalId?": "Id_2",
    });
    expect(shape(declaration(module, "Address"))).toMatchObject({ "owner?": "Customer" });
  });

  it("unknown keywords are carried in docs, never a crash", () => {
    const body = declaration(moduleOf("unknown-keywords"), "Attachment").properties.get("body")!;
    expect(body.tags).toContainEqual({ name: "contentMediaType", text: "application/json" });
    expect(body.type).toBe("string");
  });

  it("$defs keys that are not identifiers get predictable, unique names", () => {
    const module = moduleOf("odd-definition-keys");
    expect(shape(declaration(module, "Uses"))).toEqual({
      a: "FooBar",
      b: "FooBar_2",
      c: "_2d",
      d: "Class",
      e: "BlobStoreV2",
      f: "WithSlash",
      g: "TildeKey",
    });
  });

  it("descriptions cannot end a comment early or start a tag", () => {
    const module = moduleOf("nasty-docs");
    // Only type aliases: nothing escaped from a comment into code.
    expect(new Set(module.statementKinds)).toEqual(new Set(["TypeAliasDeclaration"]));
    expect(declaration(module, "CommentEnd").comment).toBe(
      "Ends early? *\\/ export const injected = 1; /* no.",
    );
    const leadingAt = declaration(module, "LeadingAt");
    expect(leadingAt.tags).toEqual([]);
    expect(leadingAt.comment).toBe(
      "\\@deprecated is not meant as a tag here: the description starts with an at sign.",
    );
    expect(declaration(module, "AtOnLaterLine").tags).toEqual([]);
  });

  it("unicode in names and descriptions", () => {
    const module = moduleOf("nasty-docs");
    for (const name of ["Größe", "Grösse", "名前", "データ", "Type"]) declaration(module, name);
    expect(declaration(module, "Unicode").comment).toBe(
      "Ünïcödé: naïve café, 日本語, emoji 🎉, and a right-to-left word: שלום.",
    );
    expect(shape(declaration(module, "Unicode"))).toEqual({
      größe: "number",
      名前: "string",
      "emoji🎉?": "boolean",
    });
  });

  it("property names that are not identifiers, reserved words and __proto__ are kept exactly", () => {
    const names = declaration(moduleOf("nasty-property-names"), "Names");
    expect([...names.properties.keys()]).toEqual([
      "0",
      "foo-bar",
      "a b",
      "1.5",
      "class",
      "default",
      "delete",
      "__proto__",
      "constructor",
      "$ref",
      "",
      'quote"d',
      "back\\slash",
      "new\nline",
      "naïve",
      "$dollar",
      "_under",
    ]);
    expect(shape(declaration(moduleOf("nasty-property-names"), "ProtoConst"))).toEqual({
      __proto__: "1",
      a: '"x"',
    });
  });
});
