// The command line: picks the command, parses its flags, runs it, and returns the exit code
// (0 done or up to date, 1 bad input or stale output, 2 wrong usage). A usage error is one line
// saying what is wrong and where to get help.
import { catalogSchema } from "../catalog/catalog-schema.js";
import { UsageError, describeFlags, parseArguments, type FlagSpec } from "./args.js";
import { configSchema } from "./config-schema.js";
import { processConsole, type Console } from "./console.js";
import { GENERATE_FLAGS, runGenerate } from "./generate-command.js";
import { generatorVersion } from "./version.js";

export type { Console } from "./console.js";

const HELP_FLAG: FlagSpec = { name: "help", short: "h", help: "show this help" };

const MAIN_USAGE = `Usage: jsonrpc-bindgen [--schema FILE --out DIR] [options]
       jsonrpc-bindgen COMMAND [--help]

Generates a typed TypeScript package for a JSON-RPC protocol from its JSON Schema and method
catalog. Without --schema, generates every protocol that jsonrpc-bindgen.config.json (or the
"jsonrpc-bindgen" key of package.json) names; flags given beside it override its values.

Options:
${describeFlags([...GENERATE_FLAGS, { name: "version", help: "print the version" }, HELP_FLAG])}

Commands:
  catalog init INPUT      draft a catalog, for review, from a published schema or description
  catalog-schema          print the JSON Schema of the method catalog (for editors)
  config-schema           print the JSON Schema of jsonrpc-bindgen.config.json (for editors)
  diff                    report the API changes between two versions of schema and catalog
  help COMMAND            show a command's help

Exit codes: 0 done or up to date, 1 bad input or stale output, 2 wrong usage.`;

/** A command that prints a schema; its only flag is --help. */
function schemaCommand(name: string, what: string, schema: unknown): Command {
  const usage = `Usage: jsonrpc-bindgen ${name}\n\nPrints ${what}.\n\nOptions:\n${describeFlags([HELP_FLAG])}`;
  return {
    usage,
    run: async (argv, io) => {
      const { values, positionals } = parseArguments(argv, [HELP_FLAG]);
      if (values.has("help")) {
        io.out(usage);
        return 0;
      }
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
      io.out(JSON.stringify(schema, null, 2));
      return 0;
    },
  };
}

interface Command {
  readonly usage: string;
  run(argv: readonly string[], io: Console, cwd: string): Promise<number>;
}

const COMMANDS: Readonly<Record<string, Command>> = {
  "catalog-schema": schemaCommand(
    "catalog-schema",
    "the JSON Schema of the method catalog, for editors",
    catalogSchema,
  ),
  "config-schema": schemaCommand(
    "config-schema",
    "the JSON Schema of jsonrpc-bindgen.config.json, for editors",
    configSchema,
  ),
};

export async function main(
  argv: readonly string[],
  io: Console = processConsole,
  cwd: string = process.cwd(),
): Promise<number> {
  const [first, ...rest] = argv;
  // `diff` has options and messages of its own, so it takes over before anything is parsed here.
  if (first === "diff") {
    const { runDiff } = await import("./diff-command.js");
    return runDiff(rest, io, cwd);
  }
  if (first === "catalog") {
    const { runCatalogCommand } = await import("./catalog-command.js");
    return runCatalogCommand(rest, io, cwd);
  }
  const command = first === undefined ? undefined : COMMANDS[first];
  try {
    if (first === "help") return await help(rest, io);
    if (command !== undefined) return await command.run(rest, io, cwd);
    if (argv.includes("--version")) {
      if (argv.length > 1) throw new UsageError("--version takes no other argument");
      io.out(generatorVersion());
      return 0;
    }
    if (argv.includes("--help") || argv.includes("-h")) {
      io.out(MAIN_USAGE);
      return 0;
    }
    return await runGenerate(argv, io, cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    const where = command === undefined ? "jsonrpc-bindgen" : `jsonrpc-bindgen ${first}`;
    io.err(`${where}: ${error.message} (see ${where} --help)`);
    return 2;
  }
}

async function help(argv: readonly string[], io: Console): Promise<number> {
  const [name, ...extra] = argv;
  if (extra.length > 0) throw new UsageError(`help takes one command, not "${extra.join(" ")}"`);
  if (name === undefined) {
    io.out(MAIN_USAGE);
    return 0;
  }
  if (name === "diff") {
    const { DIFF_USAGE } = await import("./diff-command.js");
    io.out(DIFF_USAGE);
    return 0;
  }
  if (name === "catalog") {
    const { CATALOG_USAGE } = await import("./catalog-command.js");
    io.out(CATALOG_USAGE);
    return 0;
  }
  const command = COMMANDS[name];
  if (command === undefined)
    throw new UsageError(
      `no command "${name}" (commands: ${[...Object.keys(COMMANDS), "catalog", "diff"].join(", ")})`,
    );
  io.out(command.usage);
  return 0;
}
