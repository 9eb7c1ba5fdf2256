// `--check`: writes nothing, exits 0 when the output folder is up to date and 1 otherwise, naming
// every stale file and why (changed, missing, no longer generated). The inputs are copied into a private
// folder so that they can be edited, and each case works on its own copy of the output.
import { execFile } from "node:child_process";
import {
  appendFileSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { MANIFEST_NAME } from "../../generator/write/index.js";
import {
  captureConsole,
  cliBin,
  ensureBuilt,
  hashTree,
  makeTempDir,
  removeTempDir,
  repoRoot,
  stepflowCatalog,
  stepflowSchema,
} from "../helpers/repo.js";

let tmp: string;
let caseCount = 0;
const STALE_HEADER =
  "jsonrpc-bindgen: out is not up to date with its schema (run the generator again):";

/** Arguments for `main` with cwd = tmp: inputs in in/, output in out/. */
const args = (...extra: string[]): string[] => [
  "--schema",
  "in/schema.json",
  "--catalog",
  "in/catalog.json",
  "--out",
  "out",
  ...extra,
];

/** A fresh case folder holding in/ (copies of the inputs) and out/ (a copy of the baseline output). */
function newCase(): string {
  const dir = path.join(tmp, `case-${++caseCount}`);
  cpSync(path.join(tmp, "baseline"), dir, { recursive: true });
  return dir;
}

async function check(cwd: string): Promise<{ code: number; out: string[]; err: string[] }> {
  const { io, out, err } = captureConsole();
  const code = await main(args("--check", "--no-cache"), io, cwd);
  return { code, out, err };
}

beforeAll(async () => {
  ensureBuilt();
  tmp = makeTempDir("check");
  const baseline = path.join(tmp, "baseline");
  mkdirSync(path.join(baseline, "in"), { recursive: true });
  copyFileSync(path.join(repoRoot, stepflowSchema), path.join(baseline, "in/schema.json"));
  copyFileSync(path.join(repoRoot, stepflowCatalog), path.join(baseline, "in/catalog.json"));
  const { io, err } = captureConsole();
  const code = await main(args("--no-cache"), io, baseline);
  if (code !== 0) throw new Error(`baseline generation failed: ${err.join("\n")}`);
}, 60_000);

afterAll(() => removeTempDir(tmp));

describe("--check", () => {
  it("exits 0 on a fresh copy of the generated output, and writes nothing", async () => {
    const dir = newCase();
    const before = hashTree(dir);
    const result = await check(dir);
    expect(result.err).toEqual([]);
    expect(result.out).toEqual(["jsonrpc-bindgen: out/ is up to date"]);
    expect(result.code).toBe(0);
    expect(hashTree(dir)).toEqual(before);
  });

  it("exits 1 after the schema changed, naming the stale files, and writes nothing", async () => {
    const dir = newCase();
    const schemaFile = path.join(dir, "in/schema.json");
    const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
    schema.$defs.ComponentInfo.properties.version = {
      description: "The component's version.",
      type: "string",
    };
    writeFileSync(schemaFile, JSON.stringify(schema, null, 2));
    const before = hashTree(path.join(dir, "out"));

    const result = await check(dir);
    expect(result.code).toBe(1);
    expect(result.err[0]).toBe(STALE_HEADER);
    expect(result.err).toContain("  out/src/types.ts: changed");
    // Only sources that depend on the schema's content can be stale; never the package files.
    for (const line of result.err.slice(1))
      expect(line).toMatch(/^ {2}out\/src\/[\w/.-]+\.ts: changed$/);
    expect(hashTree(path.join(dir, "out"))).toEqual(before);
  });

  it("does not report files of the user's beside the generated ones (a hand-written src/extra.ts)", async () => {
    const dir = newCase();
    writeFileSync(path.join(dir, "out/src/extra.ts"), "export const extra = 1;\n");
    writeFileSync(path.join(dir, "out/notes.txt"), "mine\n");
    const result = await check(dir);
    expect(result.err).toEqual([]);
    expect(result.code).toBe(0);
  });

  it("names a file the last run wrote but this one would not as `no longer generated` (not build output)", async () => {
    const dir = newCase();
    const manifestPath = path.join(dir, "out", MANIFEST_NAME);
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { files: string[] };
    // As if an earlier version of the protocol had generated these two files.
    manifest.files.push("src/retired.ts", "dist/retired.js");
    writeFileSync(path.join(dir, "out/src/retired.ts"), "export {};\n");
    writeFileSync(path.join(dir, "out/dist/retired.js"), "export {};\n");
    // The manifest itself now differs from what this run writes, which is reported too.
    writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + "\n");
    const result = await check(dir);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      STALE_HEADER,
      `  out/${MANIFEST_NAME}: changed`,
      "  out/src/retired.ts: no longer generated",
    ]);
  });

  it("names a deleted file as `missing`", async () => {
    const dir = newCase();
    rmSync(path.join(dir, "out/README.md"));
    const result = await check(dir);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([STALE_HEADER, "  out/README.md: missing"]);
  });

  it("names a hand-edited file as `changed`", async () => {
    const dir = newCase();
    appendFileSync(path.join(dir, "out/src/types.ts"), "// edited by hand\n");
    const result = await check(dir);
    expect(result.code).toBe(1);
    expect(result.err).toEqual([STALE_HEADER, "  out/src/types.ts: changed"]);
  });

  it("lists several stale files, sorted", async () => {
    const dir = newCase();
    rmSync(path.join(dir, "out/package.json"));
    rmSync(path.join(dir, "out/README.md"));
    appendFileSync(path.join(dir, "out/src/index.ts"), "\n");
    const result = await check(dir);
    expect(result.err).toEqual([
      STALE_HEADER,
      "  out/README.md: missing",
      "  out/package.json: missing",
      "  out/src/index.ts: changed",
    ]);
  });

  it("the committed generated/ is up to date with schema/", async () => {
    const { io, err } = captureConsole();
    const before = hashTree(path.join(repoRoot, "generated"));
    const code = await main(
      [
        "--schema",
        stepflowSchema,
        "--catalog",
        stepflowCatalog,
        "--out",
        "generated",
        "--check",
        "--no-cache",
      ],
      io,
      repoRoot,
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(hashTree(path.join(repoRoot, "generated"))).toEqual(before);
  });
});

describe.concurrent("--check through the real command line (process exit code)", () => {
  /** Runs the compiled CLI in `cwd`; resolves with its exit code and output (it never rejects). */
  const run = (cwd: string) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [cliBin, ...args("--check", "--no-cache")],
        { cwd, encoding: "utf8" },
        (error, stdout, stderr) => {
          resolve({
            status: error ? (typeof error.code === "number" ? error.code : null) : 0,
            stdout,
            stderr,
          });
        },
      );
    });

  it("exits 0 when up to date", async () => {
    const result = await run(newCase());
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it("exits 1 and names the stale file on stderr when not", async () => {
    const dir = newCase();
    appendFileSync(path.join(dir, "out/src/types.ts"), "// edited by hand\n");
    const result = await run(dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`${STALE_HEADER}\n  out/src/types.ts: changed\n`);
  });
});
