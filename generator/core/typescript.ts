// TypeScript's compiler API (the JavaScript TypeScript that ts-morph carries), loaded on first use.
// Loading it costs about half a second, more than a run that changed one description needs in
// all: the generator's common paths do without it (core/top-level.ts, the build's types-only
// files), and only what they cannot decide, or a file that must really be compiled, loads it.
//
// Most of that half second is V8 compiling TypeScript's 9 MB of JavaScript: it is loaded from
// the code cache the generator's build keeps (core/code-cache.ts), made after compiling the
// runtime files.
import { createRequire } from "node:module";
import type { ts } from "ts-morph";
import { codeCacheOf, requireWithCodeCache, type CachedModule } from "./code-cache.js";

export { codeCacheFor } from "./code-cache.js";

export type TypeScript = typeof ts;

const CACHE_NAME = "typescript";

let loaded: CachedModule | undefined;

export function typescript(): TypeScript {
  // TypeScript as ts-morph requires it: ts-morph's own module (and its 3 MB) is not needed.
  loaded ??= requireWithCodeCache(
    createRequire(createRequire(import.meta.url).resolve("ts-morph")).resolve(
      "@ts-morph/common/dist/typescript.js",
    ),
    CACHE_NAME,
  );
  return loaded.exports as TypeScript;
}

/** V8's code cache for TypeScript as compiled so far in this process, and the name it is kept under. */
export function typescriptCodeCache(): { readonly name: string; readonly data: Buffer } {
  typescript();
  return { name: CACHE_NAME, data: codeCacheOf(loaded!) };
}

/** Whether this process compiled TypeScript from the build's code cache (loading it if need be). */
export function typescriptFromCodeCache(): boolean {
  typescript();
  return loaded!.fromCodeCache;
}
