// The declaration file of a generated module, from its syntax tree (strip.ts), as TypeScript's
// `isolatedDeclarations` emit writes it: every exported declaration with its documentation,
// functions, methods and fields as signatures (a parameter with a default becomes optional;
// private `#` members become one `#private;`), `as const` objects as their literal types,
// interfaces and type aliases as written; what is not exported only when an exported
// declaration refers to it, and of the imports only the names the declarations use. Its map
// takes each declaration's first line and name to the source's.
import type { BabelFile, BabelNode } from "../core/prettier.js";
import { mappingWriter, type Mark } from "./declaration-map.js";
import { splitHeader } from "./header.js";
import { lastCommentBefore, nodes, NotStrippable } from "./syntax-tree.js";

/** A line of the declaration file, and the source offsets its columns map to. */
interface Line {
  readonly text: string;
  readonly marks: readonly Mark[];
}

/** What one top-level statement contributes. */
interface Item {
  readonly lines: Line[];
  /** Kept whatever refers to it. */
  readonly exported: boolean;
  /** The names it declares, by which other declarations keep it. */
  readonly declares: readonly string[];
  /** For an import: its specifiers, each kept only if the declarations use its name. */
  readonly imports?: { readonly local: string; readonly text: string }[];
  readonly importHead?: string;
  readonly importFrom?: string;
  /** A declaration whose type only a checker could tell: the module is the compiler's if it is kept. */
  readonly untyped?: boolean;
}

const INDENT = "    ";

export function declarationsOf(
  content: string,
  file: BabelFile,
): { text: string; mappings: string } {
  const reader = new Reader(content, file);
  const items = file.program.body.flatMap((statement) => reader.statement(statement));
  const { kept, usedNames } = keptItems(items, reader.dropped);
  const { header } = splitHeader(content);
  const lines: Line[] = header === "" ? [] : header.replace(/\n$/, "").split("\n").map(plain);
  for (const item of items) {
    if (!kept.has(item) && item.imports === undefined) continue;
    if (item.imports !== undefined) {
      const used = item.imports.filter((specifier) => usedNames.has(specifier.local));
      if (used.length === 0) continue;
      const list = item.importHead!.endsWith("{ ")
        ? `${used.map((specifier) => specifier.text).join(", ")} }`
        : used[0]!.text;
      lines.push(plain(`${item.importHead}${list} from ${item.importFrom};`));
      continue;
    }
    lines.push(...item.lines);
  }
  return {
    text: lines.map((line) => line.text).join("\n") + "\n",
    mappings: mappingsOf(content, lines),
  };
}

function plain(text: string): Line {
  return { text, marks: [] };
}

/**
 * The declarations the declaration file keeps (the exported ones and, transitively, those they
 * refer to), and every name they use, by which the imports are kept.
 */
function keptItems(
  items: readonly Item[],
  dropped: ReadonlySet<string>,
): { kept: Set<Item>; usedNames: Set<string> } {
  const kept = new Set<Item>();
  const usedNames = new Set<string>();
  const byName = new Map<string, Item>();
  for (const item of items) for (const name of item.declares) byName.set(name, item);
  const pending = items.filter((item) => item.exported);
  while (pending.length > 0) {
    const item = pending.pop()!;
    if (kept.has(item)) continue;
    if (item.untyped === true) throw new NotStrippable();
    kept.add(item);
    for (const name of referencedNames(item.lines.map((line) => line.text).join("\n"))) {
      // `typeof f` of a function the declaration file leaves out.
      if (dropped.has(name)) throw new NotStrippable();
      usedNames.add(name);
      const declaring = byName.get(name);
      if (declaring !== undefined && !kept.has(declaring)) pending.push(declaring);
    }
  }
  return { kept, usedNames };
}

/** Names in declaration text, outside its comments and strings. */
function referencedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const match of text.matchAll(TOKENS)) if (match[1] !== undefined) names.add(match[1]);
  return names;
}

