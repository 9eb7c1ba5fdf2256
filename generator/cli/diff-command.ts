// `jsonrpc-bindgen diff`: compares two versions of a protocol and prints an API change report
// (Markdown for a pull request, or JSON), optionally the next package version. Exit codes: 0
// compared, 1 bad input (or a breaking change with --fail-on-breaking), 2 wrong usage.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { formatDiagnostic, InputError } from "../core/diagnostics.js";
import type { Console } from "./console.js";

export const DIFF_USAGE = `Usage: jsonrpc-bindgen diff OLD NEW [options]
       jsonrpc-bindgen diff --old-schema FILE [--old-catalog FILE] --new-schema FILE [--new-catalog FILE] [options]
       jsonrpc-bindgen diff --base REV [--schema FILE] [--catalog FILE] [options]

Compares two versions of a protocol (schema and method catalog) and reports every change to the
protocol and to the generated API, with whom it breaks: callers (who send the params and read the
result) and implementers (who handle the params and produce the result).

Versions:
  OLD, NEW               each a catalog (its schema is the *.schema.json beside it) or, for a
                         comparison of types only, a schema
  --old-schema FILE      the old schema (instead of the one beside the old catalog)
  --old-catalog FILE     the old catalog
  --new-schema FILE      the new schema
  --new-catalog FILE     the new catalog
  --base REV             compare the working tree's files with the same files at git revision REV
  --schema FILE          with --base: the schema (default: the one beside the catalog)
  --catalog FILE         with --base: the catalog (default: the one *.catalog.json in schema/);
                         --schema alone compares types only

Output:
  --format FORMAT        markdown (default, for a pull-request comment) or json
  --output FILE          write the report to FILE instead of standard output
  --fail-on-breaking     exit 1 when any change breaks callers, implementers or users of a type
  --bump                 print the next package version instead of the report: major on a
                         breaking change, minor on any other change but documentation, patch
                         for documentation only, the same version when nothing changed
  --write-version        like --bump, and write that version as package.version into the new
                         catalog (unless it already says as much or more)
  --major-on-zero        on a 0.x version, bump the major for a breaking change (by default
                         0.x follows semver's convention: minor on a breaking change, patch
                         on anything else)
  -h, --help             show this help
`;

type Values = {
  "old-schema"?: string;
  "old-catalog"?: string;
  "new-schema"?: string;
  "new-catalog"?: string;
  base?: string;
  schema?: string;
  catalog?: string;
  format?: string;
  output?: string;
  "fail-on-breaking"?: boolean;
  bump?: boolean;
  "write-version"?: boolean;
  "major-on-zero"?: boolean;
  help?: boolean;
};

/** Node's parser explains at length; the command line says what is wrong in a few words. */
function describeParseError(error: Error & { code?: string }): string {
  const option = /'(-[^' ]+)/.exec(error.message)?.[1];
  if (error.code === "ERR_PARSE_ARGS_UNKNOWN_OPTION" && option) return `unknown option ${option}`;
  if (error.code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE" && option)
    return `${option} needs a value`;
  return error.message;
}

