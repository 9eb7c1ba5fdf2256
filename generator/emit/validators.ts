// Prints a validator for every declaration: a function that checks an unknown value against the
// declaration's type and returns the first issue (or `undefined`), with the JSON path of the
// problem. Checks are specialized per type: plain `typeof` tests, `switch` on discriminators and
// on known keys, no regular expression but the schema's own patterns, and no allocation unless
// something is wrong. Issue paths are built only as an issue bubbles up.
import type {
  Declaration,
  JsonScalar,
  Model,
  NumberNode,
  ObjectNode,
  StringNode,
  TypeNode,
  UnionNode,
} from "../core/ir.js";
import { sha256 } from "../core/hash.js";
import { isIdentifier, RESERVED_WORDS } from "../model/naming.js";
import {
  call,
  chain,
  functionHead,
  list,
  CLAUSE,
  fitsLines,
  layoutStatements,
  preferredQuotes,
  returnChoice,
} from "./layout.js";
import { numericLiteral, scalarLiteral, stringLiteral } from "./printed.js";

// Schema values reach the validators' code only through these printers: strings as string
// literals, numbers as numeric literals (the model has checked that each keyword holds a number).
// String literals take the quotes the formatter would give them, and numbers its spelling of
// an exponent (`1e21`, not `1e+21`): the module is written as the formatter would write it.
const str = (text: string): string => preferredQuotes(stringLiteral(text).text);
const num = (value: number): string => numericLiteral(value).text.replace("e+", "e");
const scalar = (value: JsonScalar): string =>
  typeof value === "string"
    ? str(value)
    : typeof value === "number"
      ? num(value)
      : scalarLiteral(value).text;

/** Enums longer than this are checked with a `Set` rather than a chain of comparisons. */
const MAX_INLINE_LITERALS = 16;
/** How many members a message names before it says how many more there are. */
const MAX_DESCRIBED_MEMBERS = 8;

/** Names that plain objects inherit: reading them needs an own-property check. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

const INTEGER_FORMATS: ReadonlyMap<string, [number, number]> = new Map(
  Object.entries({
    int8: [-128, 127],
    uint8: [0, 255],
    int16: [-32768, 32767],
    uint16: [0, 65535],
    int32: [-2147483648, 2147483647],
    uint32: [0, 4294967295],
    // 64-bit integers reach past what a double holds exactly; only their sign is checked.
    uint64: [0, Infinity],
  } satisfies Record<string, [number, number]>),
);

export interface ValidatorModule {
  /** Module-level constants (compiled patterns, value sets), before the functions. */
  readonly constants: string[];
  /** One exported `validateX` and `isX` per declaration, plus private helpers for union members. */
  readonly functions: string[];
  /**
   * The constants and functions that are not laid out as the formatter would lay them out (a
   * line too long for the layout rules of layout.ts): the formatter's to lay out. Every other
   * one is in its final form.
   */
  readonly needsFormatting: ReadonlySet<string>;
}

/** The names of a declaration's validator and type guard. */
export interface ValidatorNames {
  readonly validate: string;
  readonly guard: string;
}

/**
 * `validateX` and `isX` for every declaration, unless another export of the package already
 * has one of those names: then both get the same numeric suffix (`validateX_2`, `isX_2`).
 */
export function chooseValidatorNames(
  model: Model,
  taken: ReadonlySet<string>,
): Map<string, ValidatorNames> {
  const names = new Map<string, ValidatorNames>();
  for (const { name } of model.declarations) {
    let suffix = "";
    for (let n = 2; taken.has(`validate${name}${suffix}`) || taken.has(`is${name}${suffix}`); n++)
      suffix = `_${n}`;
    names.set(name, { validate: `validate${name}${suffix}`, guard: `is${name}${suffix}` });
  }
  return names;
}

export interface PrintOptions {
  /**
   * Whether checks are shared: a shape found in several places checked by one function, a body
   * the same as an earlier one replaced by a call of it, a required property's absence reported
   * by its type's first test, an issue made with the known end of its path (true, the default).
   * `false` prints every check where it is used, the plain reading of the schema that the shared
   * output is tested against: the same verdicts and the same issues on every value.
   */
  readonly share?: boolean;
}

export function printValidators(
  model: Model,
  names: ReadonlyMap<string, ValidatorNames>,
  { share = true }: PrintOptions = {},
): ValidatorModule {
  const printer = new ValidatorPrinter(model, names, share);
  const functions: string[] = [];
  for (const declaration of model.declarations) functions.push(printer.declaration(declaration));
  return {
    constants: printer.constants,
    functions: [...functions, ...printer.helpers],
    needsFormatting: printer.needsFormatting,
  };
}

/** Per-function state: unique local variable names. */
class Scope {
  private readonly used = new Set<string>(["value"]);

  name(base: string): string {
    const clean = base.replace(/[^A-Za-z0-9_$]/g, "_").replace(/^(?=[0-9])/, "_") || "item";
    let name = clean;
    for (let n = 2; this.used.has(name) || RESERVED.has(name); n++) name = `${clean}${n}`;
    this.used.add(name);
    return name;
  }
}

