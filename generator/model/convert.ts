// Turns JSON Schema into IR types. One method per construct; every `$ref` to a definition stays
// a reference to that definition's named type (never a copy), so the output has exactly one
// declaration per definition however many places use it.
import { InputError, childPointer, type Diagnostic } from "../core/diagnostics.js";
import type {
  AdditionalProperties,
  ArrayConstraints,
  Declaration,
  JsonScalar,
  NumberConstraints,
  ObjectConstraints,
  PatternedProperties,
  Property,
  StringConstraints,
  TypeNode,
  UnionNode,
} from "../core/ir.js";
import { docsOf } from "./docs.js";
import { describeValue, KeywordReader, regExpProblem } from "./keywords.js";
import { addressKey, type SchemaAddress, type SchemaGraph } from "./graph.js";
import { NameAllocator, pascalCase } from "./naming.js";

type SchemaObject = Readonly<Record<string, unknown>>;

/** A union whose schema named a discriminator; `discriminators.ts` checks and completes it later. */
export interface DiscriminatorHint {
  readonly union: UnionNode;
  readonly propertyName: string;
  /** Discriminator value -> address of the member schema, from the keyword's `mapping`. */
  readonly mapping: ReadonlyMap<string, string>;
  readonly memberAddresses: readonly (string | undefined)[];
  readonly address: SchemaAddress;
}

const JSON_TYPES = new Set(["null", "boolean", "object", "array", "number", "integer", "string"]);
const OBJECT_KEYWORDS = [
  "properties",
  "required",
  "additionalProperties",
  "patternProperties",
  "minProperties",
  "maxProperties",
  "propertyNames",
];
const ARRAY_KEYWORDS = ["items", "prefixItems", "minItems", "maxItems", "uniqueItems", "contains"];
const STRING_KEYWORDS = ["minLength", "maxLength", "pattern"];
const NUMBER_KEYWORDS = [
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
];
/**
 * Keywords that restrict values but that the generated validators do not check: each use is a
 * warning (an error with `--strict`), since the validators then accept what the schema forbids.
 */
const UNENFORCED_KEYWORDS = [
  "not",
  "if",
  "then",
  "else",
  "dependentRequired",
  "dependentSchemas",
  "dependencies",
  "propertyNames",
  "contains",
  "minContains",
  "maxContains",
  "unevaluatedProperties",
  "unevaluatedItems",
  "$dynamicRef",
  "$recursiveRef",
];

/** Keywords that restrict values: what a draft-7 `$ref` makes the schema beside it ignore. */
const TYPE_KEYWORDS = new Set([
  "type",
  "const",
  "enum",
  "oneOf",
  "anyOf",
  "allOf",
  "items",
  "additionalItems",
  "format",
  ...OBJECT_KEYWORDS,
  ...ARRAY_KEYWORDS,
  ...STRING_KEYWORDS,
  ...NUMBER_KEYWORDS,
  ...UNENFORCED_KEYWORDS,
]);

export class SchemaConverter {
  readonly declarations: Declaration[] = [];
  readonly discriminatorHints: DiscriminatorHint[] = [];
  /** Every problem found in the schema; the model stage fails with all of them at once. */
  readonly problems: Diagnostic[] = [];
  /** What the schema says that the output does not enforce. */
  readonly warnings: Diagnostic[] = [];
  private readonly names = new NameAllocator();
  /** address key -> declared name, for every schema that gets a named type. */
  private readonly named = new Map<string, string>();
  private readonly queue: SchemaAddress[] = [];
  private readonly typesByName = new Map<string, TypeNode>();
  private readonly graph: SchemaGraph;
  /** file -> whether its `$schema` is a draft that ignores keywords beside `$ref`. */
  private readonly refSiblingsIgnored = new Map<string, boolean>();

  constructor(graph: SchemaGraph) {
    this.graph = graph;
  }

