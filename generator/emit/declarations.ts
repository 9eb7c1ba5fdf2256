// Prints the type declarations through ts-morph's structures: one exported type per IR
// declaration, each with its JSDoc, in the model's order.
import { Project, StructureKind, ts, type TypeAliasDeclarationStructure } from "ts-morph";
import type { Docs, Model } from "../core/ir.js";
import { docCommentText } from "./jsdoc.js";
import { printType, type TypePrinterOptions } from "./type-printer.js";

const JSON_VALUE_DOCS: Docs = {
  description:
    "Any JSON value: what `JSON.parse` can return. Used wherever the schema allows any value (the empty schema `{}`).",
};

/** One in-memory project for every run in this process: creating one costs more than printing. */
let project: Project | undefined;

/** The statements of the types module, as TypeScript text, one entry per declaration. */
export function printDeclarations(model: Model): string[] {
  project ??= new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile("types.ts", "", { overwrite: true });
  const options: TypePrinterOptions = { nameOf: (name) => name, jsonValue: model.jsonValueName };
  const declarations: { name: string; type: string; docs: Docs }[] = [
    {
      name: model.jsonValueName,
      type: `null | boolean | number | string | ${model.jsonValueName}[] | { [key: string]: ${model.jsonValueName} }`,
      docs: JSON_VALUE_DOCS,
    },
    ...model.declarations.map((declaration) => ({
      name: declaration.name,
      type: printType(declaration.type, options),
      docs: declaration.docs,
    })),
  ];
  file.addStatements(declarations.map(({ name, type }) => alias(name, type)));
  // The comments are the JSDoc printer's own (escaped there), put before each statement: handed
  // to ts-morph, a comment is re-read by the compiler's JSDoc parser, which can misplace it.
  const texts = file
    .getStatements()
    .map(
      (statement, index) =>
        docCommentText(declarations[index]!.docs, { omitTitle: declarations[index]!.name }) +
        statement.getText(false),
    );
  project.removeSourceFile(file);
  return texts;
}

function alias(name: string, type: string): TypeAliasDeclarationStructure {
  return { kind: StructureKind.TypeAlias, name, isExported: true, type };
}

/** The names a module exports by name: its exported declarations and its named re-exports. */
export function exportedNames(moduleText: string): string[] {
  // Comments say nothing about exports: skipping their parse makes this about 3x faster.
  const file = ts.createSourceFile(
    "module.ts",
    moduleText,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    false,
    ts.ScriptKind.TS,
  );
  const names: string[] = [];
  for (const statement of file.statements) {
    if (
      ts.isExportDeclaration(statement) &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) names.push(element.name.text);
      continue;
    }
    const exported =
      ts.canHaveModifiers(statement) &&
      ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (!exported) continue;
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) names.push(declaration.name.text);
      }
    } else if (
      "name" in statement &&
      statement.name &&
      ts.isIdentifier(statement.name as ts.Node)
    ) {
      names.push((statement.name as ts.Identifier).text);
    }
  }
  return names;
}
