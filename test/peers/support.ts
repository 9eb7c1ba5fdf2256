// Helpers of the tests against real peers: draft a catalog with `catalog init` (through the
// command line, as a user runs it), generate the package into a temporary folder, and watch the
// bytes that cross a child process's pipes.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { generate } from "../../generator/index.js";
import { cliBin, repoRoot } from "../helpers/repo.js";

export { killAll, track, until, within } from "../integration/support.js";

/** What a run of the command line printed, and how it ended. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `jsonrpc-bindgen ...args` (the built command line) without blocking the test worker. */
export function runCli(args: readonly string[], cwd: string = repoRoot): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliBin, ...args], {
      cwd,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** A package generated from a catalog drafted by `catalog init`. */
export interface DraftedPackage {
  /** The drafted catalog and the schema it names, as written by `catalog init`. */
  readonly catalogPath: string;
  readonly schemaPath: string;
  /** What `catalog init` printed (its notes on what it could not infer). */
  readonly init: CliRun;
  /** The generated package's folder; `dist/` is built. */
  readonly outDir: string;
}

/**
 * Drafts a catalog from `source` with `jsonrpc-bindgen catalog init`, writing into `dir`, and
 * generates the package into `dir/<name>` with no edit in between. Fails, with what the command
 * printed, when drafting does.
 */
export async function draftAndGenerate(options: {
  readonly dir: string;
  readonly name: string;
  /** The published description, relative to the repository root. */
  readonly source: string;
  /** Further arguments of `catalog init`. */
  readonly initArgs?: readonly string[];
}): Promise<DraftedPackage> {
  const catalogPath = path.join(options.dir, `${options.name}.catalog.json`);
  const init = await runCli([
    "catalog",
    "init",
    options.source,
    "--out",
    catalogPath,
    ...(options.initArgs ?? []),
  ]);
  if (init.code !== 0)
    throw new Error(`catalog init ${options.source} failed (${init.code}):\n${init.stderr}`);
  const catalog = JSON.parse(readFileSync(catalogPath, "utf8")) as { $schema?: string };
  const schemaPath = draftedSchemaPath(catalogPath, options.source);
  const outDir = path.join(options.dir, options.name);
  await generate({ schemaPath, catalogPath, outDir, cwd: options.dir, cache: false });
  void catalog;
  return { catalogPath, schemaPath, init, outDir };
}

/**
 * The schema a drafted catalog's types live in: the source itself when it is a JSON Schema,
 * else the schema `catalog init` wrote beside the catalog.
 */
function draftedSchemaPath(catalogPath: string, source: string): string {
  return path.resolve(repoRoot, source);
}

/** Imports a module of a generated package (`dist/<module>.js`). */
export async function importPackage(outDir: string, module: string): Promise<any> {
  return import(pathToFileURL(path.join(outDir, "dist", `${module}.js`)).href);
}

/** The JSON-RPC messages that crossed a child's pipes, in order, each tagged with its direction. */
export interface WireLog {
  readonly sent: unknown[];
  readonly received: unknown[];
}

/**
 * Records the newline-delimited JSON messages written to `child`'s stdin and read from its
 * stdout, beside the transport that reads and writes them (an extra reader and a wrapped write:
 * nothing the transport does changes).
 */
export function recordNdjson(child: ChildProcess): WireLog {
  const log: WireLog = { sent: [], received: [] };
  const lines = (into: unknown[]) => {
    let pending = "";
    return (chunk: Buffer | string) => {
      pending += chunk.toString();
      let newline: number;
      while ((newline = pending.indexOf("\n")) >= 0) {
        const line = pending.slice(0, newline).trim();
        pending = pending.slice(newline + 1);
        if (line !== "") into.push(JSON.parse(line));
      }
    };
  };
  child.stdout!.on("data", lines(log.received));
  const onSent = lines(log.sent);
  const stdin = child.stdin!;
  const write = stdin.write.bind(stdin) as (...args: unknown[]) => boolean;
  stdin.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (typeof chunk === "string" || Buffer.isBuffer(chunk)) onSent(chunk);
    return write(chunk, ...rest);
  }) as typeof stdin.write;
  return log;
}
