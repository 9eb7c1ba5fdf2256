// Reading one member of a JSON object straight from its text.
//
// JSON.parse turns every number into a double, so an id such as 12345678901234567890 comes back as
// 12345678901234567000, and an answer carrying that would not match the request. For such ids (and
// only those: this is not on the fast path) the engine takes the id's digits from the line itself.

/**
 * The text of a top-level member's value, exactly as written, in a JSON object text that is known
 * to be valid (it has been parsed already). `undefined` when the text is not an object or has no
 * such member. As with JSON.parse, the last of duplicate members wins.
 */
export function rawMemberText(json: string, key: string): string | undefined {
  let i = skipSpace(json, 0);
  if (json.charCodeAt(i) !== OPEN_BRACE) return undefined;
  i = skipSpace(json, i + 1);
  let found: string | undefined;
  while (json.charCodeAt(i) === QUOTE) {
    const nameEnd = endOfString(json, i);
    const quotedName = json.slice(i, nameEnd);
    // Names are compared after unescaping, as JSON.parse would ("\u0069d" is "id").
    const name =
      quotedName.indexOf("\\") === -1
        ? quotedName.slice(1, -1)
        : (JSON.parse(quotedName) as string);
    i = skipSpace(json, skipSpace(json, nameEnd) + 1); // past the colon
    const valueEnd = endOfValue(json, i);
    if (name === key) found = json.slice(i, valueEnd);
    i = skipSpace(json, valueEnd);
    if (json.charCodeAt(i) !== COMMA) break;
    i = skipSpace(json, i + 1);
  }
  return found;
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

function skipSpace(json: string, i: number): number {
  while (i < json.length && isSpace(json.charCodeAt(i))) i++;
  return i;
}

/** Given the index of an opening quote, the index just past the closing one. */
function endOfString(json: string, i: number): number {
  for (i++; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return i;
}

/** Given the index where a value starts, the index just past its end. */
function endOfValue(json: string, i: number): number {
  const first = json.charCodeAt(i);
  if (first === QUOTE) return endOfString(json, i);
  if (first === OPEN_BRACE || first === OPEN_BRACKET) {
    let depth = 0;
    while (i < json.length) {
      const c = json.charCodeAt(i);
      if (c === QUOTE) {
        i = endOfString(json, i);
        continue;
      }
      if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    return i;
  }
  // A number or a literal (true, false, null): it runs until a delimiter.
  while (i < json.length) {
    const c = json.charCodeAt(i);
    if (c === COMMA || c === CLOSE_BRACE || c === CLOSE_BRACKET || isSpace(c)) break;
    i++;
  }
  return i;
}
