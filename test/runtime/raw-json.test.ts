import { describe, expect, it } from "vitest";
import { rawMemberText } from "../../templates/runtime/raw-json.js";

describe("rawMemberText", () => {
  it("finds a top-level member's text as written", () => {
    expect(rawMemberText('{"jsonrpc":"2.0","id":12345678901234567890,"method":"m"}', "id")).toBe(
      "12345678901234567890",
    );
    expect(rawMemberText('{ "id" : -1.5e300 }', "id")).toBe("-1.5e300");
    expect(rawMemberText('{"id":"x"}', "id")).toBe('"x"');
  });

  it("skips nested members of the same name, and strings that look like them", () => {
    const line =
      '{"params":{"id":1,"list":[{"id":2},"\\"id\\":3"]},"note":"}\\\\","id":98765432109876543210}';
    expect(rawMemberText(line, "id")).toBe("98765432109876543210");
  });

  it("compares names after unescaping, and takes the last of duplicates like JSON.parse", () => {
    expect(rawMemberText('{"\\u0069d":7}', "id")).toBe("7");
    expect(rawMemberText('{"id":1,"id":2}', "id")).toBe("2");
  });

  it("returns undefined for a missing member or a non-object", () => {
    expect(rawMemberText('{"method":"m"}', "id")).toBeUndefined();
    expect(rawMemberText("[1,2]", "id")).toBeUndefined();
    expect(rawMemberText("{}", "id")).toBeUndefined();
  });
});
