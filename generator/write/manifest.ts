// The manifest: a file in the output folder listing every file the generator wrote there. It is
// what makes a folder the generator's: a run replaces or removes only the files it lists, and
// every other file in the folder (a hand-written `src/extra.ts`, `.git`, `node_modules`) belongs
// to the user and is never touched.
import { readFileSync } from "node:fs";
import path from "node:path";
import type { OutputFile } from "../core/options.js";
import { OutputFolderError } from "./errors.js";

export const MANIFEST_NAME = ".jsonrpc-bindgen-manifest.json";

const NOTE =
  "Written by jsonrpc-bindgen: the files it generated in this folder. A run replaces or removes only these; every other file here is yours and is left as it is.";

/** The manifest listing `files` (sorted), itself a committed source file. */
export function manifestFile(files: readonly string[]): OutputFile {
  const paths = files.filter((file) => file !== MANIFEST_NAME);
  paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    path: MANIFEST_NAME,
    content: JSON.stringify({ "//": NOTE, files: paths }, null, 2) + "\n",
    role: "source",
    preformatted: true,
  };
}

/**
 * The paths a previous run's manifest lists, or `undefined` when the folder has none. A manifest
 * that cannot be read as one is refused rather than guessed at.
 */
export function readManifest(outDir: string): Set<string> | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(outDir, MANIFEST_NAME), "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new OutputFolderError(`${MANIFEST_NAME} cannot be read (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const files = (parsed as { files?: unknown } | undefined)?.files;
  if (!Array.isArray(files) || !files.every((file) => typeof file === "string" && isSafePath(file)))
    throw new OutputFolderError(
      `${MANIFEST_NAME} is not a manifest written by jsonrpc-bindgen (expected {"files": [relative paths]}); restore it or remove the folder's generated files by hand`,
    );
  return new Set(files as string[]);
}

/** A relative path with `/` that stays inside the folder and never reaches what the user owns. */
export function isSafePath(file: string): boolean {
  if (file === "" || file.includes("\\") || file.includes("\0") || path.posix.isAbsolute(file))
    return false;
  const parts = file.split("/");
  if (parts.some((part) => part === "" || part === "." || part === "..")) return false;
  return !ALWAYS_USERS.has(parts[0]!);
}

/** Top-level entries that are never the generator's, whatever a manifest says. */
export const ALWAYS_USERS: ReadonlySet<string> = new Set([".git", "node_modules"]);
