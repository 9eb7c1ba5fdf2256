// The build of a generated module without the compiler, from its syntax tree: its JavaScript is
// its text with the TypeScript taken out, its declaration file the declarations of what it
// exports (strip-declarations.ts). The tree is Babel's, read by the parser prettier formats
// with (already loaded, and warm, in a run that formatted the module): loading TypeScript and
// compiling its first modules costs more than half a second, the larger part of a cold run.
//
// TypeScript taken out of the JavaScript: type annotations, parameter and return types, type
// parameters and arguments, `as` and `satisfies` casts, non-null assertions, `declare` fields
// and the `readonly` of fields, interfaces, type aliases, type-only imports and exports, and
// the value imports that only types use (TypeScript leaves those out too). TypeScript with a
// meaning of its own at run time (enums, namespaces, parameter properties, decorators,
// `private` and other modifiers, `import x = require`), or anything else this module does not
// know, leaves the module to the compiler. Tests hold the output to TypeScript's own.
import { parseTypeScript, type BabelFile, type BabelNode } from "../core/prettier.js";
import type { OutputFile } from "../core/options.js";
import { declarationMapText } from "./declaration-map.js";
import { declarationsOf } from "./strip-declarations.js";
import { isNode, lastCommentBefore, nodes, NotStrippable } from "./syntax-tree.js";

/** A range of the source the JavaScript leaves out, or writes as `replacement`. */
type Range = { readonly start: number; readonly end: number; readonly replacement?: string };

/** `dist/<base>.js`, `.d.ts` and `.d.ts.map` for the source at `path`, or undefined. */
export function buildByStripping(
  content: string,
  base: string,
  path: string,
): OutputFile[] | undefined {
  const file = parseTypeScript(content);
  if (file === undefined) return undefined;
  let javascript: string;
  let declarations: { text: string; mappings: string };
  try {
    const { ranges, noModuleSyntaxLeft } = erasedRanges(content, file);
    javascript = withoutRanges(content, ranges) + (noModuleSyntaxLeft ? "export {};\n" : "");
    declarations = declarationsOf(content, file);
  } catch (error) {
    if (error instanceof NotStrippable) return undefined;
    throw error;
  }
  const name = base.slice(base.lastIndexOf("/") + 1);
  const source = "../".repeat(base.split("/").length - 1) + path;
  return [
    { path: `${base}.js`, content: javascript, role: "build" },
    {
      path: `${base}.d.ts`,
      content: `${declarations.text}//# sourceMappingURL=${name}.d.ts.map`,
      role: "build",
    },
    {
      path: `${base}.d.ts.map`,
      content: declarationMapText(`${name}.d.ts`, source, declarations.mappings),
      role: "build",
    },
  ];
}

/** Fields that hold types only: taken out whole, never read. */
const TYPE_FIELDS = [
  "typeAnnotation",
  "returnType",
  "typeParameters",
  "typeArguments",
  "superTypeParameters",
  "superTypeArguments",
] as const;

/** Top-level statements that are types only: taken out whole, with their comments. */
const TYPE_DECLARATIONS = new Set(["TSInterfaceDeclaration", "TSTypeAliasDeclaration"]);

/** What the walk through code collects. */
interface Walk {
  readonly content: string;
  /** Ranges of the source the JavaScript leaves out. */
  readonly ranges: Range[];
  /** Every name code uses (or declares): an import none of them names is used by types alone. */
  readonly valueNames: Set<string>;
}

/**
 * Every range of the source the JavaScript leaves out, and whether the module's imports and
 * exports all go with them (TypeScript then writes `export {};`, so that it stays a module).
 */
function erasedRanges(
  content: string,
  file: BabelFile,
): { ranges: Range[]; noModuleSyntaxLeft: boolean } {
  const ranges: Range[] = [];
  const valueNames = new Set<string>();
  const context: Walk = { content, ranges, valueNames };
  const imports: BabelNode[] = [];
  let hadModuleSyntax = false;
  let moduleSyntaxLeft = false;
  for (const statement of file.program.body) {
    const isModuleSyntax = MODULE_SYNTAX.has(statement.type);
    hadModuleSyntax ||= isModuleSyntax;
    if (isTypeOnlyStatement(statement)) {
      ranges.push(statementRange(content, file, statement));
      continue;
    }
    if (statement.type === "ImportDeclaration") {
      imports.push(statement);
    } else if (statement.type === "ExportNamedDeclaration" && statement.source == null) {
      // `export { a }` of a local: whether `a` is a value takes the checker to know.
      if (nodes(statement.specifiers).length > 0) throw new NotStrippable();
      walk(statement.declaration as BabelNode, context);
    } else if (statement.type === "ExportNamedDeclaration") {
      // `export { a, type B } from "m"`: the type specifiers go.
      if (eraseTypeSpecifiers(content, file, statement, ranges, () => false)) continue;
    } else if (statement.type !== "ExportAllDeclaration") {
      walk(statement, context);
    }
    if (isModuleSyntax && statement.type !== "ImportDeclaration") moduleSyntaxLeft = true;
  }
  // Imports last, once it is known which names code uses.
  for (const statement of imports) {
    const used = (specifier: BabelNode): boolean =>
      valueNames.has((specifier.local as BabelNode & { name: string }).name);
    if (!eraseTypeSpecifiers(content, file, statement, ranges, (specifier) => !used(specifier)))
      moduleSyntaxLeft = true;
  }
  return { ranges, noModuleSyntaxLeft: hadModuleSyntax && !moduleSyntaxLeft };
}

