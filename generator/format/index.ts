// Stage 4a, format: prettier over every generated file. TypeScript files are formatted one
// top-level statement at a time: prettier's cost grows faster than the size of what it formats,
// so a protocol with thousands of types must not go through it as one file, and a statement
// whose text has not changed since the last run is taken from the cache instead.
import { format as prettierFormat, type Options } from "prettier";
import { ts } from "ts-morph";
import { sha256 } from "../core/hash.js";
import type { OutputFile } from "../core/options.js";

/**
 * Formatted text by hash of the unformatted text. `previous` comes from the last run (through
 * the cache stage); `used` collects every entry this run needed, to be kept for the next.
 */
export class FormatCache {
  readonly used = new Map<string, string>();
  private readonly previous: ReadonlyMap<string, string>;

  constructor(previous: ReadonlyMap<string, string> = new Map()) {
    this.previous = previous;
  }

  get(key: string): string | undefined {
    const hit = this.used.get(key) ?? this.previous.get(key);
    if (hit !== undefined) this.used.set(key, hit);
    return hit;
  }

  set(key: string, value: string): void {
    this.used.set(key, value);
  }
}

/**
 * Prettier's Babel-based TypeScript parser: about twice as fast to start as the TypeScript one,
 * and it prints the same code (a test checks the output with the TypeScript parser).
 */
const TYPESCRIPT_PARSER = "babel-ts";

/** Fixed, so that output does not depend on a prettier configuration found on the machine. */
export const PRETTIER_OPTIONS: Options = { printWidth: 100 };

export async function formatFiles(files: readonly OutputFile[], cache: FormatCache = new FormatCache()): Promise<OutputFile[]> {
  const formatted: OutputFile[] = [];
  for (const file of files) {
    formatted.push(file.preformatted ? file : { ...file, content: await formatFile(file.path, file.content, cache) });
  }
  return formatted;
}

async function formatFile(path: string, content: string, cache: FormatCache): Promise<string> {
  if (path.endsWith(".ts")) return formatTypeScript(path, content, cache);
  if (path.endsWith(".json")) return cached(content, "json", cache);
  if (path.endsWith(".md")) return cached(content, "markdown", cache);
  return content.endsWith("\n") ? content : content + "\n";
}

async function formatTypeScript(path: string, content: string, cache: FormatCache): Promise<string> {
  const sourceFile = ts.createSourceFile(path, content, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const statements = sourceFile.statements;
  if (statements.length === 0) return cached(content, TYPESCRIPT_PARSER, cache);
  let output = "";
  let previous: ts.Statement | undefined;
  for (const statement of statements) {
    const text = content.slice(statement.pos, statement.end).trim();
    const chunk = (await cached(text, TYPESCRIPT_PARSER, cache)).trimEnd();
    if (previous !== undefined) output += isImportOrReExport(previous) && isImportOrReExport(statement) ? "\n" : "\n\n";
    output += chunk;
    previous = statement;
  }
  const trailing = content.slice(statements[statements.length - 1]!.end).trim();
  if (trailing !== "") output += "\n\n" + trailing;
  return output + "\n";
}

function isImportOrReExport(statement: ts.Statement): boolean {
  return (
    ts.isImportDeclaration(statement) ||
    (ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined)
  );
}

async function cached(text: string, parser: string, cache: FormatCache): Promise<string> {
  const key = sha256(`${parser}\0${text}`);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const result = await prettierFormat(text, { ...PRETTIER_OPTIONS, parser });
  cache.set(key, result);
  return result;
}
