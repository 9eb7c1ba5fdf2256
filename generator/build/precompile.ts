// Run by `npm run build`: compiles the static runtime files once, next to the compiled build
// stage, and the Handlebars templates, next to the module that renders them, so that a generator
// run without a cache does not compile them again. Compiling the runtime files also warms
// TypeScript up, and formatting them warms prettier up: V8's code cache for each is kept after
// that work (core/code-cache.ts).
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { codeCacheFile } from "../core/code-cache.js";
import { Memo } from "../core/memo.js";
import { typescriptCodeCache } from "../core/typescript.js";
import { PRECOMPILED_FILE, precompileTemplates, runtimeFiles } from "../emit/templates.js";
import { PRETTIER_OPTIONS } from "../format/index.js";
import { format, prettierCodeCaches } from "../core/prettier.js";
import { compileBody } from "./index.js";

// Caches from an earlier build are not reused: these are made from fresh compilations.
const buildDir = new URL("./", import.meta.url);
for (const name of readdirSync(buildDir).filter((file) => file.endsWith(".cache")))
  rmSync(new URL(name, buildDir));

const memo = new Memo();
// Emit puts a header before each runtime file; the body is the file exactly as it is here.
for (const file of runtimeFiles()) compileBody(file.content, `src/runtime/${file.name}`, memo);
writeFileSync(
  new URL("./precompiled.json", import.meta.url),
  JSON.stringify(Object.fromEntries(memo.used)),
);
writeFileSync(new URL(`../emit/${PRECOMPILED_FILE}`, import.meta.url), precompileTemplates());

// The runtime files are TypeScript of every kind the templates write; a package.json is JSON.
for (const file of runtimeFiles()) await format(file.content, "babel-ts", PRETTIER_OPTIONS);
await format(JSON.stringify({ name: "warm-up", version: "1.0.0" }), "json", PRETTIER_OPTIONS);

for (const { name, data } of [typescriptCodeCache(), ...prettierCodeCaches()])
  writeFileSync(codeCacheFile(name), data);