/** Runs `diff` with the arguments that follow the word `diff`. */
export async function runDiff(argv: readonly string[], io: Console, cwd: string): Promise<number> {
  const usage = (message: string): number => {
    io.err(`jsonrpc-bindgen diff: ${message} (see jsonrpc-bindgen diff --help)`);
    return 2;
  };
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        "old-schema": { type: "string" },
        "old-catalog": { type: "string" },
        "new-schema": { type: "string" },
        "new-catalog": { type: "string" },
        base: { type: "string" },
        schema: { type: "string" },
        catalog: { type: "string" },
        format: { type: "string", default: "markdown" },
        output: { type: "string" },
        "fail-on-breaking": { type: "boolean", default: false },
        bump: { type: "boolean", default: false },
        "write-version": { type: "boolean", default: false },
        "major-on-zero": { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    }));
  } catch (error) {
    return usage(describeParseError(error as Error & { code?: string }));
  }
  if (values.help) {
    io.out(DIFF_USAGE);
    return 0;
  }
  if (values.format !== "markdown" && values.format !== "json")
    return usage(`--format must be markdown or json, not "${values.format}"`);

  const diff = await import("../diff/index.js");
  const inputs = await import("../diff/inputs.js");
  let cleanup = (): void => {};
  try {
    const versions = resolveVersions(values, positionals, cwd, inputs);
    cleanup = versions.cleanup;
    if (values["write-version"] && versions.after.catalogPath === undefined) {
      return usage("--write-version needs a new catalog to write the version into");
    }
    const report = await diff.diffVersions(versions.before, versions.after, {
      breakingOnZero: values["major-on-zero"] ? "major" : "minor",
    });
    const labels = { before: versions.labels[0], after: versions.labels[1] };
    const text =
      values.format === "json"
        ? diff.renderJson(report, labels)
        : diff.renderMarkdown(report, labels);
    if (values.output !== undefined) {
      const file = path.resolve(cwd, values.output);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text.endsWith("\n") ? text : text + "\n");
    } else if (!values.bump && !values["write-version"]) {
      io.out(text);
    }
    if (values.bump || values["write-version"]) io.out(report.version.next);
    if (values["write-version"]) {
      const { before, after, next } = report.version;
      const catalog = path.resolve(versions.after.cwd, versions.after.catalogPath!);
      const shown = path.relative(cwd, catalog) || catalog;
      if (after === next) {
        io.err(`jsonrpc-bindgen diff: ${shown} already says ${next}`);
      } else if (after !== before && diff.compareVersions(after, next) > 0) {
        io.err(
          `jsonrpc-bindgen diff: ${shown} already says ${after} (more than ${next}); left as it is`,
        );
      } else {
        inputs.writeCatalogVersion(catalog, after, next);
        io.err(`jsonrpc-bindgen diff: wrote version ${next} into ${shown}`);
      }
    }
    return values["fail-on-breaking"] && report.summary.breaking > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof inputs.DiffUsageError) return usage(error.message);
    if (error instanceof InputError) {
      for (const diagnostic of error.diagnostics) io.err(`error: ${formatDiagnostic(diagnostic)}`);
      io.err("jsonrpc-bindgen diff: nothing was compared");
      return 1;
    }
    if (error instanceof inputs.GitError) {
      io.err(`jsonrpc-bindgen diff: ${error.message}`);
      return 1;
    }
    io.err(`jsonrpc-bindgen diff: internal error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  } finally {
    cleanup();
  }
}

type Inputs = typeof import("../diff/inputs.js");
type VersionInputs = import("../diff/inputs.js").VersionInputs;

interface Versions {
  readonly before: VersionInputs;
  readonly after: VersionInputs;
  readonly labels: readonly [string, string];
  readonly cleanup: () => void;
}

function resolveVersions(
  values: Values,
  positionals: readonly string[],
  cwd: string,
  inputs: Inputs,
): Versions {
  const fail = (message: string): never => {
    throw new inputs.DiffUsageError(message);
  };
  const sideOptions = ["old-schema", "old-catalog", "new-schema", "new-catalog"] as const;

  if (values.base !== undefined) {
    if (positionals.length > 0 || sideOptions.some((option) => values[option] !== undefined)) {
      fail(
        "--base compares the working tree with a revision: give no OLD, NEW or --old-*/--new-* options with it",
      );
    }
    let catalog = values.catalog;
    let schema = values.schema;
    if (catalog === undefined && schema === undefined)
      catalog = inputs.catalogIn(path.resolve(cwd, "schema"));
    if (catalog !== undefined && schema === undefined)
      schema = inputs.siblingSchema(path.resolve(cwd, catalog), "--schema", catalog);
    const revision = inputs.exportRevision(
      cwd,
      values.base,
      catalog === undefined ? [schema!] : [schema!, catalog],
    );
    const [schemaPath, catalogPath] = revision.files;
    const files = { schemaPath: schemaPath!, ...(catalogPath !== undefined && { catalogPath }) };
    return {
      before: { ...files, cwd: revision.dir, label: values.base },
      after: { ...files, cwd: revision.top },
      labels: [values.base, "working tree"],
      cleanup: revision.cleanup,
    };
  }

  if (values.schema !== undefined || values.catalog !== undefined) {
    fail(
      "--schema and --catalog go with --base; use OLD NEW or --old-*/--new-* to compare two sets of files",
    );
  }
  if (positionals.length > 2) fail(`unexpected argument "${positionals[2]}"`);
  const side = (which: "old" | "new", positional: string | undefined): VersionInputs => {
    let schema = values[`${which}-schema`];
    let catalog = values[`${which}-catalog`];
    if (positional !== undefined) {
      if (inputs.isCatalogFile(path.resolve(cwd, positional))) {
        if (catalog !== undefined)
          fail(`${which.toUpperCase()} and --${which}-catalog both name the ${which} catalog`);
        catalog = positional;
      } else {
        if (schema !== undefined)
          fail(`${which.toUpperCase()} and --${which}-schema both name the ${which} schema`);
        schema = positional;
      }
    }
    if (catalog !== undefined && schema === undefined)
      schema = inputs.siblingSchema(path.resolve(cwd, catalog), `--${which}-schema`, catalog);
    if (schema === undefined)
      fail(
        `no ${which} version: give OLD NEW, --${which}-catalog or --${which}-schema, or --base REV`,
      );
    return { schemaPath: schema!, ...(catalog !== undefined && { catalogPath: catalog }), cwd };
  };
  const before = side("old", positionals[0]);
  const after = side("new", positionals[1]);
  if ((before.catalogPath === undefined) !== (after.catalogPath === undefined)) {
    fail(
      "give a catalog for both versions or for neither (without catalogs, only types are compared)",
    );
  }
  const label = (version: VersionInputs): string => version.catalogPath ?? version.schemaPath;
  return { before, after, labels: [label(before), label(after)], cleanup: () => {} };
}
