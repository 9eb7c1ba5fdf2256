// Shared helpers for the generator's tests: where things are, temporary folders, the pinned
// TypeScript compiler, and file trees compared by content.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Console } from "../../generator/cli/main.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The real protocol's inputs, relative to the repository root. */
export const stepflowSchema = "schema/stepflow-protocol.schema.json";
export const stepflowCatalog = "schema/stepflow.catalog.json";
/** The command line's inputs for the project's protocol, from a folder holding a copy of schema/. */
export const stepflowInputArgs: readonly string[] = [
  "--schema",
  stepflowSchema,
  "--catalog",
  stepflowCatalog,
];

/** The TypeScript compiler pinned in package.json. */
export const tscBin = path.join(repoRoot, "node_modules", ".bin", "tsc");

/** The compiled command line; `npm test` builds it first, `ensureBuilt()` builds it when missing. */
export const cliBin = path.join(repoRoot, "dist", "generator", "cli", "bin.js");

export function ensureBuilt(): void {
  if (!existsSync(cliBin))
    execFileSync("npm", ["run", "-s", "build"], { cwd: repoRoot, stdio: "pipe" });
}

/**
 * A new empty folder under the OS temp folder (its real path, so it can be searched for in
 * output). It holds a `node_modules` link to the repository's, so that generated packages placed
 * in it find `@types/node` as they would inside a project.
 */
export function makeTempDir(label: string): string {
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), `jrb-${label}-`)));
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

export function removeTempDir(dir: string | undefined): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

export interface TscResult {
  readonly code: number;
  /** stdout and stderr together: one `file(line,col): error TSxxxx: ...` line per problem. */
  readonly output: string;
}

/** Runs the pinned `tsc -p project --noEmit` and returns its exit code and messages. */
export function runTsc(project: string, cwd: string = path.dirname(project)): TscResult {
  const result = spawnSync(tscBin, ["-p", project, "--noEmit", "--pretty", "false"], {
    cwd,
    encoding: "utf8",
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, output: `${result.stdout}${result.stderr}`.trim() };
}

/**
 * Writes a strict `tsconfig.json` in `dir` that type-checks `use.ts` there (Node ESM resolution,
 * no ambient types), with `extra` compiler options; returns its path, for `runTsc`.
 */
export function writeUseProject(dir: string, extra: Record<string, unknown> = {}): string {
  const project = path.join(dir, "tsconfig.json");
  writeFileSync(
    project,
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        ...extra,
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "es2022",
        skipLibCheck: true,
        types: [],
      },
      files: ["use.ts"],
    }),
  );
  return project;
}

/**
 * `runTsc` without blocking: a long compile (seconds, on a loaded machine) keeps the test
 * worker free to answer the runner meanwhile.
 */
export function runTscAsync(
  project: string,
  cwd: string = path.dirname(project),
): Promise<TscResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(tscBin, ["-p", project, "--noEmit", "--pretty", "false"], { cwd });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, output: output.trim() }));
  });
}

/** Relative paths (with `/`) of every file under `dir`, sorted; `node_modules` folders are skipped. */
export function listFiles(dir: string, prefix = ""): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    if (entry.name === "node_modules") continue;
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...listFiles(dir, relative));
    else files.push(relative);
  }
  return files.sort();
}

/** Every file under `dir` by relative path, with the SHA-256 of its bytes. */
export function hashTree(dir: string): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const file of listFiles(dir)) {
    hashes[file] = createHash("sha256")
      .update(readFileSync(path.join(dir, file)))
      .digest("hex");
  }
  return hashes;
}

/** Every file under `dir` by relative path, with its text. */
export function readTree(dir: string): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const file of listFiles(dir)) texts[file] = readFileSync(path.join(dir, file), "utf8");
  return texts;
}

/** A console for `main()` that keeps what it prints. */
export function captureConsole(): { io: Console; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line) => out.push(line), err: (line) => err.push(line) }, out, err };
}
