// The build of a module whose TypeScript is annotations only, without a compiler: its JavaScript
// is its text with the annotations taken out, its declaration file the signatures of what it
// exports. The validators module is such a module (4 MB for 3,000 definitions, a compiler's
// longest job in a large protocol's build). The TypeScript taken out:
// - `import type` declarations, and `type X` names in an import list;
// - the parameter and return types of a top-level `function` (`value is T` included);
// - the type of a `const` or `let` (`const known: ReadonlySet<unknown> = ...`);
// - `expression as T`.
// A type must read as one of a few plain forms (names, `types.X`, `A<B>`, unions and
// intersections of them, `T[]`, literals, object types with `readonly` and index signatures).
// Anything else that is TypeScript's own, or that the scanner cannot read with certainty, makes
// the module go to the compiler: another kind of declaration (class, interface, enum, type
// alias), an arrow function or a nested function (their parameters may be typed), a `<` right
// after a name (a generic call), a `!` right after an operand (a non-null assertion), default or
// optional parameters, `satisfies`, a declaration of TypeScript's own (`interface A`).
// Tests hold the output to TypeScript's own for every module this build takes.
import type { OutputFile } from "../core/options.js";
import { moduleTokens, type Token, type TopLevelStatement } from "../core/top-level.js";
import { declarationMapText, mappingWriter } from "./declaration-map.js";
import { splitHeader } from "./header.js";

/** `dist/<base>.js`, `.d.ts` and `.d.ts.map` for the source at `path`, or undefined. */
export function buildByErasure(
  content: string,
  base: string,
  path: string,
): OutputFile[] | undefined {
  // A line that starts a declaration this build does not take rules the module out before it
  // is scanned (the protocol modules are megabytes in a large protocol).
  if (OTHER_DECLARATION_LINE.test(content)) return undefined;
  const scanned = moduleTokens(content);
  if (scanned === undefined || scanned.statements.length === 0) return undefined;
  const module = readModule(content, scanned.tokens, scanned.statements);
  if (module === undefined) return undefined;
  const name = base.slice(base.lastIndexOf("/") + 1);
  const source = "../".repeat(base.split("/").length - 1) + path;
  const { text, mappings } = declarationFile(content, module);
  return [
    { path: `${base}.js`, content: withoutRanges(content, module.erased), role: "build" },
    {
      path: `${base}.d.ts`,
      content: `${text}//# sourceMappingURL=${name}.d.ts.map`,
      role: "build",
    },
    {
      path: `${base}.d.ts.map`,
      content: declarationMapText(`${name}.d.ts`, source, mappings),
      role: "build",
    },
  ];
}

/**
 * A line that begins a class, interface, type alias, enum, namespace or an export other than a
 * function's: TypeScript beyond this build, unless it stands in a comment or a string, where it
 * only costs the module this shortcut (it is compiled then).
 */
