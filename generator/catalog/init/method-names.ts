// A method name as a source document declares it: a non-empty string, declared once. Every source
// reads names the same way, so a duplicate or an empty name reads the same whichever format it is in.
import { childPointer } from "../../core/diagnostics.js";
import type { DraftProblems } from "./draft-error.js";
import type { JsonObject } from "./schema-document.js";

/**
 * The name under `key` of the entry at pointer `at`, recorded in `declared` (name → the pointer of
 * the entry that declares it); undefined, with a problem, when it is not a string, is empty, or
 * was declared before.
 */
export function declareMethodName(
  entry: JsonObject,
  key: string,
  at: string,
  declared: Map<string, string>,
  problems: DraftProblems,
): string | undefined {
  const value = entry[key];
  if (typeof value !== "string" || value === "") {
    problems.add(
      childPointer(at, key),
      `a method name must be a non-empty string, found ${JSON.stringify(value)}`,
    );
    return undefined;
  }
  const first = declared.get(value);
  if (first !== undefined) {
    problems.add(childPointer(at, key), `method "${value}" is already defined at ${first}`);
    return undefined;
  }
  declared.set(value, at);
  return value;
}
