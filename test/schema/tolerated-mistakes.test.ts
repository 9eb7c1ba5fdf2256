// Mistakes real schemas publish that are harmless to read one known way: each generates, with one
// warning naming the place and saying how it was read, and fails with --strict (nothing written).
// Real errors are all reported in one run.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../generator/core/diagnostics.js";
import { generate } from "../../generator/index.js";
import { load } from "../../generator/load/index.js";
import { buildModel } from "../../generator/model/index.js";
import { hashTree, makeTempDir, removeTempDir } from "../helpers/repo.js";
import type { Model, TypeNode } from "../../generator/core/ir.js";

const work = makeTempDir("tolerated");
afterAll(() => removeTempDir(work));
let counter = 0;

function folder(schema: unknown): string {
  const dir = path.join(work, String(counter++));
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "s.json"), JSON.stringify(schema));
  return dir;
}

async function model(schema: unknown): Promise<Model> {
  return buildModel(await load({ schemaPath: "s.json", cwd: folder(schema) }));
}

function typeOf(m: Model, name: string): TypeNode {
  return m.declarations.find((declaration) => declaration.name === name)!.type;
}

async function problems(dir: string, strict: boolean): Promise<string[]> {
  try {
    await generate({ schemaPath: "s.json", outDir: "out", cwd: dir, cache: false, strict });
  } catch (error) {
    if (error instanceof InputError)
      return error.diagnostics.map((d) => `${d.pointer ?? ""}: ${d.message}`);
    throw error;
  }
  return [];
}

const DRAFT7 = "http://json-schema.org/draft-07/schema#";

interface Case {
  readonly name: string;
  readonly schema: unknown;
  readonly warnings: readonly string[];
  /** How the place was read. */
  readonly check: (m: Model) => void;
}

const CASES: readonly Case[] = [
  {
    name: "an empty allOf",
    schema: { $defs: { V: { allOf: [] } } },
    warnings: [
      "/$defs/V/allOf: allOf is an empty array, which JSON Schema does not allow: read as no constraint (any value)",
    ],
    check: (m) => expect(typeOf(m, "V")).toEqual({ kind: "json" }),
  },
  {
    name: "an empty anyOf beside a type",
    schema: { $defs: { V: { type: "string", anyOf: [] } } },
    warnings: [
      "/$defs/V/anyOf: anyOf is an empty array, which JSON Schema does not allow: read as no constraint (any value)",
    ],
    check: (m) => expect(typeOf(m, "V")).toEqual({ kind: "string", constraints: {} }),
  },
  {
    name: "a $ref with siblings in draft 7",
    schema: {
      $schema: DRAFT7,
      definitions: {
        A: { type: "string" },
        B: { $ref: "#/definitions/A", type: "integer", description: "Documents B." },
      },
    },
    warnings: [
      "/definitions/B: type beside $ref: this schema's draft ignores keywords next to a $ref, so it was read as the $ref alone",
    ],
    check: (m) => expect(typeOf(m, "B")).toEqual({ kind: "ref", name: "A" }),
  },
  {
    name: "a required name without a property",
    schema: {
      $defs: {
        O: { type: "object", properties: { a: { type: "string" } }, required: ["a", "b"] },
      },
    },
    warnings: [
      '/$defs/O/required/1: required names "b", which properties does not define: read as a required property of any value',
    ],
    check: (m) => {
      const type = typeOf(m, "O");
      expect(type.kind === "object" && type.properties.map((p) => [p.name, p.required])).toEqual([
        ["a", true],
        ["b", true],
      ]);
    },
  },
  {
    name: "OpenAPI's discriminator naming a property that does not tell the members apart",
    schema: {
      $defs: {
        A: {
          type: "object",
          properties: { kind: { const: "a" } },
          required: ["kind"],
        },
        B: {
          type: "object",
          properties: { kind: { const: "b" } },
          required: ["kind"],
        },
        U: {
          oneOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/B" }],
          discriminator: { propertyName: "name" },
        },
      },
    },
    warnings: [
      '/$defs/U/discriminator: discriminator names "name", which is not a required constant of every member: ignored (validators try each member)',
    ],
    check: (m) => {
      // Ignored: the union has no discriminator, its validator tries each member.
      const type = typeOf(m, "U");
      expect(type.kind === "union" && type.discriminator).toBeUndefined();
    },
  },
  {
    name: "a discriminator without a propertyName",
    schema: {
      $defs: { U: { oneOf: [{ type: "string" }, { type: "number" }], discriminator: "kind" } },
    },
    warnings: [
      "/$defs/U/discriminator: discriminator is OpenAPI's keyword, not JSON Schema's, and has no string propertyName: ignored",
    ],
    check: (m) => expect(typeOf(m, "U").kind).toBe("union"),
  },
  {
    name: "OpenAPI's example",
    schema: { $defs: { S: { type: "string", example: "abc" } } },
    warnings: [
      "/$defs/S/example: example is OpenAPI's keyword, not JSON Schema's: read as one of the examples",
    ],
    check: (m) =>
      expect(m.declarations.find((d) => d.name === "S")!.docs.examples).toEqual(["abc"]),
  },
];

