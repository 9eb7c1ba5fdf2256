// The generate command (what a bare `jsonrpc-bindgen` does): one protocol from the flags, or
// every protocol of the configuration, written, checked (`--check`) or watched (`--watch`).
import { InputError } from "../core/diagnostics.js";
import { UsageError, parseArguments, type FlagSpec, type ParsedArgs } from "./args.js";
import { loadConfig, type ProtocolConfig } from "./config.js";
import type { Console } from "./console.js";
import { reportFailure, runOnce, type RunFlags } from "./run-once.js";

/**
 * The flags of the generate command. A flag that sets a protocol's option names it in
 * `protocolKey`; the others change how the run goes. New flags are added here (and, when they
 * set an option, in `toOptions`).
 */
export const GENERATE_FLAGS: readonly (FlagSpec & {
  readonly protocolKey?: keyof ProtocolConfig;
})[] = [
  {
    name: "schema",
    value: "FILE",
    protocolKey: "schema",
    help: "the protocol's JSON Schema (draft 2020-12; JSON or YAML)",
  },
  {
    name: "catalog",
    value: "FILE",
    protocolKey: "catalog",
    help: "the method catalog (without it, only types are generated)",
  },
  {
    name: "out",
    value: "DIR",
    protocolKey: "out",
    help: "the package folder to write: new, empty, or written by jsonrpc-bindgen",
  },
  {
    name: "package-name",
    value: "NAME",
    protocolKey: "packageName",
    help: "package name when there is no catalog",
  },
  {
    name: "package-version",
    value: "VER",
    protocolKey: "packageVersion",
    help: "package version when there is no catalog",
  },
  {
    name: "config",
    value: "FILE",
    help: "the configuration file (default: jsonrpc-bindgen.config.json, or package.json)",
  },
  {
    name: "check",
    help: "write nothing; exit 1 and name every stale file if an output folder is not up to date",
  },
  {
    name: "watch",
    help: "generate again whenever an input changes (one line per run; Ctrl-C stops)",
  },
  { name: "no-cache", help: "regenerate even if inputs and output look unchanged" },
  { name: "no-build", help: "write the sources only, no dist/ (for a build that compiles them)" },
  {
    name: "ref-root",
    value: "DIR",
    help: "the folder $refs may reach into (default: each schema's own folder)",
  },
  { name: "strict", help: "treat warnings (keywords the validators do not enforce) as errors" },
  { name: "quiet", help: "print only errors" },
];

export async function runGenerate(
  argv: readonly string[],
  io: Console,
  cwd: string,
): Promise<number> {
  const parsed = parseArguments(argv, GENERATE_FLAGS);
  if (parsed.positionals.length > 0)
    throw new UsageError(`unexpected argument "${parsed.positionals[0]}"`);
  let protocols: readonly ProtocolConfig[];
  try {
    protocols = await protocolsToRun(parsed, cwd);
  } catch (error) {
    if (error instanceof InputError) return reportFailure(error, io);
    throw error;
  }
  const flags: RunFlags = {
    check: parsed.values.has("check"),
    cache: !parsed.values.has("no-cache"),
    build: !parsed.values.has("no-build"),
    quiet: parsed.values.has("quiet"),
    strict: parsed.values.has("strict"),
    ...(parsed.values.has("ref-root") && { refRoot: String(parsed.values.get("ref-root")) }),
  };
  if (parsed.values.has("watch")) {
    if (flags.check) throw new UsageError("--watch and --check do not go together");
    const { watch } = await import("./watch.js");
    return watch(protocols, flags, io, cwd);
  }
  let status = 0;
  for (const protocol of protocols)
    status = Math.max(status, (await runOnce(protocol, flags, io, cwd)).code);
  return status;
}

/** The protocols the flags and the configuration name; flags override the configuration's values. */
async function protocolsToRun(parsed: ParsedArgs, cwd: string): Promise<readonly ProtocolConfig[]> {
  const overrides: Partial<Record<keyof ProtocolConfig, string>> = {};
  const overridingFlags: string[] = [];
  for (const flag of GENERATE_FLAGS) {
    const value = parsed.values.get(flag.name);
    if (flag.protocolKey === undefined || typeof value !== "string") continue;
    overrides[flag.protocolKey] = value;
    overridingFlags.push(`--${flag.name}`);
  }
  const explicit = parsed.values.get("config");
  // --schema names the protocol by itself; the configuration is read only when it is asked for.
  const config =
    overrides.schema === undefined || typeof explicit === "string"
      ? await loadConfig(cwd, typeof explicit === "string" ? explicit : undefined)
      : undefined;
  if (config === undefined) {
    if (overrides.schema === undefined || overrides.out === undefined)
      throw new UsageError(
        overrides.schema === undefined && overrides.out === undefined
          ? "no --schema and --out, and no jsonrpc-bindgen.config.json here"
          : `${overrides.schema === undefined ? "--schema" : "--out"} is required`,
      );
    return [overrides as ProtocolConfig];
  }
  if (Object.keys(overrides).length === 0) return config.protocols;
  if (config.protocols.length > 1)
    throw new UsageError(
      `${config.file} names ${config.protocols.length} protocols; ${overridingFlags[0]} would apply to each (give --schema and --out for one)`,
    );
  return [{ ...config.protocols[0]!, ...overrides }];
}
