// The intermediate representation (IR) that every stage after `model` reads.
//
// It sits at the bottom of the import graph: it imports nothing from the stages,
// and the stages import it. The IR says what to generate, never how it is printed:
// TypeScript syntax, file layout and formatting belong to `emit` and `format`.

/** Any JSON value, as it appears in a schema (defaults, examples, consts, enums). */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON scalar: the values that `const` and `enum` may name and TypeScript can spell as literals. */
export type JsonScalar = null | boolean | number | string;

/** Where a piece of the input came from: a file (as given to the generator) and a JSON pointer in it. */
export interface SourceLocation {
  readonly file: string;
  /** RFC 6901 JSON pointer, `""` for the whole document. */
  readonly pointer: string;
}

/**
 * Documentation carried from the schema into JSDoc. Every field is optional; `emit` prints
 * what is present in a fixed order so that output stays stable.
 */
export interface Docs {
  readonly title?: string;
  readonly description?: string;
  /** Present when the schema gives a `default` (which may itself be `null`). */
  readonly default?: { readonly value: JsonValue };
  readonly examples?: readonly JsonValue[];
  readonly deprecated?: boolean;
  readonly readOnly?: boolean;
  readonly writeOnly?: boolean;
  /**
   * Keywords the generator does not turn into types (`format`, `pattern`, unknown keywords, ...),
   * in schema order, shown as `@name value` lines.
   */
  readonly tags?: readonly DocTag[];
}

export interface DocTag {
  readonly name: string;
  readonly value: JsonValue;
}

export interface StringConstraints {
  readonly minLength?: number;
  readonly maxLength?: number;
  /** ECMAScript regular expression source, as written in the schema. */
  readonly pattern?: string;
  readonly format?: string;
}

export interface NumberConstraints {
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly exclusiveMaximum?: number;
  readonly multipleOf?: number;
  /** e.g. `int32`, `uint32`, `int64`, `double`: integer formats also bound the range. */
  readonly format?: string;
}

export interface ArrayConstraints {
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
}

export interface ObjectConstraints {
  readonly minProperties?: number;
  readonly maxProperties?: number;
}

/** A type in the IR. Named types are referenced through `ref`; everything else is inline. */
export type TypeNode =
  | JsonNode
  | NeverNode
  | NullNode
  | BooleanNode
  | StringNode
  | NumberNode
  | LiteralNode
  | ArrayNode
  | ObjectNode
  | UnionNode
  | IntersectionNode
  | RefNode;

/** Any JSON value: the empty schema `{}` or `true`. */
export interface JsonNode {
  readonly kind: "json";
}

/** No value is valid: the schema `false`, or contradictory constraints. */
export interface NeverNode {
  readonly kind: "never";
}

export interface NullNode {
  readonly kind: "null";
}

export interface BooleanNode {
  readonly kind: "boolean";
}

export interface StringNode {
  readonly kind: "string";
  readonly constraints: StringConstraints;
}

export interface NumberNode {
  readonly kind: "number";
  /** `type: integer`: the value must have no fractional part. */
  readonly integer: boolean;
  readonly constraints: NumberConstraints;
}

/** Exactly one value: `const`, or one entry of an `enum` (an enum is a union of literals). */
export interface LiteralNode {
  readonly kind: "literal";
  readonly value: JsonScalar;
}

export interface ArrayNode {
  readonly kind: "array";
  /** Type of the items after `prefixItems` (all items when there are none). */
  readonly items: TypeNode;
  /** Positional item types (`prefixItems`): a tuple when `items` is `never`. */
  readonly prefixItems: readonly TypeNode[];
  readonly constraints: ArrayConstraints;
}

export interface Property {
  /** The property's name on the wire, exactly as in the schema. */
  readonly name: string;
  readonly required: boolean;
  readonly type: TypeNode;
  readonly docs: Docs;
  readonly source: SourceLocation;
}