describe("tolerated mistakes", () => {
  for (const c of CASES) {
    it(`${c.name}: generates with a warning, fails with --strict`, async () => {
      const m = await model(c.schema);
      expect(m.warnings.map((w) => `${w.pointer}: ${w.message}`)).toEqual(c.warnings);
      c.check(m);
      const dir = folder(c.schema);
      const result = await generate({
        schemaPath: "s.json",
        outDir: "out",
        cwd: dir,
        cache: false,
      });
      expect(result.warnings).toHaveLength(c.warnings.length);
      const before = hashTree(path.join(dir, "out"));
      expect(await problems(dir, true)).toEqual(c.warnings.map((w) => `${w} (--strict)`));
      expect(hashTree(path.join(dir, "out"))).toEqual(before);
    });
  }

  it("a discriminator that tells the members apart is read as OpenAPI means it, with no warning", async () => {
    const m = await model({
      $defs: {
        A: { type: "object", properties: { kind: { const: "a" } }, required: ["kind"] },
        B: { type: "object", properties: { kind: { const: "b" } }, required: ["kind"] },
        U: {
          oneOf: [{ $ref: "#/$defs/A" }, { $ref: "#/$defs/B" }],
          discriminator: { propertyName: "kind" },
        },
      },
    });
    expect(m.warnings).toEqual([]);
    const type = typeOf(m, "U");
    expect(type.kind === "union" && type.discriminator?.propertyName).toBe("kind");
  });

  it("keywords beside a $ref are kept in draft 2020-12 (and when no draft is named)", async () => {
    for (const $schema of ["https://json-schema.org/draft/2020-12/schema", undefined]) {
      const m = await model({
        ...($schema !== undefined && { $schema }),
        $defs: { A: { type: "string" }, B: { $ref: "#/$defs/A", maxLength: 3 } },
      });
      expect(m.warnings).toEqual([]);
      expect(typeOf(m, "B").kind).toBe("intersection");
    }
  });

  it("a required name defined only by a sibling allOf member is not a mistake", async () => {
    const m = await model({
      $defs: {
        A: { type: "object", properties: { a: { type: "string" } } },
        B: { allOf: [{ $ref: "#/$defs/A" }, { required: ["a"] }] },
      },
    });
    expect(m.warnings).toEqual([]);
  });
});

describe("every problem in one run", () => {
  it("an empty allOf in two places: two warnings, both errors with --strict", async () => {
    const schema = {
      $defs: { V: { allOf: [] }, W: { type: "object", properties: { x: { allOf: [] } } } },
    };
    const expected = [
      "/$defs/V/allOf: allOf is an empty array, which JSON Schema does not allow: read as no constraint (any value)",
      "/$defs/W/properties/x/allOf: allOf is an empty array, which JSON Schema does not allow: read as no constraint (any value)",
    ];
    expect((await model(schema)).warnings.map((w) => `${w.pointer}: ${w.message}`)).toEqual(
      expected,
    );
    expect(await problems(folder(schema), true)).toEqual(expected.map((w) => `${w} (--strict)`));
  });

  it("errors in several definitions are all reported", async () => {
    const schema = {
      $defs: {
        V: { oneOf: [] },
        W: { type: "object", properties: { x: { oneOf: [] }, y: { type: "strin" } } },
      },
    };
    expect(await problems(folder(schema), false)).toEqual([
      "/$defs/V/oneOf: oneOf must be a non-empty array of schemas",
      "/$defs/W/properties/x/oneOf: oneOf must be a non-empty array of schemas",
      '/$defs/W/properties/y/type: unknown type "strin" (expected one of null, boolean, object, array, number, integer, string)',
    ]);
  });
});

describe("the root schema's name", () => {
  it("is its title, or <Title>Root when a definition has that name", async () => {
    const m = await model({
      title: "Message",
      oneOf: [{ $ref: "#/$defs/Message" }, { $ref: "#/$defs/Other" }],
      $defs: { Message: { type: "string" }, Other: { type: "number" } },
    });
    expect(m.declarations.map((declaration) => declaration.name)).toEqual([
      "Message",
      "MessageRoot",
      "Other",
    ]);
    const alone = await model({ title: "Envelope", type: "object", $defs: { A: {} } });
    expect(alone.declarations.map((declaration) => declaration.name)).toEqual(["A", "Envelope"]);
  });
});