  /**
   * Declares every definition of the root file (sorted by key, so that names do not depend on
   * the order of `$defs`), then the root schema itself when it describes a type.
   */
  declareRoot(): void {
    const rootAddress = { file: this.graph.root, pointer: "" };
    const root = this.graph.get(rootAddress);
    if (!isObject(root)) {
      this.report(rootAddress, `the schema must be an object, found ${describeValue(root)}`);
      return;
    }
    for (const section of ["$defs", "definitions"]) {
      const defs = root[section];
      if (defs === undefined) continue;
      if (!isObject(defs)) {
        this.report(
          { ...rootAddress, pointer: childPointer("", section) },
          `${section} must be an object of schemas, found ${describeValue(defs)}`,
        );
        continue;
      }
      for (const key of Object.keys(defs).sort(compareCodePoints)) {
        this.declare(
          { file: this.graph.root, pointer: childPointer("", section, key) },
          pascalCase(key),
        );
      }
    }
    if (isObject(root) && hasTypeKeywords(root)) {
      // Named after its title; when a definition already has that name (a root titled
      // `Message` beside `$defs/Message`), the definition keeps it and the root is `MessageRoot`.
      const titled = pascalCase(typeof root["title"] === "string" ? root["title"] : "Root");
      this.declare(rootAddress, this.names.isTaken(titled) ? `${titled}Root` : titled);
    }
  }

  /** The name of the definition at `$defs/<key>` (or `definitions/<key>`) of the root file. */
  rootDefinitionName(key: string): string | undefined {
    for (const section of ["$defs", "definitions"]) {
      const name = this.named.get(
        addressKey({ file: this.graph.root, pointer: childPointer("", section, key) }),
      );
      if (name !== undefined) return name;
    }
    return undefined;
  }

  /**
   * The name of the schema at a JSON pointer (`#/...`) into the root file, declared under
   * `preferredName` unless something declares it already. A schema that is only a `$ref` names
   * what it refers to, so that an inline `{"$ref": "#/$defs/X"}` is simply `X`.
   */
  declarePointer(pointer: string, preferredName: string): string | { problem: string } {
    let fragment: string;
    try {
      fragment = decodeURIComponent(pointer.slice(1));
    } catch {
      return { problem: `"${pointer}" has a malformed %-escape` };
    }
    let address: SchemaAddress = { file: this.graph.root, pointer: fragment };
    for (let hops = 0; ; hops++) {
      const schema = this.graph.get(address);
      if (schema === undefined) return { problem: `no schema at "${pointer}" in the schema` };
      if (schema !== true && schema !== false && !isObject(schema))
        return { problem: `"${pointer}" points at ${describeValue(schema)}, not a schema` };
      const onlyRef =
        isObject(schema) &&
        typeof schema["$ref"] === "string" &&
        Object.keys(schema).every((key) =>
          ["$ref", "description", "title", "$comment"].includes(key),
        );
      if (!onlyRef || hops > 16) break;
      try {
        address = this.graph.resolveRef(address, schema["$ref"] as string);
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        return { problem: error.diagnostics.map((d) => d.message).join("; ") };
      }
    }
    const name = this.named.get(addressKey(address)) ?? this.declare(address, preferredName);
    // Converted at once, with what it references, so that its type can be looked at.
    this.convertAll();
    return name;
  }

  /** The type of a converted declaration, by its declared name. */
  declarationType(name: string): TypeNode | undefined {
    return this.typesByName.get(name);
  }