/** Comments, strings, and names but those of members (`.name`, `#name`) or keys (`name:`). */
const TOKENS =
  /\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`|(?<![\w$.#])([A-Za-z_$][\w$]*)(?![\w$]|\??:)/g;

class Reader {
  private readonly content: string;
  private readonly file: BabelFile;
  /** Functions that are not exported: the declarations may not refer to them. */
  readonly dropped = new Set<string>();

  constructor(content: string, file: BabelFile) {
    this.content = content;
    this.file = file;
  }

  statement(statement: BabelNode): Item[] {
    switch (statement.type) {
      case "ImportDeclaration":
        return [this.importItem(statement)];
      case "ExportAllDeclaration":
        return [this.verbatim(statement, true, [])];
      case "ExportNamedDeclaration": {
        const declaration = statement.declaration as BabelNode | null;
        if (declaration == null) {
          if (statement.source == null) throw new NotStrippable();
          return [this.verbatim(statement, true, [])];
        }
        return this.declaration(declaration, statement);
      }
      case "ExportDefaultDeclaration":
        throw new NotStrippable();
      default:
        return this.declaration(statement, undefined);
    }
  }

  /** A declaration; `exported` is the `export` statement around it, if any. */
  private declaration(node: BabelNode, exported: BabelNode | undefined): Item[] {
    const outer = exported ?? node;
    switch (node.type) {
      case "TSInterfaceDeclaration":
      case "TSTypeAliasDeclaration":
        return [this.verbatim(outer, exported !== undefined, [this.idName(node)])];
      case "FunctionDeclaration":
        if (exported === undefined) {
          this.dropped.add(this.idName(node));
          return [];
        }
        return [this.functionItem(node, outer)];
      case "VariableDeclaration":
        return this.variableItems(node, outer, exported !== undefined);
      case "ClassDeclaration":
        if (exported === undefined) throw new NotStrippable();
        return [this.classItem(node, outer)];
      case "ExpressionStatement":
      case "EmptyStatement":
        if (exported !== undefined) throw new NotStrippable();
        return [];
      default:
        throw new NotStrippable();
    }
  }

  private importItem(statement: BabelNode): Item {
    const specifiers = nodes(statement.specifiers);
    const from = this.text(statement.source as BabelNode);
    const typeOnly = statement.importKind === "type" ? "type " : "";
    if (specifiers.length === 0) return { lines: [], exported: false, declares: [] };
    const local = (specifier: BabelNode) => (specifier.local as BabelNode).name as string;
    if (specifiers.every((specifier) => specifier.type === "ImportSpecifier"))
      return {
        lines: [],
        exported: false,
        declares: [],
        importHead: `import ${typeOnly}{ `,
        importFrom: from,
        imports: specifiers.map((specifier) => ({
          local: local(specifier),
          text: this.text(specifier),
        })),
      };
    if (specifiers.length === 1 && specifiers[0]!.type === "ImportNamespaceSpecifier")
      return {
        lines: [],
        exported: false,
        declares: [],
        importHead: `import ${typeOnly}`,
        importFrom: from,
        imports: [{ local: local(specifiers[0]!), text: this.text(specifiers[0]!) }],
      };
    throw new NotStrippable();
  }

  /** A statement as it is written (types, re-exports), after its documentation. */
  private verbatim(statement: BabelNode, exported: boolean, declares: string[]): Item {
    const lines = this.documentation(statement, "");
    const text = this.withoutPlainComments(statement);
    const named = (statement.declaration ?? statement) as BabelNode;
    const id = named.id as BabelNode | undefined;
    const nameColumn = id == null ? 0 : id.start - statement.start;
    text.split("\n").forEach((line, index) => {
      lines.push({
        text: line,
        marks: index === 0 ? this.marks(statement.start, nameColumn, named) : [],
      });
    });
    return { lines, exported, declares };
  }

  private functionItem(node: BabelNode, outer: BabelNode): Item {
    if (node.generator === true) throw new NotStrippable();
    const name = this.idName(node);
    const start = "export declare function ";
    const lines = this.documentation(outer, "");
    lines.push({
      text: `${start}${name}${this.signature(node, false)};`,
      marks: this.marks(outer.start, start.length, node),
    });
    return { lines, exported: true, declares: [name] };
  }

  private variableItems(node: BabelNode, outer: BabelNode, exported: boolean): Item[] {
    if (node.kind !== "const" && node.kind !== "let") throw new NotStrippable();
    const declarators = nodes(node.declarations);
    if (declarators.length !== 1) throw new NotStrippable();
    const declarator = declarators[0]!;
    const id = declarator.id as BabelNode;
    if (id.type !== "Identifier") throw new NotStrippable();
    const name = id.name as string;
    const annotation = id.typeAnnotation as BabelNode | null | undefined;
    let type: string;
    if (annotation != null) {
      type = this.oneLine(annotation).slice(1).trim();
    } else {
      try {
        type = this.constType(declarator.init as BabelNode | null, "");
      } catch (error) {
        // Not exported, it is left out unless an exported declaration refers to it.
        if (exported || !(error instanceof NotStrippable)) throw error;
        return [{ lines: [], exported, declares: [name], untyped: true }];
      }
    }
    const start = `${exported ? "export " : ""}declare ${node.kind as string} `;
    const lines = this.documentation(outer, "");
    const text = `${start}${name}: ${type};`;
    text.split("\n").forEach((line, index) => {
      lines.push({
        text: line,
        marks: index === 0 ? this.marks(outer.start, start.length, declarator) : [],
      });
    });
    return [{ lines, exported, declares: [name] }];
  }

  /** The type TypeScript gives `init` when it is `{...} as const` of literals. */
  private constType(init: BabelNode | null, indent: string): string {
    if (init?.type !== "TSAsExpression") throw new NotStrippable();
    const asType = init.typeAnnotation as BabelNode;
    if (asType.type !== "TSTypeReference" || this.text(asType) !== "const")
      throw new NotStrippable();
    return this.literalType(init.expression as BabelNode, indent);
  }

  private literalType(node: BabelNode, indent: string): string {
    switch (node.type) {
      case "StringLiteral":
      case "NumericLiteral":
      case "BooleanLiteral":
      case "NullLiteral":
        return this.text(node);
      case "UnaryExpression":
        if (node.operator !== "-" || (node.argument as BabelNode).type !== "NumericLiteral")
          throw new NotStrippable();
        return `-${this.text(node.argument as BabelNode)}`;
      case "ArrayExpression":
        return `readonly [${nodes(node.elements)
          .map((element) => this.literalType(element, indent))
          .join(", ")}]`;
      case "ObjectExpression": {
        const inner = indent + INDENT;
        const members = nodes(node.properties).map((property) => {
          if (property.type !== "ObjectProperty" || property.computed === true)
            throw new NotStrippable();
          if (property.shorthand === true) throw new NotStrippable();
          const documentation = this.documentation(property, inner).map((line) => line.text);
          const key = this.key(property);
          const value = this.literalType(property.value as BabelNode, inner);
          return [...documentation, `${inner}readonly ${key}: ${value};`].join("\n");
        });
        return members.length === 0 ? "{}" : `{\n${members.join("\n")}\n${indent}}`;
      }
      default:
        throw new NotStrippable();
    }
  }

  private classItem(node: BabelNode, outer: BabelNode): Item {
    if (node.abstract === true || node.implements != null) throw new NotStrippable();
    const name = this.idName(node);
    const start = "export declare class ";
    let head = `${start}${name}${this.optional(node.typeParameters)}`;
    const superClass = node.superClass as BabelNode | null;
    if (superClass != null) {
      if (superClass.type !== "Identifier" && superClass.type !== "MemberExpression")
        throw new NotStrippable();
      head += ` extends ${this.text(superClass)}${this.optional(node.superTypeParameters ?? node.superTypeArguments)}`;
    }
    const lines = this.documentation(outer, "");
    lines.push({ text: `${head} {`, marks: this.marks(outer.start, start.length, node) });
    const members = nodes((node.body as BabelNode).body);
    if (members.some((member) => member.type.startsWith("ClassPrivate")))
      lines.push(plain(`${INDENT}#private;`));
    // A method with overloads is declared by its overloads alone.
    const overloaded = new Set(
      members
        .filter((member) => member.type === "TSDeclareMethod")
        .map((member) => this.key(member)),
    );
    for (const member of members) {
      if (member.type.startsWith("ClassPrivate")) continue;
      if (member.type === "ClassMethod" && overloaded.has(this.key(member))) continue;
      const text = this.memberText(member);
      lines.push(...this.documentation(member, INDENT));
      lines.push({
        text: `${INDENT}${text}`,
        marks: this.marks(member.start, INDENT.length, member),
      });
    }
    lines.push(plain("}"));
    return { lines, exported: true, declares: [name] };
  }

  private memberText(member: BabelNode): string {
    if (member.computed === true || member.accessibility != null || member.abstract === true)
      throw new NotStrippable();
    if (member.optional === true || member.override === true) throw new NotStrippable();
    const isStatic = member.static === true ? "static " : "";
    if (member.type === "ClassProperty") {
      const annotation = member.typeAnnotation as BabelNode | null;
      if (annotation == null) throw new NotStrippable();
      const readonly = member.readonly === true ? "readonly " : "";
      return `${isStatic}${readonly}${this.key(member)}${this.oneLine(annotation)};`;
    }
    if (member.type === "TSDeclareMethod" && member.kind === "method")
      return `${isStatic}${this.key(member)}${this.signature(member, false)};`;
    if (member.type !== "ClassMethod" || member.generator === true) throw new NotStrippable();
    switch (member.kind) {
      case "constructor":
        return `constructor${this.signature(member, true)};`;
      case "method":
        return `${isStatic}${this.key(member)}${this.signature(member, false)};`;
      case "get":
        return `${isStatic}get ${this.key(member)}${this.signature(member, false)};`;
      case "set":
        return `${isStatic}set ${this.key(member)}${this.signature(member, true)};`;
      default:
        throw new NotStrippable();
    }
  }

  /** `<T>(a: A, b?: B): R` of a function or method (without a return type: a constructor's). */
  private signature(node: BabelNode, noReturnType: boolean): string {
    const params = nodes(node.params).map((param) => this.parameter(param));
    const returnType = node.returnType as BabelNode | null | undefined;
    if (!noReturnType && returnType == null) throw new NotStrippable();
    return `${this.optional(node.typeParameters)}(${params.join(", ")})${
      noReturnType ? "" : this.oneLine(returnType!)
    }`;
  }

  private parameter(param: BabelNode): string {
    switch (param.type) {
      case "Identifier":
      case "RestElement":
        if (param.typeAnnotation == null) throw new NotStrippable();
        return this.oneLine(param);
      case "AssignmentPattern": {
        // `name: T = value` is `name?: T` to a caller.
        const left = param.left as BabelNode;
        if (left.type !== "Identifier" || left.typeAnnotation == null) throw new NotStrippable();
        return `${left.name as string}?${this.oneLine(left.typeAnnotation as BabelNode)}`;
      }
      default:
        throw new NotStrippable();
    }
  }

  /** A property's or member's name as written: a name, or a string. */
  private key(node: BabelNode): string {
    const key = node.key as BabelNode;
    if (key.type !== "Identifier" && key.type !== "StringLiteral" && key.type !== "NumericLiteral")
      throw new NotStrippable();
    return this.text(key);
  }

  /** The documentation comment right before a node, indented by `indent` as TypeScript does. */
  private documentation(node: BabelNode, indent: string): Line[] {
    const comments = this.file.comments;
    const index = lastCommentBefore(comments, node.start);
    if (index < 0) return [];
    const comment = comments[index]!;
    if (this.content.slice(comment.end, node.start).trim() !== "") return [];
    const text = this.text(comment);
    if (!text.startsWith("/**")) return [];
    return text.split("\n").map((line, lineIndex) => ({
      text: lineIndex === 0 ? indent + line : `${indent} ${line.trimStart()}`,
      marks: lineIndex === 0 ? [{ column: indent.length, offset: comment.start }] : [],
    }));
  }

  /** The mark of a declaration's start, and of its name (`named.id` or `named.key`) after `nameColumn`. */
  private marks(start: number, nameColumn: number, named: BabelNode) {
    const id = (named.id ?? named.key) as BabelNode | undefined;
    const marks = [{ column: 0, offset: start }];
    if (id != null) marks.push({ column: nameColumn, offset: id.start });
    return marks;
  }

  private idName(node: BabelNode): string {
    const id = node.id as BabelNode | null;
    if (id == null || id.type !== "Identifier") throw new NotStrippable();
    const name = id.name as string;
    if (this.dropped.has(name)) throw new NotStrippable();
    return name;
  }

  private optional(node: unknown): string {
    return node == null ? "" : this.oneLine(node as BabelNode);
  }

  /**
   * A node's text on one line, as TypeScript prints a signature. Only text without comments: a
   * line comment would swallow the rest of the line.
   */
  private oneLine(node: BabelNode): string {
    const text = this.text(node);
    if (!text.includes("\n")) return text;
    if (/\/[/*]|`/.test(text)) throw new NotStrippable();
    // Outside string literals: line breaks become spaces, with none inside brackets' ends and
    // no comma before a closing bracket (prettier's broken lists end with one).
    return text.replace(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|[^"']+/g, (part, literal) =>
      literal !== undefined
        ? part
        : part
            .replace(/\s*\n\s*/g, " ")
            .replace(/([(<[]) /g, "$1")
            .replace(/,? ([)>\]])/g, "$1")
            .replace(/,([)>\]])/g, "$1"),
    );
  }

  /**
   * A node's text without the comments in it that are not documentation (`//`, `/* *\/`), as
   * TypeScript's declarations leave them out: a comment alone on its line goes with the line.
   */
  private withoutPlainComments(node: BabelNode): string {
    let text = "";
    let at = node.start;
    const inside: BabelNode[] = [];
    for (let index = lastCommentBefore(this.file.comments, node.end); index >= 0; index--) {
      const comment = this.file.comments[index]!;
      if (comment.start < node.start) break;
      if (!this.content.startsWith("/**", comment.start)) inside.unshift(comment);
    }
    for (const comment of inside) {
      let start = comment.start;
      let end = comment.end;
      const lineStart = this.content.lastIndexOf("\n", start - 1) + 1;
      if (this.content.slice(lineStart, start).trim() === "" && this.content[end] === "\n") {
        start = lineStart;
        end++;
      } else {
        while (start > at && /[ \t]/.test(this.content[start - 1]!)) start--;
      }
      text += this.content.slice(at, start);
      at = end;
    }
    return text + this.content.slice(at, node.end);
  }

  private text(node: BabelNode): string {
    return this.content.slice(node.start, node.end);
  }
}

/** The declaration map's mappings: each mark takes its line and column to a source offset. */
function mappingsOf(content: string, lines: readonly Line[]): string {
  const write = mappingWriter(content);
  return lines.map((line) => write(line.marks)).join(";");
}
