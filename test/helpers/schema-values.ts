// Random values for a JSON Schema, for comparing validators: mostly values of the schema's shape
// (so that deep checks are reached), each node replaced now and then by an arbitrary JSON value
// or pushed just past a bound (so that both answers are common). Covers the keywords the
// generator understands; anything else gets arbitrary JSON.
import fc from "fast-check";

type Schema = boolean | { readonly [keyword: string]: unknown };
/** Finds the schema a `$ref` points to, from the schema that holds it. */
export type Resolve = (
  ref: string,
  from: SchemaDocument,
) => { schema: Schema; document: SchemaDocument };
/** A schema file: its root, for resolving `#/...` pointers. */
export interface SchemaDocument {
  readonly root: Schema;
  readonly url: string;
}

const anyJson = fc.jsonValue({ maxDepth: 2 });

export function valuesFor(
  schema: Schema,
  document: SchemaDocument,
  resolve: Resolve,
  depth = 4,
): fc.Arbitrary<unknown> {
  const shaped = shapedValues(schema, document, resolve, depth);
  return fc.oneof(
    { weight: 12, arbitrary: shaped },
    { weight: 1, arbitrary: anyJson },
    { weight: 1, arbitrary: shaped.map(mutate) },
  );
}

function shapedValues(
  schema: Schema,
  document: SchemaDocument,
  resolve: Resolve,
  depth: number,
): fc.Arbitrary<unknown> {
  if (typeof schema === "boolean" || depth <= 0) return anyJson;
  const next = (child: unknown): fc.Arbitrary<unknown> =>
    valuesFor(child as Schema, document, resolve, depth - 1);
  if (typeof schema["$ref"] === "string") {
    const target = resolve(schema["$ref"], document);
    // Lazily: recursive definitions would otherwise build arbitraries forever.
    return fc
      .constant(null)
      .chain(() => valuesFor(target.schema, target.document, resolve, depth - 1));
  }
  if (Object.hasOwn(schema, "const")) return fc.constant(schema["const"]);
  if (Array.isArray(schema["enum"])) return fc.constantFrom(...(schema["enum"] as unknown[]));
  for (const keyword of ["oneOf", "anyOf"]) {
    const members = schema[keyword];
    if (Array.isArray(members)) {
      // Sibling keywords (a shared `type`, `properties`) are applied by mixing them into members.
      const { [keyword]: _, ...rest } = schema;
      return fc.oneof(
        ...members.map((member) =>
          shapedValues(mergeSchemas(rest, member as Schema), document, resolve, depth),
        ),
      );
    }
  }
  if (Array.isArray(schema["allOf"])) {
    const { allOf, ...rest } = schema;
    return shapedValues(
      (allOf as Schema[]).reduce<Schema>((merged, member) => mergeSchemas(merged, member), rest),
      document,
      resolve,
      depth,
    );
  }
  const types = typesOf(schema);
  if (types.length === 0) return anyJson;
  return fc.oneof(...types.map((type) => valuesOfType(type, schema, next)));
}

function typesOf(schema: { readonly [keyword: string]: unknown }): string[] {
  const type = schema["type"];
  if (typeof type === "string") return [type];
  if (Array.isArray(type)) return type as string[];
  const found: string[] = [];
  if (
    ["properties", "patternProperties", "additionalProperties", "required"].some((k) => k in schema)
  )
    found.push("object");
  if (["items", "prefixItems", "minItems", "maxItems", "uniqueItems"].some((k) => k in schema))
    found.push("array");
  if (["minLength", "maxLength", "pattern"].some((k) => k in schema)) found.push("string");
  if (
    ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"].some(
      (k) => k in schema,
    )
  )
    found.push("number");
  return found;
}

function valuesOfType(
  type: string,
  schema: { readonly [keyword: string]: unknown },
  next: (child: unknown) => fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  switch (type) {
    case "null":
      return fc.constant(null);
    case "boolean":
      return fc.boolean();
    case "string":
      return strings(schema);
    case "integer":
    case "number":
      return numbers(schema, type === "integer");
    case "array":
      return arrays(schema, next);
    case "object":
      return objects(schema, next);
    default:
      return anyJson;
  }
}

function strings(schema: { readonly [keyword: string]: unknown }): fc.Arbitrary<unknown> {
  const minLength = typeof schema["minLength"] === "number" ? schema["minLength"] : 0;
  const maxLength = typeof schema["maxLength"] === "number" ? schema["maxLength"] : minLength + 8;
  const options = [
    fc.string({
      minLength: Math.max(0, minLength - 1),
      maxLength: maxLength + 1,
      unit: "grapheme",
    }),
  ];
  if (typeof schema["pattern"] === "string")
    options.push(fc.stringMatching(new RegExp(schema["pattern"], "u")));
  return fc.oneof(...options);
}

