// Prints the type declarations: one exported type alias per IR declaration, each with its JSDoc,
// in the model's order. The text is put together here from the type printer's output (which
// prints every schema value through printed.ts) and the JSDoc printer's comments; prettier lays
// it out afterwards. ts-morph's structure writer is not used for them: it tracks strings and
// comments in the text it writes, and a string literal ending in an escaped backslash (`"\\"`)
// followed by `/*` inside another literal made it insert comment continuation lines.
import { statementsOf } from "../core/statements.js";
import type { Docs, Model } from "../core/ir.js";
import { docCommentText } from "./jsdoc.js";
import { identifier } from "./printed.js";
import { printType, type TypePrinterOptions } from "./type-printer.js";

const JSON_VALUE_DOCS: Docs = {
  description:
    "Any JSON value: what `JSON.parse` can return. Used wherever the schema allows any value (the empty schema `{}`).",
};

/** The statements of the types module, as TypeScript text, one entry per declaration. */
export function printDeclarations(model: Model): string[] {
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
  return declarations.map(
    ({ name, type, docs }) =>
      `${docCommentText(docs, { omitTitle: name })}export type ${identifier(name).text} = ${type};`,
  );
}

/** The names a module exports by name: its exported declarations and its named re-exports. */
export function exportedNames(moduleText: string): string[] {
  // The protocol modules are asked about more than once (they are rendered twice, and the index
  // asks again): each text is read once.
  let names = exportedNamesOf.get(moduleText);
  if (names === undefined) {
    names = statementsOf(moduleText).flatMap((statement) => statement.exported);
    exportedNamesOf.set(moduleText, names);
    if (exportedNamesOf.size > 16) exportedNamesOf.delete(exportedNamesOf.keys().next().value!);
  }
  return [...names];
}

const exportedNamesOf = new Map<string, readonly string[]>();
