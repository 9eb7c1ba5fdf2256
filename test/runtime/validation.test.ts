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
