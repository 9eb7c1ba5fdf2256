// The runtime files are copied into every generated package without going through the formatter
// (it would only cost time), so they must already be in the formatter's style.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { check } from "prettier";
import { describe, expect, it } from "vitest";
import { PRETTIER_OPTIONS } from "../../generator/format/index.js";

const runtimeDir = path.resolve(import.meta.dirname, "../../templates/runtime");
const files = readdirSync(runtimeDir).filter((name) => name.endsWith(".ts"));

describe("templates/runtime", () => {
  it("has files", () => {
    expect(files.length).toBeGreaterThan(5);
  });

  it.each(files)("%s is formatted as the generator formats its output", async (name) => {
    const text = readFileSync(path.join(runtimeDir, name), "utf8");
    expect(await check(text, { ...PRETTIER_OPTIONS, parser: "typescript" })).toBe(true);
  });

  it("the check can fail", async () => {
    expect(await check("const  a = {b:1}\n", { ...PRETTIER_OPTIONS, parser: "typescript" })).toBe(
      false,
    );
  });
});

describe("the generated package's sources", () => {
  // The generator formats with prettier's Babel TypeScript parser for speed; the result must be
  // exactly what the TypeScript parser gives too, i.e. what `prettier --check` accepts.
  const generatedDir = path.resolve(import.meta.dirname, "../../generated/src");
  const sources = readdirSync(generatedDir, { recursive: true })
    .map(String)
    .filter((name) => name.endsWith(".ts"));

  it.each(sources)("%s passes prettier --check", async (name) => {
    const text = readFileSync(path.join(generatedDir, name), "utf8");
    expect(await check(text, { ...PRETTIER_OPTIONS, parser: "typescript" })).toBe(true);
  });
});
