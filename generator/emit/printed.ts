// The one way text from a schema or catalog reaches generated files. Every value a template
// prints is a `Printed`: text made safe for the one place it stands (a string literal, a
// comment, an identifier, a number, a JSON value, Markdown). Templates cannot print anything
// else: `templates.ts` refuses to render a view that holds a raw string or number, so a new
// template field that skips the printers fails the first run that renders it, loudly, instead
// of letting input text become code.
import type { JsonScalar } from "../core/ir.js";
import { isPortableIdentifier } from "../model/naming.js";

const token = Symbol("printed");

/** Text that a printer made safe for its place in a generated file. */
export class Printed {
  readonly text: string;

  /** Only the printers below create these: the token is private to this module. */
  constructor(text: string, secret: symbol) {
    if (secret !== token) throw new Error("Printed values come from the printers in printed.ts");
    this.text = text;
  }

  toString(): string {
    return this.text;
  }
}

/**
 * Every printer but those of whole comments and of generated code keeps to one line with no
 * `*\/` in it: such a value is safe not only where it belongs but also inside any comment a
 * template may put it in. A printer that broke this rule fails here, loudly.
 */
function printed(text: string): Printed {
  if (LINE_BREAK_OR_COMMENT_END.test(text))
    throw new Error(`a printed value holds a line break or */: ${JSON.stringify(text)}`);
  return new Printed(text, token);
}

const LINE_BREAK_OR_COMMENT_END = /[\r\n\u2028\u2029]|\*\//;

/** Whole comments and generated code: many lines, and their own comment ends. */
function printedBlock(text: string): Printed {
  return new Printed(text, token);
}

/** Lone surrogates cannot be written as UTF-8; they are shown as U+FFFD wherever text is kept. */
function wellFormed(text: string): string {
  return text.replace(
    /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g,
    "\uFFFD",
  );
}

/** The text on one line, controls shown, and `*\/` broken up so that no comment ends in it. */
function oneLine(text: string): string {
  return visibleControls(wellFormed(text).split(LINE_TERMINATORS).join(" ")).replace(
    /\*\//g,
    "*\\/",
  );
}

/** Line terminators as ECMAScript counts them: each one ends a `//` comment. */
const LINE_TERMINATORS = /\r\n|[\r\n\u2028\u2029]/;

/**
 * Control characters (other than tab and the line terminators handled by each printer) are
 * shown as `\uXXXX`, so that a comment never carries a NUL, an escape sequence or a BOM.
 */
