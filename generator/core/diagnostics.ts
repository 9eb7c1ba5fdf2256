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

/** Formats a diagnostic as `file#/pointer: message` or `file:line:column: message`. */
export function formatDiagnostic(diagnostic: Diagnostic): string {
  let where = diagnostic.file;
  if (diagnostic.line !== undefined) where += `:${diagnostic.line}:${diagnostic.column ?? 1}`;
  else if (diagnostic.pointer !== undefined) where += `#${diagnostic.pointer}`;
  return `${where}: ${diagnostic.message}`;
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
