// Helpers for the tests of `jsonrpc-bindgen diff`: temporary copies of the protocol, JSON edits,
// a line diff (Myers) to count what a schema edit changes in the generated package, and a test for
// lines that are inside comments.
import {
  cpSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Console } from "../../generator/cli/main.js";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const fixturesDir = path.join(repoRoot, "test/fixtures/diff");

/** The real protocol's inputs, relative to the repository root (and to every copy made here). */
export const SCHEMA = "schema/stepflow-protocol.schema.json";
export const CATALOG = "schema/stepflow.catalog.json";

export function tempDir(label: string): string {
  return realpathSync(mkdtempSync(path.join(os.tmpdir(), `jrb-diff-${label}-`)));
}

export function removeDir(dir: string | undefined): void {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}

/** Copies the repository's `schema/` folder to `<dir>/schema`. */
export function copyProtocol(dir: string): void {
  cpSync(path.join(repoRoot, "schema"), path.join(dir, "schema"), { recursive: true });
}

// JSON read back from a file: edited freely by the tests.
type Json = any;

export function readJson(file: string): Json {
  return JSON.parse(readFileSync(file, "utf8"));
}

export function writeJson(file: string, value: unknown): void {
  writeFileSync(file, JSON.stringify(value, null, 2) + "\n");
}

export function editJson(file: string, edit: (value: Json) => Json | void): void {
  const value = readJson(file);
  writeJson(file, edit(value) ?? value);
}

/** A console for `main()` that keeps what it prints. */
export function captureConsole(): { io: Console; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (line) => out.push(line), err: (line) => err.push(line) }, out, err };
}

/** Every file under `dir` by relative path (forward slashes), with its text. */
export function readTree(dir: string, prefix = ""): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) Object.assign(texts, readTree(dir, relative));
    else texts[relative] = readFileSync(path.join(dir, relative), "utf8");
  }
  return texts;
}

export interface LineDiff {
  /** Indices (0-based) of the lines of `a` that are not in `b`. */
  readonly removed: readonly number[];
  /** Indices of the lines of `b` that are not in `a`. */
  readonly added: readonly number[];
}

/** A shortest line diff (Myers), after trimming the common head and tail. */
export function lineDiff(a: readonly string[], b: readonly string[]): LineDiff {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const n = x.length;
  const m = y.length;
  const max = n + m;
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let depth = -1;
  search: for (let d = 0; d <= max; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let i =
        k === -d || (k !== d && v[offset + k - 1]! < v[offset + k + 1]!)
          ? v[offset + k + 1]!
          : v[offset + k - 1]! + 1;
      let j = i - k;
      while (i < n && j < m && x[i] === y[j]) {
        i++;
        j++;
      }
      v[offset + k] = i;
      if (i >= n && j >= m) {
        depth = d;
        break search;
      }
    }
  }
  const removed: number[] = [];
  const added: number[] = [];
  let i = n;
  let j = m;
  for (let d = depth; d > 0; d--) {
    const previous = trace[d]!;
    const k = i - j;
    const prevK =
      k === -d || (k !== d && previous[offset + k - 1]! < previous[offset + k + 1]!)
        ? k + 1
        : k - 1;
    const prevI = previous[offset + prevK]!;
    const prevJ = prevI - prevK;
    while (i > prevI && j > prevJ) {
      i--;
      j--;
    }
    if (i === prevI) added.push(start + prevJ);
    else removed.push(start + prevI);
    i = prevI;
    j = prevJ;
  }
  return { removed: removed.reverse(), added: added.reverse() };
}

/**
 * For each line of a TypeScript or JavaScript file, whether it is a comment line: inside a block
 * comment, or starting one (`/*`, `/**`) or a line comment (`//`) with no code after it. Good
 * enough for formatted output, where code never starts a line with `*`.
 */
export function commentLines(text: string): boolean[] {
  const result: boolean[] = [];
  let inBlock = false;
  for (const line of text.split("\n")) {
    const trimmed = line.trim();
    let comment: boolean;
    if (inBlock || trimmed.startsWith("/*")) {
      comment = true;
      const end = trimmed.lastIndexOf("*/");
      if (end === -1) inBlock = true;
      else {
        inBlock = false;
        if (trimmed.slice(end + 2).trim() !== "") comment = false;
      }
    } else comment = trimmed.startsWith("//");
    result.push(comment);
  }
  return result;
}

export interface FileChange {
  readonly removed: readonly string[];
  readonly added: readonly string[];
  /** Whether every removed and added line is a comment line in its file. */
  readonly commentsOnly: boolean;
}

/** The files that differ between two trees, with the lines removed and added in each. */
export function treeChanges(
  before: Record<string, string>,
  after: Record<string, string>,
): Record<string, FileChange> {
  const changes: Record<string, FileChange> = {};
  for (const file of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = before[file] ?? "";
    const b = after[file] ?? "";
    if (a === b) continue;
    const linesA = a.split("\n");
    const linesB = b.split("\n");
    const { removed, added } = lineDiff(linesA, linesB);
    const commentsA = commentLines(a);
    const commentsB = commentLines(b);
    changes[file] = {
      removed: removed.map((index) => linesA[index]!),
      added: added.map((index) => linesB[index]!),
      commentsOnly:
        removed.every((index) => commentsA[index]) && added.every((index) => commentsB[index]),
    };
  }
  return changes;
}

/** Changed lines per file (removed + added), for the files under `prefix`. */
export function countLines(
  changes: Record<string, FileChange>,
  prefix = "",
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [file, change] of Object.entries(changes)) {
    if (file.startsWith(prefix)) counts[file] = change.removed.length + change.added.length;
  }
  return counts;
}
