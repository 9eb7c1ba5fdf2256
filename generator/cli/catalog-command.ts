// `jsonrpc-bindgen catalog init`: drafts a catalog (and, for formats that bring their own types,
// a JSON Schema) from what a protocol publishes, prints what it could not infer, and writes the
// files only where nothing is lost.
import path from "node:path";
import { formatDiagnostic, InputError } from "../core/diagnostics.js";
import {
  DraftOutputError,
  SOURCE_FORMATS,
  detectFormat,
  draftCatalog,
  draftText,
  draftsSchema,
  writeDraftFiles,
  type SourceFormat,
  type UnionKind,
  type UnionOverride,
} from "../catalog/init/index.js";
import { InputFiles } from "../load/input-files.js";
import { parseJsonText } from "../load/json-text.js";
import { parseYamlText } from "../load/yaml-text.js";
import { UsageError, describeFlags, parseArguments, type FlagSpec } from "./args.js";
import type { Console } from "./console.js";

const INIT_FLAGS: readonly FlagSpec[] = [
  {
    name: "from",
    value: "FORMAT",
    help: `the input's format: ${SOURCE_FORMATS.join(", ")} (default: from its shape)`,
  },
  { name: "catalog", value: "FILE", help: "the catalog to write (required)" },
  {
    name: "schema",
    value: "FILE",
    help: "the JSON Schema to write, for formats that bring their own types",
  },
  {
    name: "name",
    value: "NAME",
    help: "protocol name, lower case with dashes (default: from the input)",
  },
  { name: "title", value: "TEXT", help: "protocol title (default: from the input)" },
  { name: "package-name", value: "NAME", help: "npm package name (default: the protocol name)" },
  {
    name: "package-version",
    value: "VERSION",
    help: "package version (default: the input's, if semantic, else 0.1.0)",
  },
  {
    name: "unions",
    value: "LIST",
    help: "json-schema: the direction unions, DEF=ROLE:KIND,... (KIND: requests, notifications, results)",
  },
  { name: "force", help: "replace files that earlier drafts wrote (never any other file)" },
  { name: "quiet", help: "print only errors" },
  { name: "help", short: "h", help: "show this help" },
];

export const CATALOG_USAGE = `Usage: jsonrpc-bindgen catalog init INPUT --catalog FILE [--schema FILE] [options]

Drafts a method catalog, for review, from what a protocol publishes:
  json-schema   a JSON Schema whose method definitions carry the name as properties.method.const,
                with direction unions <Role>Request, <Role>Notification, <Role>Result,
                and/or per-definition annotations (x-method, x-kind, x-side, x-from,
                x-direction, x-result, x-optional-params, x-since, x-deprecated)
  meta-model    a meta model (requests, notifications, structures, enumerations, type aliases,
                as metaModel.schema.json describes it): drafts the catalog and a JSON Schema
  openrpc       an OpenRPC document: drafts the catalog and a JSON Schema of its components
                and of each method's params (by name, or by position as a tuple) and result
  (see the README, "Drafting a catalog", for exactly what each format's draft infers)
It prints one note per thing it could not infer, with its JSON pointer in INPUT, and never
overwrites a file that is not an earlier draft.

Options:
${describeFlags(INIT_FLAGS)}

Exit codes: 0 drafted, 1 bad input or a refused output file, 2 wrong usage.`;

export async function runCatalogCommand(
  argv: readonly string[],
  io: Console,
  cwd: string,
): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "--help" || sub === "-h" || sub === "help") {
    io.out(CATALOG_USAGE);
    return sub === undefined ? 2 : 0;
  }
  try {
    if (sub !== "init")
      throw new UsageError(`no command "catalog ${sub}" (commands: catalog init)`);
    return await runInit(rest, io, cwd);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(
      `jsonrpc-bindgen catalog init: ${error.message} (see jsonrpc-bindgen catalog init --help)`,
    );
    return 2;
  }
}

