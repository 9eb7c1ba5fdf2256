// A module's top-level statements: from the compiler-free scanner, or where it cannot be sure,
// from TypeScript's parser (loaded only then).
import { topLevelStatements, type TopLevelStatement } from "./top-level.js";
import { typescriptStatements } from "./typescript-statements.js";

export type { TopLevelStatement } from "./top-level.js";

export function statementsOf(text: string): TopLevelStatement[] {
  return topLevelStatements(text) ?? typescriptStatements(text);
}
