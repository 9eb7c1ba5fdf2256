// Helpers of the tests against real peers: draft a catalog with `catalog init` (through the
// command line, as a user runs it), generate the package into a temporary folder, and watch the
// bytes that cross a child process's pipes.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
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

/** A catalog as a test reads it: only the parts a review step touches are typed. */
export interface CatalogJson {
  [key: string]: unknown;
  readonly methods: Array<Record<string, unknown>>;
}

/**
 * Drafts a catalog from `source` with `jsonrpc-bindgen catalog init` into `dir`, and generates
 * the package into `dir/<name>`. `review`, when given, stands for the reviewer of the draft: it
 * may add what `catalog init` said it could not infer (and nothing else should be needed).
 * Fails, with what the command printed, when drafting does.
 */
export async function draftAndGenerate(options: {
  readonly dir: string;
  readonly name: string;
  /** The published description, relative to the repository root. */
  readonly source: string;
  /** Whether the source is not a JSON Schema itself, so that `catalog init` writes one. */
  readonly writesSchema?: boolean;
  /** Further arguments of `catalog init`. */
  readonly initArgs?: readonly string[];
  readonly review?: (catalog: CatalogJson, init: CliRun) => CatalogJson;
}): Promise<DraftedPackage> {
  const catalogPath = path.join(options.dir, `${options.name}.catalog.json`);
  const schemaPath =
    options.writesSchema === true
      ? path.join(options.dir, `${options.name}.schema.json`)
      : path.resolve(repoRoot, options.source);
  const init = await runCli([
    "catalog",
    "init",
    options.source,
    "--catalog",
    catalogPath,
    ...(options.writesSchema === true ? ["--schema", schemaPath] : []),
    ...(options.initArgs ?? []),
  ]);
  if (init.code !== 0)
    throw new Error(`catalog init ${options.source} failed (${init.code}):\n${init.stderr}`);
  if (options.review !== undefined) {
    const drafted = JSON.parse(readFileSync(catalogPath, "utf8")) as CatalogJson;
    writeFileSync(catalogPath, JSON.stringify(options.review(drafted, init), null, 2) + "\n");
  }
  const outDir = path.join(options.dir, options.name);
  await generate({ schemaPath, catalogPath, outDir, cwd: options.dir, cache: false });
  return { catalogPath, schemaPath, init, outDir };
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

/** The published MCP schema, copied into the fixtures. */
export const mcpSchema = "test/fixtures/protocols/mcp-2025-11-25/schema.json";

/**
 * What a reviewer of MCP's draft adds, as the README shows: the two things a schema of messages
 * does not say and that the tests use, the cancellation notification and the progress
 * notification with where its token goes. The draft's marker goes too: a reviewed catalog is no
 * longer a draft that `catalog init --force` may replace. Fails when `catalog init` starts
 * drafting either, so that this step is then dropped.
 */
export function reviewMcpDraft(catalog: CatalogJson, init: CliRun): CatalogJson {
  if (!/not inferred[^\n]*the cancellation notification/.test(init.stderr))
    throw new Error(
      "catalog init now infers the cancellation notification: drop it from the review",
    );
  if ("cancellation" in catalog || "progress" in catalog)
    throw new Error("catalog init now drafts cancellation or progress: drop it from the review");
  const { $comment, ...reviewed } = catalog;
  if (typeof $comment !== "string" || !$comment.startsWith("Drafted by jsonrpc-bindgen"))
    throw new Error(`the draft has no draft marker: ${String($comment)}`);
  return {
    ...reviewed,
    cancellation: { method: "notifications/cancelled", idProperty: "requestId" },
    progress: {
      method: "notifications/progress",
      tokenPointer: "/progressToken",
      requestTokenPointer: "/_meta/progressToken",
    },
  };
}

/** The arguments of `catalog init` for MCP that the README and the examples use. */
export const mcpInitArgs: readonly string[] = [
  "--name",
  "mcp",
  "--title",
  "Model Context Protocol",
  "--package-name",
  "mcp-protocol",
];

/** The MCP package as a user gets it: `catalog init` on the published schema, then the review. */
export function draftMcp(dir: string): Promise<DraftedPackage> {
  return draftAndGenerate({
    dir,
    name: "mcp",
    source: mcpSchema,
    initArgs: mcpInitArgs,
    review: reviewMcpDraft,
  });
}
