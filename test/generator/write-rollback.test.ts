// The write stage under failure: when writing the new tree fails half-way, the output folder is
// left exactly as it was (including what the generator does not own) and no staging folder stays.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { OutputFile } from "../../generator/core/options.js";
import { writeOutput } from "../../generator/write/index.js";
import { makeTempDir, removeTempDir } from "../helpers/repo.js";

let tmp: string | undefined;
afterEach(() => removeTempDir(tmp));

const file = (filePath: string, content: string): OutputFile => ({
  path: filePath,
  content,
  role: "source",
});

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (relative: string): void => {
    for (const entry of readdirSync(path.join(dir, relative), { withFileTypes: true })) {
      const child = relative === "" ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else out[child] = readFileSync(path.join(dir, child), "utf8");
    }
  };
  walk("");
  return out;
}

describe("writeOutput", () => {
  it("replaces the folder, keeps node_modules, and removes files it no longer generates", async () => {
    tmp = makeTempDir("write");
    const out = path.join(tmp, "out");
    mkdirSync(path.join(out, "node_modules", "dep"), { recursive: true });
    writeFileSync(path.join(out, "node_modules", "dep", "index.js"), "kept");
    writeFileSync(path.join(out, "old.ts"), "stale");
    const result = await writeOutput(out, [file("a.ts", "A"), file("src/b.ts", "B")]);
    expect(result.changed).toEqual(["a.ts", "old.ts", "src/b.ts"]);
    expect(snapshot(out)).toEqual({
      "a.ts": "A",
      "src/b.ts": "B",
      "node_modules/dep/index.js": "kept",
    });
    expect(readdirSync(tmp).sort()).toEqual(["node_modules", "out"]);
  });

  it("leaves the folder as it was when writing fails half-way", async () => {
    tmp = makeTempDir("write");
    const out = path.join(tmp, "out");
    mkdirSync(path.join(out, "node_modules"), { recursive: true });
    writeFileSync(path.join(out, "node_modules", "marker"), "kept");
    writeFileSync(path.join(out, "a.ts"), "old A");
    const before = snapshot(out);
    // The second file cannot be written (a NUL byte is not allowed in a path).
    await expect(
      writeOutput(out, [file("a.ts", "new A"), file("bad\0name.ts", "x"), file("c.ts", "C")]),
    ).rejects.toThrow();
    expect(snapshot(out)).toEqual(before);
    expect(readdirSync(tmp).sort()).toEqual(["node_modules", "out"]);
  });

  it("writes nothing, and swaps nothing, when every file is already up to date", async () => {
    tmp = makeTempDir("write");
    const out = path.join(tmp, "out");
    mkdirSync(out);
    writeFileSync(path.join(out, "a.ts"), "A");
    // A swapped-in folder would be a new directory, with a new inode.
    const folderBefore = statSync(out).ino;
    const result = await writeOutput(out, [file("a.ts", "A")]);
    expect(result.changed).toEqual([]);
    expect(statSync(out).ino).toBe(folderBefore);
  });

  it("keeps unchanged files as they are (same inode and modification time) when others change", async () => {
    tmp = makeTempDir("write");
    const out = path.join(tmp, "out");
    await writeOutput(out, [file("a.ts", "A"), file("b.ts", "B")]);
    const before = statSync(path.join(out, "a.ts"));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const result = await writeOutput(out, [file("a.ts", "A"), file("b.ts", "B2")]);
    expect(result.changed).toEqual(["b.ts"]);
    const after = statSync(path.join(out, "a.ts"));
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
    expect(readFileSync(path.join(out, "b.ts"), "utf8")).toBe("B2");
  });
});
