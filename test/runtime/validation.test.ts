import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  describeValue,
  formatIssue,
  issueAt,
  missingProperty,
  pathStep,
  prependPath,
} from "../../templates/runtime/validation.js";

describe("describeValue", () => {
  it.each([
    ["a string", "secret text", "string"],
    ["null", null, "null"],
    ["an array", [1, 2], "array"],
    ["an object", { a: 1 }, "object"],
    ["an integer", 3, "integer 3"],
    ["a fraction", 1.5, "number 1.5"],
    ["a boolean", false, "boolean false"],
    ["nothing", undefined, "undefined"],
  ])("describes %s", (_case, value, description) => {
    expect(describeValue(value)).toBe(description);
  });

  // Small integers' descriptions are kept once made: the kept text must be the one made anew,
  // on either side of the kept range, for negative zero, and asked for twice.
  it("describes every number as its digits say, kept or not", () => {
    const plain = (n: number): string => (Number.isInteger(n) ? "integer " : "number ") + String(n);
    const numbers = fc.oneof(
      fc.integer({ min: -2, max: 1100 }),
      fc.constantFrom(-0, 1023, 1024, 0.5, 1023.5, NaN, Infinity, -Infinity, 2 ** 53, -(2 ** 31)),
      fc.double(),
    );
    fc.assert(
      fc.property(numbers, (n) => {
        expect(describeValue(n)).toBe(plain(n));
        expect(describeValue(n)).toBe(plain(n));
      }),
      { numRuns: 2000 },
    );
  });
});

describe("paths", () => {
  it("writes identifier keys after a dot, others in brackets, indexes in brackets", () => {
    expect(pathStep("input")).toBe(".input");
    expect(pathStep("$ok_1")).toBe(".$ok_1");
    expect(pathStep("foo-bar")).toBe('["foo-bar"]');
    expect(pathStep("1st")).toBe('["1st"]');
    expect(pathStep("")).toBe('[""]');
    expect(pathStep('say "hi"')).toBe('["say \\"hi\\""]');
    expect(pathStep(0)).toBe("[0]");
  });

  it("prepends steps as an issue bubbles up", () => {
    const leaf = issueAt("integer", "x");
    expect(leaf).toEqual({ path: "$", expected: "integer", received: "string" });
    const issue = prependPath(prependPath(prependPath(leaf, 0), "records"), "input");
    expect(issue).toEqual({ path: "$.input.records[0]", expected: "integer", received: "string" });
    expect(prependPath(leaf, "foo-bar").path).toBe('$["foo-bar"]');
    expect(formatIssue(issue)).toBe("at $.input.records[0]: expected integer, received string");
  });

  it("describes a missing property", () => {
    expect(missingProperty("blob_type", '"flow" | "data"')).toEqual({
      path: "$.blob_type",
      expected: '"flow" | "data"',
      received: "nothing",
    });
  });
});
