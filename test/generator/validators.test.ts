// The generated validators, run: for each construct's fixture schema, values that must pass and
// values that must fail at a named path with a named expectation.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { makeTempDir, removeTempDir, repoRoot } from "../helpers/repo.js";

type Issue = { path: string; expected: string; received: string } | undefined;
type Validators = Record<string, (value: unknown) => Issue>;

const fixtures = [
  "arrays-tuples",
  "nullable",
  "discriminator",
  "additional-properties",
  "integer-formats",
  "unions",
  "enums",
  "recursive",
  "repeated-shapes",
];
const loaded = new Map<string, Validators>();
let tmp: string;

beforeAll(async () => {
  tmp = makeTempDir("validators");
  for (const name of fixtures) {
    const outDir = path.join(tmp, name);
    await generate({
      schemaPath: `test/fixtures/schemas/${name}.schema.json`,
      outDir,
      cwd: repoRoot,
      cache: false,
    });
    loaded.set(
      name,
      (await import(pathToFileURL(path.join(outDir, "dist", "validators.js")).href)) as Validators,
    );
  }
}, 60_000);

afterAll(() => removeTempDir(tmp));

/** [validator, value, expected issue (undefined: valid)] */
type Case = [string, unknown, Partial<NonNullable<Issue>> | undefined];

