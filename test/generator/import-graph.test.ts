// The generator's modules import one way: no module reaches itself again through its imports
// (static, type-only or dynamic). Read from the sources, so a cycle is named file by file.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { listFiles, repoRoot } from "../helpers/repo.js";

const generatorDir = path.join(repoRoot, "generator");

function importsOf(file: string): string[] {
  const text = readFileSync(path.join(generatorDir, file), "utf8");
  const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*)"(\.{1,2}\/[^"]+)"/g)].map(
    (match) => match[1]!,
  );
  return specifiers.map((specifier) =>
    path.posix
      .normalize(path.posix.join(path.posix.dirname(file), specifier))
      .replace(/\.js$/, ".ts"),
  );
}

describe("generator/ import graph", () => {
  it("has no cycles", () => {
    const files = listFiles(generatorDir).filter((file) => file.endsWith(".ts"));
    expect(files).toContain("cli/main.ts");
    const graph = new Map(files.map((file) => [file, importsOf(file)]));
    const cycles: string[] = [];
    const state = new Map<string, "visiting" | "done">();
    const visit = (file: string, trail: string[]): void => {
      if (state.get(file) === "done") return;
      if (state.get(file) === "visiting") {
        cycles.push([...trail.slice(trail.indexOf(file)), file].join(" -> "));
        return;
      }
      state.set(file, "visiting");
      for (const next of graph.get(file) ?? []) visit(next, [...trail, file]);
      state.set(file, "done");
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });
});