// Besides the language's reserved words: names a validator body must not rebind.
const RESERVED = new Set([
  ...RESERVED_WORDS,
  "arguments",
  "eval",
  "undefined",
  "issueAt",
  "textIssueAt",
  "missingProperty",
  "missingAt",
  "within",
  "anyOfIssue",
  "oneOfIssue",
  "stringLength",
  "itemsAreUnique",
  "prependPath",
  "nested",
]);

/**
 * A required property's value, which may be absent (`undefined`). The check's first test, when it
 * is the first thing the check does and expects `expected` (the description a missing
 * property's issue gives), reports an absent value as missing too, and sets `folded`; otherwise
 * the caller tests for `undefined` before the check.
 */
interface Absent {
  readonly expected: string;
  folded: boolean;
}

interface CheckOptions {
  /** Check the shape here even if it is shared (the body of the function that checks it). */
  readonly inline?: boolean;
  /** The declaration's own type, checked by its own validator. */
  readonly top?: boolean;
  readonly absent?: Absent;
}

/**
 * A path from the function's input to the value being checked: property names known when
 * generating, and expressions (an index or key variable, a literal index) known when checking.
 */
type Segment = { readonly key: string } | { readonly expression: string };

class ValidatorPrinter {
  readonly constants: string[] = [];
  readonly helpers: string[] = [];
  readonly needsFormatting = new Set<string>();
  private readonly patterns = new Map<string, string>();
  private readonly valueSets = new Map<string, string>();
  private helperCount = 0;
  private readonly byName: ReadonlyMap<string, Declaration>;
  private readonly names: ReadonlyMap<string, ValidatorNames>;
  /** Declarations that can contain themselves: their validators are called through `nested`. */
  private readonly recursive: ReadonlySet<string>;
  private current: Declaration | undefined;
  /** Shapes (objects, arrays, unions) that occur in more than one place: checked by one function. */
  private readonly shapes: SharedShapes;
  private readonly sharedNames = new Map<string, string>();
  private readonly takenSharedNames = new Set<string>();
  /** How many patterns and value sets each declaration has named, by name prefix. */
  private readonly numbered = new Map<string, number>();
  /** The validator or helper that checks exactly what a printed body checks, by that body. */
  private readonly byBody = new Map<string, string>();

  private readonly share: boolean;

  constructor(model: Model, names: ReadonlyMap<string, ValidatorNames>, share: boolean) {
    this.names = names;
    this.share = share;
    this.byName = new Map(model.declarations.map((declaration) => [declaration.name, declaration]));
    this.recursive = recursiveDeclarations(model.declarations);
    this.shapes = new SharedShapes(share ? model.declarations : []);
  }

  /**
   * The function that checks a shape found in several places, printed the first time it is
   * needed. Named after a hash of the shape, so that no edit elsewhere renames it.
   */
  private sharedCheck(type: TypeNode, key: string): string {
    let name = this.sharedNames.get(key);
    if (name !== undefined) return name;
    const base = `checkShape${sha256(key).slice(0, 10)}`;
    name = base;
    for (let n = 2; this.takenSharedNames.has(name); n++) name = `${base}_${n}`;
    this.sharedNames.set(key, name);
    this.takenSharedNames.add(name);
    const body = this.check(type, "value", [], new Scope(), { inline: true });
    this.helpers.push(
      this.statement(
        [
          `/** Checks a shape that occurs in more than one place of the schema. */`,
          functionHead(`function ${name}`, "value: unknown", ": ValidationIssue | undefined {"),
        ],
        body,
        [`}`],
      ),
    );
    return name;
  }

  private validatorOf(name: string): string {
    return this.names.get(name)!.validate;
  }

  private acceptsAnything(name: string, depth = 0): boolean {
    const type = this.byName.get(name)?.type;
    if (type?.kind === "json") return true;
    return type?.kind === "ref" && depth < 16 && this.acceptsAnything(type.name, depth + 1);
  }

  declaration(declaration: Declaration): string {
    this.current = declaration;
    const checked = this.check(declaration.type, "value", [], new Scope(), { top: true });
    const name = declaration.name;
    const body = this.once(checked, this.validatorOf(name), (first) => [
      `// The same checks as \`${first}\`.`,
      `return ${first}(value);`,
    ]);
    return this.statement(
      [
        `/** Checks that a value is a valid \`${name}\`: \`undefined\` when it is, else the first issue. */`,
        functionHead(
          `export function ${this.validatorOf(name)}`,
          "value: unknown",
          ": ValidationIssue | undefined {",
        ),
      ],
      body,
      [
        `}`,
        ``,
        `/** Whether a value is a valid \`${name}\`. */`,
        functionHead(
          `export function ${this.names.get(name)!.guard}`,
          "value: unknown",
          `: value is types.${name} {`,
        ),
        ...layoutStatements([`return ${this.validatorOf(name)}(value) === undefined;`], 1).lines,
        `}`,
      ],
    );
  }