const cases: Record<string, Case[]> = {
  "arrays-tuples": [
    ["validateStrings", ["a", "b"], undefined],
    ["validateStrings", [], { path: "$", expected: "array of at least 1 item(s)" }],
    ["validateStrings", ["a", "a"], { path: "$", expected: "array of unique items" }],
    ["validateStrings", ["a", 2], { path: "$[1]", expected: "string", received: "integer 2" }],
    ["validatePoint", [1, 2], undefined],
    ["validatePoint", [1, 2, 3], { path: "$", expected: "array of at most 2 item(s)" }],
    ["validatePoint", [1, "2"], { path: "$[1]", expected: "number" }],
    ["validateOpenTuple", ["x", true, false], undefined],
    ["validateOpenTuple", ["x", true, 0], { path: "$[2]", expected: "boolean" }],
    ["validatePrefixOnly", ["x", 1, { any: "thing" }], undefined],
    ["validatePrefixOnly", ["x", 1.5], { path: "$[1]", expected: "integer" }],
    ["validateLegacyTuple", ["x", 1, 2], { path: "$", expected: "array of at most 2 item(s)" }],
    ["validateMatrix", [[1], [2, "3"]], { path: "$[1][1]", expected: "number" }],
    ["validateArrayOfNullable", ["a", null], undefined],
    ["validateArrayOfNullable", ["a", 1], { path: "$[1]" }],
  ],
  nullable: [
    ["validateNullables", { anyOfNull: null, typeArrayNull: null, notNullable: "x" }, undefined],
    [
      "validateNullables",
      { anyOfNull: "a", typeArrayNull: "b", notNullable: null },
      { path: "$.notNullable", expected: "string", received: "null" },
    ],
    [
      "validateNullables",
      { anyOfNull: null, notNullable: "x" },
      { path: "$.typeArrayNull", received: "nothing" },
    ],
    [
      "validateNullables",
      { anyOfNull: null, typeArrayNull: null, notNullable: "x", oneOfNull: 1.5 },
      { path: "$.oneOfNull" },
    ],
    ["validateNullableArray", null, undefined],
    ["validateNullableArray", ["a"], undefined],
    ["validateNullableArray", [1], { path: "$[0]", expected: "string" }],
    ["validateNullableObject", { x: 1 }, undefined],
    ["validateNullableObject", {}, { path: "$.x", received: "nothing" }],
  ],
  discriminator: [
    ["validatePetWithMapping", { kind: "cat", lives: 9 }, undefined],
    [
      "validatePetWithMapping",
      { kind: "dog", goodBoy: "yes" },
      { path: "$.goodBoy", expected: "boolean" },
    ],
    [
      "validatePetWithMapping",
      { kind: "cow" },
      { path: "$.kind", expected: '"cat" | "dog"', received: "string" },
    ],
    ["validatePetWithMapping", { lives: 1 }, { path: "$.kind", received: "nothing" }],
    ["validatePetByConstOnly", { kind: "dog", goodBoy: true }, undefined],
    [
      "validatePetByConstOnly",
      { kind: "cat", lives: "nine" },
      { path: "$.lives", expected: "integer" },
    ],
    ["validateInlineTagged", { op: "clear" }, undefined],
    ["validateInlineTagged", { op: "add", value: "1" }, { path: "$.value", expected: "number" }],
  ],
  "additional-properties": [
    ["validateAbsent", { a: "x", extra: 1 }, undefined],
    ["validateExplicitFalse", { a: "x" }, undefined],
    [
      "validateExplicitFalse",
      { a: "x", b: 1 },
      { path: "$.b", expected: "no additional property" },
    ],
    ["validateNoPropertiesFalse", {}, undefined],
    ["validateNoPropertiesFalse", { a: 1 }, { path: "$.a" }],
    ["validateMap", { x: 1, "odd key": 2 }, undefined],
    ["validateMap", { x: 1, "odd key": "2" }, { path: '$["odd key"]', expected: "number" }],
    ["validateMapWithProperties", { count: 1, label: "l", extra: 2 }, undefined],
    [
      "validateMapWithProperties",
      { count: 1, label: "l", extra: "2" },
      { path: "$.extra", expected: "number" },
    ],
    ["validateMapOfRefs", { k: { a: 1 } }, { path: "$.k.a", expected: "string" }],
    ["validateMapOfRefs", JSON.parse('{"__proto__": {"a": "x"}}'), undefined],
    ["validateMapOfRefs", JSON.parse('{"__proto__": {"a": 1}}'), { path: "$.__proto__.a" }],
  ],
  "integer-formats": [
    ["validateNumbers", { i32: 1, u32: 0, i64: 2 ** 60 }, undefined],
    [
      "validateNumbers",
      { i32: 2 ** 31, u32: 0, i64: 0 },
      { path: "$.i32", expected: "int32 integer" },
    ],
    ["validateNumbers", { i32: 0, u32: -1, i64: 0 }, { path: "$.u32", expected: "integer ≥ 0" }],
    [
      "validateNumbers",
      { i32: 0, u32: 2 ** 32, i64: 0 },
      { path: "$.u32", expected: "uint32 integer" },
    ],
    ["validateNumbers", { i32: 0, u32: 0, i64: 1.5 }, { path: "$.i64", expected: "integer" }],
    [
      "validateNumbers",
      { i32: 0, u32: 0, i64: 0, bounded: 0 },
      { path: "$.bounded", expected: "number > 0" },
    ],
    [
      "validateNumbers",
      { i32: 0, u32: 0, i64: 0, bounded: 0.3 },
      { path: "$.bounded", expected: "multiple of 0.25" },
    ],
    ["validateNumbers", { i32: 0, u32: 0, i64: 0, bounded: 0.75 }, undefined],
    ["validateUint64", -1, { path: "$" }],
  ],
  unions: [
    ["validateShape", { radius: 1 }, undefined],
    [
      "validateShape",
      { radius: 1, side: 2 },
      { path: "$", expected: "exactly one of Circle | Square (2 match)" },
    ],
    ["validateShape", { radius: "1" }, { path: "$.radius", expected: "number" }],
    ["validateStringOrNumber", 1, undefined],
    [
      "validateStringOrNumber",
      true,
      { path: "$", expected: "string | number", received: "boolean true" },
    ],
    ["validateTypeList", 1.5, { path: "$" }],
    ["validateTypeList", 2, undefined],
    ["validateUnionInArray", ["a", 1, null], { path: "$[2]", received: "null" }],
  ],
  enums: [
    ["validateColor", "green", undefined],
    ["validateColor", "pink", { path: "$", expected: '"red" | "green" | "blue"' }],
    ["validateMixed", null, undefined],
    ["validateMixed", 2.5, undefined],
    ["validateMixed", "1", { path: "$" }],
    ["validateFilteredByType", "b", undefined],
    ["validateFilteredByType", null, { path: "$" }],
    ["validateQuotes", "line\nbreak", undefined],
    ["validateConst", "fixed", undefined],
    ["validateConst", "other", { path: "$", expected: '"fixed"' }],
  ],
  // One function checks each repeated shape; issues read as if each place were checked apart.
  "repeated-shapes": [
    ["validatePerson", { home: { street: "a", city: "b", zip: "12345" } }, undefined],
    [
      "validatePerson",
      { home: { street: "a", city: "b", zip: "x" } },
      { path: "$.home.zip", expected: "string matching /^[0-9]{5}$/", received: 'string "x"' },
    ],
    [
      "validatePerson",
      { home: { street: "a", city: "b" }, previous: [{ street: "c", city: "d" }, { city: "e" }] },
      { path: "$.previous[1].street", expected: "string", received: "nothing" },
    ],
    [
      "validatePerson",
      { home: { street: "", city: "b" } },
      { path: "$.home.street", expected: "string of at least 1 character(s)" },
    ],
    [
      "validatePerson",
      { home: { street: "a", city: "b" }, contact: { street: "a", city: 1 } },
      { path: "$.contact.city", expected: "string", received: "integer 1" },
    ],
    [
      "validatePerson",
      { home: { street: "a", city: "b" }, contact: 5 },
      { path: "$.contact", received: "integer 5" },
    ],
    ["validateCompany", { address: { street: "a", city: "b" }, branches: {} }, undefined],
    [
      "validateCompany",
      {
        address: { street: "a", city: "b" },
        branches: { north: { street: "a", city: "b", x: 1 } },
      },
      { path: "$.branches.north.x", expected: "no additional property" },
    ],
    ["validateMoreLabels", [{ name: "bug", color: "#ff0000" }], undefined],
    [
      "validateMoreLabels",
      [{ name: "bug" }, { name: "x", color: "red" }],
      { path: "$[1].color", expected: "string matching /^#[0-9a-f]{6}$/" },
    ],
    ["validateLabels", [{ color: "#ff0000" }], { path: "$[0].name", received: "nothing" }],
    ["validateAlmostAddress", { street: "a", city: "b" }, { path: "$.zip", received: "nothing" }],
  ],
  recursive: [
    ["validateTree", { value: "root", children: [{ value: "a", children: [] }] }, undefined],
    [
      "validateTree",
      { value: "root", children: [{ value: "a", children: [{ value: 1, children: [] }] }] },
      { path: "$.children[0].children[0].value", expected: "string" },
    ],
    [
      "validateTree",
      { value: "r", children: [], parent: { value: "p", children: "no" } },
      { path: "$.parent.children", expected: "array" },
    ],
    ["validateA", { b: { a: { b: { a: "deep" } } } }, { path: "$.b.a.b.a", expected: "object" }],
    ["validateExpr", [1, [2, { x: 3 }]], undefined],
    [
      "validateLinkedList",
      { head: 1, tail: { head: 2, tail: { head: "3" } } },
      { path: "$.tail.tail.head", expected: "integer" },
    ],
  ],
};

