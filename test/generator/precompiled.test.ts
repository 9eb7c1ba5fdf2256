// The generator's build compiles the runtime files once; a run without a cache must find every
// one of them there, or it silently compiles them again on every cold run.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../generator/core/hash.js";
import { runtimeFiles } from "../../generator/emit/templates.js";

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
});
