// Stage 1, load: reads the schema (with every file its `$ref`s reach) and the catalog, and checks
// the catalog against its schema. Nothing here interprets the schema: that is `model`'s job.
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describeValue, InputError } from "../core/diagnostics.js";
import { catalogSchema } from "../catalog/catalog-schema.js";
import type { CatalogFile } from "../catalog/types.js";
import { InputFiles } from "./input-files.js";
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
  /** The folder `$ref`s may reach into; by default the root schema's own folder. */
  readonly refRoot?: string;
  readonly maxFileBytes?: number;
}

export async function load(request: LoadRequest): Promise<LoadedInputs> {
  const displayPath = (file: string): string => {
    const relative = path.relative(request.cwd, file);
    const inside = relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative);
    return (inside ? relative : path.basename(file)).split(path.sep).join("/");
  };
  const rootFile = path.resolve(request.cwd, request.schemaPath);
  const files = new InputFiles({
    refRoot:
      request.refRoot === undefined
        ? path.dirname(rootFile)
        : path.resolve(request.cwd, request.refRoot),
    displayPath,
    ...(request.maxFileBytes !== undefined && { maxFileBytes: request.maxFileBytes }),
  });
  const schema = await loadSchemaDocuments(rootFile, files, displayPath);
  const catalog =
    request.catalogPath === undefined
      ? undefined
      : await loadCatalog(path.resolve(request.cwd, request.catalogPath), files, displayPath);
  const read = [...schema.documents.keys()];
  if (catalog) read.push(catalog.file);
  return { schema, catalog, files: read, displayPath };
}

/** JSON or YAML, by the file's extension (the YAML parser is loaded only for YAML). */
async function parseDocument(text: string, file: string, shown: string): Promise<unknown> {
  if (!/\.ya?ml$/i.test(file)) return parseJsonText(text, shown);
  const { parseYamlText } = await import("./yaml-text.js");
  return parseYamlText(text, shown);
}

async function loadSchemaDocuments(
  rootFile: string,
  files: InputFiles,
  displayPath: (file: string) => string,
): Promise<SchemaDocuments> {
  const rootValue = await parseDocument(
    await files.readGiven(rootFile),
    rootFile,
    displayPath(rootFile),
  );
  if (typeof rootValue !== "object" || rootValue === null || Array.isArray(rootValue)) {
    throw new InputError([
      {
        file: displayPath(rootFile),
        pointer: "",
        message: `the schema must be an object, found ${describeValue(rootValue)}`,
      },
    ]);
  }
  const documents = new Map<string, unknown>([[rootFile, rootValue]]);
  const unreadable = new Map<string, string>();
  // A schema whose `$ref`s all point into itself reaches no other file: the ref parser, which
  // costs more to load than this whole stage, would find nothing to read.
  if (!mayReachOtherFiles(rootValue)) return { root: rootFile, documents, unreadable };

  // The ref parser finds the files the `$ref`s reach; every one is read and parsed here, through
  // the confined reader and the strict parsers (the ref parser's own file and URL readers are
  // off: a build must not depend on what a remote server answers today, nor read what lies
  // outside the schema's folder).
  const readReferenced = async (url: string): Promise<unknown> => {
    let file: string;
    try {
      file = fileOfUrl(url);
    } catch {
      // The `$ref` itself is reported by the model, which cannot follow it either.
      throw new InputError([{ file: url, message: "not a valid file reference" }]);
    }
    if (documents.has(file)) return documents.get(file);
    try {
      const value = await parseDocument(await files.readReferenced(file), file, displayPath(file));
      documents.set(file, value);
      return value;
    } catch (error) {
      unreadable.set(file, error instanceof InputError ? describeProblem(error) : String(error));
      throw error;
    }
  };
  try {
    // Given the root already parsed (a copy: it may annotate what it is given), the ref parser
    // reads only the files the `$ref`s reach.
    const { default: $RefParser } = await import("@apidevtools/json-schema-ref-parser");
    await new $RefParser().resolve(rootFile, structuredClone(rootValue), {
      continueOnError: true,
      resolve: {
        file: false,
        http: false,
        confined: {
          order: 1,
          canRead: true,
          read: (file: { url: string }) => readReferenced(file.url),
        },
      },
      parse: {
        json: false,
        yaml: false,
        text: false,
        binary: false,
        parsed: { order: 1, canParse: true, parse: (file: { data: unknown }) => file.data },
      },
    } as never);
  } catch (error) {
    if (!(error instanceof InputError) && !isRefParserErrorList(error)) {
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
  }
  return { root: rootFile, documents, unreadable };
}

/**
 * Whether following the document's `$ref`s could lead to another file: a `$ref` that is not a
 * fragment (`#...`), or an `$id` (or draft-04 `id`) below the root, which starts a resource of
 * its own that fragments may be resolved against. The root's own `$id` only names the document
 * (the ref parser resolves fragments against it to the document itself). Anywhere in the
 * document, data included: the ref parser looks everywhere too.
 */
export function mayReachOtherFiles(document: unknown): boolean {
  const visit = (value: unknown, root: boolean): boolean => {
    if (Array.isArray(value)) return value.some((item) => visit(item, false));
    if (typeof value !== "object" || value === null) return false;
    for (const [key, child] of Object.entries(value)) {
      if (key === "$ref" && !(typeof child === "string" && child.startsWith("#"))) return true;
      if (!root && (key === "$id" || key === "id") && typeof child === "string") return true;
      if (visit(child, false)) return true;
    }
    return false;
  };
  return visit(document, true);
}

/** The ref parser hands resolvers URLs (`file:` URLs, or plain paths on POSIX). */
function fileOfUrl(url: string): string {
  return path.resolve(url.startsWith("file:") ? fileURLToPath(url) : decodeURI(url));
}

/** With `continueOnError`, the ref parser gathers its failures in one error carrying a list. */
function isRefParserErrorList(error: unknown): boolean {
  return Array.isArray((error as { errors?: unknown }).errors);
}

/** The message of an input error without the file it names (the `$ref` that reached it says). */
function describeProblem(error: InputError): string {
  return error.diagnostics
    .map((diagnostic) => {
      const where =
        diagnostic.line !== undefined
          ? `${diagnostic.file}:${diagnostic.line}:${diagnostic.column ?? 1}: `
          : diagnostic.pointer
            ? `${diagnostic.file}#${diagnostic.pointer}: `
            : `${diagnostic.file}: `;
      return where + diagnostic.message;
    })
    .join("; ");
}

async function loadCatalog(
  file: string,
  files: InputFiles,
  displayPath: (file: string) => string,
): Promise<{ file: string; value: CatalogFile }> {
  const value = await parseDocument(await files.readGiven(file), file, displayPath(file));
  const problems = checkAgainstSchema(
    value,
    catalogSchema as Record<string, unknown>,
    displayPath(file),
  );
  if (problems.length > 0) throw new InputError(problems);
  return { file, value: value as CatalogFile };
}
