// Reads a generated types module the way TypeScript does, to assert on what an editor would see:
// which declarations exist, their types, and the JSDoc (description and tags) attached to them.
import { ts } from "ts-morph";

export interface DocInfo {
  /** The comment's text before its first tag, as TypeScript reads it. */
  readonly comment: string;
  /** Every tag, as `name` and its text. */
  readonly tags: readonly { readonly name: string; readonly text: string }[];
}

export interface DeclarationInfo extends DocInfo {
  readonly name: string;
  /** The type's text, as written. */
  readonly type: string;
  /** Properties of an object type literal, by name as TypeScript reads it (quotes removed). */
  readonly properties: ReadonlyMap<string, PropertyInfo>;
}

export interface PropertyInfo extends DocInfo {
  readonly optional: boolean;
  readonly type: string;
}

export interface ModuleInfo {
  /** Every top-level statement's kind (e.g. `TypeAliasDeclaration`), in order. */
  readonly statementKinds: readonly string[];
  readonly declarations: ReadonlyMap<string, DeclarationInfo>;
}

export function readModule(text: string, fileName = "types.ts"): ModuleInfo {
  const source = ts.createSourceFile(
    fileName,
    text,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
  const declarations = new Map<string, DeclarationInfo>();
  const statementKinds: string[] = [];
  for (const statement of source.statements) {
    statementKinds.push(ts.SyntaxKind[statement.kind]);
    if (!ts.isTypeAliasDeclaration(statement)) continue;
    const properties = new Map<string, PropertyInfo>();
    if (ts.isTypeLiteralNode(statement.type)) {
      for (const member of statement.type.members) {
        if (!ts.isPropertySignature(member) || member.type === undefined) continue;
        const name =
          ts.isIdentifier(member.name) ||
          ts.isStringLiteral(member.name) ||
          ts.isNumericLiteral(member.name)
            ? member.name.text
            : member.name.getText(source);
        properties.set(name, {
          ...docsOf(member),
          optional: member.questionToken !== undefined,
          type: member.type.getText(source),
        });
      }
    }
    declarations.set(statement.name.text, {
      name: statement.name.text,
      type: statement.type.getText(source),
      properties,
      ...docsOf(statement),
    });
  }
  return { statementKinds, declarations };
}

function docsOf(node: ts.Node): DocInfo {
  const docs = (node as { jsDoc?: ts.JSDoc[] }).jsDoc ?? [];
  const last = docs[docs.length - 1];
  return {
    comment: ts.getTextOfJSDocComment(last?.comment) ?? "",
    tags: (last?.tags ?? []).map((tag) => ({
      name: tag.tagName.text,
      text: ts.getTextOfJSDocComment(tag.comment) ?? "",
    })),
  };
}