const MODULE_SYNTAX = new Set([
  "ImportDeclaration",
  "ExportNamedDeclaration",
  "ExportAllDeclaration",
  "ExportDefaultDeclaration",
]);

function isTypeOnlyStatement(statement: BabelNode): boolean {
  if (TYPE_DECLARATIONS.has(statement.type)) return true;
  if (statement.type === "ImportDeclaration") return statement.importKind === "type";
  if (statement.type === "ExportAllDeclaration") return statement.exportKind === "type";
  if (statement.type === "ExportNamedDeclaration") {
    if (statement.exportKind === "type") return true;
    const declaration = statement.declaration as BabelNode | null;
    return declaration != null && TYPE_DECLARATIONS.has(declaration.type);
  }
  return false;
}

/**
 * Takes the type specifiers out of an import or re-export (and those `alsoErase` names), or the
 * whole statement when none is left: TypeScript leaves an import out when nothing of it is used.
 * Returns whether the whole statement went.
 */
function eraseTypeSpecifiers(
  content: string,
  file: BabelFile,
  statement: BabelNode,
  ranges: Range[],
  alsoErase: (specifier: BabelNode) => boolean,
): boolean {
  const specifiers = nodes(statement.specifiers);
  if (specifiers.length === 0) return false;
  const erased = specifiers.map(
    (specifier) =>
      specifier.importKind === "type" || specifier.exportKind === "type" || alsoErase(specifier),
  );
  if (erased.every(Boolean)) {
    ranges.push(statementRange(content, file, statement));
    return true;
  }
  if (!erased.some(Boolean)) return false;
  // The list is written again with the specifiers left, each as it was written.
  const kept = specifiers.filter((_, index) => !erased[index]);
  ranges.push({
    start: specifiers[0]!.start,
    end: specifiers[specifiers.length - 1]!.end,
    replacement: kept.map((specifier) => content.slice(specifier.start, specifier.end)).join(", "),
  });
  return false;
}

/** Node types that the walk reads as code; anything else of TypeScript's declines the module. */
const TYPESCRIPT_EXPRESSIONS = new Set([
  "TSAsExpression",
  "TSSatisfiesExpression",
  "TSNonNullExpression",
]);

/** Reads code for the TypeScript in it, and notes the names it uses as values. */
function walk(node: BabelNode, context: Walk): void {
  const { ranges, valueNames } = context;
  const type = node.type;
  if (type === "TSDeclareMethod") {
    // An overload's signature: the declarations keep it, the JavaScript has the implementation.
    if (node.accessibility != null || node.abstract === true) throw new NotStrippable();
    ranges.push(lineRange(context.content, node));
    return;
  }
  if (type.startsWith("TS") && !TYPESCRIPT_EXPRESSIONS.has(type)) throw new NotStrippable();
  if (type === "Decorator" || node.decorators != null || node.accessibility != null)
    throw new NotStrippable();
  if (node.abstract === true || node.override === true || node.definite === true)
    throw new NotStrippable();
  if (type === "Identifier") {
    valueNames.add(node.name as string);
    if (node.name === "this") throw new NotStrippable();
  }
  if (
    type === "TSAsExpression" ||
    type === "TSSatisfiesExpression" ||
    type === "TSNonNullExpression"
  ) {
    const expression = node.expression as BabelNode;
    ranges.push({ start: expression.end, end: node.end });
    // `(value as T).x` is `value.x`, as TypeScript writes it, when nothing needs the parentheses.
    if ((node.extra as { parenthesized?: boolean } | undefined)?.parenthesized === true)
      ranges.push(...removableParentheses(context.content, node, expression));
    walk(expression, context);
    return;
  }
  if (isClassMember(node)) {
    if (node.declare === true) {
      ranges.push(lineRange(context.content, node));
      return;
    }
    if (node.optional === true || node.computed === true) throw new NotStrippable();
    if (node.readonly === true) ranges.push(readonlyModifier(context.content, node));
  } else if (node.declare === true) {
    throw new NotStrippable();
  }
  if ((type === "ClassDeclaration" || type === "ClassExpression") && node.implements != null)
    throw new NotStrippable();
  if (type === "Identifier" && node.optional === true) {
    // `name?: T`: the `?` goes with the type.
    ranges.push({ start: node.start + (node.name as string).length, end: node.end });
    return;
  }
  for (const field of TYPE_FIELDS) {
    const value = node[field] as BabelNode | null | undefined;
    if (value != null) ranges.push({ start: value.start, end: value.end });
  }
  for (const key in node) {
    if (SKIPPED_FIELDS.has(key) || (TYPE_FIELDS as readonly string[]).includes(key)) continue;
    const value = node[key];
    // A property's or member's name is not a use of a variable.
    if (key === "key" && node.computed !== true) continue;
    if (key === "property" && type.endsWith("MemberExpression") && node.computed !== true) continue;
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) walk(child, context);
    } else if (isNode(value)) {
      walk(value, context);
    }
  }
}

