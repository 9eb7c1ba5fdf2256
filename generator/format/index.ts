// Stage 4a, format: prettier over every generated file but those their emitter already laid out
// (`preformatted`: the runtime files, and the validators but for the parts their printer lists
// as `unformatted`). TypeScript files are formatted one top-level statement at a time:
// prettier's cost grows faster than the size of what it formats, so a protocol with thousands
// of types must not go through it as one file, and a statement whose text has not changed since
// the last run is taken from the cache instead. Prettier is loaded only when something is not in
// the cache, and the statements are found without TypeScript (core/statements.ts): a run where
// every batch is cached loads neither.
import type { Options } from "prettier";
import { sha256 } from "../core/hash.js";
import { statementsOf, type TopLevelStatement } from "../core/statements.js";
import { Memo } from "../core/memo.js";
import type { OutputFile } from "../core/options.js";
import type { Parser } from "../core/prettier.js";

/**
 * Prettier's Babel-based TypeScript parser: about twice as fast to start as the TypeScript one,
 * and it prints the same code (a test checks the output with the TypeScript parser).
 */
const TYPESCRIPT_PARSER: Parser = "babel-ts";

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
        ? file.unformatted === undefined || file.unformatted.length === 0
          ? file
          : { ...file, content: await formatParts(file.content, file.unformatted, memo) }
        : { ...file, content: await formatFile(file.path, file.content, memo) },
    );
  }
  return formatted;
}

/** A preformatted file with the parts its printer left to the formatter formatted in place. */
async function formatParts(
  content: string,
  parts: NonNullable<OutputFile["unformatted"]>,
  memo: Memo,
): Promise<string> {
  let output = "";
  let at = 0;
  for (const { start, end } of parts) {
    output += content.slice(at, start);
    output += (await cached(content.slice(start, end), TYPESCRIPT_PARSER, memo)).trimEnd();
    at = end;
  }
  return output + content.slice(at);
}

async function formatFile(path: string, content: string, memo: Memo): Promise<string> {
  if (path.endsWith(".ts")) return formatTypeScript(content, memo);
  if (path.endsWith(".json")) return cached(content, "json", memo);
  if (path.endsWith(".md")) return cached(content, "markdown", memo);
  return content.endsWith("\n") ? content : content + "\n";
}

async function formatTypeScript(content: string, memo: Memo): Promise<string> {
  const statements = statementsOf(content);
  if (statements.length === 0) return cached(content, TYPESCRIPT_PARSER, memo);
  let output = "";
  let previous: TopLevelStatement | undefined;
  for (const batch of batchesOf(statements, content)) {
    // Within a batch, statements are separated as the output separates them, so prettier
    // formats the batch exactly as it would each statement on its own.
    let text = "";
    let last: TopLevelStatement | undefined;
    for (const statement of batch) {
      if (last !== undefined) text += separator(last, statement);
      text += statementText(statement, content);
      last = statement;
    }
    const chunk = (await cached(text, TYPESCRIPT_PARSER, memo)).trimEnd();
    if (previous !== undefined) output += separator(previous, batch[0]!);
    output += chunk;
    previous = last;
  }
  const trailing = content.slice(statements[statements.length - 1]!.end).trim();
  if (trailing !== "") output += "\n\n" + trailing;
  return output + "\n";
}

/**
 * Prettier costs about as much per call (options, plugins, printer set-up) as it does to format
 * a short statement, and more than linearly in the size of what it formats past some tens of
 * thousands of characters. Statements go to it in batches of moderate size: up to 16,000
 * characters (measured on a protocol of 3,000 definitions: 30% less time than batches of 6,000,
 * and no gain above 20,000), cut where a statement's own content says so (a fixed share of
 * statements end a batch, chosen by hash), so that adding or editing a statement changes the
 * batches around it only and every other batch is found in the cache.
 */
const BATCH_CHARACTERS = 16_000;
const BATCH_END_ONE_IN = 8;

function batchesOf(
  statements: readonly TopLevelStatement[],
  content: string,
): TopLevelStatement[][] {
  const batches: TopLevelStatement[][] = [];
  let current: TopLevelStatement[] = [];
  let size = 0;
  for (const statement of statements) {
    const length = statement.end - statement.pos;
    if (current.length > 0 && size + length > BATCH_CHARACTERS) {
      batches.push(current);
      current = [];
      size = 0;
    }
    current.push(statement);
    size += length;
    if (endsBatch(statementText(statement, content))) {
      batches.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

function endsBatch(text: string): boolean {
  return parseInt(sha256(text).slice(0, 4), 16) % BATCH_END_ONE_IN === 0;
}

function statementText(statement: TopLevelStatement, content: string): string {
  return content.slice(statement.pos, statement.end).trim();
}

function separator(previous: TopLevelStatement, next: TopLevelStatement): string {
  return isImportOrReExport(previous) && isImportOrReExport(next) ? "\n" : "\n\n";
}

function isImportOrReExport(statement: TopLevelStatement): boolean {
  return statement.isImport || statement.isReExport;
}

async function cached(text: string, parser: Parser, memo: Memo): Promise<string> {
  return memo.getOrComputeAsync(sha256(`format\0${parser}\0${text}`), async () => {
    const { format } = await import("../core/prettier.js");
    return format(text, parser, PRETTIER_OPTIONS);
  });
}