  /**
   * A function's text: its head (a comment, the signature), its body laid out (layout.ts) and
   * ended, and its tail, kept as they are. Recorded as needing the formatter unless every line
   * is where the formatter would put it.
   */
  private statement(
    head: readonly string[],
    body: readonly string[],
    tail: readonly string[],
  ): string {
    const laidOut = layoutStatements([...body, ...endOf(body)], 1);
    const text = [...head, ...laidOut.lines, ...tail].join("\n");
    if (!laidOut.exact || !fitsLines([...head, ...tail])) this.needsFormatting.add(text);
    return text;
  }

  /** A module constant, laid out; recorded as needing the formatter when no rule lays it out. */
  private constant(statement: string): void {
    const laidOut = layoutStatements([statement], 0);
    const text = laidOut.lines.join("\n");
    this.constants.push(text);
    if (!laidOut.exact) this.needsFormatting.add(text);
  }

  /**
   * Statements that return an issue when `expr` does not match `type`. A shape that occurs in
   * several places is a call to the one function that checks it, unless `inline` (that function's
   * own body).
   */
  private check(
    type: TypeNode,
    expr: string,
    path: readonly Segment[],
    scope: Scope,
    { inline = false, top = false, absent }: CheckOptions = {},
  ): string[] {
    const shared = inline ? undefined : this.shapes.keyIfShared(type);
    if (shared !== undefined) {
      // The first definition of a shape checks it itself; every other place calls its validator
      // (so that an edit of a later copy changes that copy only), or, when no definition is just
      // that shape, a function of its own.
      const owner = this.shapes.ownerOf(shared);
      if (!(top && owner === this.current!.name)) {
        const checked =
          owner === undefined
            ? call(this.sharedCheck(type, shared), [expr])
            : this.callValidator(owner, expr);
        // A definition that is another's shape answers what the other's validator answers.
        if (top) return [`return ${checked};`];
        const issue = scope.name("issue");
        return [
          `const ${issue} = ${checked};`,
          `if (${issue} !== undefined) ${CLAUSE}return ${wrap(issue, path)};`,
        ];
      }
    }
    // The first test of most types (`typeof`, `Array.isArray`, a comparison) is also true for an
    // absent value: where the issue it makes expects what a missing property's issue would, that
    // one test reports both (see `Absent`).
    let foldable = absent;
    const fail = (expected: string): string => {
      const fold = foldable !== undefined && expected === foldable.expected;
      if (foldable !== undefined) foldable.folded = fold;
      foldable = undefined;
      return `${CLAUSE}return ${this.located(fold ? "propertyIssueAt" : "issueAt", expected, expr, path)};`;
    };
    // A string of the right type but the wrong content is quoted (bounded) in the issue.
    const failText = (expected: string): string =>
      `${CLAUSE}return ${this.located("textIssueAt", expected, expr, path)};`;
    switch (type.kind) {
      case "json":
        return [];
      case "never":
        return [fail("no value")];
      case "null":
        return [`if (${expr} !== null) ${fail("null")}`];
      case "boolean":
        return [`if (typeof ${expr} !== "boolean") ${fail("boolean")}`];
      case "literal":
        return [`if (${expr} !== ${scalar(type.value)}) ${fail(JSON.stringify(type.value))}`];
      case "string":
        return this.string(type, expr, fail, failText);
      case "number":
        return this.number(type, expr, fail);
      case "ref": {
        // A name for "any JSON value" has nothing to check: parsed JSON always is one.
        if (this.acceptsAnything(type.name)) return [];
        // A definition that is another's name answers what the other's validator answers.
        if (top) return [`return ${this.callValidator(type.name, expr)};`];
        const issue = scope.name("issue");
        return [
          `const ${issue} = ${this.callValidator(type.name, expr)};`,
          `if (${issue} !== undefined) ${CLAUSE}return ${wrap(issue, path)};`,
        ];
      }
      case "array":
        return this.array(type, expr, path, scope, fail);
      case "object":
        return this.object(type, expr, path, scope, fail);
      case "union":
        return this.union(type, expr, path, scope, fail);
      case "intersection":
        return type.members.flatMap((member) => this.check(member, expr, path, scope));
    }
  }

  private string(
    type: StringNode,
    expr: string,
    fail: (expected: string) => string,
    failText: (expected: string) => string,
  ): string[] {
    const lines = [`if (typeof ${expr} !== "string") ${fail("string")}`];
    const { minLength, maxLength, pattern } = type.constraints;
    if (minLength !== undefined)
      lines.push(
        `if (stringLength(${expr}) < ${num(minLength)}) ${failText(`string of at least ${minLength} character(s)`)}`,
      );
    if (maxLength !== undefined)
      lines.push(
        `if (stringLength(${expr}) > ${num(maxLength)}) ${failText(`string of at most ${maxLength} character(s)`)}`,
      );
    if (pattern !== undefined)
      lines.push(
        `if (!${this.pattern(pattern)}.test(${expr})) ${failText(`string matching /${pattern}/`)}`,
      );
    return lines;
  }

