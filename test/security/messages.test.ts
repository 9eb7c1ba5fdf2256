// A string of the right type but the wrong content is quoted in the issue, cut to 40
// characters with its length, so that a consumer sees what was sent without a large echo.
import { afterAll, describe, expect, it } from "vitest";
import { loadValidators } from "../helpers/validators-module.js";
import { makeTempDir, removeTempDir } from "../helpers/repo.js";

const dir = makeTempDir("messages");
afterAll(() => removeTempDir(dir));

describe("issues about a string's content", () => {
  it("quote the string, bounded, and keep type errors unquoted", async () => {
    const { validators } = await loadValidators(
      "test/fixtures/security/text-constraints.schema.json",
      dir,
    );
    const validate = validators["validateCode"]!;
    expect(validate("ab")).toEqual({
      path: "$",
      expected: "string of at least 3 character(s)",
      received: 'string "ab"',
    });
    expect(validate("abC")).toMatchObject({ received: 'string "abC"' });
    const long = "x".repeat(45) + "\n" + "y".repeat(10);
    expect(validate(long)).toEqual({
      path: "$",
      expected: "string of at most 50 character(s)",
      received: `string "${"x".repeat(40)}…" (56 characters)`,
    });
    expect(validate(5)).toMatchObject({ expected: "string", received: "integer 5" });
    expect(validate("abc")).toBeUndefined();
  });
});
