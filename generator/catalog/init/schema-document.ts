// Reading a JSON Schema document as a drafter needs it: its definitions section (`$defs`, or
// draft-07's `definitions`), definition names from local `$ref`s, and pointers to build.
import { childPointer } from "../../core/diagnostics.js";
import type { DraftProblems } from "./draft-error.js";

export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface SchemaDocument {
  readonly root: JsonObject;
  /** `$defs` or `definitions`, whichever the document uses. */
  readonly section: "$defs" | "definitions";
  readonly definitions: ReadonlyMap<string, JsonObject>;
}

/** The document's definitions, or problems saying why there are none to read. */
export function readSchemaDocument(
  document: unknown,
  problems: DraftProblems,
): SchemaDocument | undefined {
  if (!isObject(document)) {
    problems.add("", "a JSON Schema document must be an object");
    return undefined;
  }
  const section = isObject(document["$defs"])
    ? "$defs"
    : isObject(document["definitions"])
      ? "definitions"
      : undefined;
  if (section === undefined) {
    problems.add("", "the schema has no $defs (or definitions) object to find methods in");
    return undefined;
  }
  const definitions = new Map<string, JsonObject>();
  for (const [name, value] of Object.entries(document[section] as JsonObject)) {
    // A boolean schema is a valid definition but cannot describe a method; skip it quietly.
    if (isObject(value)) definitions.set(name, value);
  }
  return { root: document, section, definitions };
}

/** `#/$defs/<name>`, escaped. */
export function definitionPointer(document: SchemaDocument, name: string): string {
  return childPointer("/" + document.section, name);
}

/** The definition a bare local `$ref` names (`#/$defs/X` → `X`), if the schema is one. */
export function referencedDefinition(
  document: SchemaDocument,
  schema: unknown,
): string | undefined {
  if (!isObject(schema) || typeof schema["$ref"] !== "string") return undefined;
  const prefix = `#/${document.section}/`;
  const ref = schema["$ref"];
  if (!ref.startsWith(prefix)) return undefined;
  const name = decodeURIComponent(ref.slice(prefix.length)).replace(/~1/g, "/").replace(/~0/g, "~");
  return name.includes("/") ? undefined : name;
}