/**
 * What an object allows beyond its named properties:
 * - `any`: any further property with any JSON value (`additionalProperties` absent or `true`);
 * - `none`: no further property (`additionalProperties: false`);
 * - `typed`: further properties of one type (`additionalProperties: {schema}`).
 */
export type AdditionalProperties =
  | { readonly kind: "any" }
  | { readonly kind: "none" }
  | { readonly kind: "typed"; readonly type: TypeNode };

/** One entry of `patternProperties`: properties whose names match `pattern` have type `type`. */
export interface PatternProperty {
  /** ECMAScript regular expression source, as written in the schema (unanchored, as in JSON Schema). */
  readonly pattern: string;
  readonly type: TypeNode;
}

/**
 * `patternProperties` exactly, for validators: a property must match the type of every pattern its
 * name matches; `rest` (what `additionalProperties` says alone) covers names that match neither a
 * named property nor a pattern. (`additional` merges the patterns' types, for the index signature.)
 */
export interface PatternedProperties {
  readonly patterns: readonly PatternProperty[];
  readonly rest: AdditionalProperties;
}

export interface ObjectNode {
  readonly kind: "object";
  /** Named properties in schema order. */
  readonly properties: readonly Property[];
  readonly additional: AdditionalProperties;
  /** Present when the schema has `patternProperties`. */
  readonly patternProperties?: PatternedProperties;
  /**
   * Whether `additionalProperties` was written in the schema. An object whose extra properties are
   * allowed only by default is typed without an index signature (its named properties stay
   * checked for typos); the validator still accepts extra properties.
   */
  readonly additionalExplicit: boolean;
  readonly constraints: ObjectConstraints;
}

/** The property whose literal value tells the members of a union apart. */
export interface Discriminator {
  readonly propertyName: string;
  /** Discriminator value -> index into `members`. */
  readonly mapping: readonly { readonly value: JsonScalar; readonly member: number }[];
}

export interface UnionNode {
  readonly kind: "union";
  readonly members: readonly TypeNode[];
  /** `oneOf` (exactly one member must match) rather than `anyOf` (at least one). */
  readonly exclusive: boolean;
  readonly discriminator?: Discriminator;
}

/** `allOf`: every member must match. */
export interface IntersectionNode {
  readonly kind: "intersection";
  readonly members: readonly TypeNode[];
}

/** A reference to a named declaration, by its (unique) TypeScript name. */
export interface RefNode {
  readonly kind: "ref";
  readonly name: string;
}

/** A named type: one schema definition (or the schema root), emitted as one declaration. */
export interface Declaration {
  /** Unique, valid TypeScript identifier; never a name the generated code itself needs. */
  readonly name: string;
  readonly type: TypeNode;
  readonly docs: Docs;
  readonly source: SourceLocation;
}

/** One entry of the protocol's error code table. */
export interface ErrorCode {
  /** Identifier-like name, e.g. `MethodNotFound`. */
  readonly name: string;
  readonly code: number;
  /** Default message sent with the code. */
  readonly message: string;
  readonly description?: string;
}

/** A party to the protocol, e.g. the client and the server of an editor protocol. */
export interface Role {
  /** Key used in the catalog, e.g. `component-server`. */
  readonly id: string;
  /** PascalCase name used to build generated names, e.g. `ComponentServer`. */
  readonly typeName: string;
  /** camelCase name, e.g. `componentServer`. */
  readonly valueName: string;
  readonly description?: string;
  /**
   * When present, this role refuses requests until it has received the `readyAfter`
   * notification (or request), answering them with `notReadyError`; methods in `allowedBefore`
   * are served at any time.
   */
  readonly lifecycle?: RoleLifecycle;
}

export interface RoleLifecycle {
  readonly allowedBefore: readonly string[];
  readonly readyAfter: string;
  readonly notReadyError: ErrorCode;
}