  /** Converts every declared schema, including those that references reach on the way. */
  convertAll(): void {
    for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) {
      const schema = this.graph.get(next);
      const name = this.named.get(addressKey(next))!;
      const type = this.convert(schema, next);
      this.typesByName.set(name, type);
      this.declarations.push({
        name,
        type,
        docs: docsOf(schema),
        source: this.graph.location(next),
      });
    }
  }

  /**
   * Warns of each OpenAPI `discriminator` whose property does not tell the union's members apart
   * (a required constant in each): it is ignored. One that does is read as OpenAPI means it.
   * Call after `attachDiscriminators`.
   */
  warnUnusedDiscriminators(): void {
    for (const hint of this.discriminatorHints) {
      if (hint.propertyName === "" || hint.union.discriminator !== undefined) continue;
      this.warn(
        { ...hint.address, pointer: childPointer(hint.address.pointer, "discriminator") },
        `discriminator names ${JSON.stringify(hint.propertyName)}, which is not a required constant of every member: ignored (validators try each member)`,
      );
    }
  }

  /** Reserves a name for a helper the generated code needs, after every schema name is taken. */
  reserveName(preferred: string): string {
    return this.names.allocate(preferred);
  }

  private report(address: SchemaAddress, message: string): void {
    const { file, pointer } = this.graph.location(address);
    this.problems.push({ file, pointer, message });
  }

  private warn(address: SchemaAddress, message: string): void {
    const { file, pointer } = this.graph.location(address);
    this.warnings.push({ file, pointer, message });
  }

  private declare(address: SchemaAddress, preferredName: string): string {
    const key = addressKey(address);
    const existing = this.named.get(key);
    if (existing !== undefined) return existing;
    const name = this.names.allocate(preferredName);
    this.named.set(key, name);
    this.queue.push(address);
    return name;
  }

  /** A name for a schema reached through `$ref` that is not a root-file definition. */
  private nameForReferenced(address: SchemaAddress): string {
    const schema = this.graph.get(address);
    if (address.pointer === "") {
      const title =
        isObject(schema) && typeof schema["title"] === "string" ? schema["title"] : undefined;
      const base = address.file.replace(/^.*[\\/]/, "").replace(/(\.schema)?\.(json|ya?ml)$/i, "");
      return pascalCase(title ?? base);
    }
    const tokens = address.pointer.split("/");
    return pascalCase(tokens[tokens.length - 1]!.replace(/~1/g, "/").replace(/~0/g, "~"));
  }

  convert(schema: unknown, address: SchemaAddress): TypeNode {
    if (schema === true) return { kind: "json" };
    if (schema === false) return { kind: "never" };
    if (!isObject(schema)) {
      this.report(address, `expected a schema (an object or a boolean), found ${describe(schema)}`);
      return { kind: "json" };
    }
    if (Object.hasOwn(schema, "example")) {
      this.warn(
        { ...address, pointer: childPointer(address.pointer, "example") },
        "example is OpenAPI's keyword, not JSON Schema's: read as one of the examples",
      );
    }
    for (const keyword of UNENFORCED_KEYWORDS) {
      if (schema[keyword] !== undefined) {
        this.warn(
          { ...address, pointer: childPointer(address.pointer, keyword) },
          `${keyword} is not enforced: the generated validators accept values it would refuse`,
        );
      }
    }
    if (typeof schema["$ref"] === "string" && this.ignoresRefSiblings(address)) {
      const ignored = Object.keys(schema).filter((keyword) => TYPE_KEYWORDS.has(keyword));
      if (ignored.length > 0) {
        this.warn(
          address,
          `${ignored.join(", ")} beside $ref: this schema's draft ignores keywords next to a $ref, so it was read as the $ref alone`,
        );
        return this.reference(schema["$ref"], address);
      }
    }
    const parts: TypeNode[] = [];
    if (typeof schema["$ref"] === "string") parts.push(this.reference(schema["$ref"], address));
    else if (schema["$ref"] !== undefined) {
      this.report(
        { ...address, pointer: address.pointer + "/$ref" },
        `$ref must be a string, found ${describeValue(schema["$ref"])}`,
      );
    }

    if (Object.hasOwn(schema, "const")) parts.push(this.constant(schema["const"], address));
    else if (schema["enum"] !== undefined) parts.push(this.enumeration(schema, address));
    else if (
      schema["type"] !== undefined ||
      hasAny(schema, OBJECT_KEYWORDS, ARRAY_KEYWORDS, STRING_KEYWORDS, NUMBER_KEYWORDS)
    ) {
      parts.push(this.typed(schema, address));
    }

    if (schema["oneOf"] !== undefined) parts.push(this.union(schema, "oneOf", address));
    if (schema["anyOf"] !== undefined && !this.tolerateEmpty(schema, "anyOf", address))
      parts.push(this.union(schema, "anyOf", address));
    if (schema["allOf"] !== undefined && !this.tolerateEmpty(schema, "allOf", address)) {
      this.schemaList(schema, "allOf", address).forEach((member, index) =>
        parts.push(
          this.convert(member, {
            ...address,
            pointer: childPointer(address.pointer, "allOf", index),
          }),
        ),
      );
    }
    if (parts.length === 0) return { kind: "json" };
    if (parts.length === 1) return parts[0]!;
    return { kind: "intersection", members: parts };
  }

  /**
   * `allOf: []` and `anyOf: []` are invalid (the lists must not be empty), but real schemas use
   * them for "any value"; they are read so, with a warning. (`oneOf: []` allows nothing and stays
   * an error.)
   */
  private tolerateEmpty(
    schema: SchemaObject,
    keyword: "allOf" | "anyOf",
    address: SchemaAddress,
  ): boolean {
    const list = schema[keyword];
    if (!Array.isArray(list) || list.length > 0) return false;
    this.warn(
      { ...address, pointer: childPointer(address.pointer, keyword) },
      `${keyword} is an empty array, which JSON Schema does not allow: read as no constraint (any value)`,
    );
    return true;
  }

  /** Whether the draft of the file holding `address` ignores keywords beside `$ref` (draft 7 and earlier). */
  private ignoresRefSiblings(address: SchemaAddress): boolean {
    let ignores = this.refSiblingsIgnored.get(address.file);
    if (ignores === undefined) {
      const document = this.graph.get({ file: address.file, pointer: "" });
      const dialect = isObject(document) ? document["$schema"] : undefined;
      ignores =
        typeof dialect === "string" &&
        /^https?:\/\/json-schema\.org\/draft-0[3-7]\/schema#?$/.test(dialect);
      this.refSiblingsIgnored.set(address.file, ignores);
    }
    return ignores;
  }

  private reference(ref: string, address: SchemaAddress): TypeNode {
    let target: SchemaAddress;
    try {
      target = this.graph.resolveRef(address, ref);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      this.problems.push(...error.diagnostics);
      return { kind: "json" };
    }
    const known = this.named.get(addressKey(target));
    return { kind: "ref", name: known ?? this.declare(target, this.nameForReferenced(target)) };
  }

  private constant(value: unknown, address: SchemaAddress): TypeNode {
    if (isScalar(value)) return { kind: "literal", value };
    // An object or array constant: typed by its shape (exact values are left to the validator docs).
    return this.convert(shapeSchemaOf(value), {
      ...address,
      pointer: childPointer(address.pointer, "const"),
    });
  }

  private enumeration(schema: SchemaObject, address: SchemaAddress): TypeNode {
    const values = schema["enum"];
    const at = { ...address, pointer: childPointer(address.pointer, "enum") };
    if (!Array.isArray(values)) {
      this.report(at, `enum must be an array, found ${describeValue(values)}`);
      return { kind: "json" };
    }
    const allowedTypes = typeList(schema["type"]);
    const members: TypeNode[] = [];
    for (const value of values) {
      if (allowedTypes && !allowedTypes.some((t) => valueHasType(value, t))) continue;
      members.push(
        isScalar(value) ? { kind: "literal", value } : this.convert(shapeSchemaOf(value), at),
      );
    }
    if (members.length === 0) return { kind: "never" };
    return members.length === 1 ? members[0]! : { kind: "union", members, exclusive: false };
  }

  private typed(schema: SchemaObject, address: SchemaAddress): TypeNode {
    let types = typeList(schema["type"]);
    if (types === undefined && schema["type"] !== undefined) {
      this.report(
        { ...address, pointer: childPointer(address.pointer, "type") },
        `type must be a type name or an array of them, found ${describeValue(schema["type"])}`,
      );
      return { kind: "json" };
    }
    if (types === undefined) {
      types = [];
      if (hasAny(schema, OBJECT_KEYWORDS)) types.push("object");
      if (hasAny(schema, ARRAY_KEYWORDS)) types.push("array");
      if (hasAny(schema, STRING_KEYWORDS)) types.push("string");
      if (hasAny(schema, NUMBER_KEYWORDS)) types.push("number");
    }
    const unknown = types.filter((t) => !JSON_TYPES.has(t));
    for (const t of unknown) {
      this.report(
        { ...address, pointer: childPointer(address.pointer, "type") },
        `unknown type ${JSON.stringify(t)} (expected one of ${[...JSON_TYPES].join(", ")})`,
      );
    }
    types = types.filter((t) => JSON_TYPES.has(t));
    // `integer` already covers whole numbers, so `["number", "integer"]` is just `number`.
    if (types.includes("number")) types = types.filter((t) => t !== "integer");
    const members = types.map((t) => this.single(t, schema, address));
    if (members.length === 0) return { kind: "never" };
    return members.length === 1 ? members[0]! : { kind: "union", members, exclusive: false };
  }

  /** Reads keyword values as their types, reporting each one that is not. */
  private keywords(schema: SchemaObject, address: SchemaAddress): KeywordReader {
    return new KeywordReader(schema, (keyword, message) =>
      this.report({ ...address, pointer: childPointer(address.pointer, keyword) }, message),
    );
  }

  private single(type: string, schema: SchemaObject, address: SchemaAddress): TypeNode {
    const read = this.keywords(schema, address);
    switch (type) {
      case "null":
        return { kind: "null" };
      case "boolean":
        return { kind: "boolean" };
      case "string":
        return {
          kind: "string",
          constraints: defined<StringConstraints>({
            minLength: read.count("minLength"),
            maxLength: read.count("maxLength"),
            pattern: read.pattern("pattern"),
            format: read.text("format"),
          }),
        };
      case "number":
      case "integer":
        return {
          kind: "number",
          integer: type === "integer",
          constraints: defined<NumberConstraints>({
            minimum: read.bound("minimum"),
            maximum: read.bound("maximum"),
            exclusiveMinimum: read.bound("exclusiveMinimum"),
            exclusiveMaximum: read.bound("exclusiveMaximum"),
            multipleOf: read.divisor("multipleOf"),
            format: read.text("format"),
          }),
        };
      case "array":
        return this.array(schema, address);
      default:
        return this.object(schema, address);
    }
  }

  private array(schema: SchemaObject, address: SchemaAddress): TypeNode {
    const at = (...tokens: (string | number)[]): SchemaAddress => ({
      ...address,
      pointer: childPointer(address.pointer, ...tokens),
    });
    const read = this.keywords(schema, address);
    const constraints = defined<ArrayConstraints>({
      minItems: read.count("minItems"),
      maxItems: read.count("maxItems"),
      uniqueItems: read.flag("uniqueItems"),
    });
    if (schema["prefixItems"] !== undefined && !Array.isArray(schema["prefixItems"])) {
      this.report(
        at("prefixItems"),
        `prefixItems must be an array of schemas, found ${describeValue(schema["prefixItems"])}`,
      );
    }
    // Draft 2019 and earlier wrote tuples as `items: [...]` with `additionalItems`.
    if (Array.isArray(schema["items"])) {
      const prefixItems = schema["items"].map((item, index) =>
        this.convert(item, at("items", index)),
      );
      const rest =
        schema["additionalItems"] === undefined
          ? { kind: "json" as const }
          : this.convert(schema["additionalItems"], at("additionalItems"));
      return { kind: "array", prefixItems, items: rest, constraints };
    }
    const prefixItems = Array.isArray(schema["prefixItems"])
      ? schema["prefixItems"].map((item, index) => this.convert(item, at("prefixItems", index)))
      : [];
    const items =
      schema["items"] === undefined
        ? { kind: "json" as const }
        : this.convert(schema["items"], at("items"));
    return { kind: "array", prefixItems, items, constraints };
  }

  private object(schema: SchemaObject, address: SchemaAddress): TypeNode {
    const at = (...tokens: string[]): SchemaAddress => ({
      ...address,
      pointer: childPointer(address.pointer, ...tokens),
    });
    let propertySchemas: SchemaObject = (schema["properties"] ?? {}) as SchemaObject;
    if (!isObject(propertySchemas)) {
      this.report(
        at("properties"),
        `properties must be an object of schemas, found ${describeValue(propertySchemas)}`,
      );
      propertySchemas = {};
    }
    const requiredValue = schema["required"] ?? [];
    const requiredNames = Array.isArray(requiredValue) ? (requiredValue as unknown[]) : [];
    const required = requiredNames.filter((name): name is string => typeof name === "string");
    if (!Array.isArray(requiredValue) || required.length !== requiredNames.length)
      this.report(at("required"), "required must be an array of property names");
    const requiredSet = new Set<string>(required);
    if (isObject(schema["properties"])) {
      required.forEach((name, index) => {
        if (!Object.hasOwn(propertySchemas, name))
          this.warn(
            at("required", String(index)),
            `required names ${JSON.stringify(name)}, which properties does not define: read as a required property of any value`,
          );
      });
    }
    const properties: Property[] = [];
    for (const name of Object.keys(propertySchemas)) {
      const propertyAddress = at("properties", name);
      properties.push({
        name,
        required: requiredSet.has(name),
        type: this.convert(propertySchemas[name], propertyAddress),
        docs: docsOf(propertySchemas[name]),
        source: this.graph.location(propertyAddress),
      });
    }
    // A required name without a schema may hold any value, but must be there.
    for (const name of required) {
      if (!Object.hasOwn(propertySchemas, name)) {
        properties.push({
          name,
          required: true,
          type: { kind: "json" },
          docs: {},
          source: this.graph.location(at("required")),
        });
      }
    }
    const patterned = this.patternedProperties(schema, address);
    return {
      kind: "object",
      properties,
      additional: this.additional(schema, address),
      ...(patterned !== undefined && { patternProperties: patterned }),
      additionalExplicit:
        schema["additionalProperties"] !== undefined || schema["patternProperties"] !== undefined,
      constraints: defined<ObjectConstraints>({
        minProperties: this.keywords(schema, address).count("minProperties"),
        maxProperties: this.keywords(schema, address).count("maxProperties"),
      }),
    };
  }

  /** `patternProperties` and `additionalProperties` apart, as validators need them. */
  private patternedProperties(
    schema: SchemaObject,
    address: SchemaAddress,
  ): PatternedProperties | undefined {
    const patterns = schema["patternProperties"];
    if (!isObject(patterns)) return undefined;
    const extra = schema["additionalProperties"];
    const rest: AdditionalProperties =
      extra === false
        ? { kind: "none" }
        : extra === undefined || extra === true
          ? { kind: "any" }
          : {
              kind: "typed",
              type: this.convert(extra, {
                ...address,
                pointer: childPointer(address.pointer, "additionalProperties"),
              }),
            };
    return {
      patterns: Object.keys(patterns).map((pattern) => ({
        pattern,
        type: this.convert(patterns[pattern], {
          ...address,
          pointer: childPointer(address.pointer, "patternProperties", pattern),
        }),
      })),
      rest,
    };
  }

  private additional(schema: SchemaObject, address: SchemaAddress): AdditionalProperties {
    const extra = schema["additionalProperties"];
    const patterns = schema["patternProperties"];
    const typed: TypeNode[] = [];
    if (patterns !== undefined && !isObject(patterns)) {
      this.report(
        { ...address, pointer: childPointer(address.pointer, "patternProperties") },
        `patternProperties must be an object of schemas, found ${describeValue(patterns)}`,
      );
    }
    if (isObject(patterns)) {
      for (const pattern of Object.keys(patterns)) {
        const reason = regExpProblem(pattern);
        if (reason !== undefined) {
          this.report(
            { ...address, pointer: childPointer(address.pointer, "patternProperties", pattern) },
            `invalid pattern /${pattern}/: ${reason}`,
          );
        }
        typed.push(
          this.convert(patterns[pattern], {
            ...address,
            pointer: childPointer(address.pointer, "patternProperties", pattern),
          }),
        );
      }
    }
    if (extra === false && typed.length === 0) return { kind: "none" };
    if (extra !== undefined && extra !== true && extra !== false) {
      typed.push(
        this.convert(extra, {
          ...address,
          pointer: childPointer(address.pointer, "additionalProperties"),
        }),
      );
    } else if (typed.length > 0 && extra !== false) {
      return { kind: "any" };
    }
    if (typed.length === 0) return { kind: "any" };
    return {
      kind: "typed",
      type: typed.length === 1 ? typed[0]! : { kind: "union", members: typed, exclusive: false },
    };
  }

  private union(
    schema: SchemaObject,
    keyword: "oneOf" | "anyOf",
    address: SchemaAddress,
  ): TypeNode {
    const schemas = this.schemaList(schema, keyword, address);
    const members = schemas.map((member, index) =>
      this.convert(member, { ...address, pointer: childPointer(address.pointer, keyword, index) }),
    );
    const union: UnionNode = { kind: "union", members, exclusive: keyword === "oneOf" };
    const discriminator = schema["discriminator"];
    if (discriminator !== undefined) {
      const at = { ...address, pointer: childPointer(address.pointer, "discriminator") };
      // A well-formed one is checked against the members once they are converted
      // (`unusedDiscriminators`); one without a propertyName cannot be read at all.
      if (!(isObject(discriminator) && typeof discriminator["propertyName"] === "string"))
        this.warn(
          at,
          "discriminator is OpenAPI's keyword, not JSON Schema's, and has no string propertyName: ignored",
        );
    }
    if (keyword === "oneOf" || schema["oneOf"] === undefined) {
      const hint =
        isObject(discriminator) && typeof discriminator["propertyName"] === "string"
          ? discriminator
          : undefined;
      const mapping = new Map<string, string>();
      if (hint && isObject(hint["mapping"])) {
        for (const [value, ref] of Object.entries(hint["mapping"])) {
          if (typeof ref === "string")
            mapping.set(value, addressKey(this.graph.resolveRef(address, ref)));
        }
      }
      this.discriminatorHints.push({
        union,
        propertyName: hint ? (hint["propertyName"] as string) : "",
        mapping,
        memberAddresses: schemas.map((member, index) =>
          isObject(member) && typeof member["$ref"] === "string"
            ? addressKey(
                this.graph.resolveRef(
                  { ...address, pointer: childPointer(address.pointer, keyword, index) },
                  member["$ref"],
                ),
              )
            : undefined,
        ),
        address,
      });
    }
    return union;
  }

  private schemaList(schema: SchemaObject, keyword: string, address: SchemaAddress): unknown[] {
    const list = schema[keyword];
    if (!Array.isArray(list) || list.length === 0) {
      this.report(
        { ...address, pointer: childPointer(address.pointer, keyword) },
        `${keyword} must be a non-empty array of schemas`,
      );
      return [];
    }
    return list;
  }
}

function isObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is JsonScalar {
  return (
    value === null ||
    typeof value === "string" ||
    typeof value === "number" ||
    typeof value === "boolean"
  );
}

function hasAny(schema: SchemaObject, ...keywordLists: string[][]): boolean {
  return keywordLists.some((list) => list.some((keyword) => schema[keyword] !== undefined));
}

/** Whether a schema says anything about the type of a value (rather than only documenting it). */
function hasTypeKeywords(schema: SchemaObject): boolean {
  return (
    hasAny(schema, OBJECT_KEYWORDS, ARRAY_KEYWORDS, STRING_KEYWORDS, NUMBER_KEYWORDS) ||
    ["type", "$ref", "const", "enum", "oneOf", "anyOf", "allOf"].some(
      (keyword) => schema[keyword] !== undefined,
    )
  );
}

function typeList(type: unknown): string[] | undefined {
  if (typeof type === "string") return [type];
  if (Array.isArray(type) && type.every((t) => typeof t === "string")) return [...type];
  return undefined;
}

function valueHasType(value: unknown, type: string): boolean {
  switch (type) {
    case "null":
      return value === null;
    case "integer":
      return typeof value === "number" && Number.isInteger(value);
    case "array":
      return Array.isArray(value);
    case "object":
      return isObject(value);
    default:
      return typeof value === type;
  }
}

/** A schema describing the shape of a constant object or array, for typing it. */
function shapeSchemaOf(value: unknown): unknown {
  if (Array.isArray(value))
    return {
      type: "array",
      prefixItems: value.map(shapeSchemaOf),
      items: false,
      minItems: value.length,
    };
  if (isObject(value)) {
    // `Object.fromEntries` defines every key as an own property: an assignment would take a
    // `__proto__` key for the object's prototype and drop it.
    const properties = Object.fromEntries(
      Object.keys(value).map((key) => [key, shapeSchemaOf(value[key])]),
    );
    return {
      type: "object",
      properties,
      required: Object.keys(value),
      additionalProperties: false,
    };
  }
  return { const: value };
}

/** The fields that have a value: constraints list only the keywords a schema gives. */
function defined<T extends object>(fields: { [K in keyof T]: T[K] | undefined }): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value;
  return out as T;
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "string" ? `the string ${JSON.stringify(value)}` : `a ${typeof value}`;
}

export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
