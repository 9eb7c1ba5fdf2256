// Parses JSON text strictly, and says where it is wrong. `JSON.parse` accepts what a schema must
// not hold (a key given twice, where only the last counts; a number too large for a double,
// which becomes Infinity) and its messages do not always give a position, so a scanner walks
// the text as well: it finds the first syntax error, and every duplicate key, number out of
// range and nesting past the limit, each with its JSON pointer and line and column.
import { childPointer, InputError, type Diagnostic } from "../core/diagnostics.js";

/** Deeper than this, a document is refused: every later stage may recurse once per level. */
export const MAX_NESTING = 256;
const MAX_REPORTED = 100;

export function parseJsonText(text: string, file: string): unknown {
  let value: unknown;
  let parsed = true;
  try {
    value = JSON.parse(text);
  } catch {
    parsed = false;
  }
  const scanner = new JsonScanner(text, file);
  const problems = scanner.scan();
  if (problems.length > 0) throw new InputError(problems);
  // The scanner accepts exactly what JSON.parse does; if they ever disagree, say so plainly.
  if (!parsed) throw new InputError([{ file, message: "invalid JSON" }]);
  return value;
}

interface SyntaxFailure {
  readonly offset: number;
  readonly message: string;
}

class JsonScanner {
  private at = 0;
  private readonly problems: Diagnostic[] = [];

  constructor(
    private readonly text: string,
    private readonly file: string,
  ) {}

  /** Every problem found; a syntax error ends the scan (nothing after it can be placed). */
  scan(): Diagnostic[] {
    try {
      this.value("", 0);
      this.skipSpace();
      if (this.at < this.text.length)
        this.fail(`unexpected ${this.describe()} after the end of the JSON value`);
    } catch (failure) {
      if (!isSyntaxFailure(failure)) throw failure;
      this.report(failure.offset, undefined, `invalid JSON: ${failure.message}`);
    }
    return this.problems;
  }

  private report(offset: number, pointer: string | undefined, message: string): void {
    // A file with thousands of duplicates says enough with the first hundred.
    if (this.problems.length >= MAX_REPORTED) return;
    const { line, column } = lineAndColumn(this.text, offset);
    this.problems.push({
      file: this.file,
      line,
      column,
      message: pointer === undefined ? message : `${message} (at ${pointer || "the root"})`,
    });
  }

  private fail(message: string): never {
    throw { offset: this.at, message } satisfies SyntaxFailure;
  }

  private describe(): string {
    return this.at >= this.text.length ? "end of input" : `'${this.text[this.at]}'`;
  }

  private skipSpace(): void {
    const { text } = this;
    while (this.at < text.length) {
      const c = text.charCodeAt(this.at);
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return;
      this.at++;
    }
  }

  private value(pointer: string, depth: number): void {
    this.skipSpace();
    const c = this.text[this.at];
    if (c === "{" || c === "[") {
      if (depth >= MAX_NESTING) {
        this.report(this.at, pointer, `nested more than ${MAX_NESTING} levels deep`);
        throw { offset: this.at, message: "stopped at the nesting limit" } satisfies SyntaxFailure;
      }
      return c === "{" ? this.object(pointer, depth + 1) : this.array(pointer, depth + 1);
    }
    if (c === '"') return void this.string();
    if (c === "t") return this.word("true");
    if (c === "f") return this.word("false");
    if (c === "n") return this.word("null");
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return this.number(pointer);
    this.fail(`unexpected ${this.describe()}`);
  }

  private object(pointer: string, depth: number): void {
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === "}") {
      this.at++;
      return;
    }
    const keys = new Set<string>();
    for (;;) {
      this.skipSpace();
      if (this.text[this.at] !== '"')
        this.fail(`expected a property name in double quotes, found ${this.describe()}`);
      const keyOffset = this.at;
      const key = this.string();
      const child = childPointer(pointer, key);
      if (keys.has(key))
        this.report(keyOffset, child, `duplicate key ${JSON.stringify(key)}: only one is allowed`);
      keys.add(key);
      this.skipSpace();
      if (this.text[this.at] !== ":")
        this.fail(`expected ':' after the property name, found ${this.describe()}`);
      this.at++;
      this.value(child, depth);
      this.skipSpace();
      if (this.text[this.at] === ",") {
        this.at++;
        continue;
      }
      if (this.text[this.at] === "}") {
        this.at++;
        return;
      }
      this.fail(`expected ',' or '}' in object, found ${this.describe()}`);
    }
  }

  private array(pointer: string, depth: number): void {
    this.at++;
    this.skipSpace();
    if (this.text[this.at] === "]") {
      this.at++;
      return;
    }
    for (let index = 0; ; index++) {
      this.value(childPointer(pointer, index), depth);
      this.skipSpace();
      if (this.text[this.at] === ",") {
        this.at++;
        continue;
      }
      if (this.text[this.at] === "]") {
        this.at++;
        return;
      }
      this.fail(`expected ',' or ']' in array, found ${this.describe()}`);
    }
  }

  /** Scans a string and returns its value (needed for keys only, so escapes are decoded lazily). */
  private string(): string {
    const { text } = this;
    const start = ++this.at;
    let simple = true;
    while (this.at < text.length) {
      const c = text.charCodeAt(this.at);
      if (c === 0x22) {
        const raw = text.slice(start, this.at);
        this.at++;
        return simple ? raw : (JSON.parse(`"${raw}"`) as string);
      }
      if (c === 0x5c) {
        simple = false;
        const next = text[this.at + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(this.at + 2, this.at + 6)))
            this.fail("invalid \\u escape in string");
          this.at += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) this.at += 2;
        else this.fail("invalid escape in string");
      } else if (c < 0x20) this.fail("control character in string (escape it)");
      else this.at++;
    }
    return this.fail("unterminated string");
  }

  private word(word: string): void {
    if (this.text.startsWith(word, this.at)) this.at += word.length;
    else this.fail(`unexpected ${this.describe()}`);
  }

  private number(pointer: string): void {
    const match = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
    match.lastIndex = this.at;
    const found = match.exec(this.text);
    if (!found) this.fail(`unexpected ${this.describe()}`);
    if (!Number.isFinite(Number(found![0])))
      this.report(this.at, pointer, `number ${found![0]} is too large for a double`);
    this.at += found![0].length;
  }
}

function isSyntaxFailure(value: unknown): value is SyntaxFailure {
  return typeof value === "object" && value !== null && "offset" in value && "message" in value;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
