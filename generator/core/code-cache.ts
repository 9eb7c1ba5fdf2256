// Loads a large CommonJS dependency (TypeScript, prettier's standalone build and its plugins)
// from V8's code cache: most of what loading such a module costs is V8 compiling its JavaScript,
// and the functions a run calls first are compiled again as it calls them. The generator's own
// build runs each module once on representative work and keeps V8's code cache for it
// (`npm run build`, build/precompile.ts), so a run starts from code compiled that far.
//
// A cache file is the SHA-256 of the source it was made from (hex), then V8's data. It is used
// only for that very source, and only if V8 takes it (same V8 version and flags); otherwise the
// module is compiled as usual. A module loaded here is registered in `require.cache`, as
// `require` would register it, so anything else requiring the same file gets this copy.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire, Module } from "node:module";
import path from "node:path";
import vm from "node:vm";

const HASH_LENGTH = 64;

/** Where the generator's build keeps the code caches: next to the compiled build stage. */
export function codeCacheFile(name: string): URL {
  return new URL(`../build/${name}.cache`, import.meta.url);
}

export interface CachedModule {
  readonly exports: unknown;
  readonly script: vm.Script;
  /** The SHA-256 of the module's source, hex. */
  readonly hash: string;
  /** Whether V8 compiled the module from the build's code cache. */
  readonly fromCodeCache: boolean;
}

/** `require(file)`, compiled from the code cache named `cacheName` when it was made from this source. */
export function requireWithCodeCache(file: string, cacheName: string): CachedModule {
  const bytes = readFileSync(file);
  const hash = createHash("sha256").update(bytes).digest("hex");
  const cachedData = codeCacheFor(hash, readCodeCache(cacheName));
  const script = new vm.Script(Module.wrap(bytes.toString("utf8")), { filename: file, cachedData });
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
  return { exports: module.exports, script, hash, fromCodeCache };
}

/** V8's code cache for a module as compiled so far in this process, prefixed with its source's hash. */
export function codeCacheOf(module: CachedModule): Buffer {
  return Buffer.concat([Buffer.from(module.hash, "ascii"), module.script.createCachedData()]);
}

function readCodeCache(name: string): Buffer | undefined {
  try {
    return readFileSync(codeCacheFile(name));
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
