// Compiles the type-level tests in test/types/ (which import the committed generated package
// through ../../generated/src/index.js) with the pinned TypeScript: every `@ts-expect-error` must
// meet an error and everything else must compile. Also proves that these tests can fail.
import {
  copyFileSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir, repoRoot, runTsc } from "../helpers/repo.js";

const typesDir = path.join(repoRoot, "test/types");

describe("type-level tests (test/types)", () => {
  it("there are type-level test files", () => {
    expect(readdirSync(typesDir).filter((file) => file.endsWith(".ts"))).toContain(
      "schema-types.ts",
    );
  });

  it.each(["tsconfig.json", "tsconfig.exact.json"])("compile with %s (strict)", (config) => {
    const result = runTsc(path.join(typesDir, config), repoRoot);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });
});

describe("the type-level tests can fail", () => {
  let tmp: string;
  let copyDir: string;

  beforeAll(() => {
    // A copy of test/types/ at the same depth, with `generated` linked, so the relative imports
    // resolve to the real generated package.
    tmp = makeTempDir("type-tests");
    copyDir = path.join(tmp, "test", "types");
    mkdirSync(copyDir, { recursive: true });
    for (const file of readdirSync(typesDir))
      copyFileSync(path.join(typesDir, file), path.join(copyDir, file));
    symlinkSync(path.join(repoRoot, "generated"), path.join(tmp, "generated"), "dir");
  });

  afterAll(() => removeTempDir(tmp));

  it("the unchanged copy compiles", () => {
    const result = runTsc(path.join(copyDir, "tsconfig.json"), tmp);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });

  it("removing one @ts-expect-error makes tsc report the error it was hiding", () => {
    const file = path.join(copyDir, "schema-types.ts");
    const lines = readFileSync(file, "utf8").split("\n");
    const index = lines.findIndex((line) =>
      line.includes("@ts-expect-error a skipped run has no result"),
    );
    expect(index).toBeGreaterThan(0);
    lines.splice(index, 1);
    writeFileSync(file, lines.join("\n"));

    const result = runTsc(path.join(copyDir, "tsconfig.json"), tmp);
    expect(result.code).not.toBe(0);
    // The line that followed the directive now stands at `index` (0-based), i.e. line index + 1.
    expect(result.output).toMatch(
      new RegExp(
        `schema-types\\.ts\\(${index + 1},\\d+\\): error TS2339: Property 'result' does not exist on type 'FlowResultSkipped'`,
      ),
    );
    expect(result.output.split("\n").filter((line) => line.includes("error TS"))).toHaveLength(1);
  });

  it("an @ts-expect-error that meets no error is itself an error", () => {
    const file = path.join(copyDir, "extra.ts");
    writeFileSync(
      file,
      'import type { ComponentInfo } from "../../generated/src/index.js";\n// @ts-expect-error but this is fine\nexport const info: ComponentInfo = { component: "/x" };\n',
    );
    const result = runTsc(path.join(copyDir, "tsconfig.json"), tmp);
    expect(result.output).toMatch(
      /extra\.ts\(2,1\): error TS2578: Unused '@ts-expect-error' directive/,
    );
  });
});
