// The contract between generated validators and the connection engine.
//
// A validator answers one question: is this value of the expected shape? It returns `undefined`
// when it is (the common case, so no object is allocated) and otherwise the FIRST problem found,
// which is enough to write a useful error message without walking the whole value. Validators of
// recursive definitions go through `nested`, which bounds their depth and memoizes them.

/** The first problem a validator found, located by a JSONPath-like path such as `$.input.records[0]`. */
export interface ValidationIssue {
  /** Where the problem is: `$` is the value itself, then `.name`, `["odd-name"]` or `[3]` steps. */
  readonly path: string;
  /** What the schema wanted there, in a few words: `integer`, `object`, `"flow" | "data"`. */
  readonly expected: string;
  /** What was found there, as told by {@link describeValue}: `string`, `null`, `integer 3`. */
  readonly received: string;
}

/** A validator: `undefined` when the value is valid, else the first issue found. */
export type Validate = (value: unknown) => ValidationIssue | undefined;

/**
 * The issue for a value that is wrong right here (at `$`, parents prefix their own path steps),
 * or at `path` when the caller knows the whole path already (generated validators do, for a value
 * reached through property names only).
 */
export function issueAt(expected: string, value: unknown, path = "$"): ValidationIssue {
  return { path, expected, received: describeValue(value) };
}

/** How much of a string an issue quotes. */
const QUOTED_CHARACTERS = 40;

/**
 * The issue for a string of the wrong content (too short, too long, not matching a pattern):
 * it quotes the string, cut to 40 characters, with its length when cut, so that the message
 * says what was sent without echoing a large value.
 */
export function textIssueAt(expected: string, value: string, path = "$"): ValidationIssue {
  const characters = [...value];
  const shown =
    characters.length > QUOTED_CHARACTERS
      ? JSON.stringify(characters.slice(0, QUOTED_CHARACTERS).join("")).slice(0, -1) +
        '…" (' +
        String(characters.length) +
        " characters)"
      : JSON.stringify(value);
  return { path, expected, received: "string " + shown };
}

/** The issue for a required property that is absent. */
export function missingProperty(name: string, expected: string): ValidationIssue {
  return { path: "$" + pathStep(name), expected, received: "nothing" };
}

/** The issue for a required property that is absent, by its whole path (`$.input.name`). */
export function missingAt(path: string, expected: string): ValidationIssue {
  return { path, expected, received: "nothing" };
}

/**
 * The issue for a required property, by its whole path, when its value fails the first test of
 * its type: absent (`undefined`) or found but of the wrong type. Generated validators test an
 * absent property and a wrong one with the same test (`typeof name !== "string"` is true for
 * both) where the type's description is what either issue expects.
 */
export function propertyIssueAt(expected: string, value: unknown, path: string): ValidationIssue {
  return value === undefined
    ? { path, expected, received: "nothing" }
    : issueAt(expected, value, path);
}

/**
 * How many of the integers from 0 up have their description kept once made. Building the text
 * (a number turned into digits, then joined to "integer ") is most of what reporting a wrong
 * value costs; small integers (counts, codes, ids, 0 and 1 for booleans) are the numbers most
 * often found where something else was expected.
 */
const SMALL_INTEGERS = 1024;
// Filled on first use; allocated whole so that the array keeps fast, non-sparse storage.
const smallIntegerTexts: (string | undefined)[] = new Array<string | undefined>(
  SMALL_INTEGERS,
).fill(undefined);

/**
 * Describes a value in a few words for an error message. Numbers and booleans show their value
 * (they are short and often the point); strings, arrays and objects show only their kind, so that
 * a type error never echoes large content. (A string of the wrong content is quoted, bounded, by
 * `textIssueAt`.)
 */
export function describeValue(value: unknown): string {
  // One `typeof`, then constant strings where the answer allows: this runs for every issue.
  switch (typeof value) {
    case "number":
      if (!Number.isInteger(value)) return "number " + value;
      if (value >= 0 && value < SMALL_INTEGERS)
        return (smallIntegerTexts[value] ??= "integer " + value);
      return "integer " + value;
    case "boolean":
      return value ? "boolean true" : "boolean false";
    case "object":
      return value === null ? "null" : Array.isArray(value) ? "array" : "object";
    default:
      return typeof value;
  }
}

/**
 * Returns the issue as seen from one level up: the child's path is prefixed with the step that led
 * to it (a property name or an array index). Validators call this as an issue bubbles up, so paths
 * are built only when something is wrong.
 */
export function prependPath(issue: ValidationIssue, segment: string | number): ValidationIssue {
  // Every path starts with "$"; the step goes right after it.
  return {
    path: "$" + pathStep(segment) + issue.path.slice(1),
    expected: issue.expected,
    received: issue.received,
  };
}

/** One path step: `[3]` for an index, `.name` for an identifier-like key, `["odd-name"]` otherwise. */
export function pathStep(segment: string | number): string {
  if (typeof segment === "number") return "[" + String(segment) + "]";
  return isIdentifier(segment) ? "." + segment : "[" + JSON.stringify(segment) + "]";
}

/** Whether a key can be written after a dot: ASCII letters, digits, `_` and `$`, not starting with a digit. */
function isIdentifier(key: string): boolean {
  if (key.length === 0) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    const isLetter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 36;
    const isDigit = c >= 48 && c <= 57;
    if (!isLetter && !(isDigit && i > 0)) return false;
  }
  return true;
}

