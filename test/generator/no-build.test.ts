// `--no-build`: the sources only, for a consumer whose own build compiles them. The folder then
// holds no dist/, its manifest names none, and a later run with the build writes it again.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { MANIFEST_NAME } from "../../generator/write/index.js";
import { captureConsole, makeTempDir, removeTempDir, repoRoot } from "../helpers/repo.js";

let tmp: string;
beforeAll(() => {
  tmp = makeTempDir("no-build");
});
afterAll(() => removeTempDir(tmp));

const schema = path.join(repoRoot, "test/fixtures/schemas/unions.schema.json");
const run = async (...extra: string[]): Promise<number> =>
  main(["--schema", schema, "--out", "out", "--quiet", ...extra], captureConsole().io, tmp);
const manifest = (): string[] =>
  (JSON.parse(readFileSync(path.join(tmp, "out", MANIFEST_NAME), "utf8")) as { files: string[] })
    .files;

describe("--no-build", () => {
  it("writes src/ and no dist/, and its manifest names no build output", async () => {
    expect(await run("--no-build")).toBe(0);
    expect(existsSync(path.join(tmp, "out/src/validators.ts"))).toBe(true);
    expect(existsSync(path.join(tmp, "out/dist"))).toBe(false);
    expect(manifest().some((file) => file.startsWith("dist/"))).toBe(false);
  });

  it("is not answered by the cache of a run with the build, nor the other way round", async () => {
    expect(await run()).toBe(0);
    expect(existsSync(path.join(tmp, "out/dist/validators.js"))).toBe(true);
    expect(manifest()).toContain("dist/validators.js");
    expect(await run("--no-build")).toBe(0);
    expect(existsSync(path.join(tmp, "out/dist/validators.js"))).toBe(false);
    expect(await run()).toBe(0);
    expect(existsSync(path.join(tmp, "out/dist/validators.js"))).toBe(true);
  });
});
