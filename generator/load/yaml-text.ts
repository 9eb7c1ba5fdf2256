// Parses YAML input. YAML's aliases let a few hundred bytes stand for billions of values (the
// "billion laughs"), or for a value that contains itself, and its tags reach past JSON
// (`.inf`, `.nan`). The parser counts aliases and nesting; then one walk checks that the
// document, expanded, is a JSON value of bounded size.
import { CORE_SCHEMA, load } from "js-yaml";
import { InputError, childPointer } from "../core/diagnostics.js";
import { MAX_NESTING } from "./json-text.js";

/** How many aliases one document may use. */
export const MAX_YAML_ALIASES = 1_000;
/** How many values a document may hold once its aliases are expanded. */
export const MAX_YAML_VALUES = 1_000_000;

export function parseYamlText(text: string, file: string): unknown {
  let value: unknown;
  try {
    value = load(text, {
      filename: file,
      schema: CORE_SCHEMA,
      maxAliases: MAX_YAML_ALIASES,
      maxDepth: MAX_NESTING,
    });
  } catch (error) {
    const mark = (error as { mark?: { line?: number; column?: number } }).mark;
    const reason = (error as { reason?: string }).reason ?? (error as Error).message;
    throw new InputError([
      {
        file,
        ...(mark?.line !== undefined && { line: mark.line + 1, column: (mark.column ?? 0) + 1 }),
        message: `invalid YAML: ${reason.split("\n")[0]}`,
      },
    ]);
  }
  checkJsonShape(value, file);
  return value;
}

/** Walks the expanded document without recursion: JSON values only, bounded, no cycles. */
function checkJsonShape(root: unknown, file: string): void {
  const fail = (pointer: string, message: string): never => {
    throw new InputError([{ file, pointer, message }]);
  };
  let count = 0;
  // A value that contains itself (`&a [*a]`) never ends: the depth limit stops it.
  const stack: { value: unknown; pointer: string; depth: number }[] = [
    { value: root, pointer: "", depth: 0 },
  ];
  while (stack.length > 0) {
    const { value, pointer, depth } = stack.pop()!;
    if (++count > MAX_YAML_VALUES)
      fail(
        "",
        `expands to more than ${MAX_YAML_VALUES.toLocaleString("en")} values (through aliases)`,
      );
    if (value === null || typeof value === "string" || typeof value === "boolean") continue;
    if (typeof value === "number") {
      if (!Number.isFinite(value)) fail(pointer, `${value} is not a JSON number`);
      continue;
    }
    if (typeof value !== "object") fail(pointer, `a ${typeof value} is not a JSON value`);
    const object = value as object;
    if (depth >= MAX_NESTING) {
      // The pointer of a value inside itself never ends: name the first levels only.
      const shown =
        pointer.length > 80 ? pointer.slice(0, pointer.indexOf("/", 60)) + "/…" : pointer;
      fail(
        shown,
        `nested more than ${MAX_NESTING} levels deep (or an alias refers to a value that contains it)`,
      );
    }
    const prototype = Object.getPrototypeOf(object);
    if (!Array.isArray(object) && prototype !== Object.prototype && prototype !== null)
      fail(pointer, "a tagged value (a date, a set, binary data) is not a JSON value");
    for (const [key, child] of Object.entries(object)) {
      stack.push({ value: child, pointer: childPointer(pointer, key), depth: depth + 1 });
    }
  }
}
