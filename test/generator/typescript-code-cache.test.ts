// The compiler is loaded from V8's code cache that the generator's build keeps
// (core/typescript.ts): only for the source it was made from, and to the same effect as loading
// TypeScript with `require`.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import type { TypeScript } from "../../generator/core/typescript.js";
import { ensureBuilt, repoRoot } from "../helpers/repo.js";

const built = (file: string): string => path.join(repoRoot, "dist/generator", file);

/** Runs a script in a fresh Node (no test runner's flags), the built `typescript.js` imported as `ts`. */
function inFreshNode(body: string): string {
  const module = pathToFileURL(built("core/typescript.js")).href;
  return execFileSync(
    process.execPath,
    ["--input-type=module", "-e", `import * as ts from ${JSON.stringify(module)};\n${body}`],
    { encoding: "utf8" },
  ).trim();
}

const typescriptSource = (): Buffer => {
  const fromTsMorph = createRequire(createRequire(built("core/typescript.js")).resolve("ts-morph"));
  return readFileSync(fromTsMorph.resolve("@ts-morph/common/dist/typescript.js"));
};

beforeAll(() => ensureBuilt(), 120_000);

describe("TypeScript's code cache", () => {
  it("is made by the build for the source ts-morph carries, and V8 takes it", () => {
    const cache = readFileSync(built("build/typescript.cache"));
    const hash = createHash("sha256").update(typescriptSource()).digest("hex");
    expect(cache.subarray(0, 64).toString("ascii")).toBe(hash);
    expect(inFreshNode("console.log(ts.typescriptFromCodeCache())")).toBe("true");
  });

  it("is not used for another source", async () => {
    const { codeCacheFor } = (await import(
      pathToFileURL(built("core/typescript.js")).href
    )) as typeof import("../../generator/core/typescript.js");
    const data = Buffer.from("v8 data");
    const hash = "a".repeat(64);
    expect(codeCacheFor(hash, Buffer.concat([Buffer.from(hash), data]))).toEqual(data);
    expect(codeCacheFor("b".repeat(64), Buffer.concat([Buffer.from(hash), data]))).toBeUndefined();
    expect(codeCacheFor(hash, Buffer.from(hash))).toBeUndefined();
    expect(codeCacheFor(hash, undefined)).toBeUndefined();
  });

  it("gives the compiler require gives, registered where require finds it", () => {
    const output = inFreshNode(`
      import { createRequire } from "node:module";
      const compiler = ts.typescript();
      const source = "export const f = (x: number): string => String(x as number);";
      const js = compiler.transpileModule(source, { compilerOptions: { target: compiler.ScriptTarget.ES2022 } }).outputText;
      const file = Object.keys(createRequire(import.meta.url).cache).find((key) => key.endsWith("/@ts-morph/common/dist/typescript.js"));
      const again = createRequire(file)(file);
      console.log(JSON.stringify({ version: compiler.version, js, same: again === compiler }));
    `);
    const { version, js, same } = JSON.parse(output) as {
      version: string;
      js: string;
      same: boolean;
    };
    const required = createRequire(import.meta.url)(
      createRequire(createRequire(built("core/typescript.js")).resolve("ts-morph")).resolve(
        "@ts-morph/common/dist/typescript.js",
      ),
    ) as TypeScript;
    expect(version).toBe(required.version);
    expect(js).toBe(
      required.transpileModule("export const f = (x: number): string => String(x as number);", {
        compilerOptions: { target: required.ScriptTarget.ES2022 },
      }).outputText,
    );
    expect(same).toBe(true);
  });
});
