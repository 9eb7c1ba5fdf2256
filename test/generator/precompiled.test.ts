// The generator's build compiles the runtime files once; a run without a cache must find every
// one of them there, or it silently compiles them again on every cold run. What the build
// compiled is not copied into a project's cache: every run has it.
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { Memo } from "../../generator/core/memo.js";
import { sha256 } from "../../generator/core/hash.js";
import { runtimeFiles } from "../../generator/emit/templates.js";
import { cliBin, repoRoot, stepflowInputArgs } from "../helpers/repo.js";

const precompiled = path.resolve(
  import.meta.dirname,
  "../../dist/generator/build/precompiled.json",
);

describe.runIf(existsSync(precompiled))("precompiled runtime", () => {
  const entries = existsSync(precompiled)
    ? (JSON.parse(readFileSync(precompiled, "utf8")) as Record<string, string>)
    : {};

  it.each(runtimeFiles().map((file) => [file.name, file.content]))(
    "has %s, as emitted",
    (_name, content) => {
      const key = sha256(content);
      expect(entries[`js\0${key}`]).toBeTypeOf("string");
      // Declarations and their map, as one entry.
      const [declarations, map] = JSON.parse(entries[`dts+map\0${key}`]!) as [string, string];
      expect(declarations).toBeTypeOf("string");
      expect(JSON.parse(map).version).toBe(3);
    },
  );

  describe("and a project's cache", () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "jrb-precompiled-"));
    afterAll(() => rmSync(tmp, { recursive: true, force: true }));

    it("keeps the run's own compiled and formatted text, none of the build's", () => {
      // A node_modules/ of its own makes the cache the project's: <project>/node_modules/.cache.
      mkdirSync(path.join(tmp, "node_modules"));
      cpSync(path.join(repoRoot, "schema"), path.join(tmp, "schema"), { recursive: true });
      const run = spawnSync(
        process.execPath,
        [cliBin, ...stepflowInputArgs, "--out", "generated", "--quiet"],
        { cwd: tmp, encoding: "utf8" },
      );
      expect(run.stderr).toBe("");
      const cacheDir = path.join(tmp, "node_modules/.cache/jsonrpc-bindgen");
      const memoFile = readdirSync(cacheDir).find((file) => file.endsWith(".memo.json"))!;
      const kept = Object.keys(
        (
          JSON.parse(readFileSync(path.join(cacheDir, memoFile), "utf8")) as {
            entries: Record<string, string>;
          }
        ).entries,
      );
      // The control: the templated modules' builds and prettier's output are kept.
      expect(kept.some((key) => key.startsWith("strip\0"))).toBe(true);
      // (prettier's are kept by the hash of the parser and the text)
      expect(kept.some((key) => /^[0-9a-f]{64}$/.test(key))).toBe(true);
      expect(kept.filter((key) => key in entries)).toEqual([]);
    }, 60_000);
  });
});

describe("a memo's shipped entries", () => {
  it("answer lookups first, and are not among the entries a run used", () => {
    const memo = new Memo(
      new Map([
        ["a", "previous a"],
        ["b", "previous b"],
      ]),
      new Map([["a", "shipped a"]]),
    );
    expect(memo.get("a")).toBe("shipped a");
    expect(memo.get("b")).toBe("previous b");
    expect(memo.getOrCompute("c", () => "computed c")).toBe("computed c");
    expect(memo.getOrCompute("a", () => "computed a")).toBe("shipped a");
    expect([...memo.used]).toEqual([
      ["b", "previous b"],
      ["c", "computed c"],
    ]);
  });
});
