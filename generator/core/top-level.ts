// The top-level statements of a TypeScript module, found without a compiler: where each one ends,
// whether it is an import or a re-export, and the names it exports. The formatter cuts files at
// these ends, the emitter asks which names a module exports, and the build tells a module of types
// alone from one with code, all without loading TypeScript.
//
// It reads TypeScript as a scanner does (comments, strings, template literals, regular
// expressions, brackets) and decides a statement's end only where the language leaves one answer;
// wherever it could disagree with TypeScript's parser (a statement ended by a line break alone
// after something that may continue, a `/` that may start a regular expression, an escape in a
// name, a token it does not know) it gives no answer at all, and the caller asks TypeScript.
// Tests hold it to TypeScript's parse on every file the generator writes for the fixtures and on
// hostile schema text.

export interface TopLevelStatement {
  /** Where its text starts, leading comments included: the end of the statement before it. */
  readonly pos: number;
  /** Where its first token starts. */
  readonly start: number;
  /** Just past its last token. */
  readonly end: number;
  /** An `import` declaration (not `import x = ...`, not `import(...)`). */
  readonly isImport: boolean;
  /** An `export ... from "..."`. */
  readonly isReExport: boolean;
  /** Only types: a type alias, an interface or an `import type`, so it compiles to nothing. */
  readonly typesOnly: boolean;
  /** The names it exports by name (a declaration's name, or the names of `export { ... }`). */
  readonly exported: readonly string[];
}

type TokenKind = "name" | "punctuator" | "string" | "template" | "number" | "regex";

export interface Token {
  readonly kind: TokenKind;
  /** The token's text; for a name, the name. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** A line break between this token and the one before it. */
  readonly afterLineBreak: boolean;
  /** Open brackets (and template substitutions) around it. */
  readonly depth: number;
}

/** Thrown inside the scanner when the text is outside what it decides with certainty. */
class Unsure extends Error {}

/**
 * The module's top-level statements, as TypeScript's parser finds them (`node.pos`, `node.end`),
 * or undefined where this scanner cannot be sure of them.
 */
export function topLevelStatements(text: string): TopLevelStatement[] | undefined {
  const result = scanStatements(text);
  return Array.isArray(result) ? result : undefined;
}

/**
 * The module's tokens (comments and white space left out) and its top-level statements, or
 * undefined where the scanner cannot be sure of them: for the compiler-free build (build/erase.ts).
 */
export function moduleTokens(
  text: string,
): { tokens: readonly Token[]; statements: readonly TopLevelStatement[] } | undefined {
  try {
    const tokens = tokensOf(text);
    return { tokens, statements: statementsOf(tokens) };
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
}

/** The statements, or why the scanner gives no answer (for tests and for finding out). */
export function scanStatements(text: string): TopLevelStatement[] | { unsure: string } {
  try {
    return statementsOf(tokensOf(text));
  } catch (error) {
    if (error instanceof Unsure)
      return { unsure: `${error.message} ${error.stack?.split("\n")[1]?.trim() ?? ""}` };
    throw error;
  }
}

// --- Scanning ---------------------------------------------------------------------------------

const PUNCTUATORS = [
  ">>>=",
  "...",
  "===",
  "!==",
  "**=",
  "<<=",
  ">>=",
  ">>>",
  "&&=",
  "||=",
  "??=",
  "=>",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "??",
  "++",
  "--",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "**",
  "<<",
  ">>",
  "{",
  "}",
  "(",
  ")",
  "[",
  "]",
  ";",
  ",",
  "<",
  ">",
  "+",
  "-",
  "*",
  "/",
  "%",
  "&",
  "|",
  "^",
  "!",
  "~",
  "?",
  ":",
  "=",
  ".",
];

/** The punctuators by their first character, longest first. */
const PUNCTUATORS_BY_FIRST = new Map<string, string[]>();
for (const punctuator of PUNCTUATORS) {
  const list = PUNCTUATORS_BY_FIRST.get(punctuator[0]!) ?? [];
  list.push(punctuator);
  PUNCTUATORS_BY_FIRST.set(punctuator[0]!, list);
}

/** Names after which a `/` starts a regular expression (an operand is expected). */
const OPERAND_KEYWORDS = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
]);

