// Prints the type declarations through ts-morph's structures: one exported type per IR
// declaration, each with its JSDoc, in the model's order.
import { Project, StructureKind, ts, type TypeAliasDeclarationStructure } from "ts-morph";
import type { Docs, Model } from "../core/ir.js";
import { docLines } from "./jsdoc.js";
import { printType, type TypePrinterOptions } from "./type-printer.js";

const JSON_VALUE_DOCS: Docs = {
  description:
    "Any JSON value: what `JSON.parse` can return. Used wherever the schema allows any value (the empty schema `{}`).",
};

/** The statements of the types module, as TypeScript text, one entry per declaration. */
export function printDeclarations(model: Model): string[] {
  const project = new Project({ useInMemoryFileSystem: true });
  const file = project.createSourceFile("types.ts");
  const options: TypePrinterOptions = { nameOf: (name) => name, jsonValue: model.jsonValueName };
  const structures: TypeAliasDeclarationStructure[] = [
    alias(
      model.jsonValueName,
      `null | boolean | number | string | ${model.jsonValueName}[] | { [key: string]: ${model.jsonValueName} }`,
      JSON_VALUE_DOCS,
    ),
  ];
  for (const declaration of model.declarations) {
    structures.push(
      alias(declaration.name, printType(declaration.type, options), declaration.docs),
    );
  }
  file.addStatements(structures);
  return file.getStatements().map((statement) => statement.getText(true));
}

function alias(name: string, type: string, docs: Docs): TypeAliasDeclarationStructure {
  const lines = docLines(docs, { omitTitle: name });
  return {
    kind: StructureKind.TypeAlias,
    name,
    isExported: true,
    type,
    docs: lines.length > 0 ? [{ description: lines.join("\n") }] : [],
  };
}

/** The names a module exports by name: its exported declarations and its named re-exports. */
export function exportedNames(moduleText: string): string[] {
  const file = ts.createSourceFile(
    "module.ts",
    moduleText,
    ts.ScriptTarget.Latest,
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
