// The properties a JSON Schema gives an object, as the drafting rules for cancellation and
// progress read them: own `properties`, and those of local `$ref`s, `allOf`, `anyOf` and `oneOf`
// members (the places the generator's pointers follow too), each with its pointer in the document.
import { childPointer } from "../../core/diagnostics.js";
import { pointerSegments } from "../../model/pointers.js";
import { isObject, type JsonObject } from "./schema-document.js";

export interface FoundProperty {
  readonly name: string;
  readonly schema: JsonObject;
  /** Where the property's schema is in the document. */
  readonly pointer: string;
}

/** The value a local `#/...` reference names in `root`, with its pointer, if it names one. */
export function resolveLocal(
  root: JsonObject,
  reference: string,
): { schema: JsonObject; pointer: string } | undefined {
  if (!reference.startsWith("#")) return undefined;
  let pointer: string;
  try {
    pointer = decodeURIComponent(reference.slice(1));
  } catch {
    return undefined;
  }
  const segments = pointerSegments(pointer);
  if (typeof segments === "string") return undefined;
  let value: unknown = root;
  for (const segment of segments) {
    if (!isObject(value) && !Array.isArray(value)) return undefined;
    if (!Object.hasOwn(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return isObject(value) ? { schema: value, pointer } : undefined;
}

/**
 * The properties of an object that `schema` (at `pointer`) describes, by name; a name defined in
 * several places keeps its first. References are followed once each, so cycles end.
 */
export function propertiesOf(
  root: JsonObject,
  schema: JsonObject,
  pointer: string,
  seen: Set<string> = new Set(),
): Map<string, FoundProperty> {
  const found = new Map<string, FoundProperty>();
  const add = (more: Map<string, FoundProperty>) => {
    for (const [name, property] of more) if (!found.has(name)) found.set(name, property);
  };
  const properties = schema["properties"];
  if (isObject(properties))
    for (const [name, value] of Object.entries(properties))
      if (isObject(value))
        found.set(name, {
          name,
          schema: value,
          pointer: childPointer(pointer, "properties", name),
        });
  if (typeof schema["$ref"] === "string" && !seen.has(schema["$ref"])) {
    seen.add(schema["$ref"]);
    const target = resolveLocal(root, schema["$ref"]);
    if (target !== undefined) add(propertiesOf(root, target.schema, target.pointer, seen));
  }
  for (const keyword of ["allOf", "anyOf", "oneOf"]) {
    const members = schema[keyword];
    if (!Array.isArray(members)) continue;
    members.forEach((member, index) => {
      if (isObject(member))
        add(propertiesOf(root, member, childPointer(pointer, keyword, index), seen));
    });
  }
  return found;
}

/** The definition a schema refers to when it is only a `$ref` (with perhaps a description). */
export function onlyReference(schema: JsonObject, section: string): string | undefined {
  const keys = Object.keys(schema).filter((key) => key !== "description" && key !== "$comment");
  if (keys.length !== 1 || keys[0] !== "$ref" || typeof schema["$ref"] !== "string")
    return undefined;
  const prefix = `#/${section}/`;
  if (!schema["$ref"].startsWith(prefix)) return undefined;
  const rest = schema["$ref"].slice(prefix.length);
  let name: string;
  try {
    name = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  if (name.includes("/")) return undefined;
  return name.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * The JSON types the values of `schema` may have, as far as `type`, `const`, `enum` and unions
 * of them (through local references) say; undefined when the schema says nothing that narrows it.
 */
export function scalarTypes(
  root: JsonObject,
  schema: JsonObject,
  seen: Set<string> = new Set(),
): Set<string> | undefined {
  const type = schema["type"];
  if (typeof type === "string") return new Set([type]);
  if (Array.isArray(type) && type.every((entry) => typeof entry === "string"))
    return new Set(type as string[]);
  if (typeof schema["$ref"] === "string") {
    if (seen.has(schema["$ref"])) return undefined;
    seen.add(schema["$ref"]);
    const target = resolveLocal(root, schema["$ref"]);
    return target === undefined ? undefined : scalarTypes(root, target.schema, seen);
  }
  for (const keyword of ["anyOf", "oneOf"]) {
    const members = schema[keyword];
    if (!Array.isArray(members) || members.length === 0) continue;
    const all = new Set<string>();
    for (const member of members) {
      const types = isObject(member) ? scalarTypes(root, member, new Set(seen)) : undefined;
      if (types === undefined) return undefined;
      for (const entry of types) all.add(entry);
    }
    return all;
  }
  return undefined;
}

/** Values that may be strings and integers and nothing else: how JSON-RPC ids and tokens look. */
export function isStringOrInteger(types: ReadonlySet<string> | undefined): boolean {
  if (types === undefined || !types.has("string")) return false;
  if (!types.has("integer") && !types.has("number")) return false;
  return [...types].every((type) => type === "string" || type === "integer" || type === "number");
}

/** `$/cancelRequest` → `["cancel", "request"]`: the words of the last `/`-separated segment. */
export function lastSegmentWords(method: string): string[] {
  const segment = method.slice(method.lastIndexOf("/") + 1);
  return words(segment);
}

/** `requestId` → `["request", "id"]`, `progress_token` → `["progress", "token"]`. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
}
