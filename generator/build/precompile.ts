// Run by `npm run build`: compiles the static runtime files once, next to the compiled build
// stage, so that a generator run without a cache does not compile them again.
import { writeFileSync } from "node:fs";
import { Memo } from "../core/memo.js";
import { runtimeFiles } from "../emit/templates.js";
import { compileBody, splitHeader } from "./index.js";

const memo = new Memo();
for (const file of runtimeFiles()) compileBody(splitHeader(file.content).body, `src/runtime/${file.name}`, memo);
writeFileSync(new URL("./precompiled.json", import.meta.url), JSON.stringify(Object.fromEntries(memo.used)));
