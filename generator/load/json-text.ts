// Parses JSON text and, when it is not valid, says where: V8's own messages do not always give a
// position, so on failure a small scanner walks the text to find the first offending character.
import { InputError } from "../core/diagnostics.js";

export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const failure = findSyntaxError(text);
    const { line, column } = lineAndColumn(text, failure.offset);
    throw new InputError([{ file, line, column, message: `invalid JSON: ${failure.message}` }]);
  }
}

interface SyntaxFailure {
  offset: number;
  message: string;
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

/** Recursive-descent check of JSON syntax; used only after JSON.parse failed. */
function findSyntaxError(text: string): SyntaxFailure {
  let at = 0;
  const fail = (message: string): never => {
    throw { offset: at, message } satisfies SyntaxFailure;
  };
  const describe = (): string => (at >= text.length ? "end of input" : `'${text[at]}'`);
  const skipSpace = (): void => {
    while (at < text.length && " \t\n\r".includes(text[at]!)) at++;
  };
  const expectWord = (word: string): void => {
    if (text.startsWith(word, at)) at += word.length;
    else fail(`unexpected ${describe()}`);
  };
  const parseString = (): void => {
    at++; // opening quote
    while (at < text.length) {
      const c = text[at]!;
      if (c === '"') {
        at++;
        return;
      }
      if (c === "\\") {
        const next = text[at + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(at + 2, at + 6)))
            fail("invalid \\u escape in string");
          at += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) at += 2;
        else fail("invalid escape in string");
      } else if (c.charCodeAt(0) < 0x20) fail("control character in string (escape it)");
      else at++;
    }
    fail("unterminated string");
  };
  const parseNumber = (): void => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(at));
    if (!match) fail(`unexpected ${describe()}`);
    at += match![0].length;
  };
  const parseValue = (): void => {
    skipSpace();
    const c = text[at];
    if (c === "{") {
      at++;
      skipSpace();
      if (text[at] === "}") {
        at++;
        return;
      }
      for (;;) {
        skipSpace();
        if (text[at] !== '"')
          fail(`expected a property name in double quotes, found ${describe()}`);
        parseString();
        skipSpace();
        if (text[at] !== ":") fail(`expected ':' after the property name, found ${describe()}`);
        at++;
        parseValue();
        skipSpace();
        if (text[at] === ",") {
          at++;
          continue;
        }
        if (text[at] === "}") {
          at++;
          return;
        }
        fail(`expected ',' or '}' in object, found ${describe()}`);
      }
    }
    if (c === "[") {
      at++;
      skipSpace();
      if (text[at] === "]") {
        at++;
        return;
      }
      for (;;) {
        parseValue();
        skipSpace();
        if (text[at] === ",") {
          at++;
          continue;
        }
        if (text[at] === "]") {
          at++;
          return;
        }
        fail(`expected ',' or ']' in array, found ${describe()}`);
      }
    }
    if (c === '"') return parseString();
    if (c === "t") return expectWord("true");
    if (c === "f") return expectWord("false");
    if (c === "n") return expectWord("null");
    if (c === "-" || (c !== undefined && c >= "0" && c <= "9")) return parseNumber();
    fail(`unexpected ${describe()}`);
  };
  try {
    parseValue();
    skipSpace();
    if (at < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
  } catch (failure) {
    if (typeof failure === "object" && failure !== null && "offset" in failure)
      return failure as SyntaxFailure;
    throw failure;
  }
  return { offset: 0, message: "not valid JSON" };
}
