// A module's top-level statements as TypeScript's parser finds them, in the shape of the
// compiler-free scanner's answer (top-level.ts): what the generator falls back on where the
// scanner gives none, and what the tests hold the scanner to.
import type { ts } from "ts-morph";
import type { TopLevelStatement } from "./top-level.js";
import { typescript, type TypeScript } from "./typescript.js";

export function typescriptStatements(text: string): TopLevelStatement[] {
  const ts = typescript();
  // Comments say nothing about statements: skipping their parse makes this about 3x faster.
  const file = ts.createSourceFile(
    "module.ts",
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    ts.ScriptKind.TS,
  );
  return file.statements.map((statement) => ({
    pos: statement.pos,
    start: statement.getStart(file),
    end: statement.end,
    isImport: ts.isImportDeclaration(statement),
    isReExport: ts.isExportDeclaration(statement) && statement.moduleSpecifier !== undefined,
    typesOnly:
      ts.isTypeAliasDeclaration(statement) ||
      ts.isInterfaceDeclaration(statement) ||
      (ts.isImportDeclaration(statement) && statement.importClause?.isTypeOnly === true),
    exported: exportedNamesOf(ts, statement),
  }));
}

/** The names a statement exports by name: a declaration's names, or those of `export { ... }`. */
function exportedNamesOf(ts: TypeScript, statement: ts.Statement): string[] {
  if (
    ts.isExportDeclaration(statement) &&
    statement.exportClause &&
    ts.isNamedExports(statement.exportClause)
  ) {
    return statement.exportClause.elements.map((element) => element.name.text);
  }
  const exported =
    ts.canHaveModifiers(statement) &&
    ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  if (!exported) return [];
  if (ts.isVariableStatement(statement)) {
    return statement.declarationList.declarations.flatMap((declaration) =>
      ts.isIdentifier(declaration.name) ? [declaration.name.text] : [],
    );
  }
  if ("name" in statement && statement.name && ts.isIdentifier(statement.name as ts.Node)) {
    return [(statement.name as ts.Identifier).text];
  }
  return [];
}
