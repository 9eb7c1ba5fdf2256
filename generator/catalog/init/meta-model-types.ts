// Turns the types of a meta model (the format of a `metaModel.json` and its published
// `metaModel.schema.json`) into JSON Schema: `base`, `reference`, `array`, `map`, `and`, `or`,
// `tuple`, `literal`, `stringLiteral`, `integerLiteral` and `booleanLiteral`. Integers are the
// 32-bit ranges the format defines; URIs and regular expressions are strings. Anything else is a
// problem naming its pointer, and map keys the schema cannot check are noted.
import { childPointer, escapePointerToken } from "../../core/diagnostics.js";
import type { JsonValue } from "../../core/ir.js";
import type { Notes } from "./draft.js";
import type { DraftProblems } from "./draft-error.js";
import { isObject, type JsonObject } from "./schema-document.js";

const BASE_TYPES: Readonly<Record<string, JsonValue>> = {
  string: { type: "string" },
  boolean: { type: "boolean" },
  null: { type: "null" },
  integer: { type: "integer", minimum: -2147483648, maximum: 2147483647 },
  uinteger: { type: "integer", minimum: 0, maximum: 2147483647 },
  decimal: { type: "number" },
  URI: { type: "string" },
  DocumentUri: { type: "string" },
  RegExp: { type: "string" },
};

export interface TypeContext {
  /** Every name a `reference` may use: structures, enumerations and type aliases. */
  readonly names: ReadonlySet<string>;
  readonly problems: DraftProblems;
  readonly notes: Notes;
}

export function schemaOfType(type: unknown, at: string, context: TypeContext): JsonValue {
  if (!isObject(type) || typeof type["kind"] !== "string") {
    context.problems.add(at, "a type must be an object with a string `kind`");
    return {};
  }
  const kind = type["kind"];
  switch (kind) {
    case "base": {
      const name = type["name"];
      if (typeof name === "string" && Object.hasOwn(BASE_TYPES, name)) return BASE_TYPES[name]!;
      context.problems.add(
        childPointer(at, "name"),
        `unknown base type ${JSON.stringify(name)} (known: ${Object.keys(BASE_TYPES).join(", ")})`,
      );
      return {};
    }
    case "reference": {
      const name = type["name"];
      if (typeof name === "string" && context.names.has(name))
        return { $ref: `#/$defs/${encodeURIComponent(escapePointerToken(name))}` };
      context.problems.add(
        childPointer(at, "name"),
        `reference to ${JSON.stringify(name)}, which is no structure, enumeration or type alias`,
      );
      return {};
    }
    case "array":
      return {
        type: "array",
        items: schemaOfType(type["element"], childPointer(at, "element"), context),
      };
    case "map": {
      const key = type["key"];
      if (!(isObject(key) && key["kind"] === "base"))
        context.notes.add(
          childPointer(at, "key"),
          "map keys of a named type are not checked: the draft's schema allows any key",
        );
      return {
        type: "object",
        additionalProperties: schemaOfType(type["value"], childPointer(at, "value"), context),
      };
    }
    case "and":
    case "or": {
      const items = type["items"];
      if (!Array.isArray(items) || items.length === 0) {
        context.problems.add(
          childPointer(at, "items"),
          `an "${kind}" type needs a non-empty items array`,
        );
        return {};
      }
      const schemas = items.map((item, index) =>
        schemaOfType(item, childPointer(at, "items", index), context),
      );
      return { [kind === "and" ? "allOf" : "anyOf"]: schemas };
    }
    case "tuple": {
      const items = type["items"];
      if (!Array.isArray(items)) {
        context.problems.add(childPointer(at, "items"), "a tuple type needs an items array");
        return {};
      }
      return {
        type: "array",
        prefixItems: items.map((item, index) =>
          schemaOfType(item, childPointer(at, "items", index), context),
        ),
        minItems: items.length,
        maxItems: items.length,
      };
    }
    case "literal": {
      const value = type["value"];
      if (!isObject(value) || !Array.isArray(value["properties"])) {
        context.problems.add(
          childPointer(at, "value"),
          "a literal type needs a value with a properties array",
        );
        return {};
      }
      return objectSchema(value["properties"], childPointer(at, "value", "properties"), context);
    }
    case "stringLiteral":
    case "integerLiteral":
    case "booleanLiteral": {
      const value = type["value"];
      const expected = {
        stringLiteral: "string",
        integerLiteral: "number",
        booleanLiteral: "boolean",
      }[kind];
      if (typeof value !== expected || (kind === "integerLiteral" && !Number.isInteger(value))) {
        context.problems.add(
          childPointer(at, "value"),
          `a ${kind} needs a ${kind === "integerLiteral" ? "whole number" : expected} value`,
        );
        return {};
      }
      return { const: value as JsonValue };
    }
    default:
      context.problems.add(childPointer(at, "kind"), `unknown type kind ${JSON.stringify(kind)}`);
      return {};
  }
}

/** An object with the given properties (each `{ name, type, optional?, documentation? }`). */
export function objectSchema(
  properties: readonly unknown[],
  at: string,
  context: TypeContext,
): JsonValue {
  const shape: Record<string, JsonValue> = {};
  const required: string[] = [];
  properties.forEach((property, index) => {
    const where = childPointer(at, index);
    if (!isObject(property) || typeof property["name"] !== "string") {
      context.problems.add(where, "a property must be an object with a string `name`");
      return;
    }
    const name = property["name"];
    if (Object.hasOwn(shape, name)) {
      context.problems.add(childPointer(where, "name"), `property "${name}" is defined twice`);
      return;
    }
    const schema = schemaOfType(property["type"], childPointer(where, "type"), context);
    shape[name] = withDocs(schema, property);
    if (property["optional"] !== true) required.push(name);
  });
  return {
    type: "object",
    properties: shape,
    ...(required.length > 0 && { required }),
  };
}

/**
 * The schema with the entry's `documentation`, `since` and `deprecated` as `description` and
 * `deprecated` (a `$ref` beside them is fine in draft 2020-12).
 */
export function withDocs(schema: JsonValue, entry: JsonObject): JsonValue {
  const description = describe(entry);
  const deprecated = entry["deprecated"];
  if (description === undefined && deprecated === undefined) return schema;
  return {
    ...(schema as Record<string, JsonValue>),
    ...(description !== undefined && { description }),
    ...(deprecated !== undefined && { deprecated: true }),
  };
}

/** The entry's documentation, with what JSON Schema has no keyword for said in words. */
export function describe(entry: JsonObject): string | undefined {
  const parts: string[] = [];
  if (typeof entry["documentation"] === "string") parts.push(entry["documentation"]);
  if (typeof entry["since"] === "string") parts.push(`Since ${entry["since"]}.`);
  if (entry["proposed"] === true) parts.push("Proposed: not yet final.");
  if (typeof entry["deprecated"] === "string") parts.push(`Deprecated: ${entry["deprecated"]}`);
  return parts.length === 0 ? undefined : parts.join("\n\n");
}