export interface Method {
  /** Wire name, e.g. `components/execute`. */
  readonly name: string;
  /** camelCase name used for client methods and handler keys, e.g. `componentsExecute`. */
  readonly valueName: string;
  readonly kind: "request" | "notification";
  /** Role id of the sender. */
  readonly from: string;
  /** Role id of the receiver. */
  readonly to: string;
  /** A `ref` to a declaration; absent when the method takes no params (none are sent). */
  readonly params?: RefNode;
  /** Params may be left out on the wire; when present they are checked against `params`. */
  readonly optionalParams: boolean;
  /** A `ref` to a declaration for requests; absent for notifications. */
  readonly result?: RefNode;
  /** Also sent by `to` to `from`, with the same types: both roles handle it. */
  readonly bothDirections: boolean;
  /** False: callers never send the cancellation notification for it. */
  readonly cancellable: boolean;
  /** Where its caller puts the token of progress notifications; absent: it reports no progress. */
  readonly progressToken?: ProgressToken;
  /** A result chosen by a value in the params: each value's own result type (within `result`). */
  readonly resultByParams?: ResultByParams;
  /** Error codes this method may answer with, beyond the JSON-RPC ones. */
  readonly errors: readonly ErrorCode[];
  readonly docs: Docs;
  readonly source: SourceLocation;
}

/** A notification that asks the peer to stop working on a request (LSP's `$/cancelRequest`). */
export interface Cancellation {
  readonly method: string;
  /** Name of the params property that carries the cancelled request's id. */
  readonly idProperty: string;
}

/** The result of a request chosen by a value in its params (`{"view": "full"}` answers `FullItem`). */
export interface ResultByParams {
  /** The JSON pointer into the params, as the catalog writes it. */
  readonly pointer: string;
  /** Its property names, unescaped. */
  readonly path: readonly string[];
  readonly results: readonly { readonly value: JsonScalar; readonly result: RefNode }[];
}

/** A place in a method's params (or a notification's) that holds a progress token. */
export interface ProgressToken {
  /** The JSON pointer as the catalog writes it, e.g. `/_meta/progressToken`. */
  readonly pointer: string;
  /** Its property names, unescaped. */
  readonly path: readonly string[];
  /** The kind of token the runtime makes: a number when the schema admits numbers there. */
  readonly type: "number" | "string";
}

/** A notification that reports a request's progress, tied to it by a token the request's params carried. */
export interface Progress {
  readonly method: string;
  /** Where the notification's params hold the token. */
  readonly token: ProgressToken;
}

/** Method names reserved for extensions: calls to them are passed to one handler, untyped. */
export interface ExtensionPrefix {
  readonly prefix: string;
  readonly description?: string;
}

export interface Protocol {
  readonly name: string;
  readonly title: string;
  readonly description?: string;
  readonly roles: readonly Role[];
  /** Sorted by wire name. */
  readonly methods: readonly Method[];
  /** Sorted by code, closest to zero first (-32000 before -32700). */
  readonly errors: readonly ErrorCode[];
  readonly cancellation?: Cancellation;
  readonly progress?: Progress;
  /** Sorted by prefix. */
  readonly extensions: readonly ExtensionPrefix[];
}

export interface PackageInfo {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
}

/** Everything the later stages need, and nothing about how it was read. */
export interface Model {
  /** Sorted by name. */
  readonly declarations: readonly Declaration[];
  /** Name of the helper type for arbitrary JSON values (normally `JsonValue`). */
  readonly jsonValueName: string;
  readonly protocol?: Protocol;
  readonly package: PackageInfo;
  /** Inputs as they are named in generated headers (relative, forward slashes). */
  readonly inputs: readonly string[];
  /** What the schema says that the output does not carry out (an error under `--strict`). */
  readonly warnings: readonly InputWarning[];
}

/** A warning about the input, at a place in it. */
export interface InputWarning extends SourceLocation {
  readonly message: string;
}
