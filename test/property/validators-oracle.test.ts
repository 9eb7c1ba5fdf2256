// The generated validators against an independent one (ajv, draft 2020-12) on random values, for
// every definition of every fixture schema and of the protocol's schema: both must call the same
// values valid. Values come from the schema itself (test/helpers/schema-values.ts), so that deep
// checks are reached, with arbitrary JSON and near misses mixed in.
//
// Deliberate differences, which the comparison takes into account rather than hides:
// - integer `format`s (int8 ... uint64) bound the value in the generated validators; JSON Schema
//   makes `format` an annotation, so ajv is given the same ranges as custom formats;
// - other `format`s (date-time, uri, ...) are annotations for both (ajv is told not to check them);
// - tuples written the draft 2019 way (`items: [...]`, `additionalItems`), which the generator
//   reads as draft 2019 does, are given to ajv in their draft 2020 spelling;
// - keywords of one kind without a `type` (`properties` alone) make the generator type the value
//   as that kind, where JSON Schema accepts values of any other type: ajv gets the type written;
// - keywords the generator does not model (`if`/`then`/`else`, `not`, `unevaluated*`,
//   `propertyNames`, `dependent*`, `contains`) are documentation for it, and left out for ajv;
// - a `oneOf` with an OpenAPI `discriminator` checks the one member its tag names, as OpenAPI
//   says, and refuses tags the mapping does not name; ajv, reading plain JSON Schema, refuses a
//   value that two members match and accepts any tag some member allows. Such values are counted
//   apart, not reported (see isDeliberate).
// And two of ajv's own: it accepts any value for a property named `__proto__` (JSON.parse makes it
// an ordinary own property, which the generated validators check), and its deep equality (for
// `const` and `enum` objects) throws on an object whose own `toString` or `valueOf` is not a
// function (`{"toString": ""}`, valid JSON); such values are counted apart.
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv2020, type ErrorObject } from "ajv/dist/2020.js";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir, repoRoot, stepflowSchema } from "../helpers/repo.js";
import { loadValidators } from "../helpers/validators-module.js";
import { valuesFor, type Resolve, type SchemaDocument } from "../helpers/schema-values.js";

// Values per definition: 150 (27,000 in all) in `npm test`; FAST_CHECK_RUNS (npm run test:long)
// scales them, at one per hundred of its cases.
const runs = Math.max(150, Math.round(Number(process.env["FAST_CHECK_RUNS"] ?? 0) / 100));

const fixtureDir = path.join(repoRoot, "test/fixtures/schemas");
const schemas = [
  ...readdirSync(fixtureDir)
    .filter((name) => name.endsWith(".schema.json"))
    .map((name) => `test/fixtures/schemas/${name}`),
  stepflowSchema,
];

type Validate = (value: unknown) => unknown;

/** ajv's answer, or `undefined` for a value it cannot judge (its deep equality threw). */
type Judgement = { valid: boolean; deliberate: boolean; errors?: unknown } | undefined;

interface Subject {
  readonly schema: string;
  readonly declaration: string;
  readonly validate: Validate;
  readonly oracle: (value: unknown) => Judgement;
  readonly values: fc.Arbitrary<unknown>;
  /** The property an OpenAPI `discriminator` names, on the definition itself. */
  readonly tag: string | undefined;
}

const INTEGER_FORMATS: Record<string, [number, number]> = {
  int8: [-128, 127],
  uint8: [0, 255],
  int16: [-32768, 32767],
  uint16: [0, 65535],
  int32: [-2147483648, 2147483647],
  uint32: [0, 4294967295],
  uint64: [0, Infinity],
};

let tmp: string;
const subjects: Subject[] = [];