  private pattern(source: string): string {
    let name = this.patterns.get(source);
    if (name === undefined) {
      // The model has checked that the pattern compiles (keywords.ts). Named after the declaration, so that a pattern added elsewhere renames nothing here.
      name = this.numberedName(`${this.current!.name}Pattern`);
      this.patterns.set(source, name);
      this.constant(`const ${name} = ${call("new RegExp", [str(source), `"u"`])};`);
    }
    return name;
  }

  /** `prefix` and the next number for it: `StepPattern1`, `StepPattern2`. */
  private numberedName(prefix: string): string {
    const index = (this.numbered.get(prefix) ?? 0) + 1;
    this.numbered.set(prefix, index);
    return `${prefix}${index}`;
  }

  /** A module constant holding an enum's values, named after the declaration. */
  private valueSet(values: readonly JsonScalar[]): string {
    const key = JSON.stringify(values);
    let name = this.valueSets.get(key);
    if (name === undefined) {
      // Numbered within the declaration, so that an enum added elsewhere renames nothing here.
      name = this.numberedName(`${this.current!.name}Values`);
      this.valueSets.set(key, name);
      this.constant(
        `const ${name}: ReadonlySet<unknown> = new Set([${values.map(scalar).join(", ")}]);`,
      );
    }
    return name;
  }

  private number(type: NumberNode, expr: string, fail: (expected: string) => string): string[] {
    const c = type.constraints;
    const kind = type.integer ? "integer" : "number";
    const lines = type.integer
      ? [
          `if (${chain([`typeof ${expr} !== "number"`, `!Number.isInteger(${expr})`], "||")}) ${fail("integer")}`,
        ]
      : [`if (typeof ${expr} !== "number") ${fail("number")}`];
    const bounds: [string, number, string][] = [];
    const range =
      type.integer && c.format !== undefined ? INTEGER_FORMATS.get(c.format) : undefined;
    // A format's range is checked only where the schema's own bounds do not already cover it.
    if (range && !(c.minimum !== undefined && c.minimum >= range[0]))
      bounds.push(["<", range[0], `${c.format} integer`]);
    if (range && range[1] !== Infinity && !(c.maximum !== undefined && c.maximum <= range[1])) {
      bounds.push([">", range[1], `${c.format} integer`]);
    }
    if (c.minimum !== undefined) bounds.push(["<", c.minimum, `${kind} ≥ ${c.minimum}`]);
    if (c.maximum !== undefined) bounds.push([">", c.maximum, `${kind} ≤ ${c.maximum}`]);
    if (c.exclusiveMinimum !== undefined)
      bounds.push(["<=", c.exclusiveMinimum, `${kind} > ${c.exclusiveMinimum}`]);
    if (c.exclusiveMaximum !== undefined)
      bounds.push([">=", c.exclusiveMaximum, `${kind} < ${c.exclusiveMaximum}`]);
    for (const [operator, limit, expected] of bounds) {
      lines.push(`if (${expr} ${operator} ${num(limit)}) ${fail(expected)}`);
    }
    if (c.multipleOf !== undefined) {
      lines.push(
        `if (!Number.isInteger(${expr} / ${num(c.multipleOf)})) ${fail(`multiple of ${c.multipleOf}`)}`,
      );
    }
    return lines;
  }

  private array(
    type: Extract<TypeNode, { kind: "array" }>,
    expr: string,
    path: readonly Segment[],
    scope: Scope,
    fail: (expected: string) => string,
  ): string[] {
    const lines = [`if (!Array.isArray(${expr})) ${fail("array")}`];
    const { minItems, maxItems, uniqueItems } = type.constraints;
    const prefixCount = type.prefixItems.length;
    if (minItems !== undefined)
      lines.push(
        `if (${expr}.length < ${num(minItems)}) ${fail(`array of at least ${minItems} item(s)`)}`,
      );
    if (maxItems !== undefined)
      lines.push(
        `if (${expr}.length > ${num(maxItems)}) ${fail(`array of at most ${maxItems} item(s)`)}`,
      );
    if (type.items.kind === "never" && prefixCount > 0) {
      lines.push(
        `if (${expr}.length > ${prefixCount}) ${fail(`array of at most ${prefixCount} item(s)`)}`,
      );
    }
    type.prefixItems.forEach((itemType, index) => {
      const item = scope.name("item");
      const body = this.check(itemType, item, [...path, { expression: String(index) }], scope);
      if (body.length > 0)
        lines.push(
          `if (${expr}.length > ${index}) {`,
          `const ${item} = ${expr}[${index}];`,
          ...body,
          `}`,
        );
    });
    if (type.items.kind !== "json" && !(type.items.kind === "never" && prefixCount > 0)) {
      const index = scope.name("index");
      const item = scope.name("item");
      const body = this.check(type.items, item, [...path, { expression: index }], scope);
      if (body.length > 0) {
        lines.push(
          `for (let ${index} = ${prefixCount}; ${index} < ${expr}.length; ${index}++) {`,
          `const ${item} = ${expr}[${index}];`,
          ...body,
          `}`,
        );
      }
    }
    if (uniqueItems) lines.push(`if (!itemsAreUnique(${expr})) ${fail("array of unique items")}`);
    return lines;
  }