async function runInit(argv: readonly string[], io: Console, cwd: string): Promise<number> {
  const { values, positionals } = parseArguments(argv, INIT_FLAGS);
  if (values.has("help")) {
    io.out(CATALOG_USAGE);
    return 0;
  }
  if (positionals.length !== 1)
    throw new UsageError(
      positionals.length === 0 ? "no INPUT file" : `one INPUT file, not ${positionals.length}`,
    );
  const text = (name: string): string | undefined => {
    const value = values.get(name);
    return typeof value === "string" ? value : undefined;
  };
  const catalogOut = text("catalog");
  if (catalogOut === undefined) throw new UsageError("--catalog FILE is required");
  const fromFlag = text("from");
  if (fromFlag !== undefined && !(SOURCE_FORMATS as readonly string[]).includes(fromFlag))
    throw new UsageError(
      `--from ${fromFlag}: not a format (formats: ${SOURCE_FORMATS.join(", ")})`,
    );
  const name = text("name");
  if (name !== undefined && !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name))
    throw new UsageError(
      `--name ${name}: lower case letters and digits, with single dashes between`,
    );
  const unions = text("unions") === undefined ? undefined : parseUnions(text("unions")!);

  const input = path.resolve(cwd, positionals[0]!);
  const shown = path.relative(cwd, input) || input;
  let document: unknown;
  try {
    const files = new InputFiles({
      refRoot: path.dirname(input),
      displayPath: (file) => path.relative(cwd, file) || file,
    });
    const source = await files.readGiven(input);
    document = /\.ya?ml$/i.test(input)
      ? parseYamlText(source, shown)
      : parseJsonText(source, shown);
  } catch (error) {
    if (error instanceof InputError) return failed(error, io);
    throw error;
  }
  const format = (fromFlag as SourceFormat | undefined) ?? detectFormat(document);
  if (format === undefined) {
    io.err(
      `error: ${shown}: not a format catalog init reads (${SOURCE_FORMATS.join(", ")}); name it with --from`,
    );
    return 1;
  }
  const schemaOut = text("schema");
  if (draftsSchema(format) && schemaOut === undefined)
    throw new UsageError(`--schema FILE is required: a ${format} draft includes a JSON Schema`);
  if (!draftsSchema(format) && schemaOut !== undefined)
    throw new UsageError(
      `--schema: a ${format} draft uses the input as its schema, and writes none`,
    );

  let draft;
  try {
    draft = draftCatalog({
      format,
      document,
      file: shown,
      identity: {
        ...(text("name") !== undefined && { name: text("name")! }),
        ...(text("title") !== undefined && { title: text("title")! }),
        ...(text("package-name") !== undefined && { packageName: text("package-name")! }),
        ...(text("package-version") !== undefined && { packageVersion: text("package-version")! }),
      },
      ...(unions !== undefined && { unions }),
    });
  } catch (error) {
    if (error instanceof InputError) return failed(error, io);
    throw error;
  }
  const quiet = values.has("quiet");
  if (!quiet)
    for (const note of draft.notes)
      io.err(
        `note: ${formatDiagnostic({ file: shown, pointer: note.pointer, message: note.message })}`,
      );

  const files = [{ path: path.resolve(cwd, catalogOut), text: draftText(draft.catalog) }];
  if (schemaOut !== undefined && draft.schema !== undefined)
    files.push({ path: path.resolve(cwd, schemaOut), text: draftText(draft.schema) });
  try {
    await writeDraftFiles(files, { force: values.has("force"), inputs: [input] });
  } catch (error) {
    if (!(error instanceof DraftOutputError)) throw error;
    io.err(`jsonrpc-bindgen catalog init: ${error.message}`);
    return 1;
  }
  if (!quiet) {
    const methods = draft.catalog.methods;
    const requests = methods.filter((method) => method.kind === "request").length;
    const definitions =
      draft.schema === undefined
        ? ""
        : `, ${countDefinitions(draft.schema)} definitions into ${schemaOut}`;
    io.err(
      `jsonrpc-bindgen catalog init: drafted ${methods.length} methods (${requests} requests, ${methods.length - requests} notifications; roles ${Object.keys(draft.catalog.roles).join(", ")}) from ${format} ${shown} into ${catalogOut}${definitions}; ${draft.notes.length} notes`,
    );
  }
  return 0;
}

function countDefinitions(schema: unknown): number {
  const defs = (schema as { $defs?: object }).$defs;
  return defs === undefined ? 0 : Object.keys(defs).length;
}

const UNION_KINDS: readonly UnionKind[] = ["requests", "notifications", "results"];

function parseUnions(list: string): UnionOverride[] {
  return list.split(",").map((item) => {
    const match = /^([^=]+)=([a-z][a-z0-9]*(?:-[a-z0-9]+)*):([a-z]+)$/.exec(item.trim());
    if (match === null || !(UNION_KINDS as readonly string[]).includes(match[3]!))
      throw new UsageError(
        `--unions: "${item}" is not DEF=ROLE:KIND (KIND: ${UNION_KINDS.join(", ")})`,
      );
    return { definition: match[1]!, role: match[2]!, kind: match[3] as UnionKind };
  });
}

function failed(error: InputError, io: Console): number {
  for (const diagnostic of error.diagnostics) io.err(`error: ${formatDiagnostic(diagnostic)}`);
  io.err("jsonrpc-bindgen catalog init: nothing was written");
  return 1;
}