describe.each(fixtures)("validators of %s", (name) => {
  const list = cases[name] ?? [];
  it.runIf(list.length > 0).each(list)("%s(%j)", (validator, value, expected) => {
    const validate = loaded.get(name)![validator];
    expect(validate, `${name} has no ${validator}`).toBeTypeOf("function");
    const issue = validate!(value);
    if (expected === undefined) expect(issue).toBeUndefined();
    else expect(issue).toMatchObject(expected);
  });

  it("never throw on arbitrary JSON, and each has a type guard", () => {
    const validators = loaded.get(name)!;
    const samples: unknown[] = [
      null,
      0,
      -1.5,
      "",
      "x",
      true,
      [],
      [1, [2]],
      {},
      { a: { b: [null] } },
      JSON.parse('{"__proto__": 1}'),
    ];
    for (const [exported, validate] of Object.entries(validators)) {
      if (!exported.startsWith("validate")) continue;
      const guard = validators[`is${exported.slice("validate".length)}`] as unknown as (
        value: unknown,
      ) => boolean;
      expect(guard, `is${exported.slice("validate".length)}`).toBeTypeOf("function");
      for (const sample of samples) expect(guard(sample)).toBe(validate(sample) === undefined);
    }
  });
});

describe("validator code size", () => {
  // A schema whose one object shape is used in `uses` places: the validators module grows by a
  // call per use, not by another copy of the shape's checks.
  async function validatorsLength(uses: number): Promise<number> {
    const shape = {
      type: "object",
      properties: {
        street: { type: "string", minLength: 1 },
        city: { type: "string" },
        zip: { type: "string", pattern: "^[0-9]{5}$" },
        country: { type: "string", maxLength: 2 },
      },
      required: ["street", "city"],
      additionalProperties: false,
    };
    const properties = Object.fromEntries(
      Array.from({ length: uses }, (_, index) => [`place${index}`, shape]),
    );
    const dir = path.join(tmp, `size-${uses}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      path.join(dir, "schema.json"),
      JSON.stringify({ $defs: { Places: { type: "object", properties } } }),
    );
    await generate({ schemaPath: "schema.json", outDir: "out", cwd: dir, cache: false });
    return readFileSync(path.join(dir, "out/src/validators.ts"), "utf8").length;
  }

  it("grows with the distinct shapes, not with the places that use them", async () => {
    const two = await validatorsLength(2);
    const twenty = await validatorsLength(20);
    // Each further use is one property read and one call (about 150 characters); printed in
    // place, the shape's checks take about 1,600.
    expect((twenty - two) / 18).toBeLessThan(250);
  }, 60_000);
});
