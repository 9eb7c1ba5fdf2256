// Stage 4a, format: prettier over every generated file. TypeScript files are formatted one
// top-level statement at a time: prettier's cost grows faster than the size of what it formats,
// so a protocol with thousands of types must not go through it as one file, and a statement
// whose text has not changed since the last run is taken from the cache instead.
import { format as prettierFormat, type Options } from "prettier";
import { ts } from "ts-morph";
import { sha256 } from "../core/hash.js";
import { Memo } from "../core/memo.js";
import type { OutputFile } from "../core/options.js";

/**
 * Prettier's Babel-based TypeScript parser: about twice as fast to start as the TypeScript one,
 * and it prints the same code (a test checks the output with the TypeScript parser).
 */
const TYPESCRIPT_PARSER = "babel-ts";

/** Fixed, so that output does not depend on a prettier configuration found on the machine. */
export const PRETTIER_OPTIONS: Options = { printWidth: 100 };

export async function formatFiles(
  files: readonly OutputFile[],
  memo: Memo = new Memo(),
): Promise<OutputFile[]> {
  const formatted: OutputFile[] = [];
  for (const file of files) {
    formatted.push(
      file.preformatted
        ? file
        : { ...file, content: await formatFile(file.path, file.content, memo) },
    );
  }
  return formatted;
}

async function formatFile(path: string, content: string, memo: Memo): Promise<string> {
  if (path.endsWith(".ts")) return formatTypeScript(path, content, memo);
  if (path.endsWith(".json")) return cached(content, "json", memo);
  if (path.endsWith(".md")) return cached(content, "markdown", memo);
  return content.endsWith("\n") ? content : content + "\n";
}

async function formatTypeScript(path: string, content: string, memo: Memo): Promise<string> {
  const sourceFile = ts.createSourceFile(
    path,
    content,
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.TS,
  );
  const statements = sourceFile.statements;
  if (statements.length === 0) return cached(content, TYPESCRIPT_PARSER, memo);
  let output = "";
  let previous: ts.Statement | undefined;
  for (const statement of statements) {
    const text = content.slice(statement.pos, statement.end).trim();
    const chunk = (await cached(text, TYPESCRIPT_PARSER, memo)).trimEnd();
    if (previous !== undefined)
      output += isImportOrReExport(previous) && isImportOrReExport(statement) ? "\n" : "\n\n";
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

async function cached(text: string, parser: string, memo: Memo): Promise<string> {
  return memo.getOrComputeAsync(sha256(`format\0${parser}\0${text}`), () =>
    prettierFormat(text, { ...PRETTIER_OPTIONS, parser }),
  );
}
