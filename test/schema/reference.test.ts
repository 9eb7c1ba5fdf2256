// Keeps the files in `schema/` honest:
// - the protocol schema describes exactly the wire format of the reference schema that the protocol's
//   authors published (same structure; only the prose is our own);
// - the catalog's schema copy matches the one the generator checks catalogs against;
// - the catalog only names definitions, roles and errors that exist.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { catalogSchema } from "../../generator/catalog/catalog-schema.js";
import type { JsonValue } from "../../generator/core/ir.js";

type JsonObject = { [key: string]: JsonValue };

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const schemaPath = path.join(repoRoot, "schema/stepflow-protocol.schema.json");
const catalogPath = path.join(repoRoot, "schema/stepflow.catalog.json");
const catalogSchemaPath = path.join(repoRoot, "schema/catalog.schema.json");
const referencePath = path.resolve(repoRoot, "../shared/reference/stepflow-protocol.schema.json");
const referenceExists = existsSync(referencePath);

function readJson(file: string): JsonValue {
  return JSON.parse(readFileSync(file, "utf8")) as JsonValue;
}

function isObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Structural comparison

/** Keywords that carry prose only: they may differ freely between our schema and the reference. */
const PROSE_KEYWORDS = new Set(["description", "$comment", "examples", "example"]);
/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = new Set([
  "items",
  "additionalItems",
  "additionalProperties",
  "unevaluatedItems",
  "unevaluatedProperties",
  "propertyNames",
  "contains",
  "not",
  "if",
  "then",
  "else",
]);
/** Keywords whose value is an array of subschemas. */
const SCHEMA_ARRAY_KEYWORDS = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);
/** Keywords whose value maps names (kept as they are) to subschemas. */
const SCHEMA_MAP_KEYWORDS = new Set([
  "properties",
  "patternProperties",
  "$defs",
  "definitions",
  "dependentSchemas",
]);

/**
 * Returns a copy of a schema without its prose: the prose keywords are dropped wherever a schema
 * stands, and `$id` at the root. The walk follows the schema's structure, so a *property* called
 * `description` (as `ComponentInfo` has) is kept, and values such as `const`, `enum`, `default` and
 * `discriminator` are compared as they are.
 */
function stripProse(schema: JsonValue, isRoot = true): JsonValue {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (PROSE_KEYWORDS.has(key) || (isRoot && key === "$id")) continue;
    if (SCHEMA_KEYWORDS.has(key)) {
      out[key] = stripProse(value, false);
    } else if (SCHEMA_ARRAY_KEYWORDS.has(key) && Array.isArray(value)) {
      out[key] = value.map((sub) => stripProse(sub, false));
    } else if (SCHEMA_MAP_KEYWORDS.has(key) && isObject(value)) {
      out[key] = Object.fromEntries(
        Object.entries(value).map(([name, sub]) => [name, stripProse(sub, false)]),
      );
    } else {
      out[key] = value;
    }
  }
  return out;
}

function pointerToken(key: string | number): string {
  return String(key).replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Lists the JSON pointers (RFC 6901) at which two JSON values differ, in document order. Object key
 * order is ignored; array order is not. A key or item present on one side only is reported at its own
 * pointer; values of different kinds are reported where they meet. An empty list means equal.
 */
function diffPointers(
  actual: JsonValue | undefined,
  expected: JsonValue | undefined,
  at = "",
): string[] {
  if (Array.isArray(actual) && Array.isArray(expected)) {
    const diffs: string[] = [];
    for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
      diffs.push(...diffPointers(actual[i], expected[i], `${at}/${i}`));
    }
    return diffs;
  }
  if (isObject(actual) && isObject(expected)) {
    const keys = [
      ...Object.keys(actual),
      ...Object.keys(expected).filter((key) => !Object.hasOwn(actual, key)),
    ];
    return keys.flatMap((key) =>
      diffPointers(actual[key], expected[key], `${at}/${pointerToken(key)}`),
    );
  }
  return Object.is(actual, expected) ? [] : [at];
}

/** The places where two schemas differ once their prose is set aside. */
function structuralDiff(actual: JsonValue, expected: JsonValue): string[] {
  return diffPointers(stripProse(actual), stripProse(expected));
}

// ---------------------------------------------------------------------------------------------

describe("protocol schema: comparison helper", () => {
  const ours = readJson(schemaPath);

  it("finds no difference between the schema and itself", () => {
    expect(structuralDiff(ours, structuredClone(ours))).toEqual([]);
  });

  it("reports where a mutated copy differs: a dropped required entry, a changed const", () => {
    const mutated = structuredClone(ours) as any;
    mutated.$defs.ComponentExecuteParams.required = ["input"]; // was ["component", "input"]
    mutated.$defs.FlowResultSkipped.properties.outcome.const = "skip";
    mutated.$defs.Error.properties.data.anyOf.pop(); // no longer nullable

    expect(structuralDiff(mutated, ours)).toEqual([
      "/$defs/ComponentExecuteParams/required/0",
      "/$defs/ComponentExecuteParams/required/1",
      "/$defs/FlowResultSkipped/properties/outcome/const",
      "/$defs/Error/properties/data/anyOf/1",
    ]);
  });

  it("ignores prose but not a property that happens to be called `description`", () => {
    const reworded = structuredClone(ours) as any;
    reworded.description = "Different words.";
    reworded.$id = "urn:example:other";
    reworded.$defs.Component.examples = ["/other/path"];
    reworded.$defs.Schema.example = "anything";
    reworded.$defs.ComponentInfo.properties.component.description = "Other words.";
    expect(structuralDiff(reworded, ours)).toEqual([]);

    const dropped = structuredClone(ours) as any;
    delete dropped.$defs.ComponentInfo.properties.description;
    expect(structuralDiff(dropped, ours)).toEqual(["/$defs/ComponentInfo/properties/description"]);
  });

  it("escapes `~` and `/` in the pointers it reports", () => {
    expect(diffPointers({ "a/b": { "c~d": 1 } }, { "a/b": { "c~d": 2 } })).toEqual(["/a~1b/c~0d"]);
  });
});

