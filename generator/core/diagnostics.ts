// Errors about the generator's input. Each names the file and the JSON pointer (or line and
// column, for text that is not JSON) and says what was expected, so that a build log points
// straight at the place to fix.
import type { SourceLocation } from "./ir.js";

export interface Diagnostic {
  readonly file: string;
  /** JSON pointer inside the file (`""` for the whole document), when the problem has one. */
  readonly pointer?: string;
  /** 1-based line and column, when the problem is in the file's text rather than its JSON. */
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/**
 * Formats a diagnostic as `file#/pointer: message` or `file:line:column: message`, on one line:
 * file names, pointers and messages quote the input, and a control character or line break
 * from it would otherwise reach the terminal (or split one diagnostic into two).
 */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  let where = diagnostic.file;
  if (diagnostic.line !== undefined) where += `:${diagnostic.line}:${diagnostic.column ?? 1}`;
  else if (diagnostic.pointer !== undefined) where += `#${diagnostic.pointer}`;
  return showControls(`${where}: ${diagnostic.message}`);
}

function showControls(text: string): string {
  return text.replace(
    /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Bad input: generation stops before anything is written. */
export class InputError extends Error {
  readonly diagnostics: readonly Diagnostic[];

  constructor(diagnostics: readonly Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join("\n"));
    this.name = "InputError";
    this.diagnostics = diagnostics;
  }

  static at(location: SourceLocation, message: string): InputError {
    return new InputError([{ file: location.file, pointer: location.pointer, message }]);
  }
}

/** Escapes one reference token of a JSON pointer (RFC 6901). */
export function escapePointerToken(token: string): string {
  return token.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** Appends tokens to a JSON pointer. */
export function childPointer(pointer: string, ...tokens: (string | number)[]): string {
  let result = pointer;
  for (const token of tokens) result += "/" + escapePointerToken(String(token));
  return result;
}

/** A value, named briefly for a message (`the string "x"`, `an object`). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string")
    return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + "…" : value)}`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}