const NAME_START = /[A-Za-z_$]/;
const NAME_PART = /[A-Za-z0-9_$]/;
const UNICODE_NAME_START = /\p{ID_Start}/u;
const UNICODE_NAME_PART = /[\p{ID_Continue}\u200c\u200d]/u;
const LINE_BREAK = /[\n\r\u2028\u2029]/;
const LINE_BREAK_AHEAD = /[\n\r\u2028\u2029]/g;
const ASCII_NAME_PART = /[A-Za-z0-9_$]*/y;
const DOUBLE_QUOTED_SPECIAL = /["\\\n\r]/g;
const SINGLE_QUOTED_SPECIAL = /['\\\n\r]/g;
const NUMBER =
  /(?:0[xXbBoO][0-9a-fA-F_]+|(?:\d[\d_]*(?:\.[\d_]*)?|\.\d[\d_]*)(?:[eE][+-]?\d[\d_]*)?)n?/y;

function tokensOf(text: string): Token[] {
  const tokens: Token[] = [];
  // One entry per open bracket: `(`, `[`, `{`, or "${" for a template literal's substitution.
  const open: string[] = [];
  let i = 0;
  let lineBreak = false;
  const push = (kind: TokenKind, value: string, start: number): void => {
    tokens.push({
      kind,
      text: value,
      start,
      end: i,
      afterLineBreak: lineBreak,
      depth: open.length,
    });
    lineBreak = false;
  };
  // Scans a template literal's text from `i` (just past "`" or "}") to just past "`" or "${".
  const templateText = (start: number): void => {
    for (;;) {
      if (i >= text.length) throw new Unsure();
      const c = text[i]!;
      if (c === "\\") i += 2;
      else if (c === "`") {
        i++;
        push("template", text.slice(start, i), start);
        return;
      } else if (c === "$" && text[i + 1] === "{") {
        i += 2;
        push("template", text.slice(start, i), start);
        open.push("${");
        return;
      } else i++;
    }
  };
  while (i < text.length) {
    const c = text[i]!;
    const start = i;
    if (c === " " || c === "\t" || c === "\v" || c === "\f" || c === "\ufeff" || c === "\u00a0") {
      i++;
    } else if (c === "\n" || c === "\r" || c === "\u2028" || c === "\u2029") {
      i++;
      lineBreak = true;
    } else if (c === "/" && text[i + 1] === "/") {
      LINE_BREAK_AHEAD.lastIndex = i;
      i = LINE_BREAK_AHEAD.exec(text)?.index ?? text.length;
    } else if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) throw new Unsure();
      if (LINE_BREAK.test(text.slice(i, close))) lineBreak = true;
      i = close + 2;
    } else if (c === '"' || c === "'") {
      i++;
      // Up to the next character that ends the literal, escapes or breaks the line.
      const special = c === '"' ? DOUBLE_QUOTED_SPECIAL : SINGLE_QUOTED_SPECIAL;
      for (;;) {
        special.lastIndex = i;
        const found = special.exec(text);
        if (found === null) throw new Unsure();
        i = found.index;
        const d = text[i]!;
        if (d === c) break;
        if (d === "\\") i += text[i + 1] === "\r" && text[i + 2] === "\n" ? 3 : 2;
        else throw new Unsure();
      }
      i++;
      push("string", text.slice(start, i), start);
    } else if (c === "`") {
      i++;
      templateText(start);
    } else if (c === "}" && open[open.length - 1] === "${") {
      open.pop();
      i++;
      templateText(start);
    } else if (
      NAME_START.test(c) ||
      (c > "\u007f" && UNICODE_NAME_START.test(c)) ||
      (c === "#" && NAME_START.test(text[i + 1] ?? ""))
    ) {
      // A private name (`#peer`) is scanned as a name: it is an operand like any other.
      i++;
      ASCII_NAME_PART.lastIndex = i;
      i += ASCII_NAME_PART.exec(text)![0].length;
      while (i < text.length) {
        const d = text[i]!;
        if (NAME_PART.test(d) || (d > "\u007f" && UNICODE_NAME_PART.test(d))) i++;
        else if (d === "\\") throw new Unsure();
        else break;
      }
      push("name", text.slice(start, i), start);
    } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      NUMBER.lastIndex = i;
      const match = NUMBER.exec(text);
      if (match === null) throw new Unsure();
      i += match[0].length;
      // `1.toString`, `0x1g`: text a scanner reads differently from this one.
      if (i < text.length && /[\w$.\\]/.test(text[i]!)) throw new Unsure();
      push("number", match[0], start);
    } else if (c === "/" && regexMayStart(tokens[tokens.length - 1])) {
      i++;
      let inClass = false;
      for (;;) {
        if (i >= text.length || LINE_BREAK.test(text[i]!)) throw new Unsure();
        const d = text[i]!;
        if (d === "\\") i += 2;
        else {
          if (d === "[") inClass = true;
          else if (d === "]") inClass = false;
          else if (d === "/" && !inClass) break;
          i++;
        }
      }
      i++;
      while (i < text.length && /[a-z]/.test(text[i]!)) i++;
      push("regex", text.slice(start, i), start);
    } else {
      // `?.` is one token unless a digit follows (`a?.5:b` is a conditional).
      const punctuator =
        c === "?" && text[i + 1] === "." && !/[0-9]/.test(text[i + 2] ?? "")
          ? "?."
          : PUNCTUATORS_BY_FIRST.get(c)?.find((p) => text.startsWith(p, i));
      if (punctuator === undefined) throw new Unsure(JSON.stringify(text.slice(i, i + 20))); // `@`, `#`, `\`...
      i += punctuator.length;
      if (punctuator === "}" || punctuator === ")" || punctuator === "]") {
        const opener = open.pop();
        if (opener !== { "}": "{", ")": "(", "]": "[" }[punctuator]) throw new Unsure();
      }
      push("punctuator", punctuator, start);
      if (punctuator === "{" || punctuator === "(" || punctuator === "[") open.push(punctuator);
    }
  }
  if (open.length > 0) throw new Unsure();
  return tokens;
}