describe("protocol schema: own identity", () => {
  it("is draft 2020-12 with this project's $id and the Message union at the root", () => {
    const ours = readJson(schemaPath) as JsonObject;
    expect(ours.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(ours.$id).toBe("urn:stepflow:protocol:v1");
    expect(ours.title).toBe("Message");
    expect(typeof ours.description).toBe("string");
  });
});

it.runIf(!referenceExists)(
  `reference schema not found at ${referencePath}: structural comparison skipped`,
  () => {
    console.warn(`reference schema not found at ${referencePath}: structural comparison skipped`);
  },
);

describe.skipIf(!referenceExists)(`protocol schema vs the reference at ${referencePath}`, () => {
  it("describes exactly the same wire format (prose aside)", () => {
    const ours = readJson(schemaPath);
    const reference = readJson(referencePath);
    expect(structuralDiff(ours, reference), "JSON pointers where the schemas differ").toEqual([]);
    expect(stripProse(ours)).toEqual(stripProse(reference));
  });

  it("keeps the reference's order of $defs", () => {
    const ours = readJson(schemaPath) as JsonObject;
    const reference = readJson(referencePath) as JsonObject;
    expect(Object.keys(ours.$defs as JsonObject)).toEqual(
      Object.keys(reference.$defs as JsonObject),
    );
  });

  it("words its descriptions itself", () => {
    const collect = (value: JsonValue, into: Set<string>): Set<string> => {
      if (Array.isArray(value)) value.forEach((item) => collect(item, into));
      else if (isObject(value)) {
        for (const [key, item] of Object.entries(value)) {
          if (key === "description" && typeof item === "string") into.add(item);
          else collect(item, into);
        }
      }
      return into;
    };
    const theirs = collect(readJson(referencePath), new Set());
    const copied = [...collect(readJson(schemaPath), new Set())].filter((text) => theirs.has(text));
    expect(copied).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe("catalog schema copy", () => {
  it("schema/catalog.schema.json is the generator's catalog schema", () => {
    expect(readJson(catalogSchemaPath)).toEqual(catalogSchema);
    expect(readFileSync(catalogSchemaPath, "utf8")).toBe(
      JSON.stringify(catalogSchema, null, 2) + "\n",
    );
  });
});

interface CatalogMethod {
  name: string;
  kind: "request" | "notification";
  from: string;
  to: string;
  params: string;
  result?: string;
  errors?: string[];
}

interface Catalog {
  $schema: string;
  roles: Record<
    string,
    { lifecycle?: { allowedBefore: string[]; readyAfter: string; notReadyError: string } }
  >;
  methods: CatalogMethod[];
  errors: { code: number; name: string; message: string }[];
}

describe("catalog", () => {
  const catalog = readJson(catalogPath) as unknown as Catalog;
  const defs = (readJson(schemaPath) as JsonObject).$defs as JsonObject;
  const roles = Object.keys(catalog.roles);
  const errorNames = catalog.errors.map((error) => error.name);

  it("points editors at the catalog schema beside it", () => {
    expect(Object.keys(catalog)[0]).toBe("$schema");
    expect(catalog.$schema).toBe("./catalog.schema.json");
  });

  it("names only params and result definitions that exist in the schema's $defs", () => {
    const missing = catalog.methods.flatMap((method) =>
      [method.params, method.result]
        .filter((name): name is string => name !== undefined && !Object.hasOwn(defs, name))
        .map((name) => `${method.name}: ${name}`),
    );
    expect(missing).toEqual([]);
  });

  it("sends every method from and to declared roles", () => {
    const bad = catalog.methods
      .flatMap((method) => [method.from, method.to].map((role) => [method.name, role] as const))
      .filter(([, role]) => !roles.includes(role));
    expect(bad).toEqual([]);
  });

  it("has unique method names, matching the schema's Method enum in order", () => {
    const names = catalog.methods.map((method) => method.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual((defs.Method as JsonObject).enum);
  });

  it("gives a result to every request and none to notifications", () => {
    for (const method of catalog.methods) {
      expect(method.result !== undefined, method.name).toBe(method.kind === "request");
    }
  });

  it("names only declared error codes, each code and name once", () => {
    const unknown = catalog.methods.flatMap((method) =>
      (method.errors ?? [])
        .filter((name) => !errorNames.includes(name))
        .map((name) => `${method.name}: ${name}`),
    );
    expect(unknown).toEqual([]);
    expect(new Set(errorNames).size).toBe(errorNames.length);
    const codes = catalog.errors.map((error) => error.code);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it("gates the component server on `initialized` with a declared error", () => {
    const lifecycle = catalog.roles["component-server"]?.lifecycle;
    expect(lifecycle).toEqual({
      allowedBefore: ["initialize"],
      readyAfter: "initialized",
      notReadyError: "ServerNotInitialized",
    });
    const methodNames = catalog.methods.map((method) => method.name);
    expect(methodNames).toEqual(
      expect.arrayContaining([...lifecycle!.allowedBefore, lifecycle!.readyAfter]),
    );
    expect(errorNames).toContain(lifecycle!.notReadyError);
    // Every other request the component server handles can be refused before it is ready.
    const gated = catalog.methods.filter(
      (method) =>
        method.to === "component-server" &&
        method.kind === "request" &&
        method.name !== "initialize",
    );
    for (const method of gated)
      expect(method.errors, method.name).toContain("ServerNotInitialized");
  });
});
