// Lays out printed code the way the formatter (prettier, printWidth 100, as generator/format sets
// it up) would, for the few statement shapes the validator printer writes, so that its module
// need not go through the formatter at all. A printer writes each statement on one line, with
// markers where a too-long line may break: after an `if`'s condition (`CLAUSE`), after each
// operator of a condition's `&&`/`||` chain (`OPERAND`), before the `?` and `:` of a returned
// conditional (`BRANCH`), around and between the arguments of a call or the items of an array
// (`call`, `list`). A statement this module cannot lay out exactly as the formatter would (a line
// too long for every rule here, text whose width it cannot measure) is written on one line and
// reported, and only the statements that hold one go through the formatter. Every rule is
// checked against prettier itself (test/layout/preformatted.test.ts).
// Markers are control characters: printed string literals never hold them raw (their printer
// escapes every control character), so a marker is always the printer's own.

/** Between an `if (…)` and the statement it guards. */
export const CLAUSE = "\u0001";
/** After each operator of a logical chain in a condition (`a &&${OPERAND} b`). */
export const OPERAND = "\u0002";
/** Before the `?` and the `:` of a conditional expression in a `return`. */
export const BRANCH = "\u0003";
/** Where the arguments of a call (or the items of an array) begin, are separated, and end. */
const OPEN = "\u0004";
const NEXT = "\u0005";
const CLOSE = "\u0006";

const MARKERS = /[\u0001-\u0006]/;

/** The formatter's line width. */
export const PRINT_WIDTH = 100;
const INDENT = "  ";

/** `a || b || c`, breakable after each operator (inside an `if`'s parentheses). */
export function chain(operands: readonly string[], operator: "&&" | "||"): string {
  return operands.join(` ${operator} ${OPERAND}`);
}

/** `return test ? yes : no;`, breakable before `?` and `:`. */
export function returnChoice(test: string, yes: string, no: string): string {
  return `return ${test} ${BRANCH}? ${yes} ${BRANCH}: ${no};`;
}

/** `callee(a, b)`, breakable between its arguments. */
export function call(callee: string, args: readonly string[]): string {
  return `${callee}(${OPEN}${args.join(NEXT)}${CLOSE})`;
}

/** `[a, b]`, breakable between its items. */
export function list(items: readonly string[]): string {
  return `[${OPEN}${items.join(NEXT)}${CLOSE}]`;
}

/** A statement's text on one line: the markers removed. */
export function flat(text: string): string {
  return text.replace(/[\u0001-\u0006]/g, (marker) => (marker === NEXT ? ", " : ""));
}

/**
 * A string literal printed with double quotes (by `stringLiteral`) in the quotes the formatter
 * prefers: double, unless the text holds more double quotes than single ones. Escapes are kept
 * as they are, but for the quotes themselves.
 */
