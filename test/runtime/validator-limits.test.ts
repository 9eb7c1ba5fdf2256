// Generated validators of recursive definitions: bounded in depth (an issue, not a stack
// overflow, past the limit) and linear in the size of the value, even for a recursive `oneOf`
// whose members all descend into the same child. Work is counted in property reads (through
// proxies), not timed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir } from "../helpers/repo.js";
import { loadValidators, type Validators } from "../helpers/validators-module.js";
import {
  setMaxValidationDepth,
  DEFAULT_MAX_VALIDATION_DEPTH,
} from "../../templates/runtime/validation.js";

let tmp: string;
let recursive: Validators;
let exact: Validators;
// The generated module's own copy of the runtime's validation.ts, whose limit it reads.
let setDepth: typeof setMaxValidationDepth;

beforeAll(async () => {
  tmp = makeTempDir("validator-limits");
  recursive = (await loadValidators("test/fixtures/schemas/recursive.schema.json", tmp + "/r"))
    .validators;
  exact = (await loadValidators("test/fixtures/schemas/exact-values.schema.json", tmp + "/e"))
    .validators;
  setDepth = (
    (await import(tmp + "/r/runtime/validation.js")) as {
      setMaxValidationDepth: typeof setMaxValidationDepth;
    }
  ).setMaxValidationDepth;
}, 60_000);

afterAll(() => removeTempDir(tmp));

/** A linked list `depth` nodes long, as JSON.parse would give it. */
function list(depth: number): unknown {
  let node: unknown = { head: 0 };
  for (let i = 1; i < depth; i++) node = { head: i, tail: node };
  return node;
}

/** Wraps every object and array of a value in a proxy that counts property reads. */
function counted(value: unknown, reads: { count: number }): unknown {
  if (typeof value !== "object" || value === null) return value;
  const wrapped: unknown = Array.isArray(value)
    ? value.map((item) => counted(item, reads))
    : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, counted(v, reads)]));
  return new Proxy(wrapped as object, {
    get(target, key, receiver) {
      reads.count++;
      return Reflect.get(target, key, receiver);
    },
  });
}

describe("validators of recursive definitions", () => {
  it(`accept ${DEFAULT_MAX_VALIDATION_DEPTH} levels and refuse deeper values with an issue, not a stack overflow`, () => {
    // The outer value and 256 levels of nodes inside it are accepted, the 257th is refused.
    expect(
      recursive["validateLinkedList"]!(list(DEFAULT_MAX_VALIDATION_DEPTH + 1)),
    ).toBeUndefined();
    const issue = recursive["validateLinkedList"]!(list(20_000)) as {
      path: string;
      expected: string;
    };
    expect(issue.expected).toBe("a value nested at most 256 levels deep");
    expect(issue.path).toBe("$" + ".tail".repeat(257));
    // The same through a union and an array: a tree 20,000 levels deep.
    let tree: unknown = { value: "leaf", children: [] };
    for (let i = 0; i < 20_000; i++) tree = { value: "n", children: [tree] };
    expect(recursive["validateTree"]!(tree)).toMatchObject({
      expected: "a value nested at most 256 levels deep",
    });
  });

  it("take their depth limit from setMaxValidationDepth", () => {
    const previous = setDepth(10);
    try {
      expect(recursive["validateLinkedList"]!(list(11))).toBeUndefined();
      expect(recursive["validateLinkedList"]!(list(12))).toMatchObject({
        expected: "a value nested at most 10 levels deep",
      });
    } finally {
      setDepth(previous);
    }
    expect(recursive["validateLinkedList"]!(list(12))).toBeUndefined();
  });

  it("check a recursive oneOf in time linear in the depth, valid or not", () => {
    // Expr: a number, an array of Expr, or an object of Expr; a wrong leaf at the bottom makes
    // every level fail, which used to cost two checks of the child per level (2^depth).
    for (const leaf of [1, "wrong"]) {
      let value: unknown = leaf;
      for (let i = 0; i < 40; i++) value = [value];
      const reads = { count: 0 };
      const result = recursive["validateExpr"]!(counted(value, reads));
      expect(result === undefined).toBe(leaf === 1);
      expect(reads.count).toBeLessThan(40 * 20);
    }
    // Node: two members that both descend into `next`.
    let node: unknown = null;
    for (let i = 0; i < 40; i++) node = { next: node, kind: "a", size: 1 };
    const reads = { count: 0 };
    // Both members match every level: oneOf refuses it, at once.
    expect(exact["validateNode"]!(counted(node, reads))).toMatchObject({
      expected: expect.stringContaining("exactly one of"),
    });
    expect(reads.count).toBeLessThan(40 * 40);
  });
});

describe("exact values", () => {
  it("an array const matches that array only", () => {
    const validatePair = exact["validatePair"]!;
    expect(validatePair([1, 2])).toBeUndefined();
    for (const wrong of [[], [1], [1, 2, 3], [2, 1], "12"])
      expect(validatePair(wrong)).toBeDefined();
    expect(exact["validateShape"]!([])).toBeUndefined();
    expect(exact["validateShape"]!(["square"])).toBeUndefined();
    expect(exact["validateShape"]!(["circle"])).toBeDefined();
    expect(exact["validateOrigin"]!({ x: 0, y: [0] })).toBeUndefined();
    expect(exact["validateOrigin"]!({ x: 0, y: [] })).toBeDefined();
  });

  it("patternProperties apply to every matching name, additionalProperties to the others", () => {
    const validateLabels = exact["validateLabels"]!;
    expect(validateLabels({ "x-id": "abc", size: 1, "x-more": "ok" })).toBeUndefined();
    // Named, and matched by both patterns: all three schemas apply.
    expect(validateLabels({ "x-id": "abcde" })).toMatchObject({ path: '$["x-id"]' });
    expect(validateLabels({ "x-id": "a" })).toMatchObject({ path: '$["x-id"]' });
    // Matched by a pattern only: its schema applies, additionalProperties does not.
    expect(validateLabels({ "x-a": "ab" })).toBeUndefined();
    expect(validateLabels({ "x-a": 1 })).toMatchObject({ path: '$["x-a"]', expected: "string" });
    // Matched by nothing: refused.
    expect(validateLabels({ other: 1 })).toMatchObject({
      path: "$.other",
      expected: "no additional property",
    });
  });

  it("uniqueItems compares values nested deeper than the call stack", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 20_000; i++) deep = { name: "n", x: [deep] };
    expect(exact["validateTags"]!([deep, { name: "other" }])).toBeUndefined();
    expect(
      exact["validateTags"]!([
        { name: "a", b: [1, { c: 2 }] },
        { b: [1, { c: 2 }], name: "a" },
      ]),
    ).toMatchObject({
      expected: "array of unique items",
    });
  });
});