  private object(
    type: ObjectNode,
    expr: string,
    path: readonly Segment[],
    scope: Scope,
    fail: (expected: string) => string,
  ): string[] {
    const object = scope.name("object");
    const lines = [
      `if (${chain([`typeof ${expr} !== "object"`, `${expr} === null`, `Array.isArray(${expr})`], "||")}) ${fail("object")}`,
      `const ${object} = ${expr} as { readonly [key: string]: unknown };`,
    ];
    for (const property of type.properties) {
      const variable = scope.name(property.name);
      const read = INHERITED.has(property.name)
        ? `Object.hasOwn(${object}, ${str(property.name)}) ? ${object}[${str(property.name)}] : undefined`
        : `${object}${memberAccess(property.name)}`;
      const expected = describe(property.type);
      const absent: Absent | undefined = property.required
        ? { expected, folded: false }
        : undefined;
      const propertyPath = [...path, { key: property.name }];
      const body = this.check(property.type, variable, propertyPath, scope, {
        ...(this.share && { absent }),
      });
      if (absent !== undefined) {
        lines.push(`const ${variable} = ${read};`);
        if (!absent.folded)
          lines.push(
            `if (${variable} === undefined) ${CLAUSE}return ${this.missing(expected, propertyPath)};`,
          );
        lines.push(...body);
      } else if (body.length > 0) {
        lines.push(
          `const ${variable} = ${read};`,
          `if (${variable} !== undefined) {`,
          ...body,
          `}`,
        );
      }
    }
    const { minProperties, maxProperties } = type.constraints;
    if (minProperties !== undefined || maxProperties !== undefined) {
      const count = scope.name("count");
      lines.push(`const ${count} = Object.keys(${object}).length;`);
      if (minProperties !== undefined)
        lines.push(
          `if (${count} < ${num(minProperties)}) ${fail(`object with at least ${minProperties} properties`)}`,
        );
      if (maxProperties !== undefined)
        lines.push(
          `if (${count} > ${num(maxProperties)}) ${fail(`object with at most ${maxProperties} properties`)}`,
        );
    }
    const patterned = type.patternProperties;
    const rest = patterned === undefined ? type.additional : patterned.rest;
    const patterns = patterned?.patterns ?? [];
    if (rest.kind === "any" && patterns.every((entry) => entry.type.kind === "json")) return lines;
    const key = scope.name("key");
    const known = type.properties.map((property) => `case ${str(property.name)}:`);
    const keyPath = [...path, { expression: key }];
    lines.push(`for (const ${key} in ${object}) {`);
    // Every pattern a name matches applies, to named properties too; `rest` only to names that
    // match neither.
    const matched = patterns.length > 0 && rest.kind !== "any" ? scope.name("matched") : undefined;
    if (matched !== undefined) lines.push(`let ${matched} = false;`);
    const property = patterns.length > 0 ? scope.name("property") : undefined;
    if (property !== undefined) lines.push(`const ${property} = ${object}[${key}];`);
    for (const { pattern, type: patternType } of patterns) {
      const body = this.check(patternType, property!, keyPath, scope);
      const mark = matched === undefined ? [] : [`${matched} = true;`];
      if (body.length + mark.length > 0)
        lines.push(`if (${this.pattern(pattern)}.test(${key})) {`, ...mark, ...body, `}`);
    }
    if (rest.kind !== "any") {
      if (known.length > 0) lines.push(`switch (${key}) {`, ...known, `continue;`, `}`);
      if (matched !== undefined) lines.push(`if (${matched}) ${CLAUSE}continue;`);
      if (rest.kind === "none") {
        lines.push(
          `return ${wrap(`issueAt("no additional property", ${object}[${key}])`, keyPath)};`,
        );
      } else if (property !== undefined) {
        lines.push(...this.check(rest.type, property, keyPath, scope));
      } else {
        const extra = scope.name("extra");
        lines.push(
          `const ${extra} = ${object}[${key}];`,
          ...this.check(rest.type, extra, keyPath, scope),
        );
      }
    }
    lines.push(`}`);
    return lines;
  }