function numbers(
  schema: { readonly [keyword: string]: unknown },
  integer: boolean,
): fc.Arbitrary<unknown> {
  // Values at and around every bound the schema names, and of every integer format's range.
  const bounds = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
    .map((keyword) => schema[keyword])
    .filter((value): value is number => typeof value === "number");
  const format = schema["format"];
  const formatBounds: Record<string, number[]> = {
    int8: [-128, 127],
    uint8: [0, 255],
    int16: [-32768, 32767],
    uint16: [0, 65535],
    int32: [-2147483648, 2147483647],
    uint32: [0, 4294967295],
    uint64: [0],
  };
  if (typeof format === "string") bounds.push(...(formatBounds[format] ?? []));
  const near = bounds.flatMap((bound) => [bound - 1, bound - 0.5, bound, bound + 0.5, bound + 1]);
  const multiple =
    typeof schema["multipleOf"] === "number"
      ? [fc.integer({ min: -20, max: 20 }).map((n) => n * (schema["multipleOf"] as number))]
      : [];
  return fc.oneof(
    fc.integer({ min: -1000, max: 1000 }),
    ...(integer ? [] : [fc.double({ noNaN: true, noDefaultInfinity: true })]),
    ...(near.length > 0 ? [fc.constantFrom(...near)] : []),
    ...multiple,
  );
}

function arrays(
  schema: { readonly [keyword: string]: unknown },
  next: (child: unknown) => fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  const prefix = Array.isArray(schema["prefixItems"])
    ? (schema["prefixItems"] as unknown[])
    : Array.isArray(schema["items"])
      ? (schema["items"] as unknown[])
      : [];
  const restSchema = Array.isArray(schema["items"]) ? schema["additionalItems"] : schema["items"];
  const rest = restSchema === undefined || restSchema === false ? anyJson : next(restSchema);
  const minItems = typeof schema["minItems"] === "number" ? schema["minItems"] : 0;
  const maxItems = typeof schema["maxItems"] === "number" ? schema["maxItems"] : minItems + 4;
  return fc
    .tuple(
      fc.tuple(...prefix.map(next)),
      fc.array(rest, { maxLength: Math.min(maxItems + 1, 6) }),
      fc.nat({ max: prefix.length }),
    )
    .map(([head, tail, cut]) => {
      // Sometimes a prefix of the tuple only, sometimes more items than it has.
      const items = [...head.slice(0, head.length - cut), ...(cut === 0 ? tail : [])];
      return items;
    });
}

function objects(
  schema: { readonly [keyword: string]: unknown },
  next: (child: unknown) => fc.Arbitrary<unknown>,
): fc.Arbitrary<unknown> {
  const properties = (schema["properties"] ?? {}) as Record<string, unknown>;
  const required = new Set((schema["required"] ?? []) as string[]);
  const patterns = (schema["patternProperties"] ?? {}) as Record<string, unknown>;
  const additional = schema["additionalProperties"];
  const named = Object.keys(properties).map((name) =>
    fc.tuple(
      fc.constant(name),
      next(properties[name]),
      // Required properties are nearly always there, optional ones half the time.
      fc.integer({ min: 0, max: 19 }).map((n) => (required.has(name) ? n !== 0 : n < 10)),
    ),
  );
  for (const name of required) {
    if (!Object.hasOwn(properties, name))
      named.push(
        fc.tuple(
          fc.constant(name),
          anyJson,
          fc.integer({ min: 0, max: 19 }).map((n) => n !== 0),
        ),
      );
  }
  const extraKeys = [
    fc.string({ maxLength: 6 }),
    ...Object.keys(patterns).map((pattern) => fc.stringMatching(new RegExp(pattern, "u"))),
  ];
  const extraValue =
    additional !== undefined && typeof additional !== "boolean"
      ? next(additional)
      : fc.oneof(anyJson, ...Object.values(patterns).map(next));
  const extras = fc.array(fc.tuple(fc.oneof(...extraKeys), extraValue), {
    maxLength: additional === false ? 1 : 3,
  });
  return fc.tuple(fc.tuple(...named), extras).map(([namedEntries, extraEntries]) => {
    const object: Record<string, unknown> = {};
    for (const [name, value, present] of namedEntries)
      if (present)
        Object.defineProperty(object, name, {
          value,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    for (const [name, value] of extraEntries)
      Object.defineProperty(object, name, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return object;
  });
}

/** Small changes that often cross a line: a number off by one, a property dropped, a string emptied. */
function mutate(value: unknown): unknown {
  if (typeof value === "number") return value + 1;
  if (typeof value === "string") return value.length > 0 ? value.slice(1) : "x";
  if (Array.isArray(value)) return value.length > 0 ? value.slice(0, -1) : [null];
  if (typeof value === "object" && value !== null) {
    const keys = Object.keys(value);
    if (keys.length === 0) return { extra: 1 };
    const copy: Record<string, unknown> = {};
    for (const key of keys.slice(1))
      Object.defineProperty(copy, key, {
        value: (value as Record<string, unknown>)[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    return copy;
  }
  return value === null ? 0 : null;
}

function mergeSchemas(a: Schema, b: Schema): Schema {
  if (typeof a === "boolean" || typeof b === "boolean") return typeof b === "boolean" ? a : b;
  return { ...a, ...b };
}