/**
 * Whether a `/` after this token starts a regular expression. After a name, number, string or a
 * closing template it divides; after an operator or an opening bracket it starts one; after
 * `)`, `]` or `}` it depends on what came before, which this scanner does not follow.
 */
function regexMayStart(previous: Token | undefined): boolean {
  if (previous === undefined) return true;
  switch (previous.kind) {
    case "name":
      return OPERAND_KEYWORDS.has(previous.text);
    case "number":
    case "string":
    case "regex":
      return false;
    case "template":
      if (previous.text.endsWith("`")) return false;
      return true;
    case "punctuator":
      if (previous.text === ")" || previous.text === "]" || previous.text === "}") {
        throw new Unsure();
      }
      return true;
  }
}

// --- Statements -------------------------------------------------------------------------------

/** Names that begin a declaration, after which no expression or type continues. */
const DECLARATION_STARTS = new Set([
  "export",
  "import",
  "const",
  "let",
  "var",
  "function",
  "class",
  "interface",
  "type",
  "enum",
  "declare",
  "abstract",
  "namespace",
  "async",
]);

/** Reserved words that begin a declaration and are never part of an expression or a type. */
const RESERVED_STARTS = new Set(["export", "import", "const", "let", "var", "enum", "interface"]);

/** Tokens that cannot begin a statement: a statement goes on past a line break before them. */
const NEVER_STARTS = new Set([
  "|",
  "&",
  ".",
  "?",
  ":",
  "=",
  ",",
  "=>",
  ">",
  "&&",
  "||",
  "??",
  "==",
  "===",
  "!=",
  "!==",
  "<=",
  ">=",
  "*",
  "**",
  "%",
  "^",
  "<<",
  ">>",
  ">>>",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "&&=",
  "||=",
  "??=",
  "as",
  "satisfies",
  "extends",
  "implements",
  "from",
  "else",
  "catch",
  "finally",
  "instanceof",
  "in",
  "of",
]);

