// Writes the drafted files without ever losing one that was there. A file that exists is refused,
// unless `force` is given and the file is itself a draft (its `$comment` begins with the draft
// marker): a catalog someone has reviewed and edited loses that comment or keeps it, their call.
// Each file is written to a temporary name beside it and then moved into place; a new file is
// linked in, so a file created meanwhile is not replaced either. If one file fails, the files
// already moved are put back as they were. A missing folder on the way is made, and removed again
// (if still empty) when nothing could be written.
import { randomBytes } from "node:crypto";
import {
  link,
  mkdir,
  readFile,
  realpath,
  rename,
  rmdir,
  unlink,
  writeFile,
} from "node:fs/promises";
import path from "node:path";
import { DRAFT_MARKER } from "./catalog-frame.js";

export interface DraftFile {
  readonly path: string;
  readonly text: string;
}

export class DraftOutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DraftOutputError";
  }
}

/** Deterministic, formatted JSON: two-space indent, keys in the order the drafter built them. */
export function draftText(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

export async function writeDraftFiles(
  files: readonly DraftFile[],
  options: { readonly force: boolean; readonly inputs: readonly string[] },
): Promise<void> {
  const inputs = await Promise.all(options.inputs.map((file) => realOrResolved(file)));
  const targets = await Promise.all(files.map((file) => realOrResolved(file.path)));
  if (new Set(targets).size < targets.length)
    throw new DraftOutputError("the catalog and the schema would be the same file");
  const replacing: boolean[] = [];
  for (const [index, file] of files.entries()) {
    if (inputs.includes(targets[index]!))
      throw new DraftOutputError(`${file.path}: is an input of this run; refusing to write it`);
    const existing = await readFile(file.path, "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw new DraftOutputError(`${file.path}: cannot be read (${error.code ?? error.message})`);
    });
    if (existing !== undefined && !options.force)
      throw new DraftOutputError(
        `${file.path}: exists; refusing to overwrite it (--force replaces an earlier draft)`,
      );
    if (existing !== undefined && !isDraft(existing))
      throw new DraftOutputError(
        `${file.path}: exists and is not a draft of catalog init (its $comment does not begin "${DRAFT_MARKER}"); refusing to overwrite it`,
      );
    replacing.push(existing !== undefined);
  }

  const staged: string[] = [];
  const done: Array<{ target: string; backup?: string }> = [];
  const madeFolders: string[] = [];
  try {
    for (const file of files) {
      const made = await mkdir(path.dirname(path.resolve(file.path)), { recursive: true });
      if (made !== undefined) madeFolders.push(...foldersFrom(made, path.resolve(file.path)));
    }
    for (const file of files) {
      const temporary = temporaryName(file.path);
      await writeFile(temporary, file.text, { flag: "wx" });
      staged.push(temporary);
    }
    for (const [index, file] of files.entries()) {
      if (replacing[index]) {
        const backup = temporaryName(file.path);
        await link(file.path, backup);
        done.push({ target: file.path, backup });
        await rename(staged[index]!, file.path);
      } else {
        await link(staged[index]!, file.path);
        done.push({ target: file.path });
        await unlink(staged[index]!);
      }
    }
  } catch (error) {
    for (const step of done.reverse()) {
      if (step.backup !== undefined) await rename(step.backup, step.target).catch(() => {});
      else await unlink(step.target).catch(() => {});
    }
    for (const temporary of staged) await unlink(temporary).catch(() => {});
    // Deepest first; a folder something else has written into meanwhile stays.
    for (const folder of madeFolders.sort((a, b) => b.length - a.length))
      await rmdir(folder).catch(() => {});
    throw new DraftOutputError(
      `nothing was written: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  for (const step of done) if (step.backup !== undefined) await unlink(step.backup).catch(() => {});
}

/** The folders `mkdir -p` made: from the first one it created down to the file's own folder. */
function foldersFrom(firstMade: string, file: string): string[] {
  const folders: string[] = [];
  for (
    let folder = path.dirname(file);
    folder.length >= firstMade.length;
    folder = path.dirname(folder)
  ) {
    folders.push(folder);
    if (folder === firstMade) break;
  }
  return folders;
}

function isDraft(text: string): boolean {
  try {
    const value: unknown = JSON.parse(text);
    return (
      typeof value === "object" &&
      value !== null &&
      typeof (value as Record<string, unknown>)["$comment"] === "string" &&
      ((value as Record<string, string>)["$comment"] ?? "").startsWith(DRAFT_MARKER)
    );
  } catch {
    return false;
  }
}

function temporaryName(file: string): string {
  return path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString("hex")}.tmp`,
  );
}

async function realOrResolved(file: string): Promise<string> {
  return realpath(file).catch(() => path.resolve(file));
}
