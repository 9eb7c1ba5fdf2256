// Stage 5, write: compares the generated files with the output folder (`--check`) or brings the
// folder up to date with them.
//
// The generator owns only what it wrote: the files listed in the folder's manifest (see
// manifest.ts and folder.ts). It creates, replaces and removes those and nothing else; a file of
// the user's where it would write stops the run before anything is touched. Files whose content
// did not change are left alone, so they keep their modification time. The changes land as one
// step (transaction.ts): a run that fails leaves the folder exactly as it was.
//
// The folder is read with synchronous calls: a plan reads or inspects every file the run
// generates (a few hundred), and each asynchronous call costs a hand-off to libuv's thread pool
// and back, which for small files in the page cache is several times the read itself.
import { lstatSync, readFileSync, type Stats } from "node:fs";
import path from "node:path";
import type { OutputFile } from "../core/options.js";
import { OutputFolderError } from "./errors.js";
import { inspectOutputFolder } from "./folder.js";
import { isSafePath, MANIFEST_NAME, manifestFile } from "./manifest.js";
import { applyChanges, type FileChange, type TransactionFileSystem } from "./transaction.js";

export { OutputFolderError } from "./errors.js";
export { MANIFEST_NAME, manifestFile } from "./manifest.js";
export type { TransactionFileSystem } from "./transaction.js";

export interface StaleFile {
  readonly path: string;
  readonly reason: "changed" | "missing" | "no longer generated";
}

export interface WriteOptions {
  /** Input files (absolute): a run never writes or removes one of them. */
  readonly inputs?: readonly string[];
  /** For tests: the file-system calls that change the folder. */
  readonly fileSystem?: TransactionFileSystem;
}

/**
 * Every committed (source) file that differs from what the generator would write, and every file
 * the last run wrote that it would now remove. Files of the user's are not the generator's
 * business and are not reported.
 */
export function checkOutput(outDir: string, files: readonly OutputFile[]): StaleFile[] {
  const folder = inspectOutputFolder(outDir);
  const stale: StaleFile[] = [];
  for (const file of files) {
    if (file.role !== "source") continue;
    const current = readIfExists(path.join(outDir, file.path));
    if (current === undefined) stale.push({ path: file.path, reason: "missing" });
    else if (current !== file.content) stale.push({ path: file.path, reason: "changed" });
  }
  const expected = new Set(files.map((file) => file.path));
  for (const file of folder.owned) {
    // Build output is not committed, so only source files can be stale extras.
    if (!expected.has(file) && !file.startsWith("dist/") && isFile(path.join(outDir, file)))
      stale.push({ path: file, reason: "no longer generated" });
  }
  return stale.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface WriteResult {
  /** Paths written with new content, plus those removed. */
  readonly changed: readonly string[];
}

export async function writeOutput(
  outDir: string,
  files: readonly OutputFile[],
  options: WriteOptions = {},
): Promise<WriteResult> {
  const changes = planChanges(outDir, files, options.inputs ?? []);
  if (changes.length > 0) await applyChanges(outDir, changes, options.fileSystem);
  return { changed: changes.map((change) => change.path).sort() };
}

/** What to create, replace and remove; refuses (before any change) what would touch a user's file. */
function planChanges(
  outDir: string,
  files: readonly OutputFile[],
  inputs: readonly string[],
): FileChange[] {
  const folder = inspectOutputFolder(outDir);
  const protectedInputs = new Set(inputs.map((file) => path.resolve(file)));
  const guardInput = (file: string, doing: string): void => {
    if (protectedInputs.has(path.join(outDir, ...file.split("/"))))
      throw new OutputFolderError(`${file} is an input of this run; it would be ${doing}`);
  };
  const changes: FileChange[] = [];
  const expected = new Set<string>();
  const checkedFolders = new Set<string>();
  for (const file of files) {
    if (!isSafePath(file.path)) throw new Error(`generated path "${file.path}" leaves the folder`);
    expected.add(file.path);
    const target = path.join(outDir, ...file.path.split("/"));
    guardParents(outDir, file.path, checkedFolders);
    const stats = lstatIfExists(target);
    if (stats === undefined) {
      guardInput(file.path, "written");
      changes.push({ kind: "create", path: file.path, content: file.content });
      continue;
    }
    const ours = folder.owned.has(file.path) || file.path === MANIFEST_NAME;
    if (!ours)
      throw new OutputFolderError(
        `${file.path} is not a file jsonrpc-bindgen wrote (it is not in ${MANIFEST_NAME}); move it away to generate here`,
      );
    if (!stats.isFile())
      throw new OutputFolderError(
        `${file.path} is not a regular file; jsonrpc-bindgen writes only files`,
      );
    if (readFileSync(target, "utf8") === file.content) continue;
    guardInput(file.path, "overwritten");
    changes.push({ kind: "replace", path: file.path, content: file.content });
  }
  for (const file of folder.owned) {
    if (expected.has(file)) continue;
    const stats = lstatIfExists(path.join(outDir, ...file.split("/")));
    if (stats === undefined || !stats.isFile()) continue;
    guardInput(file, "removed");
    changes.push({ kind: "remove", path: file });
  }
  return changes;
}

/**
 * Every folder on the way to `file` is a real folder (not a file, not a link out of the tree).
 * `checked` holds the folders found to be real folders so far, so each is looked at once a plan.
 */
function guardParents(outDir: string, file: string, checked: Set<string>): void {
  const parts = file.split("/").slice(0, -1);
  for (let depth = 1; depth <= parts.length; depth++) {
    const relative = parts.slice(0, depth).join("/");
    if (checked.has(relative)) continue;
    const stats = lstatIfExists(path.join(outDir, ...parts.slice(0, depth)));
    if (stats === undefined) return;
    if (!stats.isDirectory())
      throw new OutputFolderError(
        `${relative} is not a folder (jsonrpc-bindgen writes ${file} there); move it away to generate here`,
      );
    checked.add(relative);
  }
}

function lstatIfExists(file: string): Stats | undefined {
  return lstatSync(file, { throwIfNoEntry: false });
}

function isFile(file: string): boolean {
  return lstatIfExists(file)?.isFile() ?? false;
}

function readIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