  private union(
    type: UnionNode,
    expr: string,
    path: readonly Segment[],
    scope: Scope,
    fail: (expected: string) => string,
  ): string[] {
    const expected = describe(type);
    // `T | null`, the common spelling of a nullable value: test null first, then T alone.
    const nonNull = type.members.filter((member) => member.kind !== "null");
    if (!type.exclusive || nonNull.length === 1) {
      if (type.members.every((member) => member.kind === "literal")) {
        const values = type.members.map((member) => (member as { value: JsonScalar }).value);
        // A long enum is one set lookup (a chain of thousands of `!==` would be slow to run,
        // and deeper than parsers and formatters can recurse).
        if (values.length > MAX_INLINE_LITERALS)
          return [`if (!${this.valueSet(values)}.has(${expr})) ${fail(expected)}`];
        const test = chain(
          values.map((value) => `${expr} !== ${scalar(value)}`),
          "&&",
        );
        return [`if (${test}) ${fail(expected)}`];
      }
      if (nonNull.length === 1 && nonNull.length < type.members.length) {
        const body = this.check(nonNull[0]!, expr, path, scope);
        return body.length === 0 ? [] : [`if (${expr} !== null) {`, ...body, `}`];
      }
    }
    if (type.members.some((member) => member.kind === "json")) return [];
    if (type.discriminator) return this.discriminated(type, expr, path, scope, fail);
    const validators = type.members.map((member) => this.memberValidator(member));
    const issue = scope.name("issue");
    const helper = type.exclusive ? "oneOfIssue" : "anyOfIssue";
    return [
      `const ${issue} = ${call(helper, [expr, list(validators), str(expected)])};`,
      `if (${issue} !== undefined) ${CLAUSE}return ${wrap(issue, path)};`,
    ];
  }

  private discriminated(
    type: UnionNode,
    expr: string,
    path: readonly Segment[],
    scope: Scope,
    fail: (expected: string) => string,
  ): string[] {
    const { propertyName, mapping } = type.discriminator!;
    const object = scope.name("object");
    const tag = scope.name(propertyName);
    const lines = [
      `if (${chain([`typeof ${expr} !== "object"`, `${expr} === null`, `Array.isArray(${expr})`], "||")}) ${fail("object")}`,
      `const ${object} = ${expr} as { readonly [key: string]: unknown };`,
      // A name plain objects inherit (`constructor`) is read only when the value has it itself.
      INHERITED.has(propertyName)
        ? `const ${tag} = Object.hasOwn(${object}, ${str(propertyName)}) ? ${object}[${str(propertyName)}] : undefined;`
        : `const ${tag} = ${object}${memberAccess(propertyName)};`,
      `switch (${tag}) {`,
    ];
    const byMember = new Map<number, unknown[]>();
    for (const { value, member } of mapping)
      byMember.set(member, [...(byMember.get(member) ?? []), value]);
    for (const [member, values] of byMember) {
      for (const value of values) lines.push(`case ${scalar(value as JsonScalar)}:`);
      lines.push(`{`, ...this.check(type.members[member]!, expr, path, scope), `break;`, `}`);
    }
    const tags = mapping.map(({ value }) => JSON.stringify(value)).join(" | ");
    const absent = this.missing(tags, [...path, { key: propertyName }]);
    const wrong = this.located("issueAt", tags, tag, [...path, { key: propertyName }]);
    lines.push(`default:`, returnChoice(`${tag} === undefined`, absent, wrong), `}`);
    return lines;
  }

  /**
   * A validator's body, unless an earlier validator's body is the same text (two definitions that
   * differ only in what validation does not read: descriptions, examples, defaults): then a call
   * of that validator, so that the code of checks grows with the checks that differ. A body of a
   * line or two is kept: the call would be no shorter.
   */
  private once(body: string[], name: string, call: (first: string) => string[]): string[] {
    if (body.length <= 2 || !this.share) return body;
    const text = body.join("\n");
    const first = this.byBody.get(text);
    if (first !== undefined) return call(first);
    this.byBody.set(text, name);
    return body;
  }

  private located(
    constructor: "issueAt" | "textIssueAt" | "propertyIssueAt",
    expected: string,
    expr: string,
    path: readonly Segment[],
  ): string {
    return located(constructor, expected, expr, path, this.share);
  }

  private missing(expected: string, path: readonly Segment[]): string {
    return missing(expected, path, this.share);
  }

  /** The call that validates `expr` as the named declaration, one level deeper if it is recursive. */
  private callValidator(name: string, expr: string): string {
    const validator = this.validatorOf(name);
    return this.recursive.has(name) ? call("nested", [validator, expr]) : call(validator, [expr]);
  }

  /** A validator function for one union member: the declaration's own, or a private helper. */
  private memberValidator(member: TypeNode): string {
    if (member.kind === "ref" && !this.recursive.has(member.name))
      return this.validatorOf(member.name);
    const shared = this.shapes.keyIfShared(member);
    const owner = shared === undefined ? undefined : this.shapes.ownerOf(shared);
    if (owner !== undefined && !this.recursive.has(owner)) return this.validatorOf(owner);
    if (shared !== undefined && owner === undefined) return this.sharedCheck(member, shared);
    const body = this.check(member, "value", [], new Scope());
    // A member checked exactly as another union's member is checked by the same function.
    const same = this.share ? this.byBody.get(body.join("\n")) : undefined;
    if (same !== undefined) return same;
    const name = `check${this.current!.name}Member${++this.helperCount}`;
    this.byBody.set(body.join("\n"), name);
    this.helpers.push(
      this.statement(
        [functionHead(`function ${name}`, "value: unknown", ": ValidationIssue | undefined {")],
        body,
        [`}`],
      ),
    );
    return name;
  }
}