beforeAll(async () => {
  tmp = makeTempDir("validators-oracle");
  for (const [index, schemaPath] of schemas.entries()) {
    const { validators, model, inputs } = await loadValidators(
      schemaPath,
      path.join(tmp, String(index)),
    );

    const ajv = new Ajv2020({
      strict: false,
      validateFormats: true,
      allErrors: false,
      verbose: true,
      // Otherwise ajv reads inherited members: `constructor` would be present on every object.
      ownProperties: true,
    });
    for (const [name, [min, max]] of Object.entries(INTEGER_FORMATS))
      ajv.addFormat(name, { type: "number", validate: (n: number) => n >= min && n <= max });
    // Every other format is an annotation: accepted as it is.
    const annotation = { validate: () => true };
    for (const name of [
      "date-time",
      "date",
      "time",
      "uri",
      "uri-reference",
      "email",
      "uuid",
      "regex",
      "int64",
      "double",
      "float",
    ])
      ajv.addFormat(name, annotation);
    const documents = new Map<string, SchemaDocument>();
    for (const [file, root] of inputs.schema.documents) {
      // A schema's own `$id`, when it has one, is the base of its references.
      const ownId = (root as { $id?: unknown }).$id;
      const url = typeof ownId === "string" ? ownId : pathToFileURL(file).href;
      const document = { root: root as SchemaDocument["root"], url };
      documents.set(url, document);
      documents.set(pathToFileURL(file).href, document);
      ajv.addSchema({ ...(asTheGeneratorReadsIt(root) as object), $id: url });
    }
    const resolve: Resolve = (ref, from) => {
      const target = new URL(ref, from.url);
      const document = documents.get(target.href.replace(/#.*$/, ""))!;
      let schema: unknown = document.root;
      const pointer = decodeURIComponent(target.hash.slice(1));
      for (const token of pointer.split("/").slice(1))
        schema = (schema as Record<string, unknown>)[token.replace(/~1/g, "/").replace(/~0/g, "~")];
      return { schema: schema as SchemaDocument["root"], document };
    };

    for (const declaration of model.declarations) {
      const validate = validators[`validate${declaration.name}`];
      const file = pathToFileURL(path.resolve(repoRoot, declaration.source.file)).href;
      const ref = documents.get(file)!.url + "#" + declaration.source.pointer;
      const oracle = ajv.compile({ $ref: ref });
      const { schema, document } = resolve(ref, documents.get(file)!);
      subjects.push({
        schema: schemaPath,
        declaration: declaration.name,
        validate: validate!,
        oracle: (value) => {
          let valid: boolean;
          try {
            valid = oracle(value) as boolean;
          } catch (error) {
            if (error instanceof TypeError && hasOwnNonFunctionConversion(value)) return undefined;
            throw error;
          }
          if (valid) return { valid: true, deliberate: false };
          const errors = oracle.errors ?? [];
          return { valid: false, deliberate: errors.every(isDeliberate), errors };
        },
        values: valuesFor(schema, document, resolve),
        tag:
          typeof schema === "object" &&
          typeof (schema["discriminator"] as { propertyName?: unknown } | undefined)
            ?.propertyName === "string"
            ? (schema["discriminator"] as { propertyName: string }).propertyName
            : undefined,
      });
      expect(validate, `validate${declaration.name} in ${schemaPath}`).toBeTypeOf("function");
    }
  }
}, 120_000);

afterAll(() => removeTempDir(tmp));

/**
 * Whether ajv's reason to refuse a value is a documented difference: a `oneOf` with an OpenAPI
 * `discriminator`, which the generated validators read as OpenAPI does (the tag picks the one
 * member to check), refused by ajv because another member matches too.
 */
/** Whether a value has a property named `__proto__` somewhere: ajv does not check those. */
function hasProtoKey(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasProtoKey);
  if (typeof value !== "object" || value === null) return false;
  return Object.hasOwn(value, "__proto__") || Object.values(value).some(hasProtoKey);
}

/** Whether a value has an own `toString` or `valueOf` somewhere that is not a function. */
function hasOwnNonFunctionConversion(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(hasOwnNonFunctionConversion);
  if (typeof value !== "object" || value === null) return false;
  return (
    ["toString", "valueOf"].some(
      (key) =>
        Object.hasOwn(value, key) && typeof (value as Record<string, unknown>)[key] !== "function",
    ) || Object.values(value).some(hasOwnNonFunctionConversion)
  );
}

function isDeliberate(error: ErrorObject): boolean {
  const parent = error.parentSchema as Record<string, unknown> | undefined;
  return (
    error.keyword === "oneOf" &&
    Array.isArray((error.params as { passingSchemas?: unknown }).passingSchemas) &&
    parent !== undefined &&
    parent["discriminator"] !== undefined
  );
}

// Keywords the generator does not turn into checks (they are kept as documentation).
const UNMODELLED = [
  "if",
  "then",
  "else",
  "not",
  "unevaluatedProperties",
  "unevaluatedItems",
  "propertyNames",
  "dependentRequired",
  "dependentSchemas",
  "contains",
  "minContains",
  "maxContains",
];
// What the generator infers a schema's type from, when it has no `type`.
const IMPLYING: [string, string[]][] = [
  [
    "object",
    [
      "properties",
      "patternProperties",
      "additionalProperties",
      "required",
      "minProperties",
      "maxProperties",
    ],
  ],
  ["array", ["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"]],
  ["string", ["minLength", "maxLength", "pattern"]],
  ["number", ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"]],
];
// Keywords whose value maps names to schemas.
const SCHEMAS_BY_NAME = [
  "properties",
  "$defs",
  "definitions",
  "patternProperties",
  "dependentSchemas",
];
// Keywords whose value is a JSON value, not a schema.
const VALUES = ["const", "enum", "default", "examples"];

/**
 * A copy of a schema as the generator reads it, for ajv: draft 2019 tuples (`items: [...]`) in
 * their draft 2020 spelling, keywords the generator does not model left out, and the type that
 * keywords of one kind imply (`properties` alone means an object) written out.
 */
function asTheGeneratorReadsIt(schema: unknown, isSchema = true): unknown {
  if (Array.isArray(schema)) return schema.map((item) => asTheGeneratorReadsIt(item, isSchema));
  if (typeof schema !== "object" || schema === null) return schema;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (isSchema && UNMODELLED.includes(key)) continue;
    let converted: unknown;
    if (!isSchema) converted = asTheGeneratorReadsIt(value, true);
    else if (VALUES.includes(key)) converted = value;
    else converted = asTheGeneratorReadsIt(value, !SCHEMAS_BY_NAME.includes(key));
    // Defined, not assigned: a property may be named `__proto__`.
    Object.defineProperty(copy, key, {
      value: converted,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  if (!isSchema) return copy;
  if (Array.isArray(copy["items"])) {
    copy["prefixItems"] = copy["items"];
    delete copy["items"];
    if (copy["additionalItems"] !== undefined) copy["items"] = copy["additionalItems"];
    delete copy["additionalItems"];
  }
  if (copy["type"] === undefined && !Object.hasOwn(copy, "const") && copy["enum"] === undefined) {
    const implied = IMPLYING.filter(([, keywords]) =>
      keywords.some((k) => Object.hasOwn(schema, k)),
    ).map(([type]) => type);
    if (implied.length > 0) copy["type"] = implied;
  }
  return copy;
}

describe("generated validators agree with ajv", () => {
  it("on every definition of every fixture and of the protocol", () => {
    expect(subjects.length).toBeGreaterThan(100);
    let cases = 0;
    let valid = 0;
    let deliberate = 0;
    let ajvMisses = 0;
    const disagreements: string[] = [];
    // One example per definition is enough to read.
    const seen = new Set<Subject>();
    for (const subject of subjects) {
      fc.assert(
        fc.property(subject.values, (value) => {
          cases++;
          const issue = subject.validate(value) as { path: string } | undefined;
          const ours = issue === undefined;
          const oracle = subject.oracle(value);
          if (oracle === undefined) {
            ajvMisses++;
            return;
          }
          const theirs = oracle.valid;
          if (theirs) valid++;
          if (ours && !theirs && oracle.deliberate) deliberate++;
          else if (!ours && theirs && subject.tag !== undefined) deliberate++;
          else if (!ours && theirs && hasProtoKey(value)) ajvMisses++;
          else if (ours !== theirs && !seen.has(subject)) {
            seen.add(subject);
            disagreements.push(
              `${subject.schema} ${subject.declaration}: ${JSON.stringify(value)} is ${theirs ? "valid" : "invalid"} for ajv, ${ours ? "valid" : "invalid"} here ${JSON.stringify(oracle.errors)}`,
            );
          }
        }),
        { numRuns: runs },
      );
    }
    console.log(
      `validators vs ajv: ${subjects.length} definitions, ${cases} values (${valid} valid for ajv), ` +
        `${deliberate} deliberate differences, ${ajvMisses} values ajv does not check (__proto__, own toString)`,
    );
    expect(disagreements).toEqual([]);
    // The values must exercise both answers, or the comparison says little.
    expect(valid).toBeGreaterThan(cases / 10);
    expect(cases - valid).toBeGreaterThan(cases / 10);
  }, 120_000);
});
