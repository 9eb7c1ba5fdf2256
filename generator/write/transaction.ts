// Applies a set of file changes to the output folder as one step: either all of them land, or
// the folder is put back exactly as it was. New contents are first written to a staging folder
// inside the output folder (same file system, so every later step is a rename); each replaced
// or removed file is moved aside into it, and moved back if a later step fails. Nothing outside
// the output folder is created, even for a moment.
import { randomBytes } from "node:crypto";
import * as fsPromises from "node:fs/promises";
import path from "node:path";

export type FileChange =
  | { readonly kind: "create" | "replace"; readonly path: string; readonly content: string }
  | { readonly kind: "remove"; readonly path: string };

/** The file-system calls a transaction makes; tests pass one that fails on a chosen call. */
export interface TransactionFileSystem {
  mkdir(dir: string): Promise<void>;
  writeFile(file: string, content: string): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  unlink(file: string): Promise<void>;
  rmdir(dir: string): Promise<void>;
}

export const nodeFileSystem: TransactionFileSystem = {
  mkdir: async (dir) => {
    await fsPromises.mkdir(dir);
  },
  writeFile: (file, content) => fsPromises.writeFile(file, content),
  rename: (from, to) => fsPromises.rename(from, to),
  unlink: (file) => fsPromises.unlink(file),
  rmdir: (dir) => fsPromises.rmdir(dir),
};

export const STAGING_PREFIX = ".jsonrpc-bindgen-staging-";

export async function applyChanges(
  outDir: string,
  changes: readonly FileChange[],
  fs: TransactionFileSystem = nodeFileSystem,
): Promise<void> {
  const undo: (() => Promise<void>)[] = [];
  const createdDirs: string[] = [];
  /** Creates `dir` and its missing parents, remembering each one so that rollback removes it. */
  const ensureDir = async (dir: string): Promise<void> => {
    if (await isDirectory(dir)) return;
    await ensureDir(path.dirname(dir));
    await fs.mkdir(dir);
    createdDirs.push(dir);
  };
  const staging = path.join(outDir, STAGING_PREFIX + randomBytes(6).toString("hex"));
  try {
    await ensureDir(outDir);
    await fs.mkdir(staging);
    // Stage every new content first: the slow, failure-prone part happens before any file moves.
    const staged = new Map<string, string>();
    for (const [index, change] of changes.entries()) {
      if (change.kind === "remove") continue;
      const file = path.join(staging, `new-${index}`);
      await fs.writeFile(file, change.content);
      staged.set(change.path, file);
    }
    for (const [index, change] of changes.entries()) {
      const target = path.join(outDir, ...change.path.split("/"));
      if (change.kind !== "create") {
        const aside = path.join(staging, `old-${index}`);
        await fs.rename(target, aside);
        undo.push(() => fs.rename(aside, target));
      }
      if (change.kind !== "remove") {
        await ensureDir(path.dirname(target));
        await fs.rename(staged.get(change.path)!, target);
        undo.push(() => fs.unlink(target));
      }
    }
  } catch (error) {
    // Undo in reverse order, then remove the staging folder and every folder this run created.
    for (const step of undo.reverse()) await step().catch(() => {});
    await fsPromises.rm(staging, { recursive: true, force: true }).catch(() => {});
    for (const dir of createdDirs.reverse()) await fsPromises.rmdir(dir).catch(() => {});
    throw error;
  }
  await fsPromises.rm(staging, { recursive: true, force: true });
  await removeEmptiedFolders(outDir, changes);
}

/** Folders that held only removed files go too; the output folder itself stays. */
async function removeEmptiedFolders(outDir: string, changes: readonly FileChange[]): Promise<void> {
  const candidates = new Set<string>();
  for (const change of changes) {
    if (change.kind !== "remove") continue;
    let dir = path.dirname(path.join(outDir, ...change.path.split("/")));
    while (dir !== outDir && dir.startsWith(outDir + path.sep)) {
      candidates.add(dir);
      dir = path.dirname(dir);
    }
  }
  // Deepest first, so that a parent is tried after its children.
  for (const dir of [...candidates].sort((a, b) => b.length - a.length)) {
    const entries = await fsPromises.readdir(dir).catch(() => undefined);
    if (entries !== undefined && entries.length === 0) await fsPromises.rmdir(dir).catch(() => {});
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await fsPromises.lstat(dir)).isDirectory();
  } catch {
    return false;
  }
}
