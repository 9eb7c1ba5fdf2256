// The command line: parses arguments, runs the generator, prints what happened, and returns the
// exit code (0 done or up to date, 1 bad input or stale output, 2 wrong usage).
import { parseArgs } from "node:util";
import { formatDiagnostic, InputError } from "../core/diagnostics.js";
import { catalogSchema } from "../catalog/catalog-schema.js";
import { generate } from "../pipeline.js";

const USAGE = `Usage: jsonrpc-bindgen --schema FILE [--catalog FILE] --out DIR [options]
       jsonrpc-bindgen catalog-schema
       jsonrpc-bindgen diff OLD NEW | --base REV [options]   (see jsonrpc-bindgen diff --help)

Generates a typed TypeScript package for a JSON-RPC protocol from its JSON Schema and method
catalog.

Options:
  --schema FILE           the protocol's JSON Schema (draft 2020-12; JSON or YAML)
  --catalog FILE          the method catalog (without it, only types are generated)
  --out DIR               the package folder to write
  --check                 write nothing; exit 1 and name every stale file if DIR is not up to date
  --no-cache              regenerate even if inputs and output look unchanged
  --package-name NAME     package name when there is no catalog
  --package-version VER   package version when there is no catalog
  --ref-root DIR          the folder $refs may reach into (default: the schema's folder)
  --strict                treat warnings (keywords the validators do not enforce) as errors
  --quiet                 print only errors
  -h, --help              show this help

Commands:
  catalog-schema          print the JSON Schema of the method catalog (for editors)
  diff                    report the API changes between two versions of schema and catalog
`;

export interface Console {
  out(line: string): void;
  err(line: string): void;
}

const processConsole: Console = {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
};

export async function main(
  argv: readonly string[],
  io: Console = processConsole,
  cwd: string = process.cwd(),
): Promise<number> {
  // `diff` has options of its own, so it takes over before they are parsed here.
  if (argv[0] === "diff") {
    const { runDiff } = await import("./diff-command.js");
    return runDiff(argv.slice(1), io, cwd);
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        schema: { type: "string" },
        catalog: { type: "string" },
        out: { type: "string" },
        check: { type: "boolean", default: false },
        "no-cache": { type: "boolean", default: false },
        "package-name": { type: "string" },
        "package-version": { type: "string" },
        "ref-root": { type: "string" },
        strict: { type: "boolean", default: false },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
  } catch (error) {
    io.err(`jsonrpc-bindgen: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  if (positionals[0] === "catalog-schema" && positionals.length === 1) {
    io.out(JSON.stringify(catalogSchema, null, 2));
    return 0;
  }
  if (positionals.length > 0) {
    io.err(`jsonrpc-bindgen: unexpected argument "${positionals[0]}"\n\n${USAGE}`);
    return 2;
  }
  if (values.schema === undefined || values.out === undefined) {
    io.err(`jsonrpc-bindgen: --schema and --out are required\n\n${USAGE}`);
    return 2;
  }

  try {
    const result = await generate({
      schemaPath: values.schema,
      outDir: values.out,
      cwd,
      check: values.check,
      cache: !values["no-cache"],
      strict: values.strict,
      ...(values["ref-root"] !== undefined && { refRoot: values["ref-root"] }),
      ...(values.catalog !== undefined && { catalogPath: values.catalog }),
      ...(values["package-name"] !== undefined && { packageName: values["package-name"] }),
      ...(values["package-version"] !== undefined && { packageVersion: values["package-version"] }),
    });
    for (const warning of result.warnings) io.err(`warning: ${formatDiagnostic(warning)}`);
    switch (result.status) {
      case "stale":
        io.err(
          `jsonrpc-bindgen: ${values.out} is not up to date with its schema (run the generator again):`,
        );
        for (const file of result.stale) io.err(`  ${values.out}/${file.path}: ${file.reason}`);
        return 1;
      case "written":
        if (!values.quiet)
          io.out(`jsonrpc-bindgen: wrote ${values.out}/ (${describeChanges(result.changed)})`);
        return 0;
      case "up-to-date":
        if (!values.quiet)
          io.out(
            `jsonrpc-bindgen: ${values.out}/ is up to date${result.cached ? " (inputs unchanged)" : ""}`,
          );
        return 0;
    }
  } catch (error) {
    if (error instanceof InputError) {
      for (const diagnostic of error.diagnostics) io.err(`error: ${formatDiagnostic(diagnostic)}`);
      io.err(`jsonrpc-bindgen: nothing was written`);
      return 1;
    }
    io.err(`jsonrpc-bindgen: internal error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  }
}

/** "2 source files changed, 4 build files" — build output is not committed, so it is counted apart. */
function describeChanges(changed: readonly string[]): string {
  const build = changed.filter((file) => file.startsWith("dist/")).length;
  const sources = changed.length - build;
  const parts = [`${sources} source file${sources === 1 ? "" : "s"} changed`];
  if (build > 0) parts.push(`${build} build file${build === 1 ? "" : "s"}`);
  return parts.join(", ");
}
