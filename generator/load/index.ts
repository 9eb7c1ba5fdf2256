// Stage 1, load: reads the schema (with every file its `$ref`s reach) and the catalog, and checks
// the catalog against its schema. Nothing here interprets the schema: that is `model`'s job.
import { readFile } from "node:fs/promises";
import path from "node:path";
import $RefParser from "@apidevtools/json-schema-ref-parser";
import { InputError } from "../core/diagnostics.js";
import { catalogSchema } from "../catalog/catalog-schema.js";
import type { CatalogFile } from "../catalog/types.js";
import { parseJsonText } from "./json-text.js";
import { checkAgainstSchema } from "./schema-check.js";

export interface SchemaDocuments {
  /** Absolute path of the root schema file. */
  readonly root: string;
  /** Every schema file reached through `$ref`, by absolute path, parsed. */
  readonly documents: ReadonlyMap<string, unknown>;
  /** Files a `$ref` names that could not be read or parsed, with the reason. */
  readonly unreadable: ReadonlyMap<string, string>;
}

export interface LoadedInputs {
  readonly schema: SchemaDocuments;
  readonly catalog?: { readonly file: string; readonly value: CatalogFile };
  /** Absolute paths of every input file that was read. */
  readonly files: readonly string[];
  /** How a file is named in messages and headers: relative to the working folder when inside it. */
  readonly displayPath: (absolutePath: string) => string;
}

export interface LoadRequest {
  readonly schemaPath: string;
  readonly catalogPath?: string;
  readonly cwd: string;
}

export async function load(request: LoadRequest): Promise<LoadedInputs> {
  const displayPath = (file: string): string => {
    const relative = path.relative(request.cwd, file);
    const inside = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
    return (inside ? relative : path.basename(file)).split(path.sep).join("/");
  };
  const rootFile = path.resolve(request.cwd, request.schemaPath);
  const schema = await loadSchemaDocuments(rootFile, displayPath);
  const catalog =
    request.catalogPath === undefined
      ? undefined
      : await loadCatalog(path.resolve(request.cwd, request.catalogPath), displayPath);
  const files = [...schema.documents.keys()];
  if (catalog) files.push(catalog.file);
  return { schema, catalog, files, displayPath };
}

async function readDocument(file: string, displayPath: (file: string) => string): Promise<unknown> {
  if (/\.ya?ml$/i.test(file)) return parseYaml(file, displayPath);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new InputError([
      { file: displayPath(file), message: `cannot read the file (${describeIoError(error)})` },
    ]);
  }
  return parseJsonText(text, displayPath(file));
}

async function parseYaml(file: string, displayPath: (file: string) => string): Promise<unknown> {
  // The ref parser reads YAML files itself; parsing through it keeps one YAML dialect everywhere.
  try {
    return await new $RefParser().parse(file);
  } catch (error) {
    throw new InputError([
      { file: displayPath(file), message: `invalid YAML: ${(error as Error).message}` },
    ]);
  }
}

async function loadSchemaDocuments(
  rootFile: string,
  displayPath: (file: string) => string,
): Promise<SchemaDocuments> {
  // Parse the root ourselves first: its syntax errors then come with line and column.
  const rootValue = await readDocument(rootFile, displayPath);
  const documents = new Map<string, unknown>([[rootFile, rootValue]]);
  const unreadable = new Map<string, string>();

  // The ref parser finds and reads every external file the `$ref`s reach. Network access is
  // off: a build must not depend on what a remote server answers today.
  let refs;
  try {
    // Given the root already parsed (a copy: it may annotate what it is given), the ref parser
    // reads only the files the `$ref`s reach.
    refs = await new $RefParser().resolve(rootFile, structuredClone(rootValue), {
      continueOnError: true,
      resolve: { http: false },
    });
  } catch (error) {
    // A `$ref` the ref parser cannot even place (a relative path against a URN `$id`, say).
    const { input, base } = error as { input?: unknown; base?: unknown };
    const detail =
      typeof input === "string" && typeof base === "string"
        ? `"${input}" cannot be resolved against the base "${base}" (set by $id)`
        : error instanceof Error
          ? error.message.split("\n")[0]
          : String(error);
    throw new InputError([
      { file: displayPath(rootFile), message: `cannot follow the schema's $refs: ${detail}` },
    ]);
  }
  const values = refs.values() as Record<string, unknown>;
  for (const file of refs.paths()) {
    if (file === rootFile) continue;
    const value = values[file];
    // With `continueOnError`, a file that could not be read or parsed is listed with the error
    // object as its value: never take that for a schema. JSON files are parsed here, like the
    // root, so that a syntax error comes with its line and column.
    if (value !== undefined && !(value instanceof Error) && /\.ya?ml$/i.test(file)) {
      documents.set(file, value);
      continue;
    }
    try {
      documents.set(file, await readDocument(file, displayPath));
    } catch (error) {
      unreadable.set(file, error instanceof InputError ? error.message : String(error));
    }
  }
  return { root: rootFile, documents, unreadable };
}

async function loadCatalog(
  file: string,
  displayPath: (file: string) => string,
): Promise<{ file: string; value: CatalogFile }> {
  const value = await readDocument(file, displayPath);
  const problems = checkAgainstSchema(
    value,
    catalogSchema as Record<string, unknown>,
    displayPath(file),
  );
  if (problems.length > 0) throw new InputError(problems);
  return { file, value: value as CatalogFile };
}

function describeIoError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a folder";
  if (code === "EACCES") return "permission denied";
  return code ?? String(error);
}
