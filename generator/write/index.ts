// Stage 5, write: compares the generated files with the output folder (`--check`) or replaces
// the folder with them. The generator owns everything in the folder but `node_modules/`.
//
// Writing never leaves a half-written package: the new tree is built in a sibling folder and
// swapped in with two renames. Files whose content did not change are hard-linked into the new
// tree, so they keep their modification time and watchers downstream see only real changes.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, link, mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { OutputFile } from "../core/options.js";

const UNOWNED = new Set(["node_modules"]);

export interface StaleFile {
  readonly path: string;
  readonly reason: "changed" | "missing" | "not generated";
}

/** Every committed (source) file that differs from what the generator would write. */
export async function checkOutput(
  outDir: string,
  files: readonly OutputFile[],
): Promise<StaleFile[]> {
  const sources = files.filter((file) => file.role === "source");
  const existing = await listFiles(outDir);
  const stale: StaleFile[] = [];
  for (const file of sources) {
    const current = await readIfExists(path.join(outDir, file.path));
    if (current === undefined) stale.push({ path: file.path, reason: "missing" });
    else if (current !== file.content) stale.push({ path: file.path, reason: "changed" });
  }
  const expected = new Set(files.map((file) => file.path));
  for (const file of existing) {
    // Build output is not committed, so only source files can be stale extras.
    if (!expected.has(file) && !file.startsWith("dist/"))
      stale.push({ path: file, reason: "not generated" });
  }
  return stale.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface WriteResult {
  /** Paths written with new content, plus those deleted. */
  readonly changed: readonly string[];
}

export async function writeOutput(
  outDir: string,
  files: readonly OutputFile[],
): Promise<WriteResult> {
  const existing = new Set(await listFiles(outDir));
  const unchanged = new Set<string>();
  const changed: string[] = [];
  for (const file of files) {
    const current = existing.has(file.path)
      ? await readIfExists(path.join(outDir, file.path))
      : undefined;
    if (current === file.content) unchanged.add(file.path);
    else changed.push(file.path);
  }
  const expected = new Set(files.map((file) => file.path));
  for (const file of existing) if (!expected.has(file)) changed.push(file);
  if (changed.length === 0) return { changed };

  const suffix = `${process.pid}-${randomBytes(4).toString("hex")}`;
  const staging = `${outDir}.tmp-${suffix}`;
  const backup = `${outDir}.old-${suffix}`;
  const movedUnowned: string[] = [];
  try {
    await mkdir(staging, { recursive: true });
    for (const file of files) {
      const target = path.join(staging, file.path);
      await mkdir(path.dirname(target), { recursive: true });
      if (unchanged.has(file.path)) await linkOrCopy(path.join(outDir, file.path), target);
      else await writeFile(target, file.content);
    }
    for (const name of UNOWNED) {
      if (existsSync(path.join(outDir, name))) {
        await rename(path.join(outDir, name), path.join(staging, name));
        movedUnowned.push(name);
      }
    }
    const hadOutput = existsSync(outDir);
    if (hadOutput) await rename(outDir, backup);
    try {
      await rename(staging, outDir);
    } catch (error) {
      if (hadOutput) await rename(backup, outDir);
      throw error;
    }
    if (hadOutput) await rm(backup, { recursive: true, force: true });
  } catch (error) {
    // Put back what was moved out of the old folder, then drop the staging folder.
    for (const name of movedUnowned) {
      if (existsSync(path.join(staging, name)))
        await rename(path.join(staging, name), path.join(outDir, name)).catch(() => {});
    }
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  return { changed: changed.sort() };
}

/** Paths (relative, with `/`) of every file in the folder, except unowned folders. */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  const files: string[] = [];
  for (const entry of entries) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (prefix === "" && UNOWNED.has(entry.name)) continue;
    if (entry.isDirectory()) files.push(...(await listFiles(dir, relative)));
    else files.push(relative);
  }
  return files;
}

async function readIfExists(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

async function linkOrCopy(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}
