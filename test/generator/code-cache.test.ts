// The compiler and the formatter are loaded from V8's code cache that the generator's build keeps
// (core/code-cache.ts): only for the source it was made from, and to the same effect as loading
// them with `require` (TypeScript) or importing prettier's main entry (prettier).
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

/**
 * Runs a script in a fresh Node (no test runner's flags), the built `typescript.js` imported as
 * `ts` and the built `core/prettier.js` as `prettier`.
 */
function inFreshNode(body: string): string {
  const ts = pathToFileURL(built("core/typescript.js")).href;
  const prettier = pathToFileURL(built("core/prettier.js")).href;
  return execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `import * as ts from ${JSON.stringify(ts)};\nimport * as prettier from ${JSON.stringify(prettier)};\n${body}`,
    ],
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

describe("prettier's code cache", () => {
  const source = (specifier: string): Buffer =>
    readFileSync(createRequire(built("core/prettier.js")).resolve(specifier));

  it("is made by the build for each module a TypeScript or JSON run loads, and V8 takes each", () => {
    for (const [name, specifier] of [
      ["standalone", "prettier/standalone"],
      ["babel", "prettier/plugins/babel"],
      ["estree", "prettier/plugins/estree"],
    ] as const) {
      const cache = readFileSync(built(`build/prettier-${name}.cache`));
      const hash = createHash("sha256").update(source(specifier)).digest("hex");
      expect(cache.subarray(0, 64).toString("ascii"), name).toBe(hash);
    }
    const modules = JSON.parse(
      inFreshNode(`
        await prettier.format("const a = 1", "babel-ts", {});
        await prettier.format("{}", "json", {});
        console.log(JSON.stringify(prettier.prettierModules()));
      `),
    ) as { name: string; fromCodeCache: boolean }[];
    expect(modules).toEqual([
      { name: "babel", fromCodeCache: true },
      { name: "estree", fromCodeCache: true },
      { name: "standalone", fromCodeCache: true },
    ]);
  });

  it("formats as prettier's main entry does, for each parser the generator uses", async () => {
    const { format } = await import("prettier");
    const samples: [string, "babel-ts" | "json" | "markdown"][] = [
      [readFileSync(path.join(repoRoot, "templates/runtime/peer.ts"), "utf8"), "babel-ts"],
      [
        "export   class A<T extends {a:string}> { #x?: T; m(a: number, b = 'q'): void {} }\n" +
          "type U = | 'a' | \"b\" | { readonly [k: string]: unknown } ;\n" +
          "const x = {a: 1, 'b-c': [1,2,3], d: `t${1}`} as const satisfies object;\n",
        "babel-ts",
      ],
      [readFileSync(path.join(repoRoot, "package.json"), "utf8"), "json"],
      ['{"a":[1,2,{"b":null}],"c":"\\u00e9"}', "json"],
      ["# Title\n\nSome *text*   here.\n\n```ts\nconst  a=1\n```\n\n- one\n-  two\n", "markdown"],
    ];
    const ours = JSON.parse(
      inFreshNode(`
        const samples = JSON.parse(${JSON.stringify(JSON.stringify(samples))});
        const out = [];
        for (const [text, parser] of samples) out.push(await prettier.format(text, parser, { printWidth: 100 }));
        console.log(JSON.stringify(out));
      `),
    ) as string[];
    for (const [index, [text, parser]] of samples.entries())
      expect(ours[index], parser).toBe(await format(text, { parser, printWidth: 100 }));
  });
});
