// Run by `npm run build`: compiles the static runtime files once, next to the compiled build
// stage, and the Handlebars templates, next to the module that renders them, so that a generator
// run without a cache does not compile them again. Compiling the runtime files also warms
// TypeScript up: V8's code cache for it is kept after them (core/typescript.ts).
import { rmSync, writeFileSync } from "node:fs";
import { Memo } from "../core/memo.js";
import { typescriptCodeCache } from "../core/typescript.js";
import { PRECOMPILED_FILE, precompileTemplates, runtimeFiles } from "../emit/templates.js";
import { compileBody } from "./index.js";

// A cache from an earlier build is not reused: this one is made from a fresh compilation.
const codeCache = new URL("./typescript.cache", import.meta.url);
rmSync(codeCache, { force: true });

const memo = new Memo();
// Emit puts a header before each runtime file; the body is the file exactly as it is here.
for (const file of runtimeFiles()) compileBody(file.content, `src/runtime/${file.name}`, memo);
writeFileSync(
  new URL("./precompiled.json", import.meta.url),
  JSON.stringify(Object.fromEntries(memo.used)),
);
writeFileSync(new URL(`../emit/${PRECOMPILED_FILE}`, import.meta.url), precompileTemplates());
writeFileSync(codeCache, typescriptCodeCache());