/**
 * Which shapes occur more than once in the declarations' types. A shape is an object, array,
 * union or intersection (a scalar's check is a line or two: calling a function would not be
 * shorter); two are the same when everything a validator reads of them is, their documentation
 * and source location aside. Validator code then grows with the distinct shapes a schema has,
 * not with the places that use them.
 */
class SharedShapes {
  private readonly keys = new WeakMap<TypeNode, string>();
  private readonly counts = new Map<string, number>();
  /** The first definition whose type is the shape, by shape. */
  private readonly owners = new Map<string, string>();

  constructor(declarations: readonly Declaration[]) {
    for (const declaration of declarations) {
      this.count(declaration.type);
      if (isShape(declaration.type)) {
        const key = this.key(declaration.type);
        if (!this.owners.has(key)) this.owners.set(key, declaration.name);
      }
    }
  }

  ownerOf(key: string): string | undefined {
    return this.owners.get(key);
  }

  keyIfShared(type: TypeNode): string | undefined {
    if (!isShape(type)) return undefined;
    const key = this.key(type);
    return (this.counts.get(key) ?? 0) > 1 ? key : undefined;
  }

  private count(type: TypeNode): void {
    if (isShape(type)) {
      const key = this.key(type);
      this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    }
    for (const child of childTypes(type)) this.count(child);
  }

  private key(type: TypeNode): string {
    let key = this.keys.get(type);
    if (key === undefined) {
      key = JSON.stringify(type, (name, value: unknown) =>
        name === "docs" || name === "source" ? undefined : value,
      );
      this.keys.set(type, key);
    }
    return key;
  }
}

/**
 * Whether a check is worth a function of its own: an object, array, union or intersection whose
 * check is longer than the few lines a call takes.
 */
function isShape(type: TypeNode): boolean {
  switch (type.kind) {
    case "object":
    case "array":
    case "union":
    case "intersection":
      return checkLines(type) >= MIN_SHARED_LINES;
    default:
      return false;
  }
}

/** A check shorter than this is printed where it is used: a call and its test take two lines. */
const MIN_SHARED_LINES = 6;

/** About how many lines the check of `type` takes, printed in place (deeper checks counted). */
function checkLines(type: TypeNode): number {
  switch (type.kind) {
    case "json":
      return 0;
    case "string":
      return 1 + Object.keys(type.constraints).length;
    case "number":
      return 1 + Object.keys(type.constraints).length;
    case "ref":
      return 2;
    case "array":
      return (
        1 +
        Object.keys(type.constraints).length +
        type.prefixItems.reduce((sum, item) => sum + 3 + checkLines(item), 0) +
        (type.items.kind === "json" ? 0 : 3 + checkLines(type.items))
      );
    case "object":
      return (
        2 +
        type.properties.reduce((sum, property) => sum + 2 + checkLines(property.type), 0) +
        (type.additional.kind === "typed" ? 4 + checkLines(type.additional.type) : 0) +
        (type.additional.kind === "none" ? 4 : 0) +
        (type.patternProperties?.patterns.reduce(
          (sum, entry) => sum + 3 + checkLines(entry.type),
          0,
        ) ?? 0)
      );
    case "union": {
      if (type.members.some((member) => member.kind === "json")) return 0;
      const nonNull = type.members.filter((member) => member.kind !== "null");
      if (nonNull.every((member) => member.kind === "literal")) return 1;
      if (nonNull.length === 1) return 2 + checkLines(nonNull[0]!);
      return (
        2 +
        type.members.reduce(
          (sum, member) => sum + (member.kind === "ref" ? 0 : 3 + checkLines(member)),
          0,
        )
      );
    }
    case "intersection":
      return type.members.reduce((sum, member) => sum + checkLines(member), 0);
    default:
      return 1;
  }
}

function childTypes(type: TypeNode): readonly TypeNode[] {
  switch (type.kind) {
    case "array":
      return [...type.prefixItems, type.items];
    case "object":
      return [
        ...type.properties.map((property) => property.type),
        ...(type.additional.kind === "typed" ? [type.additional.type] : []),
        ...(type.patternProperties?.patterns.map((entry) => entry.type) ?? []),
        ...(type.patternProperties?.rest.kind === "typed"
          ? [type.patternProperties.rest.type]
          : []),
      ];
    case "union":
    case "intersection":
      return type.members;
    default:
      return [];
  }
}

/**
 * The statement that ends a check function: `return undefined` (valid), unless the body ends in a
 * `return` of its own (a body's lines are statements and block ends, so a last line that is a
 * `return` is the function's last statement).
 */
