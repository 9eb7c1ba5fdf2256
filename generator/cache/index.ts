// Skips work whose inputs have not changed. A run records what it read (every input file, by
// content hash), what it wrote (every output file, by content hash) and a fingerprint of the
// generator itself (its code, templates and formatter version). The next run compares those
// with the disk before loading anything heavy: when all match, the output is already right.
// It also keeps prettier's output per statement and the compiler's output per file, so a small
// schema change reformats and recompiles little. Those are kept in a file of their own, read only
// by a run that has work to do: a run that finds its output up to date reads the small record.
//
// Files are read with synchronous calls: a check reads every input and output file and the
// generator's own code (a few hundred small files), and an asynchronous read costs four
// hand-offs to libuv's thread pool and back (open, stat, read, close), several times the read.
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "../core/hash.js";
import type { InputWarning } from "../core/ir.js";
import type { OutputFile } from "../core/options.js";
import { generatorRoot, templatesDir } from "../core/package-root.js";

const RECORD_VERSION = 4;

interface CacheRecord {
  readonly version: number;
  readonly key: string;
  /** False when only the committed files were compared (`--check`): build output is unknown. */
  readonly complete: boolean;
  readonly inputs: Readonly<Record<string, string>>;
  readonly outputs: Readonly<
    Record<string, { readonly hash: string; readonly role: OutputFile["role"] }>
  >;
  /** The run's warnings, said again by every run the cache answers. */
  readonly warnings: readonly InputWarning[];
}

/** What makes two runs comparable: the same generator, the same options. */
export interface CacheScope {
  readonly cwd: string;
  readonly outDir: string;
  readonly options: unknown;
}

export class GenerationCache {
  private readonly file: string;
  private readonly memoFile: string;
  private readonly key: string;
  private record: CacheRecord | undefined;

  private constructor(file: string, key: string) {
    this.file = file;
    this.memoFile = file.replace(/\.json$/, ".memo.json");
    this.key = key;
  }

  static open(scope: CacheScope): GenerationCache {
    const cacheDir = existsSync(path.join(scope.cwd, "node_modules"))
      ? path.join(scope.cwd, "node_modules", ".cache", "jsonrpc-bindgen")
      : path.join(os.tmpdir(), "jsonrpc-bindgen-cache");
    const file = path.join(cacheDir, `${sha256(path.resolve(scope.outDir)).slice(0, 16)}.json`);
    const cache = new GenerationCache(
      file,
      sha256(JSON.stringify([generatorFingerprint(), scope.options])),
    );
    try {
      const record = JSON.parse(readFileSync(file, "utf8")) as CacheRecord;
      if (record.version === RECORD_VERSION) cache.record = record;
    } catch {
      // No cache yet, or an unreadable one: it is rebuilt after this run.
    }
    return cache;
  }

  /**
   * Whether the output folder already holds exactly what this run would produce. With
   * `sourcesOnly` (for `--check`), build output is not required to be present.
   */
  isFresh(outDir: string, sourcesOnly: boolean): boolean {
    const record = this.record;
    if (!record || record.key !== this.key) return false;
    if (!sourcesOnly && !record.complete) return false;
    const expected: [string, string][] = [
      ...Object.entries(record.inputs),
      ...Object.entries(record.outputs)
        .filter(([, { role }]) => !sourcesOnly || role === "source")
        .map(([file, { hash }]): [string, string] => [path.join(outDir, file), hash]),
    ];
    // In order, stopping at the first difference: a changed input is usually the first file.
    return expected.every(([file, hash]) => hashFile(file) === hash);
  }

  /** The input files the last run read. */
  /** The warnings of the run recorded, for a run that the cache answers. */
  warnings(): readonly InputWarning[] {
    return this.record?.warnings ?? [];
  }

  inputFiles(): string[] {
    return Object.keys(this.record?.inputs ?? {});
  }

  /** Formatted and compiled text from the last run, to reuse (none if it was another generator's). */
  memoEntries(): Map<string, string> {
    if (this.record === undefined || this.record.key !== this.key) return new Map();
    try {
      const memo = JSON.parse(readFileSync(this.memoFile, "utf8")) as {
        readonly key: string;
        readonly entries: Readonly<Record<string, string>>;
      };
      return memo.key === this.record.key ? new Map(Object.entries(memo.entries)) : new Map();
    } catch {
      return new Map();
    }
  }

  /** Records a run whose output folder now matches `outputs`. Failing to save is not an error. */
  save(
    inputFiles: readonly string[],
    outputs: readonly OutputFile[],
    memo: ReadonlyMap<string, string>,
    complete: boolean,
    warnings: readonly InputWarning[],
  ): void {
    const inputs: Record<string, string> = {};
    for (const file of [...inputFiles].sort()) inputs[file] = hashFile(file) ?? "";
    const outputRecord: Record<string, { hash: string; role: OutputFile["role"] }> = {};
    for (const output of outputs)
      outputRecord[output.path] = { hash: sha256(output.content), role: output.role };
    const key = this.key;
    const record: CacheRecord = {
      version: RECORD_VERSION,
      key,
      complete,
      inputs,
      outputs: outputRecord,
      warnings,
    };
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      // The memo first: a record is trusted only with the memo of the same run beside it.
      replaceFile(this.memoFile, JSON.stringify({ key, entries: Object.fromEntries(memo) }));
      replaceFile(this.file, JSON.stringify(record));
    } catch {
      // A read-only cache folder only costs speed.
    }
  }
}

/** Writes a whole file under another name first, so that a reader never sees half of it. */
function replaceFile(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

function hashFile(file: string): string | undefined {
  try {
    return sha256(readFileSync(file));
  } catch {
    return undefined;
  }
}

/** Hash of the generator's own code and templates, and of the versions of the tools it drives. */
function generatorFingerprint(): string {
  const codeDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const named: [string, string | undefined][] = [];
  // Of the generator's own build, only what runs: its declaration files and maps change nothing
  // it writes, nor does the compiler's code cache (a faster way to load the same compiler, used
  // only when it matches the compiler's source, whose version is hashed below).
  for (const dir of [codeDir, templatesDir()]) {
    for (const file of listFilesRecursively(dir)) {
      if (dir === codeDir && /\.(?:d\.ts|map|cache)$/.test(file)) continue;
      named.push([file.slice(dir.length), hashFile(file)]);
    }
  }
  for (const dependency of [
    "prettier",
    "ts-morph",
    "handlebars",
    "@apidevtools/json-schema-ref-parser",
  ]) {
    named.push([dependency, hashFile(installedManifest(dependency))]);
  }
  return sha256(named.map(([name, hash]) => `${name}\n${hash ?? "missing"}`).join("\n"));
}

/**
 * The package.json of a dependency as Node finds it: in the generator's own node_modules, or (when
 * the generator is itself installed, its dependencies hoisted) in a folder above.
 */
function installedManifest(dependency: string): string {
  let dir = generatorRoot();
  for (;;) {
    const candidate = path.join(dir, "node_modules", dependency, "package.json");
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return candidate;
    dir = parent;
  }
}

function listFilesRecursively(dir: string): string[] {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : 1,
  );
  return entries.flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? listFilesRecursively(full) : [full];
  });
}
