// A byte-exact picture of a folder: every entry (files by SHA-256 and modification time, folders,
// symbolic links by target), `.git` and `node_modules` included. Two equal pictures mean nothing
// in the folder was created, removed, rewritten or touched.
import { createHash } from "node:crypto";
import { lstatSync, readFileSync, readdirSync, readlinkSync } from "node:fs";
import path from "node:path";

export function pictureOf(dir: string): Record<string, string> {
  const picture: Record<string, string> = {};
  const walk = (relative: string): void => {
    const full = path.join(dir, relative);
    const stats = lstatSync(full);
    if (stats.isSymbolicLink()) picture[relative] = `link -> ${readlinkSync(full)}`;
    else if (stats.isDirectory()) {
      picture[relative] = "folder";
      for (const name of readdirSync(full).sort())
        walk(relative === "" ? name : `${relative}/${name}`);
    } else {
      const hash = createHash("sha256").update(readFileSync(full)).digest("hex");
      picture[relative] = `file ${hash} ${stats.mtimeMs} ${stats.ino}`;
    }
  };
  walk("");
  return picture;
}
