// The real package: generated from schema/ into a temporary folder, every source file is kept as
// a file snapshot (test/generator/__snapshots__/generated/<path>.snap), the committed generated/
// must be exactly that output, and both type-check under strict with the pinned TypeScript.
// Build output (dist/) follows from the sources and is checked by the type-check, not snapshotted.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generate, type OutputFile } from "../../generator/index.js";
import {
  listFiles,
  makeTempDir,
  removeTempDir,
  repoRoot,
  runTsc,
  stepflowCatalog,
  stepflowSchema,
} from "../helpers/repo.js";

const snapshotDir = path.join(repoRoot, "test/generator/__snapshots__/generated");
const committedDir = path.join(repoRoot, "generated");

// Generated at collection time, so that every file gets a test of its own, named after it.
const tmp = makeTempDir("generated");
const outDir = path.join(tmp, "out");
const generation = await generate({
  schemaPath: stepflowSchema,
  catalogPath: stepflowCatalog,
  outDir,
  cwd: repoRoot,
  cache: false,
});
if (generation.status !== "written")
  throw new Error(`expected a fresh generation, got ${generation.status}`);
const files: readonly OutputFile[] = generation.files;

afterAll(() => removeTempDir(tmp));

function sourcePaths(): string[] {
  return files
    .filter((file) => file.role === "source")
    .map((file) => file.path)
    .sort();
}

describe("snapshots of every generated source file", () => {
  it("the package has its expected files", () => {
    expect(sourcePaths()).toEqual(
      expect.arrayContaining([
        ".gitignore",
        "README.md",
        "package.json",
        "tsconfig.json",
        "src/index.ts",
        "src/types.ts",
      ]),
    );
    // Files on disk are what the generator returned: sources plus dist/ build output.
    expect(listFiles(outDir)).toEqual(files.map((file) => file.path).sort());
  });

  it.each(sourcePaths())("%s matches its snapshot", async (file) => {
    await expect(readFileSync(path.join(outDir, file), "utf8")).toMatchFileSnapshot(
      path.join(snapshotDir, `${file}.snap`),
    );
  });

  it("no snapshot is left for a file the generator no longer writes", () => {
    if (!existsSync(snapshotDir)) return;
    const snapshots = listFiles(snapshotDir).map((file) => file.replace(/\.snap$/, ""));
    expect(snapshots.filter((file) => !sourcePaths().includes(file))).toEqual([]);
  });
});

describe("the committed generated/ package", () => {
  it("holds exactly the generated source files (run `npm run generate` after changing the generator)", () => {
    const committed = listFiles(committedDir).filter((file) => !file.startsWith("dist/"));
    expect(committed).toEqual(sourcePaths());
    const differing = sourcePaths().filter(
      (file) =>
        readFileSync(path.join(committedDir, file), "utf8") !==
        readFileSync(path.join(outDir, file), "utf8"),
    );
    expect(differing).toEqual([]);
  });
});

describe("the package type-checks under strict", () => {
  it("a fresh generation in a temporary folder", () => {
    const result = runTsc(path.join(outDir, "tsconfig.json"));
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("the committed generated/", () => {
    const result = runTsc(path.join(committedDir, "tsconfig.json"), repoRoot);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("its tsconfig.json is strict", () => {
    const text = readFileSync(path.join(outDir, "tsconfig.json"), "utf8");
    expect(text).toMatch(/"strict": true/);
  });

  it("the build output has a JavaScript file, a declaration file and its map per source module", () => {
    const modules = sourcePaths().filter((file) => file.startsWith("src/") && file.endsWith(".ts"));
    const dist = files
      .filter((file) => file.role === "build")
      .map((file) => file.path)
      .sort();
    const expected = modules.flatMap((file) => {
      const base = "dist/" + file.slice("src/".length, -".ts".length);
      return [`${base}.d.ts`, `${base}.d.ts.map`, `${base}.js`];
    });
    expect(dist).toEqual(expected.sort());
    expect(readdirSync(path.join(outDir, "dist")).length).toBeGreaterThan(0);
  });
});
