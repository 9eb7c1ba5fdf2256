// Turning schema keys into TypeScript names, and keeping those names unique.

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
    .filter((word) => word.length > 0);
}

/**
 * `ComponentInfo` stays `ComponentInfo`; `blob-type` becomes `BlobType`; `2d point` becomes
 * `_2dPoint`. Existing capitals are kept, so a name already in PascalCase never changes.
 */
export function pascalCase(key: string): string {
  const joined = words(key)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join("");
  if (joined === "") return "Type";
  const name = /^\p{ID_Start}/u.test(joined) ? joined : "_" + joined;
  return RESERVED_TYPE_NAMES.has(name) ? name + "_" : name;
}

/** `components/execute` becomes `componentsExecute`; `$/cancelRequest` becomes `cancelRequest`. */
export function camelCase(key: string): string {
  const pascal = pascalCase(key);
  const name = pascal.startsWith("_") ? pascal : pascal[0]!.toLowerCase() + pascal.slice(1);
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