export function preferredQuotes(literal: string): string {
  const content = literal.slice(1, -1);
  let doubles = 0;
  let singles = 0;
  for (let i = 0; i < content.length; i++) {
    const c = content.charCodeAt(i);
    if (c === 0x22) doubles++;
    else if (c === 0x27) singles++;
  }
  if (doubles <= singles) return literal;
  const swapped = content.replace(/\\(.)|(["'])/gs, (match, escaped?: string, quote?: string) => {
    if (escaped === '"') return '"';
    if (quote === "'") return "\\'";
    if (quote === '"') return '"';
    return match;
  });
  return `'${swapped}'`;
}

/**
 * Columns a line takes as the formatter counts them, or `undefined` when it holds characters
 * whose width this module does not know (wide East Asian characters and emoji count two columns
 * for the formatter, combining marks and controls none): a line of those is left to it.
 */
export function width(line: string): number | undefined {
  if (/^[\x20-\x7e]*$/.test(line)) return line.length;
  // Latin, Greek, Cyrillic, general punctuation, arrows and mathematical operators: one column
  // each. Anything else is not measured.
  if (
    /^[\x20-\x7e\u00a0-\u02ff\u0370-\u03ff\u0400-\u04ff\u2010-\u2027\u2030-\u205e\u2190-\u22ff]*$/.test(
      line,
    )
  )
    return line.length;
  return undefined;
}

/** Whether a line's width is known and within the formatter's. */
export function fits(line: string): boolean {
  const columns = width(line);
  return columns !== undefined && columns <= PRINT_WIDTH;
}

export interface LaidOut {
  readonly lines: string[];
  /** Whether every line is where the formatter would put it. */
  readonly exact: boolean;
}

interface Block {
  readonly kind: "block" | "switch" | "case";
  /** The indentation level of the line that opened it. */
  readonly level: number;
}

/**
 * Indents and breaks the statements of a function body (or any statement list at `level`): one
 * statement, block opener (`… {`), block end (`}`), `case …:` or `default:` label per entry, and a
 * `{` right after a label opens that case's block, as the formatter writes it (`case "a": {`).
 */
export function layoutStatements(statements: readonly string[], level: number): LaidOut {
  const lines: string[] = [];
  let exact = true;
  const open: Block[] = [];
  let afterLabel = false;
  for (const raw of statements) {
    const statement = raw.trim().replace(/^\u0001/, "");
    const top = open[open.length - 1];
    if (statement === "}") {
      open.pop();
      lines.push(INDENT.repeat(top?.level ?? level) + "}");
      afterLabel = false;
      continue;
    }
    if (top?.kind === "switch" && (statement.startsWith("case ") || statement === "default:")) {
      const line = INDENT.repeat(top.level + 1) + flat(statement);
      if (!fits(line)) exact = false;
      lines.push(line);
      afterLabel = true;
      continue;
    }
    if (statement === "{" && afterLabel && top !== undefined) {
      lines[lines.length - 1] += " {";
      if (!fits(lines[lines.length - 1]!)) exact = false;
      open.push({ kind: "case", level: top.level + 1 });
      afterLabel = false;
      continue;
    }
    afterLabel = false;
    const at = top === undefined ? level : top.kind === "switch" ? top.level + 2 : top.level + 1;
    const broken = breakStatement(statement, at);
    if (broken === undefined) {
      exact = false;
      lines.push(INDENT.repeat(at) + flat(statement));
    } else {
      lines.push(...broken);
    }
    if (statement.endsWith("{"))
      open.push({ kind: statement.startsWith("switch (") ? "switch" : "block", level: at });
  }
  return { lines, exact };
}

/**
 * The lines of one statement at `level`: on one line when it fits, else broken as the formatter
 * breaks it; `undefined` when no rule here gives a layout that fits.
 */
function breakStatement(statement: string, level: number): string[] | undefined {
  const indent = INDENT.repeat(level);
  const one = indent + flat(statement);
  if (fits(one)) return [one];
  const clause = statement.indexOf(CLAUSE);
  if (clause !== -1) {
    // `if (test) consequent`: the consequent moves to the next line, one level in; when the
    // condition alone does not fit either, each operand of its chain takes a line of its own.
    const condition = statement.slice(0, clause).trimEnd();
    const consequent = breakStatement(statement.slice(clause + 1), level + 1);
    if (consequent === undefined) return undefined;
    const head = indent + flat(condition);
    if (fits(head)) return [head, ...consequent];
    if (!condition.startsWith("if (") || !condition.endsWith(")")) return undefined;
    const operands = condition.slice(4, -1).split(OPERAND);
    if (operands.length < 2) return undefined;
    const inner = INDENT.repeat(level + 1);
    const operandLines = operands.map((operand) => inner + flat(operand).trimEnd());
    if (!operandLines.every(fits)) return undefined;
    return [indent + "if (", ...operandLines, indent + ")", ...consequent];
  }
  if (statement.startsWith("return ") && !statement.includes(BRANCH)) {
    const guard = / === undefined;$/.exec(statement);
    if (guard !== null && !statement.includes(OPEN)) {
      // A comparison returned: in parentheses, on a line of its own.
      const inner = INDENT.repeat(level + 1) + statement.slice("return ".length, -1);
      return fits(inner) ? [indent + "return (", inner, indent + ");"] : undefined;
    }
    return breakCall(indent, "return ", statement.slice("return ".length, -1), ";", level);
  }
  if (READ_MEMBER.test(statement)) {
    // A property read: the formatter breaks after the `=`.
    const equals = statement.indexOf(" = ");
    const value = INDENT.repeat(level + 1) + statement.slice(equals + 3);
    return fits(value) ? [indent + statement.slice(0, equals + 2), value] : undefined;
  }
  const assigned = /^const [A-Za-z_$][A-Za-z0-9_$]* = /.exec(statement);
  if (assigned !== null && statement.endsWith(";"))
    return breakCall(indent, assigned[0], statement.slice(assigned[0].length, -1), ";", level);
  if (statement.startsWith("return ") && statement.includes(BRANCH)) {
    const [test, yes, no, ...rest] = statement.split(BRANCH);
    if (rest.length > 0 || yes === undefined || no === undefined) return undefined;
    const inner = INDENT.repeat(level + 1);
    const parts = [indent + flat(test!).trimEnd(), inner + flat(yes).trimEnd(), inner + flat(no)];
    return parts.every(fits) ? parts : undefined;
  }
  return undefined;
}

/** `const name = object.name;` or `const name = object["name"];` (a printed string literal). */
const READ_MEMBER =
  /^const [A-Za-z_$][\w$]* = [A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*|\[("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\]);$/;

/**
 * `prefix` and a call (or array) `expression` and `suffix`, at `level`: on one line when they
 * fit, else the arguments one a line, one level in, each broken the same way if it does not fit,
 * with a trailing comma. `undefined` when `expression` is not a call or when a line does not fit.
 */
function breakCall(
  indent: string,
  prefix: string,
  expression: string,
  suffix: string,
  level: number,
): string[] | undefined {
  const one = indent + prefix + flat(expression) + suffix;
  if (fits(one)) return [one];
  const open = expression.indexOf(OPEN);
  if (open === -1) return undefined;
  // The arguments: split at the separators of this call, not of the calls inside it.
  const args: string[] = [];
  let depth = 0;
  let start = open + 1;
  let close = -1;
  for (let i = open + 1; i < expression.length && close === -1; i++) {
    const c = expression[i];
    if (c === OPEN) depth++;
    else if (c === CLOSE) {
      if (depth === 0) close = i;
      else depth--;
    } else if (c === NEXT && depth === 0) {
      args.push(expression.slice(start, i));
      start = i + 1;
    }
  }
  // Only a call (or array) that is the whole expression: `callee(…)` or `[…]`.
  if (close === -1 || close !== expression.length - 2) return undefined;
  args.push(expression.slice(start, close));
  const head = indent + prefix + expression.slice(0, open);
  if (MARKERS.test(head) || !fits(head)) return undefined;
  const lines = [head];
  const inner = INDENT.repeat(level + 1);
  for (const arg of args) {
    // A name or a literal cannot break: when it does not fit, it stands on its line as it is.
    if (ATOM.test(arg)) {
      if (width(inner + arg + ",") === undefined) return undefined;
      lines.push(inner + arg + ",");
      continue;
    }
    const broken = breakCall(inner, "", arg, ",", level + 1);
    if (broken === undefined) return undefined;
    lines.push(...broken);
  }
  lines.push(indent + expression.slice(close + 1) + suffix);
  return lines;
}

/** An identifier, a number, or a printed string literal: nothing the formatter can break. */
const ATOM = /^([A-Za-z_$][\w$]*|-?[0-9][0-9.e+-]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')$/;

/**
 * A function's first line: on one line when it fits, else with its one parameter on a line of
 * its own (`start(` / `  params,` / `)end`), as the formatter breaks a signature.
 */
export function functionHead(start: string, params: string, end: string): string {
  const one = `${start}(${params})${end}`;
  if (fits(one)) return one;
  return `${start}(\n${INDENT}${params},\n)${end}`;
}

/**
 * `import { a, b } from "module";` as the formatter writes it: on one line when it fits, else one
 * name a line.
 */
export function importStatement(names: readonly string[], from: string): string {
  const one = `import { ${names.join(", ")} } from ${from};`;
  if (fits(one)) return one;
  return `import {\n${names.map((name) => `${INDENT}${name},\n`).join("")}} from ${from};`;
}

/** Whether every line fits the width, comments aside (the formatter never breaks a comment). */
export function fitsLines(lines: readonly string[]): boolean {
  return lines.every((text) =>
    text.split("\n").every((line) => {
      const start = line.trimStart();
      return start.startsWith("//") || start.startsWith("/*") || fits(line);
    }),
  );
}
