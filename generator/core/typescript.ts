// TypeScript's compiler API (the JavaScript TypeScript that ts-morph carries), loaded on first use.
// Loading it costs about half a second, more than a run that changed one description needs in
// all: the generator's common paths do without it (core/top-level.ts, the build's types-only
// files), and only what they cannot decide, or a file that must really be compiled, loads it.
//
// Most of that half second is V8 compiling TypeScript's 9 MB of JavaScript. The generator's own
// build runs the compiler once and keeps V8's code cache for it (`npm run build`, build/
// precompile.ts), so that a run which needs the compiler starts from compiled code. The cache
// is used only for the very source it was made from (its SHA-256 is stored with it) and only if
// V8 takes it (same V8 version and flags); otherwise TypeScript is compiled as usual.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";
import vm from "node:vm";
import type { ts } from "ts-morph";

export type TypeScript = typeof ts;

/** Where the generator's build keeps the code cache: next to the compiled build stage. */
const CODE_CACHE = new URL("../build/typescript.cache", import.meta.url);
const HASH_LENGTH = 64;

interface Loaded {
  readonly ts: TypeScript;
  readonly script: vm.Script;
  /** The SHA-256 of TypeScript's source, hex. */
  readonly hash: string;
  /** Whether V8 compiled TypeScript from the build's code cache. */
  readonly fromCodeCache: boolean;
}

let loaded: Loaded | undefined;

export function typescript(): TypeScript {
  loaded ??= load();
  return loaded.ts;
}

/** V8's code cache for TypeScript as compiled so far in this process, prefixed with its source's hash. */
export function typescriptCodeCache(): Buffer {
  typescript();
  return Buffer.concat([Buffer.from(loaded!.hash, "ascii"), loaded!.script.createCachedData()]);
}

/** Whether this process compiled TypeScript from the build's code cache (loading it if need be). */
export function typescriptFromCodeCache(): boolean {
  typescript();
  return loaded!.fromCodeCache;
}

function load(): Loaded {
  // TypeScript as ts-morph requires it: ts-morph's own module (and its 3 MB) is not needed.
  const fromTsMorph = createRequire(createRequire(import.meta.url).resolve("ts-morph"));
  const file = fromTsMorph.resolve("@ts-morph/common/dist/typescript.js");
  const bytes = readFileSync(file);
  const hash = createHash("sha256").update(bytes).digest("hex");
  const cachedData = codeCacheFor(hash, readCodeCache());
  const script = new vm.Script(Module.wrap(bytes.toString("utf8")), { filename: file, cachedData });
  // Loaded as `require` would load it, and registered where `require` looks, so that anything
  // else requiring the same file gets this copy.
  const module = new Module(file);
  module.filename = file;
  module.paths = (
    Module as unknown as { _nodeModulePaths(dir: string): string[] }
  )._nodeModulePaths(path.dirname(file));
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  const requireFromFile = createRequire(file);
  requireFromFile.cache[file] = module;
  wrapper.call(module.exports, module.exports, requireFromFile, module, file, path.dirname(file));
  module.loaded = true;
  const fromCodeCache = cachedData !== undefined && !script.cachedDataRejected;
  return { ts: module.exports as TypeScript, script, hash, fromCodeCache };
}

function readCodeCache(): Buffer | undefined {
  try {
    return readFileSync(CODE_CACHE);
  } catch {
    return undefined;
  }
}

/** V8's data in a code cache file, if the file was made from the source of this hash. */
export function codeCacheFor(hash: string, file: Buffer | undefined): Buffer | undefined {
  if (file === undefined || file.length <= HASH_LENGTH) return undefined;
  return file.subarray(0, HASH_LENGTH).toString("ascii") === hash
    ? file.subarray(HASH_LENGTH)
    : undefined;
}
