// Naming decides which letters a generated name may hold without TypeScript (model/naming.ts reads
// the tables in model/es5-letters.ts): the same answer as TypeScript's scanner for its ES5 target,
// on every code point.
import { describe, expect, it } from "vitest";
import { isPortableNamePart, isPortableNameStart } from "../../generator/model/naming.js";
import { typescript } from "../../generator/core/typescript.js";

describe("portable name letters", () => {
  it("are TypeScript's ES5 identifier letters, on every code point", () => {
    const ts = typescript();
    const startDiffers: number[] = [];
    const partDiffers: number[] = [];
    let starts = 0;
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint++) {
      const start = ts.isIdentifierStart(codePoint, ts.ScriptTarget.ES5);
      if (start) starts++;
      if (isPortableNameStart(codePoint) !== start) startDiffers.push(codePoint);
      if (isPortableNamePart(codePoint) !== ts.isIdentifierPart(codePoint, ts.ScriptTarget.ES5))
        partDiffers.push(codePoint);
    }
    expect(startDiffers.slice(0, 10)).toEqual([]);
    expect(partDiffers.slice(0, 10)).toEqual([]);
    // Not two empty tables: ES5 names have tens of thousands of letters (CJK among them).
    expect(starts).toBeGreaterThan(40_000);
  });
});
