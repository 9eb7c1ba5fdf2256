// The generated validators, run: for each construct's fixture schema, values that must pass and
// values that must fail at a named path with a named expectation.
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