/** Punctuators after which an operand must follow: a line break after them ends nothing. */
function expectsOperand(token: Token): boolean {
  if (token.kind === "name") return OPERAND_KEYWORDS.has(token.text) || token.text === "keyof";
  if (token.kind === "template") return !token.text.endsWith("`");
  if (token.kind !== "punctuator") return false;
  return !(
    token.text === ")" ||
    token.text === "]" ||
    token.text === "}" ||
    token.text === ">" ||
    token.text === "++" ||
    token.text === "--"
  );
}

function isNamed(token: Token | undefined, ...names: string[]): boolean {
  return token !== undefined && token.kind === "name" && names.includes(token.text);
}

function isPunctuator(token: Token | undefined, text: string): boolean {
  return token !== undefined && token.kind === "punctuator" && token.text === text;
}

/**
 * How a statement may end. A "flat" one (a type alias, a variable, an import, an export list)
 * has no body: a `}` in it closes a literal, and it ends only at `;`, a line break or the end of
 * the file. A "body" one (a function, class, interface, enum or namespace) ends at the `}` of its
 * body. Anything else (an expression statement, `if`, `for`...) gets the cautious rules only.
 */
type Head = "flat" | "body" | "function" | "other";

const BODY_DECLARATIONS = new Set(["class", "interface", "enum", "namespace", "module"]);
const HEAD_MODIFIERS = new Set(["export", "declare", "default", "async", "abstract"]);

function headOf(tokens: readonly Token[], first: number): Head {
  let index = first;
  while (
    isNamed(tokens[index], ...HEAD_MODIFIERS) &&
    tokens[index + 1] !== undefined &&
    tokens[index + 1]!.kind === "name"
  ) {
    index++;
  }
  const [keyword, next, after] = [tokens[index], tokens[index + 1], tokens[index + 2]];
  // `export { a }`, `export * from "x"`: lists, without a body.
  if (isNamed(keyword, "export") && (isPunctuator(next, "{") || isPunctuator(next, "*"))) {
    return "flat";
  }
  if (keyword?.kind !== "name") return "other";
  if (isNamed(keyword, "function")) return "function";
  if (isNamed(keyword, "const") && isNamed(next, "enum")) return "body";
  if (BODY_DECLARATIONS.has(keyword.text) && next?.kind === "name") return "body";
  if (
    isNamed(keyword, "type") &&
    next?.kind === "name" &&
    (isPunctuator(after, "=") || isPunctuator(after, "<"))
  ) {
    return "flat";
  }
  if (
    isNamed(keyword, "const", "let", "var") &&
    (next?.kind === "name" || isPunctuator(next, "{") || isPunctuator(next, "["))
  ) {
    return "flat";
  }
  return "other";
}

/** Whether `next` begins a new statement after `previous`, both at the top level. */
function endsBefore(
  head: Head,
  previous: Token,
  next: Token,
  following: Token | undefined,
): boolean {
  // `import(...)` and `import.meta` are expressions; any other `import` begins a declaration.
  const declaration =
    next.kind === "name" &&
    DECLARATION_STARTS.has(next.text) &&
    !(next.text === "import" && (isPunctuator(following, "(") || isPunctuator(following, ".")));
  const continues = NEVER_STARTS.has(next.text) && next.kind !== "string";
  if (isPunctuator(previous, "}")) {
    if (!next.afterLineBreak) {
      // Without a line break, only a body's `}` ends a statement.
      if (head === "flat" || continues) return false;
      // `function f(): { a: 1 } {`: a return type, then the body.
      if (head === "function" && isPunctuator(next, "{")) return false;
      // `class A {};`: the `;` is a statement of its own. (`function f(): { a: 1 };` is not.)
      if (head === "body" && isPunctuator(next, ";")) return true;
      if (head === "other" && isPunctuator(next, ";")) return false;
      throw new Unsure(`${next.text} after } on one line`);
    }
    if (declaration) return true;
    if (continues) return false;
    if (isPunctuator(next, ";")) {
      if (head === "flat") return false;
      if (head === "body") return true;
      throw new Unsure("; after } on the next line");
    }
    // A name cannot follow a literal's `}` without an operator, so the line break ends it.
    if (
      head === "flat" &&
      (next.kind === "name" || next.kind === "string" || next.kind === "number")
    ) {
      return true;
    }
    if ((head === "body" || head === "function") && !isPunctuator(next, "{")) return true;
    throw new Unsure(`} then ${next.text} on the next line`);
  }
  if (!next.afterLineBreak) return false;
  if (continues) return false;
  if (declaration && RESERVED_STARTS.has(next.text)) return true;
  if (isPunctuator(next, ";")) return false;
  if (expectsOperand(previous)) return false;
  throw new Unsure(`${previous.text} then ${next.text} on the next line`);
}