function endOf(body: readonly string[]): string[] {
  const last = body[body.length - 1];
  return last !== undefined && last.replace(CLAUSE, "").trimStart().startsWith("return ")
    ? []
    : [`return undefined;`];
}

/** The names of declarations that reach themselves through references (directly or not). */
function recursiveDeclarations(declarations: readonly Declaration[]): Set<string> {
  const references = new Map<string, Set<string>>();
  for (const declaration of declarations) {
    const found = new Set<string>();
    collectReferences(declaration.type, found);
    references.set(declaration.name, found);
  }
  const recursive = new Set<string>();
  for (const { name } of declarations) {
    // A walk from the declaration's references: recursive when it comes back to the start.
    const seen = new Set<string>();
    const queue = [...(references.get(name) ?? [])];
    while (queue.length > 0) {
      const next = queue.pop()!;
      if (next === name) {
        recursive.add(name);
        break;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(references.get(next) ?? []));
    }
  }
  return recursive;
}

function collectReferences(type: TypeNode, found: Set<string>): void {
  switch (type.kind) {
    case "ref":
      found.add(type.name);
      return;
    case "array":
      type.prefixItems.forEach((item) => collectReferences(item, found));
      collectReferences(type.items, found);
      return;
    case "object":
      type.properties.forEach((property) => collectReferences(property.type, found));
      if (type.additional.kind === "typed") collectReferences(type.additional.type, found);
      return;
    case "union":
    case "intersection":
      type.members.forEach((member) => collectReferences(member, found));
      return;
    default:
      return;
  }
}

/**
 * The issue for a value found wrong where `path` leads. A path of property names only is known
 * whole when generating, and printed as it will read (`"$.input.name"`), so that a failing check
 * builds no path at run time; one through an index or a key is prefixed as the issue returns.
 */
function located(
  constructor: "issueAt" | "textIssueAt" | "propertyIssueAt",
  expected: string,
  expr: string,
  path: readonly Segment[],
  share: boolean,
): string {
  const { prefix, known } = splitPath(path, share);
  const issue =
    known === "$" && constructor !== "propertyIssueAt"
      ? call(constructor, [str(expected), expr])
      : call(constructor, [str(expected), expr, str(known)]);
  return wrap(issue, prefix);
}

/** The issue for a required property, absent where `path` leads (its last step is its name). */
function missing(expected: string, path: readonly Segment[], share: boolean): string {
  const parent = path.slice(0, -1);
  // Unshared, the name alone is the known part when the parent's path is not known whole.
  const { prefix, known } =
    share || !parent.some(isVariable)
      ? splitPath(path, true)
      : { prefix: parent, known: splitPath(path.slice(-1), true).known };
  return wrap(call("missingAt", [str(known), str(expected)]), prefix);
}

/**
 * A path as the steps known only when checking (up to the last index or key variable), and the
 * property names after them, printed as the issue will show them (`"$.input.name"`): the issue
 * is made with that part of its path, and only the first part is prefixed as it returns.
 */
function splitPath(
  path: readonly Segment[],
  share: boolean,
): { prefix: readonly Segment[]; known: string } {
  let start = path.length;
  while (start > 0 && "key" in path[start - 1]!) start--;
  // Unshared, a path is known whole or not at all.
  if (!share && start > 0) start = path.length;
  let known = "$";
  for (const segment of path.slice(start)) known += pathStepText((segment as { key: string }).key);
  return { prefix: path.slice(0, start), known };
}

/** One path step as the runtime's `pathStep` writes it: `.name`, or `["odd-name"]`. */
function pathStepText(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

function isVariable(segment: Segment): boolean {
  return !("key" in segment);
}

/** `issue` as seen from the function's input, by prefixing the path that led to the value. */
function wrap(issue: string, path: readonly Segment[]): string {
  if (path.length === 0) return issue;
  const segments = path.map((segment) =>
    "key" in segment ? str(segment.key) : segment.expression,
  );
  return call("within", [issue, ...segments]);
}

function memberAccess(name: string): string {
  return isIdentifier(name) ? `.${name}` : `[${str(name)}]`;
}

/** A short description of a type for "expected ..." in messages. */
export function describe(type: TypeNode): string {
  switch (type.kind) {
    case "json":
      return "any JSON value";
    case "never":
      return "no value";
    case "literal":
      return JSON.stringify(type.value);
    case "number":
      return type.integer ? "integer" : "number";
    case "ref":
      return type.name;
    case "union": {
      const members = [...new Set(type.members.map(describe))];
      if (members.length <= MAX_DESCRIBED_MEMBERS) return members.join(" | ");
      const more = members.length - MAX_DESCRIBED_MEMBERS;
      return `${members.slice(0, MAX_DESCRIBED_MEMBERS).join(" | ")} | … (${more} more)`;
    }
    case "intersection":
      return type.members.map(describe).join(" & ");
    default:
      return type.kind;
  }
}