const SKIPPED_FIELDS = new Set([
  "loc",
  "range",
  "extra",
  "leadingComments",
  "trailingComments",
  "innerComments",
]);

function isClassMember(node: BabelNode): boolean {
  return (
    node.type === "ClassProperty" ||
    node.type === "ClassPrivateProperty" ||
    node.type === "ClassMethod" ||
    node.type === "ClassPrivateMethod"
  );
}

/** The `readonly ` of a field, which stands between its start (or `static `) and its name. */
function readonlyModifier(content: string, member: BabelNode): Range {
  const modifiers = /^(static\s+)?readonly\s+$/.exec(
    content.slice(member.start, (member.key as BabelNode).start),
  );
  if (modifiers === null) throw new NotStrippable();
  const start = member.start + (modifiers[1]?.length ?? 0);
  return { start, end: (member.key as BabelNode).start };
}

/**
 * The parentheses around a cast of a name, `this`, or a member or call chain of them: no
 * operator can bind to its parts, so the parentheses go (none for an optional chain, which they
 * would cut short).
 */
function removableParentheses(content: string, cast: BabelNode, inner: BabelNode): Range[] {
  if (!isPlainChain(inner)) return [];
  let open = cast.start - 1;
  while (open >= 0 && /\s/.test(content[open]!)) open--;
  let close = cast.end;
  while (close < content.length && /\s/.test(content[close]!)) close++;
  if (content[open] !== "(" || content[close] !== ")") return [];
  return [
    { start: open, end: open + 1 },
    { start: close, end: close + 1 },
  ];
}

function isPlainChain(node: BabelNode): boolean {
  if ((node.extra as { parenthesized?: boolean } | undefined)?.parenthesized === true) return false;
  switch (node.type) {
    case "Identifier":
    case "ThisExpression":
      return true;
    case "MemberExpression":
      return isPlainChain(node.object as BabelNode);
    case "CallExpression":
      return isPlainChain(node.callee as BabelNode);
    default:
      return false;
  }
}

/** A class member's extent with the rest of its line, for a member taken out whole. */
function lineRange(content: string, node: BabelNode): Range {
  let start = node.start;
  while (start > 0 && (content[start - 1] === " " || content[start - 1] === "\t")) start--;
  let end = node.end;
  while (content[end] === " " || content[end] === "\t") end++;
  if (content[end] === "\n") end++;
  return { start, end };
}

/**
 * A top-level statement with the comments right before it and its line's end: a declaration
 * taken out leaves no empty lines or orphaned documentation behind.
 */
function statementRange(content: string, file: BabelFile, statement: BabelNode): Range {
  let start = statement.start;
  for (let index = lastCommentBefore(file.comments, start); index >= 0; index--) {
    const comment = file.comments[index]!;
    if (content.slice(comment.end, start).trim() !== "") break;
    // A comment that stands apart (a blank line below it) is not the statement's.
    if (/\n[ \t]*\n/.test(content.slice(comment.end, start))) break;
    start = comment.start;
  }
  while (start > 0 && (content[start - 1] === " " || content[start - 1] === "\t")) start--;
  let end = statement.end;
  while (content[end] === " " || content[end] === "\t") end++;
  if (content[end] === "\n") end++;
  // Between two blank lines, one of them goes too.
  if (content[end] === "\n" && (start === 0 || content.slice(start - 2, start) === "\n\n")) end++;
  return { start, end };
}

function withoutRanges(content: string, ranges: readonly Range[]): string {
  const sorted = [...ranges].sort((a, b) => a.start - b.start || b.end - a.end);
  let output = "";
  let at = 0;
  for (const { start, end, replacement } of sorted) {
    if (end <= at) continue;
    output += content.slice(at, Math.max(at, start)) + (replacement ?? "");
    at = end;
  }
  return output + content.slice(at);
}