function statementsOf(tokens: readonly Token[]): TopLevelStatement[] {
  const statements: TopLevelStatement[] = [];
  let first = 0;
  let pos = 0;
  let head: Head | undefined;
  const close = (last: number): void => {
    const own = tokens.slice(first, last + 1);
    const end = tokens[last]!.end;
    statements.push({ pos, start: own[0]!.start, end, ...describe(own) });
    pos = end;
    first = last + 1;
    head = undefined;
  };
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    head ??= headOf(tokens, first);
    // After `do ... while (x)` a statement may end with no line break, where nothing else does.
    if (isNamed(tokens[first], "do")) throw new Unsure("do");
    if (token.depth > 0) continue;
    if (isPunctuator(token, ";")) {
      close(index);
      continue;
    }
    const next = tokens[index + 1];
    if (next === undefined) {
      close(index);
      break;
    }
    // A token at the top level before one inside brackets opens them: nothing ends there.
    if (next.depth > 0) continue;
    if (endsBefore(head, token, next, tokens[index + 2])) close(index);
  }
  return statements;
}

// --- What a statement is ------------------------------------------------------------------------

function describe(tokens: readonly Token[]): Omit<TopLevelStatement, "pos" | "start" | "end"> {
  const [head, second, third] = tokens;
  const top = tokens.filter((token) => token.depth === 0);
  const isImport =
    isNamed(head, "import") &&
    second !== undefined &&
    !isPunctuator(second, "(") &&
    !isPunctuator(second, ".") &&
    !isImportEquals(tokens.slice(1));
  const hasFrom = top.some(
    (token, index) => isNamed(token, "from") && top[index + 1]?.kind === "string",
  );
  const isReExport =
    isNamed(head, "export") &&
    hasFrom &&
    (isPunctuator(second, "{") ||
      isPunctuator(second, "*") ||
      (isNamed(second, "type") && (isPunctuator(third, "{") || isPunctuator(third, "*"))));
  const typesOnly =
    isTypeDeclaration(isNamed(head, "export") ? tokens.slice(1) : tokens) ||
    (isImport && isNamed(second, "type") && !isPunctuator(third, "=") && !isNamed(third, "from"));
  return { isImport, isReExport, typesOnly, exported: exportedNames(tokens) };
}

/** `type Name =` / `type Name<` (an alias) or `interface Name`. */
function isTypeDeclaration(tokens: readonly Token[]): boolean {
  const [keyword, name, after] = tokens;
  if (name?.kind !== "name") return false;
  if (isNamed(keyword, "interface")) return true;
  return isNamed(keyword, "type") && (isPunctuator(after, "=") || isPunctuator(after, "<"));
}

/** `x = ...` or `type x = ...` after `import`: TypeScript's import-equals declaration. */
function isImportEquals(rest: readonly Token[]): boolean {
  const [a, b, c] = rest;
  if (a?.kind !== "name") return false;
  if (isPunctuator(b, "=")) return true;
  return a.text === "type" && b?.kind === "name" && isPunctuator(c, "=");
}

/** Modifiers that may stand between `export` and what it exports. */
const MODIFIERS = new Set(["declare", "default", "async", "abstract", "const"]);

/** Declarations whose name follows their keyword. */
const NAMED_DECLARATIONS = new Set([
  "function",
  "class",
  "interface",
  "type",
  "enum",
  "namespace",
  "module",
]);