/** Formats an issue as one sentence: `at $.a: expected integer, received string`. */
export function formatIssue(issue: ValidationIssue): string {
  return "at " + issue.path + ": expected " + issue.expected + ", received " + issue.received;
}

/** The default of {@link setMaxValidationDepth}: 256 levels. */
export const DEFAULT_MAX_VALIDATION_DEPTH = 256;

let maxDepth = DEFAULT_MAX_VALIDATION_DEPTH;
// How many recursive definitions the validator being run is inside of, right now.
let depth = 0;
// Results of recursive definitions' validators on the objects of the value being checked, so
// that a union whose members descend into the same child checks it once, not once per member
// (which would take time exponential in the depth). Kept for one outermost call only: the value
// may change between two validations.
let memo: Map<object, Map<Validate, ValidationIssue | undefined>> | undefined;

/**
 * Sets how deeply recursive definitions may nest in a value (a tree of `Node`s in `Node`s), for
 * every validator. A deeper value is invalid, with an issue saying so, rather than a stack
 * overflow. Returns the previous limit.
 */
export function setMaxValidationDepth(levels: number): number {
  const previous = maxDepth;
  maxDepth = levels;
  return previous;
}

/**
 * Runs the validator of a recursive definition one level deeper: generated validators call it
 * wherever a definition can contain itself, so that their depth is bounded and their time linear.
 */
export function nested(validate: Validate, value: unknown): ValidationIssue | undefined {
  if (depth >= maxDepth) {
    return issueAt("a value nested at most " + String(maxDepth) + " levels deep", value);
  }
  const isObject = typeof value === "object" && value !== null;
  let known: Map<Validate, ValidationIssue | undefined> | undefined;
  if (isObject) {
    if (memo === undefined) memo = new Map();
    known = memo.get(value);
    if (known === undefined) memo.set(value, (known = new Map()));
    else if (known.has(validate)) return known.get(validate);
  }
  let issue: ValidationIssue | undefined;
  depth++;
  try {
    issue = validate(value);
  } finally {
    depth--;
    if (depth === 0) memo = undefined;
  }
  // Stored only when the outermost call is still running (it dropped the memo otherwise).
  if (known !== undefined && depth !== 0) known.set(validate, issue);
  return issue;
}

// Helpers of the generated validators: each module imports those its checks call.

/** Prefixes an issue's path with the steps (property names, indexes) that led to the value. */
export function within(issue: ValidationIssue, ...steps: (string | number)[]): ValidationIssue {
  let result = issue;
  for (let i = steps.length - 1; i >= 0; i--) result = prependPath(result, steps[i]!);
  return result;
}

/** `anyOf`: valid when one member is; otherwise the issue that got deepest into the value. */
export function anyOfIssue(
  value: unknown,
  members: readonly ((value: unknown) => ValidationIssue | undefined)[],
  expected: string,
): ValidationIssue | undefined {
  let best: ValidationIssue | undefined;
  for (const member of members) {
    const issue = member(value);
    if (issue === undefined) return undefined;
    if (best === undefined || issue.path.length > best.path.length) best = issue;
  }
  return best === undefined || best.path === "$" ? issueAt(expected, value) : best;
}

/** `oneOf`: valid when exactly one member is; each member is run once. */
export function oneOfIssue(
  value: unknown,
  members: readonly ((value: unknown) => ValidationIssue | undefined)[],
  expected: string,
): ValidationIssue | undefined {
  let matches = 0;
  let best: ValidationIssue | undefined;
  for (const member of members) {
    const issue = member(value);
    if (issue === undefined) matches++;
    else if (best === undefined || issue.path.length > best.path.length) best = issue;
  }
  if (matches === 1) return undefined;
  if (matches === 0)
    return best === undefined || best.path === "$" ? issueAt(expected, value) : best;
  return issueAt(`exactly one of ${expected} (${matches} match)`, value);
}

/** Length in Unicode code points, as JSON Schema counts it. */
export function stringLength(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** Whether no two items of an array are equal as JSON values. */
export function itemsAreUnique(items: readonly unknown[]): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    const key = canonicalJson(item);
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/** A piece of JSON text among the values `canonicalJson` has still to write. */
class JsonText {
  constructor(readonly text: string) {}
}
const openBracket = new JsonText("[");
const closeBracket = new JsonText("]");
const comma = new JsonText(",");
const openBrace = new JsonText("{");
const closeBrace = new JsonText("}");

/**
 * A value as JSON with sorted keys, so that equal values give equal texts. Written with a stack of
 * its own rather than recursion: the items may be nested deeper than the call stack allows.
 */
function canonicalJson(value: unknown): string {
  const parts: string[] = [];
  // What is still to write, the next piece last.
  const todo: unknown[] = [value];
  while (todo.length > 0) {
    const next = todo.pop();
    if (next instanceof JsonText) {
      parts.push(next.text);
    } else if (Array.isArray(next)) {
      todo.push(closeBracket);
      for (let i = next.length - 1; i >= 0; i--) {
        todo.push(next[i]);
        if (i > 0) todo.push(comma);
      }
      todo.push(openBracket);
    } else if (typeof next === "object" && next !== null) {
      const object = next as { readonly [key: string]: unknown };
      const keys = Object.keys(object).sort();
      todo.push(closeBrace);
      for (let i = keys.length - 1; i >= 0; i--) {
        todo.push(
          object[keys[i]!],
          new JsonText((i > 0 ? "," : "") + JSON.stringify(keys[i]) + ":"),
        );
      }
      todo.push(openBrace);
    } else {
      parts.push(JSON.stringify(next) ?? "null");
    }
  }
  return parts.join("");
}
