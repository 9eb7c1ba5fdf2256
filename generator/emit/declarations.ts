// Prints the type declarations: one exported type alias per IR declaration, each with its JSDoc,
// in the model's order. The text is put together here from the type printer's output (which
// prints every schema value through printed.ts) and the JSDoc printer's comments, laid out as
// prettier would lay it out (type-layout.ts); a declaration the layout does not cover is left
// to prettier. ts-morph's structure writer is not used for them: it tracks strings and
// comments in the text it writes, and a string literal ending in an escaped backslash (`"\\"`)
// followed by `/*` inside another literal made it insert comment continuation lines.
import { statementsOf } from "../core/statements.js";
import type { Docs, Model } from "../core/ir.js";
import { docCommentText } from "./jsdoc.js";
import { identifier } from "./printed.js";
import { layoutDeclaration } from "./type-layout.js";
import { shapeOf, type TypePrinterOptions, type TypeShape } from "./type-printer.js";

const JSON_VALUE_DOCS: Docs = {
  description:
    "Any JSON value: what `JSON.parse` can return. Used wherever the schema allows any value (the empty schema `{}`).",
};

export interface PrintedDeclarations {
  /** The statements of the types module, as TypeScript text, one entry per declaration. */
  readonly statements: string[];
  /** The statements the type layout left to the formatter (written on as few lines as printed). */
  readonly needsFormatting: ReadonlySet<string>;
}

export function printDeclarations(model: Model): PrintedDeclarations {
  const options: TypePrinterOptions = { nameOf: (name) => name, jsonValue: model.jsonValueName };
  const jsonValue: TypeShape = { kind: "name", text: model.jsonValueName };
  const declarations: { name: string; type: TypeShape; docs: Docs }[] = [
    {
      name: model.jsonValueName,
      type: {
        kind: "union",
        text: `null | boolean | number | string | ${model.jsonValueName}[] | { [key: string]: ${model.jsonValueName} }`,
        members: [
          ...["null", "boolean", "number", "string"].map((text): TypeShape => ({
            kind: "atom",
            text,
          })),
          { kind: "array", text: `${model.jsonValueName}[]`, element: jsonValue },
          {
            kind: "inline-object",
            text: `{ [key: string]: ${model.jsonValueName} }`,
            value: jsonValue,
          },
        ],
      },
      docs: JSON_VALUE_DOCS,
    },
    ...model.declarations.map((declaration) => ({
      name: declaration.name,
      type: shapeOf(declaration.type, options),
      docs: declaration.docs,
    })),
  ];
  const statements: string[] = [];
  const needsFormatting = new Set<string>();
  for (const { name, type, docs } of declarations) {
    const comment = docCommentText(docs, { omitTitle: name });
    const head = `export type ${identifier(name).text} = `;
    const laidOut = layoutDeclaration(comment, head, type);
    const statement = laidOut ?? `${comment}${head}${type.text};`;
    if (laidOut === undefined) needsFormatting.add(statement);
    statements.push(statement);
  }
  return { statements, needsFormatting };
}

/** The names a module exports by name: its exported declarations and its named re-exports. */
export function exportedNames(moduleText: string): string[] {
  return statementsOf(moduleText).flatMap((statement) => statement.exported);
}
