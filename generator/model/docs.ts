// Collects the documentation of a schema: its annotations, and the keywords that do not become
// part of the TypeScript type (formats, bounds, patterns, keywords the generator does not know).
import type { DocTag, Docs, JsonValue } from "../core/ir.js";

/** Keywords that are turned into types (or into the structure around them) and are not repeated in docs. */
const STRUCTURAL = new Set([
  "type",
  "properties",
  "required",
  "additionalProperties",
  "items",
  "prefixItems",
  "additionalItems",
  "enum",
  "const",
  "oneOf",
  "anyOf",
  "allOf",
  "$ref",
  "$defs",
  "definitions",
  "discriminator",
  "$schema",
  "$id",
  "$anchor",
  "$dynamicAnchor",
  "$vocabulary",
  "$comment",
  "title",
  "description",
  "default",
  "examples",
  "example",
  "deprecated",
  "readOnly",
  "writeOnly",
]);

export function docsOf(schema: unknown): Docs {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return {};
  const s = schema as Record<string, JsonValue>;
  const docs: {
    -readonly [K in keyof Docs]: Docs[K];
  } = {};
  if (typeof s["title"] === "string") docs.title = s["title"];
  if (typeof s["description"] === "string") docs.description = s["description"];
  if (Object.hasOwn(s, "default")) docs.default = { value: s["default"]! };
  const examples: JsonValue[] = [];
  if (Array.isArray(s["examples"])) examples.push(...s["examples"]);
  // `example` is OpenAPI's spelling; schemas exported from OpenAPI tools often carry it.
  if (Object.hasOwn(s, "example")) examples.push(s["example"]!);
  if (examples.length > 0) docs.examples = examples;
  if (s["deprecated"] === true) docs.deprecated = true;
  if (s["readOnly"] === true) docs.readOnly = true;
  if (s["writeOnly"] === true) docs.writeOnly = true;
  const tags: DocTag[] = [];
  for (const [name, value] of Object.entries(s)) {
    if (!STRUCTURAL.has(name)) tags.push({ name, value });
  }
  if (tags.length > 0) docs.tags = tags;
  return docs;
}
