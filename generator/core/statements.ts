// A module's top-level statements: from the compiler-free scanner, or where it cannot be sure,
// from TypeScript's parser (loaded only then).
import { topLevelStatements, type TopLevelStatement } from "./top-level.js";
import { typescriptStatements } from "./typescript-statements.js";

export type { TopLevelStatement } from "./top-level.js";

export function statementsOf(text: string): readonly TopLevelStatement[] {
  // A module is asked about more than once in a run (emit asks for the protocol modules' export
  // names, the format stage for their statements): each text is read once. The protocol modules
  // are megabytes in a large protocol.
  let statements = recent.get(text);
  if (statements === undefined) {
    statements = topLevelStatements(text) ?? typescriptStatements(text);
    recent.set(text, statements);
    if (recent.size > RECENT) recent.delete(recent.keys().next().value!);
  }
  return statements;
}

/** How many modules' statements are kept: those of one package that are asked about, and more. */
const RECENT = 16;

const recent = new Map<string, readonly TopLevelStatement[]>();
