// Turning schema keys into TypeScript names, and keeping those names unique.
import { ES5_NAME_PART_RANGES, ES5_NAME_START_RANGES } from "./es5-letters.js";

/**
 * Letters that every TypeScript version and JavaScript engine reads as part of a name: those
 * of ECMAScript 5's tables (Unicode 3.0). Later Unicode versions add letters that the running
 * Node accepts but an older compiler or bundler rejects, so names keep to these.
 */
const NAME_START = codePointRanges(ES5_NAME_START_RANGES);
const NAME_PART = codePointRanges(ES5_NAME_PART_RANGES);

export function isPortableNameStart(codePoint: number): boolean {
  if (codePoint < 0x80) return /[A-Za-z$_]/.test(String.fromCharCode(codePoint));
  return inRanges(codePoint, NAME_START);
}

export function isPortableNamePart(codePoint: number): boolean {
  if (codePoint < 0x80) return /[A-Za-z0-9$_]/.test(String.fromCharCode(codePoint));
  return inRanges(codePoint, NAME_PART);
}

/** `"aa c0-d6"` as a flat list of inclusive bounds: `[0xaa, 0xaa, 0xc0, 0xd6]`. */
function codePointRanges(text: string): number[] {
  return text.split(" ").flatMap((range) => {
    const [first, last = first] = range.split("-").map((hex) => parseInt(hex, 16));
    return [first!, last!];
  });
}

/** Binary search over ascending `[first, last, first, last, ...]` bounds. */
function inRanges(codePoint: number, bounds: readonly number[]): boolean {
  let low = 0;
  let high = bounds.length / 2 - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (codePoint < bounds[middle * 2]!) high = middle - 1;
    else if (codePoint > bounds[middle * 2 + 1]!) low = middle + 1;
    else return true;
  }
  return false;
}

/** Whether `name` is an identifier every TypeScript version accepts. */
export function isPortableIdentifier(name: string): boolean {
  const codePoints = [...name].map((c) => c.codePointAt(0)!);
  return (
    codePoints.length > 0 &&
    isPortableNameStart(codePoints[0]!) &&
    codePoints.every((codePoint) => isPortableNamePart(codePoint))
  );
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

// Words that cannot name a type, or that would read badly as one.
const RESERVED_TYPE_NAMES = new Set([
  "any",
  "bigint",
  "boolean",
  "never",
  "null",
  "number",
  "object",
  "string",
  "symbol",
  "undefined",
  "unknown",
  "void",
  "this",
  "type",
  "interface",
  "enum",
  "class",
  "function",
]);

/** Whether `name` can be written as a property key or binding without quotes. */
export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * Splits a key like `blob-store_v2.Item` or `componentInfo` into words. Letters and digits of any
 * script are kept (`Größe` stays `Größe`, `名前` stays `名前`: both are valid identifiers), so that
 * two keys which differ only in such letters do not end up with the same name.
 */
function words(key: string): string[] {
  return key
    .replace(/([\p{Ll}\p{Nd}])(\p{Lu})/gu, "$1 $2")
    .split(/(?:[^\p{ID_Continue}]|\p{Pc})+/u)
    .flatMap((word) => splitAtNonPortable(word))
    .filter((word) => word.length > 0);
}

/** Letters newer than the portable set separate words, like any other symbol. */
function splitAtNonPortable(word: string): string[] {
  const parts: string[] = [""];
  for (const c of word) {
    if (isPortableNamePart(c.codePointAt(0)!)) parts[parts.length - 1] += c;
    else parts.push("");
  }
  return parts;
}

/**
 * `ComponentInfo` stays `ComponentInfo`; `blob-type` becomes `BlobType`; `2d point` becomes
 * `_2dPoint`. Existing capitals are kept, so a name already in PascalCase never changes.
 */
export function pascalCase(key: string): string {
  const joined = words(key)
    .map((word) => capitalized(word))
    .join("");
  if (joined === "") return "Type";
  const name = isPortableNameStart(joined.codePointAt(0)!) ? joined : "_" + joined;
  return RESERVED_TYPE_NAMES.has(name) ? name + "_" : name;
}

/** The word with its first letter in capitals, unless that capital is not a portable letter. */
function capitalized(word: string): string {
  const first = String.fromCodePoint(word.codePointAt(0)!);
  const upper = first.toUpperCase();
  const portable = [...upper].every((c) => isPortableNamePart(c.codePointAt(0)!));
  return (portable ? upper : first) + word.slice(first.length);
}

/** `components/execute` becomes `componentsExecute`; `$/cancelRequest` becomes `cancelRequest`. */
export function camelCase(key: string): string {
  const pascal = pascalCase(key);
  const first = String.fromCodePoint(pascal.codePointAt(0)!);
  const lower = first.toLowerCase();
  const keep =
    pascal.startsWith("_") || ![...lower].every((c) => isPortableNamePart(c.codePointAt(0)!));
  const name = keep ? pascal : lower + pascal.slice(first.length);
  return RESERVED_WORDS.has(name) ? name + "_" : name;
}

/**
 * Hands out unique names. A name asked for twice gets a numeric suffix the second time
 * (`FlowOutcome`, `FlowOutcome_2`); callers ask in a fixed order so results are stable.
 */
export class NameAllocator {
  private readonly taken = new Set<string>();

  isTaken(name: string): boolean {
    return this.taken.has(name);
  }

  allocate(preferred: string): string {
    let name = preferred;
    for (let n = 2; this.taken.has(name); n++) name = `${preferred}_${n}`;
    this.taken.add(name);
    return name;
  }
}

// ECMAScript reserved words: not usable as a binding or method shorthand without care.
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  "await",
  "break",
  "case",
  "catch",
  "class",
  "const",
  "continue",
  "debugger",
  "default",
  "delete",
  "do",
  "else",
  "enum",
  "export",
  "extends",
  "false",
  "finally",
  "for",
  "function",
  "if",
  "implements",
  "import",
  "in",
  "instanceof",
  "interface",
  "let",
  "new",
  "null",
  "package",
  "private",
  "protected",
  "public",
  "return",
  "static",
  "super",
  "switch",
  "this",
  "throw",
  "true",
  "try",
  "typeof",
  "var",
  "void",
  "while",
  "with",
  "yield",
]);