const OTHER_DECLARATION_LINE =
  /^(?:export )?(?:default |declare |abstract )*(?:class|interface|type|enum|namespace|module)\b|^export (?:\*|\{|default\b|const\b|let\b|var\b|async\b)/m;

/** An exported function's signature, as positions in the source. */
interface Signature {
  /** The JSDoc comment right before it, if any. */
  readonly comment?: { readonly start: number; readonly end: number };
  /** The `export` token. */
  readonly start: number;
  /** The function's name. */
  readonly name: Token;
  /** From the `(` of its parameters to the end of its return type. */
  readonly head: { readonly start: number; readonly end: number };
}

interface ReadModule {
  /** Ranges of the source that the JavaScript leaves out. */
  readonly erased: Range[];
  /** What the declaration file holds, in order: imports as text, and exported functions. */
  readonly declarations: ({ readonly text: string } | Signature)[];
}

type Range = { readonly start: number; readonly end: number };

class NotErasable extends Error {}

function readModule(
  content: string,
  tokens: readonly Token[],
  statements: readonly TopLevelStatement[],
): ReadModule | undefined {
  const erased: Range[] = [];
  const declarations: ReadModule["declarations"] = [];
  let index = 0;
  try {
    for (const statement of statements) {
      const first = index;
      while (index < tokens.length && tokens[index]!.start < statement.end) index++;
      const own = tokens.slice(first, index);
      const comment = jsDocBefore(content, statement);
      if (statement.isImport) {
        readImport(content, own, statement, erased, declarations);
      } else if (isNamed(own[0], "export") && isNamed(own[1], "function")) {
        const head = readFunction(own, 1, erased);
        declarations.push({ comment, start: own[0]!.start, name: own[2]!, head });
      } else if (isNamed(own[0], "function")) {
        readFunction(own, 0, erased);
      } else if (isNamed(own[0], "const") || isNamed(own[0], "let")) {
        readBody(own, 0, own.length, erased);
      } else {
        return undefined;
      }
    }
  } catch (error) {
    if (error instanceof NotErasable) return undefined;
    throw error;
  }
  return { erased, declarations };
}

function readImport(
  content: string,
  own: readonly Token[],
  statement: TopLevelStatement,
  erased: Range[],
  declarations: ReadModule["declarations"],
): void {
  const text = content.slice(statement.start, statement.end);
  if (statement.typesOnly) {
    // `import type ...`: gone from the JavaScript, as it is in the declarations.
    erased.push({ start: statement.start, end: lineEnd(content, statement.end) });
    declarations.push({ text });
    return;
  }
  // `import { a, type B } from "m";`: `type B` is left out of the JavaScript; the declarations
  // import the types only (a value import is not used by a signature).
  const open = own.findIndex((token) => isPunctuator(token, "{"));
  const close = own.findIndex((token) => isPunctuator(token, "}"));
  if (!isNamed(own[0], "import") || open !== 1 || close < open || !isNamed(own[close + 1], "from"))
    throw new NotErasable();
  const types: string[] = [];
  let values = 0;
  let start = open + 1;
  for (let i = open + 1; i <= close; i++) {
    if (!isPunctuator(own[i], ",") && i !== close) continue;
    const specifier = own.slice(start, i);
    if (specifier.length === 2 && isNamed(specifier[0], "type") && specifier[1]!.kind === "name") {
      types.push(specifier[1]!.text);
      // The specifier and the comma before it (or, for the first, the comma after it).
      erased.push(
        start > open + 1
          ? { start: own[start - 1]!.start, end: specifier[1]!.end }
          : { start: specifier[0]!.start, end: own[i]!.end },
      );
    } else if (specifier.length === 1 && specifier[0]!.kind === "name") {
      values++;
    } else if (specifier.length > 0) {
      throw new NotErasable();
    }
    start = i + 1;
  }
  // With no value left, TypeScript drops the whole import: not a case this build takes.
  if (values === 0) throw new NotErasable();
  if (types.length > 0) {
    const from = content.slice(own[close + 1]!.start, statement.end);
    declarations.push({
      text: `import { ${types.map((name) => `type ${name}`).join(", ")} } ${from}`,
    });
  }
}

/**
 * `function name(a: A, b: B): R { ... }` from `own[at]`: the types taken out, the body read.
 * Returns the extent of the signature from `(` to the end of the return type.
 */
function readFunction(own: readonly Token[], at: number, erased: Range[]): Range {
  if (own[at + 1]?.kind !== "name" || !isPunctuator(own[at + 2], "(")) throw new NotErasable();
  const open = at + 2;
  const close = matching(own, open);
  // Each parameter: a name, then `: type` up to the `,` or `)` that ends it.
  let i = open + 1;
  while (i < close) {
    if (own[i]!.kind !== "name" || !isPunctuator(own[i + 1], ":")) throw new NotErasable();
    const end = typeEnd(own, i + 2, close);
    erased.push({ start: own[i + 1]!.start, end: own[end - 1]!.end });
    i = end;
    if (isPunctuator(own[i], ",")) i++;
    else if (i !== close) throw new NotErasable();
  }
  // The return type (a type predicate `value is T` too), up to the body's `{`.
  if (!isPunctuator(own[close + 1], ":")) throw new NotErasable();
  let typeStart = close + 2;
  if (own[typeStart]?.kind === "name" && isNamed(own[typeStart + 1], "is")) typeStart += 2;
  const bodyOpen = typeEnd(own, typeStart, own.length);
  if (!isPunctuator(own[bodyOpen], "{") || matching(own, bodyOpen) !== own.length - 1)
    throw new NotErasable();
  erased.push({ start: own[close + 1]!.start, end: own[bodyOpen - 1]!.end });
  readBody(own, bodyOpen + 1, own.length - 1, erased);
  return { start: own[open]!.start, end: own[bodyOpen - 1]!.end };
}

/**
 * Words that begin a declaration of TypeScript's own when a name follows them (`interface A`,
 * `namespace N`); elsewhere they are plain names (`const namespace = object.namespace`).
 */
const DECLARATION_WORDS = new Set([
  "abstract",
  "declare",
  "enum",
  "interface",
  "module",
  "namespace",
  "type",
]);

/** Code from `own[from]` to before `own[to]`: `as T` and typed variables taken out. */
function readBody(own: readonly Token[], from: number, to: number, erased: Range[]): void {
  for (let i = from; i < to; i++) {
    const token = own[i]!;
    const previous = own[i - 1];
    const afterMember = isPunctuator(previous, ".") || isPunctuator(previous, "?.");
    if (token.kind === "punctuator") {
      if (token.text === "=>" || token.text === "@") throw new NotErasable();
      // `f<T>(...)`, `x!`: a generic call, a non-null assertion.
      const touches = previous !== undefined && previous.end === token.start;
      if (touches && (token.text === "<" || token.text === "!") && isOperandEnd(previous))
        throw new NotErasable();
      continue;
    }
    if (token.kind !== "name" || afterMember) continue;
    // A class or a nested function may hold TypeScript of kinds this build does not read.
    if (token.text === "class" || token.text === "function") throw new NotErasable();
    if (DECLARATION_WORDS.has(token.text) && own[i + 1]?.kind === "name") throw new NotErasable();
    const afterOperand = previous !== undefined && isOperandEnd(previous);
    // After a `}` (an object literal's, or a block's), which of the two this build does not follow.
    if ((token.text === "satisfies" || token.text === "as") && isPunctuator(previous, "}"))
      throw new NotErasable();
    if (token.text === "satisfies" && afterOperand) throw new NotErasable();
    if (token.text === "as" && afterOperand) {
      const end = typeEnd(own, i + 1, to);
      erased.push({ start: previous!.end, end: own[end - 1]!.end });
      i = end - 1;
      continue;
    }
    if ((token.text === "const" || token.text === "let") && own[i + 1]?.kind === "name") {
      if (!isPunctuator(own[i + 2], ":")) continue;
      const end = typeEnd(own, i + 3, to);
      if (!isPunctuator(own[end], "=")) throw new NotErasable();
      erased.push({ start: own[i + 2]!.start, end: own[end - 1]!.end });
      i = end - 1;
    }
  }
}

/** Whether an expression can end with this token (so that `as` after it is a cast). */
function isOperandEnd(token: Token): boolean {
  if (token.kind === "punctuator") return token.text === ")" || token.text === "]";
  if (token.kind === "name") return !KEYWORDS_BEFORE_OPERAND.has(token.text);
  return true;
}

const KEYWORDS_BEFORE_OPERAND = new Set([
  "return",
  "throw",
  "typeof",
  "void",
  "delete",
  "await",
  "yield",
  "new",
  "in",
  "of",
  "instanceof",
  "case",
  "else",
  "do",
]);

/**
 * Where a type starting at `own[at]` ends (the index past its last token), read as one of the
 * plain forms; throws for anything else, or for a type that does not end before `limit`.
 */
function typeEnd(own: readonly Token[], at: number, limit: number): number {
  let i = at;
  if (isPunctuator(own[i], "|") || isPunctuator(own[i], "&")) i++;
  for (;;) {
    i = primaryTypeEnd(own, i, limit);
    if (isPunctuator(own[i], "|") || isPunctuator(own[i], "&")) i++;
    else return i;
  }
}

function primaryTypeEnd(own: readonly Token[], at: number, limit: number): number {
  const token = own[at];
  if (token === undefined || at >= limit) throw new NotErasable();
  let i: number;
  // `readonly T[]`: an operator before an array type.
  if (isNamed(token, "readonly") && own[at + 1] !== undefined && !isPunctuator(own[at + 1], "."))
    return primaryTypeEnd(own, at + 1, limit);
  if (token.kind === "name") {
    i = at + 1;
    while (isPunctuator(own[i], ".") && own[i + 1]?.kind === "name") i += 2;
    if (isPunctuator(own[i], "<")) {
      i = typeEnd(own, i + 1, limit);
      while (isPunctuator(own[i], ",")) i = typeEnd(own, i + 1, limit);
      if (!isPunctuator(own[i], ">")) throw new NotErasable();
      i++;
    }
  } else if (token.kind === "string" || token.kind === "number") {
    i = at + 1;
  } else if (isPunctuator(token, "(")) {
    i = typeEnd(own, at + 1, limit);
    if (!isPunctuator(own[i], ")")) throw new NotErasable();
    i++;
  } else if (isPunctuator(token, "{")) {
    i = objectTypeEnd(own, at, limit);
  } else {
    throw new NotErasable();
  }
  while (isPunctuator(own[i], "[") && isPunctuator(own[i + 1], "]")) i += 2;
  if (i > limit) throw new NotErasable();
  return i;
}

/** `{ readonly a?: T; [key: string]: U }` from its `{` to past its `}`. */
function objectTypeEnd(own: readonly Token[], open: number, limit: number): number {
  let i = open + 1;
  while (!isPunctuator(own[i], "}")) {
    if (isNamed(own[i], "readonly") && !isPunctuator(own[i + 1], ":")) i++;
    if (isPunctuator(own[i], "[")) {
      if (own[i + 1]?.kind !== "name" || !isPunctuator(own[i + 2], ":")) throw new NotErasable();
      i = typeEnd(own, i + 3, limit);
      if (!isPunctuator(own[i], "]")) throw new NotErasable();
      i++;
    } else if (own[i]?.kind === "name" || own[i]?.kind === "string") {
      i++;
      if (isPunctuator(own[i], "?")) i++;
    } else {
      throw new NotErasable();
    }
    if (!isPunctuator(own[i], ":")) throw new NotErasable();
    i = typeEnd(own, i + 1, limit);
    if (isPunctuator(own[i], ";") || isPunctuator(own[i], ",")) i++;
    if (i >= limit) throw new NotErasable();
  }
  return i + 1;
}

/** The index of the bracket that closes the one at `open`. */
function matching(own: readonly Token[], open: number): number {
  const depth = own[open]!.depth;
  for (let i = open + 1; i < own.length; i++) if (own[i]!.depth === depth) return i;
  throw new NotErasable();
}

/** The `/** ... *\/` comment that ends right before the statement's first token, if any. */
function jsDocBefore(content: string, statement: TopLevelStatement): Range | undefined {
  const leading = content.slice(statement.pos, statement.start);
  const end = leading.trimEnd().length;
  if (!leading.slice(0, end).endsWith("*/")) return undefined;
  const start = leading.lastIndexOf("/**", end - 2);
  if (start === -1) return undefined;
  return { start: statement.pos + start, end: statement.pos + end };
}

/**
 * The declaration file: the source's header, its type imports, and each exported function as
 * `export declare function name(params): type;` after its JSDoc comment, as TypeScript writes
 * them; and its map, which takes each declaration's first column and name to the source's.
 */
function declarationFile(content: string, module: ReadModule): { text: string; mappings: string } {
  const { header } = splitHeader(content);
  const lines: string[] = header === "" ? [] : header.replace(/\n$/, "").split("\n");
  const write = mappingWriter(content);
  const mappings: string[] = lines.map(() => write([]));
  for (const declaration of module.declarations) {
    if ("text" in declaration) {
      lines.push(declaration.text);
      mappings.push(write([]));
      continue;
    }
    if (declaration.comment !== undefined) {
      const comment = content.slice(declaration.comment.start, declaration.comment.end);
      comment.split("\n").forEach((line, index) => {
        lines.push(index === 0 ? line : line.replace(/^[ \t]*/, " "));
        mappings.push(
          write(index === 0 ? [{ column: 0, offset: declaration.comment!.start }] : []),
        );
      });
    }
    const signature = content
      .slice(declaration.head.start, declaration.head.end)
      .replace(/\s*\n\s*/g, " ")
      .replace(/, \)/, ")")
      .replace(/\( /, "(");
    const start = "export declare function ";
    lines.push(`${start}${declaration.name.text}${signature};`);
    mappings.push(
      write([
        { column: 0, offset: declaration.start },
        { column: start.length, offset: declaration.name.start },
      ]),
    );
  }
  return { text: lines.join("\n") + "\n", mappings: mappings.join(";") };
}

function withoutRanges(content: string, ranges: readonly Range[]): string {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  let output = "";
  let at = 0;
  for (const { start, end } of sorted) {
    output += content.slice(at, start);
    at = end;
  }
  return output + content.slice(at);
}

/** Past the line break that ends the line at `offset`, if only white space stands before it. */
function lineEnd(content: string, offset: number): number {
  const match = /^[ \t]*\n/.exec(content.slice(offset, offset + 100));
  return match === null ? offset : offset + match[0].length;
}

function isNamed(token: Token | undefined, name: string): boolean {
  return token !== undefined && token.kind === "name" && token.text === name;
}

function isPunctuator(token: Token | undefined, text: string): boolean {
  return token !== undefined && token.kind === "punctuator" && token.text === text;
}