/** What TypeScript lists as the statement's exported names (see exportedNames in the emitter). */
function exportedNames(tokens: readonly Token[]): string[] {
  if (!isNamed(tokens[0], "export")) return [];
  let index = 1;
  const at = (offset = 0): Token | undefined => tokens[index + offset];
  if (isPunctuator(at(), "{") || (isNamed(at(), "type") && isPunctuator(at(1), "{"))) {
    if (isNamed(at(), "type")) index++;
    return exportList(tokens.slice(index + 1));
  }
  if (isPunctuator(at(), "*") || isPunctuator(at(), "=")) return [];
  if (isNamed(at(), "type") && isPunctuator(at(1), "*")) return [];
  if (isNamed(at(), "import")) {
    return at(1)?.kind === "name" && isPunctuator(at(2), "=") ? [at(1)!.text] : unsure();
  }
  // `export const enum E` is an enum; `export const x` a variable.
  let isDefault = false;
  while (
    isNamed(at(), ...MODIFIERS) &&
    !(isNamed(at(), "const") && !isNamed(at(1), "enum")) &&
    at(1)?.kind === "name"
  ) {
    if (at()!.text === "default") isDefault = true;
    index++;
  }
  const keyword = at();
  if (keyword?.kind !== "name") return isDefault ? [] : unsure();
  if (keyword.text === "const" || keyword.text === "let" || keyword.text === "var") {
    if (isDefault) return unsure();
    return variableName(tokens.slice(index + 1));
  }
  if (keyword.text === "function" || keyword.text === "class") {
    const name = isPunctuator(at(1), "*") ? at(2) : at(1);
    if (name?.kind !== "name") return [];
    // `class implements X {}`, `class extends Y {}`: a class without a name.
    if (keyword.text === "class" && (name.text === "extends" || name.text === "implements")) {
      return [];
    }
    return [name.text];
  }
  if (NAMED_DECLARATIONS.has(keyword.text)) {
    const name = at(1);
    if (name?.kind === "string") return [];
    return name?.kind === "name" ? [name.text] : unsure();
  }
  // `export default value`: an export assignment, which TypeScript lists under no name.
  return isDefault ? [] : unsure();
}

/**
 * The name a variable statement declares (tokens after `const`), when it declares one. In a type
 * annotation `<` and `>` are brackets, so a comma between them is not the next declarator's; a
 * comma anywhere else at the top level is, or may be (`f<A, B>(x)`): no answer then.
 */
function variableName(tokens: readonly Token[]): string[] {
  const [name, after] = tokens;
  if (isPunctuator(name, "{") || isPunctuator(name, "[")) {
    if (tokens.some((token) => token.depth === 0 && token.text === ",")) unsure();
    return [];
  }
  if (name?.kind !== "name") return unsure();
  let index = 1;
  if (isPunctuator(after, ":")) {
    let angles = 0;
    for (index = 2; index < tokens.length; index++) {
      const token = tokens[index]!;
      if (token.depth > 0 || token.kind !== "punctuator") continue;
      if (token.text === "<") angles++;
      else if (/^>+$/.test(token.text)) angles -= token.text.length;
      else if (angles === 0 && (token.text === "=" || token.text === ";")) break;
      else if (angles === 0 && token.text === ",") unsure();
    }
  }
  if (tokens.slice(index).some((token) => token.depth === 0 && token.text === ",")) unsure();
  return [name.text];
}

/** The exported names of `{ a, b as c, type d }` (tokens after the `{`). */
function exportList(tokens: readonly Token[]): string[] {
  const names: string[] = [];
  let element: Token[] = [];
  const finish = (): void => {
    if (element.length === 0) return;
    if (element.some((token) => token.kind !== "name")) unsure("export list element");
    const words = element.map((token) => token.text);
    // `a`, `type a`, `a as b`, `type a as b`; `type as x` and the like read two ways.
    if (words.length === 1) names.push(words[0]!);
    else if (words.length === 2 && words[0] === "type" && words[1] !== "as") names.push(words[1]!);
    else if (words.length === 3 && words[1] === "as" && words[0] !== "type") names.push(words[2]!);
    else if (words.length === 4 && words[0] === "type" && words[2] === "as") names.push(words[3]!);
    else unsure(`export list element ${words.join(" ")}`);
    element = [];
  };
  for (const token of tokens) {
    if (isPunctuator(token, "}") && token.depth === 0) {
      finish();
      return names;
    }
    if (isPunctuator(token, ",")) finish();
    else element.push(token);
  }
  return unsure();
}

function unsure(why = ""): never {
  throw new Unsure(why);
}
