// One run of the generator for one protocol, printed as the command line prints it: one line
// when done or up to date, the stale files, or the errors.
import { formatDiagnostic, InputError } from "../core/diagnostics.js";
import type { GenerateOptions } from "../core/options.js";
import { generate, type GenerateResult } from "../pipeline.js";
import { OutputFolderError } from "../write/index.js";
import type { ProtocolConfig } from "./config.js";
import type { Console } from "./console.js";

export interface RunFlags {
  readonly check: boolean;
  readonly cache: boolean;
  /** Compile `dist/` (false: `--no-build`, sources only). */
  readonly build: boolean;
  readonly quiet: boolean;
  /** Warnings are errors. */
  readonly strict: boolean;
  /** The folder `$ref`s may reach into, for every protocol of the run. */
  readonly refRoot?: string;
}

export function toOptions(protocol: ProtocolConfig, flags: RunFlags, cwd: string): GenerateOptions {
  return {
    schemaPath: protocol.schema,
    outDir: protocol.out,
    cwd,
    check: flags.check,
    cache: flags.cache,
    build: flags.build,
    strict: flags.strict,
    ...(flags.refRoot !== undefined && { refRoot: flags.refRoot }),
    ...(protocol.catalog !== undefined && { catalogPath: protocol.catalog }),
    ...(protocol.packageName !== undefined && { packageName: protocol.packageName }),
    ...(protocol.packageVersion !== undefined && { packageVersion: protocol.packageVersion }),
  };
}

export interface RunOutcome {
  readonly code: number;
  /** The files the run read, when it got as far as reading them. */
  readonly inputs?: readonly string[];
}

/** Generates (or checks) one protocol and prints what happened. */
export async function runOnce(
  protocol: ProtocolConfig,
  flags: RunFlags,
  io: Console,
  cwd: string,
): Promise<RunOutcome> {
  let result: GenerateResult;
  try {
    result = await generate(toOptions(protocol, flags, cwd));
  } catch (error) {
    if (error instanceof InputError) return { code: reportFailure(error, io) };
    if (error instanceof OutputFolderError) {
      io.err(
        flags.check
          ? `jsonrpc-bindgen: cannot check ${folderName(protocol.out)}: ${error.reason}`
          : `jsonrpc-bindgen: refusing to write into ${folderName(protocol.out)}: ${error.reason}; nothing was written`,
      );
      return { code: 1 };
    }
    io.err(`jsonrpc-bindgen: internal error: ${(error as Error).stack ?? String(error)}`);
    return { code: 1 };
  }
  const out = protocol.out;
  const { inputs } = result;
  for (const warning of result.warnings) io.err(`warning: ${formatDiagnostic(warning)}`);
  switch (result.status) {
    case "stale":
      io.err(
        `jsonrpc-bindgen: ${out} is not up to date with its schema (run the generator again):`,
      );
      for (const file of result.stale) io.err(`  ${out}/${file.path}: ${file.reason}`);
      return { code: 1, inputs };
    case "written":
      if (!flags.quiet)
        io.out(`jsonrpc-bindgen: wrote ${out}/ (${describeChanges(result.changed)})`);
      return { code: 0, inputs };
    case "up-to-date":
      if (!flags.quiet)
        io.out(
          `jsonrpc-bindgen: ${out}/ is up to date${result.cached ? " (inputs unchanged)" : ""}`,
        );
      return { code: 0, inputs };
  }
}

/** `out/`, `./`, `/`: a folder as the messages name it. */
function folderName(out: string): string {
  return out.endsWith("/") ? out : `${out}/`;
}

export function reportFailure(error: InputError, io: Console): number {
  for (const diagnostic of error.diagnostics) io.err(`error: ${formatDiagnostic(diagnostic)}`);
  io.err(`jsonrpc-bindgen: nothing was written`);
  return 1;
}

/** "2 source files changed, 4 build files": build output is not committed, so it is counted apart. */
function describeChanges(changed: readonly string[]): string {
  const build = changed.filter((file) => file.startsWith("dist/")).length;
  const sources = changed.length - build;
  const parts = [`${sources} source file${sources === 1 ? "" : "s"} changed`];
  if (build > 0) parts.push(`${build} build file${build === 1 ? "" : "s"}`);
  return parts.join(", ");
}