function visibleControls(text: string): string {
  return text.replace(
    /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFEFF\u200B-\u200F\u202A-\u202E\u2066-\u2069]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * A double-quoted string literal, valid in TypeScript, JavaScript and JSON, and harmless even
 * where a template puts it inside a comment: it holds no line break of any kind, no `*\/` and
 * no `<!--` or `-->` (each written with an escape that reads back as the same text).
 */
export function stringLiteral(value: string): Printed {
  // JSON.stringify escapes quotes, backslashes, controls and lone surrogates (and never writes
  // an escape that ends in `*` or `<`); U+2028 and U+2029 are legal in a literal but are
  // escaped too, so that no tool reads them as line breaks.
  return printed(
    JSON.stringify(value)
      .replace(/\u2028/g, "\\u2028")
      .replace(/\u2029/g, "\\u2029")
      .replace(/\*\//g, "*\\/")
      .replace(/<!--/g, "\\u003c!--")
      .replace(/-->/g, "--\\u003e"),
  );
}

/** A numeric literal. Only finite numbers have one; the loader refuses the others. */
export function numericLiteral(value: number): Printed {
  if (!Number.isFinite(value)) throw new Error(`no numeric literal for ${value}`);
  if (Object.is(value, -0)) return printed("0");
  // Integers past 2^53 print in exponent form, which does not pretend to digits it lacks.
  return printed(
    Number.isSafeInteger(value) || !Number.isInteger(value) ? String(value) : value.toExponential(),
  );
}

/** A JSON scalar as a TypeScript literal (also a literal type). */
export function scalarLiteral(value: JsonScalar): Printed {
  if (typeof value === "string") return stringLiteral(value);
  if (typeof value === "number") return numericLiteral(value);
  return printed(String(value));
}

/** Any JSON value as JSON text (for package.json, and JSON literals in code). */
export function jsonText(value: unknown, indent?: number): Printed {
  const text = JSON.stringify(value, null, indent);
  if (text === undefined) throw new Error("no JSON text for undefined");
  const escaped = text
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029")
    .replace(/\*\//g, "*\\/");
  return indent === undefined ? printed(escaped) : printedBlock(escaped);
}

/**
 * A name the model made (from `naming.ts`, which also keeps bindings clear of reserved words)
 * or the generator's own. Anything else here is a bug
 * in the generator, not in its input, so it throws rather than reporting an input error.
 */
export function identifier(name: string): Printed {
  if (!isPortableIdentifier(name)) throw new Error(`not an identifier: ${JSON.stringify(name)}`);
  return printed(name);
}

/** Text for a `//` comment: one line, whatever the input holds. */
export function lineCommentText(text: string): Printed {
  return printed(oneLine(text));
}

/**
 * Lines of text for the inside of a block comment (`/* ... *\/`), each free of line terminators,
 * with `*\/` broken so that it cannot close the comment.
 */
export function blockCommentLines(text: string): string[] {
  return wellFormed(text)
    .split(LINE_TERMINATORS)
    .map((line) => visibleControls(line).replace(/\*\//g, "*\\/"));
}

/** A complete block comment the JSDoc printer made from escaped lines (`jsdoc.ts`). */
export function blockComment(text: string): Printed {
  if (!text.startsWith("/*") || text.indexOf("*/") !== text.length - (text.endsWith("\n") ? 3 : 2))
    throw new Error("a block comment must be closed exactly once, at its end");
  return printedBlock(text);
}

/**
 * Markdown prose inside a line (a list item, after other words): the text stays Markdown, as
 * schema descriptions are written, but on one line and with HTML disarmed (`<`, `>` and `&`
 * are shown as themselves), so that it can neither start a block nor carry markup.
 */
export function markdownText(text: string): Printed {
  return printed(oneLine(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"));
}

/** Markdown prose that starts a line: as `markdownText`, and a leading block marker escaped. */
export function markdownParagraph(text: string): Printed {
  const line = markdownText(text).text;
  return printed(/^\s*([#+=*>|-]|\d+[.)]|```|~~~)/.test(line) ? `\\${line.trimStart()}` : line);
}

/**
 * Text inside an HTML comment, between other words of the comment: one line, with no `--`
 * (which every way of ending or nesting a comment needs).
 */
export function htmlCommentText(text: string): Printed {
  const line = oneLine(text);
  return printed(line.replace(/-(?=-)/g, "- "));
}

/** Markdown code span text: shown literally between backticks. */
export function markdownCode(text: string): Printed {
  const line = oneLine(text);
  // A code span is delimited by a run of backticks longer than any run inside it.
  const longest = Math.max(0, ...[...line.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  const pad = line.startsWith("`") || line.endsWith("`") || line === "" ? " " : "";
  return printed(`${fence}${pad}${line}${pad}${fence}`);
}

/**
 * Code that the generator itself wrote from printed parts: literal text in the template
 * string, and nothing but `Printed` values (or lists of them) between. A raw string in a
 * `${}` throws.
 */
export function code(
  strings: TemplateStringsArray,
  ...values: (Printed | readonly Printed[])[]
): Printed {
  let text = strings[0]!;
  values.forEach((value, index) => {
    const parts = Array.isArray(value) ? value : [value];
    for (const part of parts) {
      if (!(part instanceof Printed))
        throw new Error(`code\`\`: value ${index} is not printed: ${typeof part}`);
    }
    text += parts.map((part) => part.text).join(", ") + strings[index + 1]!;
  });
  return printed(text);
}

/**
 * Source text the generator produced through its own printers (the validator printer, the
 * type printer over ts-morph). Each use is a place where every piece of input text was already
 * printed above; keep these few and say so beside each one.
 */
export function generatedCode(text: string): Printed {
  return printedBlock(text);
}
