// Compares two versions of the IR's types. Each difference is described once, at the place it is
// in, with its effect on the set of values the type allows (narrows, widens, both, or neither);
// whom that breaks depends on where the type is used, which `compare-models.ts` decides.
//
// References to the same definition name are not followed: a change inside that definition is
// found when the definition itself is compared, and reported for every method that reaches it.
// References to different names are followed (with a guard against cycles) and summed up as one
// `reference-changed`.
import type {
  AdditionalProperties,
  Declaration,
  Docs,
  JsonScalar,
  ObjectNode,
  TypeNode,
} from "../core/ir.js";
import { printType } from "../emit/type-printer.js";
import type { ChangeKind, Effect } from "./report.js";
import { code, typeText } from "./print.js";

/** A difference inside a type, before it is placed under a method or a type. */
export interface TypeChange {
  readonly kind: ChangeKind;
  /** `Definition.field`, `Definition.list[]`, `Definition.map.*`. */
  readonly path: string;
  readonly message: string;
  readonly effect: Effect;
  readonly details?: readonly string[];
}

interface Context {
  /** Whether documentation changes are reported (not when comparing two different definitions). */
  readonly docs: boolean;
  /** Pairs of definition names being compared, to stop at cycles. */
  readonly visiting: Set<string>;
  /** Set below a place whose generated TypeScript type is the same in both versions. */
  readonly typesUnchanged?: boolean;
}

/** Keywords that end up in `Docs.tags` but constrain values: compared as constraints, not docs. */
const CONSTRAINT_TAGS = new Set([
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minLength",
  "maxLength",
  "pattern",
  "minItems",
  "maxItems",
  "uniqueItems",
  "minProperties",
  "maxProperties",
  "patternProperties",
  "propertyNames",
  "contains",
]);

type Bound = "lower" | "upper" | "exact" | "flag";
const STRING_CONSTRAINTS: readonly (readonly [string, Bound])[] = [
  ["minLength", "lower"],
  ["maxLength", "upper"],
  ["pattern", "exact"],
  ["format", "exact"],
];
const NUMBER_CONSTRAINTS: readonly (readonly [string, Bound])[] = [
  ["minimum", "lower"],
  ["exclusiveMinimum", "lower"],
  ["maximum", "upper"],
  ["exclusiveMaximum", "upper"],
  ["multipleOf", "exact"],
  ["format", "exact"],
];
const ARRAY_CONSTRAINTS: readonly (readonly [string, Bound])[] = [
  ["minItems", "lower"],
  ["maxItems", "upper"],
  ["uniqueItems", "flag"],
];
const OBJECT_CONSTRAINTS: readonly (readonly [string, Bound])[] = [
  ["minProperties", "lower"],
  ["maxProperties", "upper"],
];

export class TypeComparer {
  private readonly before: ReadonlyMap<string, Declaration>;
  private readonly after: ReadonlyMap<string, Declaration>;

  constructor(before: readonly Declaration[], after: readonly Declaration[]) {
    this.before = new Map(before.map((declaration) => [declaration.name, declaration]));
    this.after = new Map(after.map((declaration) => [declaration.name, declaration]));
  }

  /** Every difference inside the definition `name`, which both versions have. */
  declaration(name: string): TypeChange[] {
    const before = this.before.get(name);
    const after = this.after.get(name);
    if (!before || !after) return [];
    const out: TypeChange[] = [];
    docsChange(before.docs, after.docs, name, out);
    this.compare(before.type, after.type, name, out, { docs: true, visiting: new Set() });
    return out;
  }

  /**
   * The differences between definition `before` (old version) and definition `after` (new
   * version), which may have different names; documentation is not compared.
   */
  definitions(before: string, after: string, path: string): TypeChange[] {
    const out: TypeChange[] = [];
    this.single(
      { kind: "ref", name: before },
      { kind: "ref", name: after },
      path,
      out,
      { docs: false, visiting: new Set() },
      true,
    );
    return out;
  }

  /**
   * Whether two types allow exactly the same values (documentation aside; references to
   * definitions of other names but the same shape count as the same).
   */
  equivalent(before: TypeNode, after: TypeNode): boolean {
    const out: TypeChange[] = [];
    this.compare(before, after, "", out, { docs: false, visiting: new Set() });
    return out.every(
      (change) => change.kind === "reference-changed" && change.details === undefined,
    );
  }

  private compare(
    before: TypeNode,
    after: TypeNode,
    path: string,
    out: TypeChange[],
    context: Context,
  ): void {
    // Two facts decide a change: the generated TypeScript type and the values the validators
    // accept. Where the type prints the same, every difference below is one of validation only.
    if (!context.typesUnchanged && tsText(before) === tsText(after)) {
      const nested: TypeChange[] = [];
      this.compare(before, after, path, nested, { ...context, typesUnchanged: true });
      out.push(...nested.map(validationOnly));
      return;
    }
    const old = accepted(before);
    const now = accepted(after);
    if (old.length === 1 && now.length === 1) {
      this.single(old[0]!, now[0]!, path, out, context);
      return;
    }
    // Members are matched by what they are: a reference by name, a literal by value, anything
    // else by its kind (in order, when a kind appears more than once).
    const oldKeyed = keyed(old);
    const nowKeyed = keyed(now);
    const nowKeys = new Map(nowKeyed.map((entry) => [entry.key, entry.type]));
    const oldKeys = new Set(oldKeyed.map((entry) => entry.key));
    const pairs: [TypeNode, TypeNode][] = [];
    let removed = oldKeyed
      .filter((entry) => {
        const match = nowKeys.get(entry.key);
        if (match) pairs.push([entry.type, match]);
        return !match;
      })
      .map((entry) => entry.type);
    let added = nowKeyed.filter((entry) => !oldKeys.has(entry.key)).map((entry) => entry.type);
    // One member replaced by one other (not two enum values): compare them as one type.
    const removedValues = removed.filter((type) => type.kind !== "null");
    const addedValues = added.filter((type) => type.kind !== "null");
    if (
      removedValues.length === 1 &&
      addedValues.length === 1 &&
      !(removedValues[0]!.kind === "literal" && addedValues[0]!.kind === "literal")
    ) {
      pairs.push([removedValues[0]!, addedValues[0]!]);
      removed = removed.filter((type) => type !== removedValues[0]);
      added = added.filter((type) => type !== addedValues[0]);
    }
    for (const [x, y] of pairs) this.single(x, y, path, out, context);

    const enumLike = [...old, ...now].every(
      (type) => type.kind === "literal" || type.kind === "null",
    );
    const consumed = new Set<TypeNode>();
    // A member replaced by members it covers (`string` by `"a" | "b"`) narrows; the reverse widens.
    for (const x of removed) {
      const covered = added.filter((y) => subsumes(x, y));
      if (covered.length > 0 && !now.some((y) => subsumes(y, x))) {
        covered.forEach((y) => consumed.add(y));
        consumed.add(x);
        out.push({
          kind: "type-narrowed",
          path,
          effect: "narrows",
          message: `type narrowed: ${code(typeText(x))} → ${code(covered.map((y) => typeText(y)).join(" | "))}`,
        });
      }
    }
    for (const y of added) {
      if (consumed.has(y)) continue;
      const covered = removed.filter((x) => !consumed.has(x) && subsumes(y, x));
      if (covered.length > 0) {
        covered.forEach((x) => consumed.add(x));
        consumed.add(y);
        out.push({
          kind: "type-widened",
          path,
          effect: "widens",
          message: `type widened: ${code(covered.map((x) => typeText(x)).join(" | "))} → ${code(typeText(y))}`,
        });
      }
    }
    for (const x of removed) {
      if (consumed.has(x) || now.some((y) => subsumes(y, x))) continue;
      if (x.kind === "null")
        out.push({
          kind: "nullable-removed",
          path,
          effect: "narrows",
          message: "may no longer be `null`",
        });
      else if (enumLike && x.kind === "literal")
        out.push({
          kind: "enum-value-removed",
          path,
          effect: "narrows",
          message: `enum value ${code(typeText(x))} removed`,
        });
      else
        out.push({
          kind: "union-member-removed",
          path,
          effect: "narrows",
          message: `union member ${code(typeText(x))} removed`,
        });
    }
    for (const y of added) {
      if (consumed.has(y) || old.some((x) => subsumes(x, y))) continue;
      if (y.kind === "null")
        out.push({ kind: "nullable-added", path, effect: "widens", message: "may now be `null`" });
      else if (enumLike && y.kind === "literal")
        out.push({
          kind: "enum-value-added",
          path,
          effect: "widens",
          message: `enum value ${code(typeText(y))} added`,
        });
      else
        out.push({
          kind: "union-member-added",
          path,
          effect: "widens",
          message: `union member ${code(typeText(y))} added`,
        });
    }
  }

  /** Two single types (no unions at the top). `force` follows references even with equal names. */
  private single(
    x: TypeNode,
    y: TypeNode,
    path: string,
    out: TypeChange[],
    context: Context,
    force = false,
  ): void {
    if (x.kind === "ref" && y.kind === "ref" && x.name === y.name && !force) return;
    if (x.kind === "ref" || y.kind === "ref") {
      this.reference(x, y, path, out, context);
      return;
    }
    if (x.kind === "literal" && y.kind === "literal") {
      if (!sameScalar(x.value, y.value)) {
        out.push({
          kind: "const-changed",
          path,
          effect: "incompatible",
          message: `constant changed: ${code(typeText(x))} → ${code(typeText(y))}`,
        });
      }
      return;
    }
    if (x.kind !== y.kind) {
      const change = `${code(typeText(x))} → ${code(typeText(y))}`;
      if (subsumes(y, x))
        out.push({
          kind: "type-widened",
          path,
          effect: "widens",
          message: `type widened: ${change}`,
        });
      else if (subsumes(x, y))
        out.push({
          kind: "type-narrowed",
          path,
          effect: "narrows",
          message: `type narrowed: ${change}`,
        });
      else
        out.push({
          kind: "type-changed",
          path,
          effect: "incompatible",
          message: `type changed: ${change}`,
        });
      return;
    }
    switch (x.kind) {
      case "string":
        constraints(x.constraints, (y as typeof x).constraints, STRING_CONSTRAINTS, path, out);
        return;
      case "number": {
        const z = y as typeof x;
        if (x.integer && !z.integer)
          out.push({
            kind: "type-widened",
            path,
            effect: "widens",
            message: "type widened: `integer` → `number`",
          });
        if (!x.integer && z.integer)
          out.push({
            kind: "type-narrowed",
            path,
            effect: "narrows",
            message: "type narrowed: `number` → `integer`",
          });
        constraints(x.constraints, z.constraints, NUMBER_CONSTRAINTS, path, out);
        return;
      }
      case "array": {
        const z = y as typeof x;
        if (x.prefixItems.length !== z.prefixItems.length) {
          out.push({
            kind: "type-changed",
            path,
            effect: "incompatible",
            message: `type changed: ${code(typeText(x))} → ${code(typeText(z))}`,
          });
          return;
        }
        x.prefixItems.forEach((item, index) =>
          this.compare(item, z.prefixItems[index]!, `${path}[${index}]`, out, context),
        );
        this.compare(x.items, z.items, `${path}[]`, out, context);
        constraints(x.constraints, z.constraints, ARRAY_CONSTRAINTS, path, out);
        return;
      }
      case "object":
        this.object(x, y as ObjectNode, path, out, context);
        return;
      case "intersection": {
        const z = y as typeof x;
        if (x.members.length !== z.members.length) {
          out.push({
            kind: "type-changed",
            path,
            effect: "incompatible",
            message: `type changed: ${code(typeText(x))} → ${code(typeText(z))}`,
          });
          return;
        }
        x.members.forEach((member, index) =>
          this.compare(member, z.members[index]!, path, out, context),
        );
        return;
      }
      default:
        return; // json, never, null, boolean: nothing more to compare
    }
  }

  /** A reference on at least one side, to different names: compare what they stand for. */
  private reference(
    x: TypeNode,
    y: TypeNode,
    path: string,
    out: TypeChange[],
    context: Context,
  ): void {
    const key = `${x.kind === "ref" ? x.name : typeText(x)}\u0000${y.kind === "ref" ? y.name : typeText(y)}`;
    if (context.visiting.has(key)) return; // a cycle: assume equal, the rest of the comparison decides
    const resolvedX = x.kind === "ref" ? (this.before.get(x.name)?.type ?? { kind: "json" }) : x;
    const resolvedY = y.kind === "ref" ? (this.after.get(y.name)?.type ?? { kind: "json" }) : y;
    context.visiting.add(key);
    const nested: TypeChange[] = [];
    this.compare(resolvedX, resolvedY, path, nested, { docs: false, visiting: context.visiting });
    context.visiting.delete(key);
    const effect = combine(nested.map((change) => change.effect));
    const named = `${code(typeText(x))} → ${code(typeText(y))}`;
    const how = {
      compatible: "compatible",
      narrows: "narrowed",
      widens: "widened",
      incompatible: "changed",
      docs: "same shape",
    }[effect];
    out.push({
      kind: "reference-changed",
      path,
      effect: effect === "docs" ? "compatible" : effect,
      message: `type ${named} (${nested.length === 0 ? "same shape" : how})`,
      ...(nested.length > 0 && {
        details: nested.map((change) =>
          change.path === path
            ? change.message
            : `${code(change.path.slice(path.length).replace(/^\./, ""))}: ${change.message}`,
        ),
      }),
    });
  }

  private object(
    x: ObjectNode,
    y: ObjectNode,
    path: string,
    out: TypeChange[],
    context: Context,
  ): void {
    const before = new Map(
      x.properties.map((property, index) => [property.name, { property, index }]),
    );
    const after = new Map(
      y.properties.map((property, index) => [property.name, { property, index }]),
    );
    const removed = x.properties.filter((property) => !after.has(property.name));
    const added = new Set(y.properties.filter((property) => !before.has(property.name)));

    for (const property of x.properties) {
      const now = after.get(property.name)?.property;
      if (!now) continue;
      const at = `${path}.${property.name}`;
      if (context.docs) docsChange(property.docs, now.docs, at, out);
      if (property.required && !now.required)
        out.push({
          kind: "field-now-optional",
          path: at,
          effect: "widens",
          message: `field ${code(property.name)} is now optional`,
        });
      if (!property.required && now.required)
        out.push({
          kind: "field-now-required",
          path: at,
          effect: "narrows",
          message: `field ${code(property.name)} is now required`,
        });
      this.compare(property.type, now.type, at, out, context);
    }
    for (const property of removed) {
      // Same place, same type, same requiredness, another name: a rename.
      const index = before.get(property.name)!.index;
      const candidate = y.properties[index];
      if (
        candidate &&
        added.has(candidate) &&
        candidate.required === property.required &&
        this.equivalent(property.type, candidate.type)
      ) {
        added.delete(candidate);
        out.push({
          kind: "field-renamed",
          path: `${path}.${property.name}`,
          effect: "incompatible",
          message: `field ${code(property.name)} renamed to ${code(candidate.name)}`,
        });
        continue;
      }
      out.push({
        kind: "field-removed",
        path: `${path}.${property.name}`,
        effect: "incompatible",
        message: `field ${code(property.name)} removed (was ${code(typeText(property.type))})`,
      });
    }
    for (const property of added) {
      const at = `${path}.${property.name}`;
      if (property.required)
        out.push({
          kind: "field-added-required",
          path: at,
          effect: "narrows",
          message: `required field ${code(property.name)} added: ${code(typeText(property.type))}`,
        });
      else
        out.push({
          kind: "field-added-optional",
          path: at,
          effect: "compatible",
          message: `optional field ${code(property.name)} added: ${code(typeText(property.type))}`,
        });
    }
    this.additional(x, y, path, out, context);
    constraints(x.constraints, y.constraints, OBJECT_CONSTRAINTS, path, out);
  }

  private additional(
    x: ObjectNode,
    y: ObjectNode,
    path: string,
    out: TypeChange[],
    context: Context,
  ): void {
    const a = openAsAny(x.additional);
    const b = openAsAny(y.additional);
    const at = `${path}.*`;
    if (a.kind === "none" && b.kind !== "none") {
      out.push({
        kind: "additional-properties-opened",
        path,
        effect: "compatible",
        message: `extra properties now allowed (${code(extraText(b))})`,
      });
    } else if (a.kind !== "none" && b.kind === "none") {
      out.push({
        kind: "additional-properties-closed",
        path,
        effect: "narrows",
        message: "extra properties no longer allowed (`additionalProperties: false`)",
      });
    } else if (a.kind === "typed" && b.kind === "typed") {
      this.compare(a.type, b.type, at, out, context);
    } else if (a.kind === "typed" && b.kind === "any") {
      out.push({
        kind: "type-widened",
        path: at,
        effect: "widens",
        message: `extra properties widened: ${code(typeText(a.type))} → any JSON value`,
      });
    } else if (a.kind === "any" && b.kind === "typed") {
      out.push({
        kind: "type-narrowed",
        path: at,
        effect: "narrows",
        message: `extra properties narrowed: any JSON value → ${code(typeText(b.type))}`,
      });
    } else if (a.kind === "any" && b.kind === "any" && indexed(x) !== indexed(y)) {
      // Same values on the wire; the generated type gains or loses its index signature.
      if (indexed(y)) {
        out.push({
          kind: "additional-properties-opened",
          path,
          effect: "compatible",
          message: "extra properties now typed (`[key: string]: JsonValue`); validation unchanged",
        });
      } else {
        out.push({
          kind: "additional-properties-closed",
          path,
          effect: "narrows",
          message:
            "types narrowed: extra properties no longer typed (the index signature is gone); validation unchanged (extra properties still accepted)",
        });
      }
    }
  }
}

function extraText(additional: AdditionalProperties): string {
  return additional.kind === "typed"
    ? `[key: string]: ${typeText(additional.type)}`
    : "[key: string]: JsonValue";
}

const TS_TEXT = { nameOf: (name: string) => name, jsonValue: "JsonValue" };

/** The TypeScript type the generator prints for a type, without its comments. */
function tsText(type: TypeNode): string {
  return printType(type, TS_TEXT)
    .replace(/\/\*\*[\s\S]*?\*\//g, "")
    .replace(/\s+/g, " ");
}

/** A change below a place whose TypeScript type did not change: said to be of validation only. */
function validationOnly(change: TypeChange): TypeChange {
  if (change.kind === "docs" || change.kind === "reference-changed") return change;
  const verb = { narrows: "narrowed", widens: "widened", incompatible: "changed" }[
    change.effect as "narrows" | "widens" | "incompatible"
  ];
  if (verb === undefined) return change;
  const message = change.message.replace(/^type (narrowed|widened|changed): /, "");
  return { ...change, message: `types unchanged; validation ${verb}: ${message}` };
}

/** `additionalProperties: {}` allows what `true` allows and is typed the same (`JsonValue`). */
function openAsAny(additional: AdditionalProperties): AdditionalProperties {
  return additional.kind === "typed" && additional.type.kind === "json"
    ? { kind: "any" }
    : additional;
}

/** Whether the generated type has an index signature (the type printer's rule). */
function indexed(object: ObjectNode): boolean {
  return (
    object.additional.kind !== "none" &&
    (object.additionalExplicit || object.properties.length === 0)
  );
}

/**
 * The members of a type whose values the validator can accept. A `oneOf` refuses a value that
 * matches two of its members, so members the validator cannot tell apart (`string` and `string`
 * with a `format`, which validators do not check) accept nothing; without any member left the
 * type accepts nothing (`never`).
 */
function accepted(type: TypeNode): TypeNode[] {
  if (type.kind !== "union" || !type.exclusive || type.discriminator !== undefined)
    return flatten(type);
  const forms = type.members.map(validatedForm);
  const live = type.members.filter(
    (_, index) => forms.filter((form) => form === forms[index]).length === 1,
  );
  if (live.length === type.members.length) return flatten(type);
  return live.length === 0 ? [{ kind: "never" }] : live.flatMap(flatten);
}

/** What the validator checks of a type: the type without string formats. */
function validatedForm(type: TypeNode): string {
  return JSON.stringify(type, function (this: { kind?: string }, key, value: unknown) {
    return key === "constraints" && this.kind === "string"
      ? { ...(value as object), format: undefined }
      : value;
  });
}

/** The members of a type as a flat list (a union's members, nested unions opened). */
function flatten(type: TypeNode): TypeNode[] {
  return type.kind === "union" ? type.members.flatMap(flatten) : [type];
}

function keyed(types: readonly TypeNode[]): { key: string; type: TypeNode }[] {
  const seen = new Map<string, number>();
  return types.map((type) => {
    const base =
      type.kind === "ref"
        ? `ref:${type.name}`
        : type.kind === "literal"
          ? `literal:${JSON.stringify(type.value)}`
          : type.kind;
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    return { key: count === 0 ? base : `${base}#${count}`, type };
  });
}

/** Whether every value of `small` is a value of `big` (as far as can be told without resolving references). */
function subsumes(big: TypeNode, small: TypeNode): boolean {
  if (big.kind === "json" || small.kind === "never") return true;
  if (big.kind === "ref" && small.kind === "ref") return big.name === small.name;
  if (small.kind === "literal") {
    const value = small.value;
    switch (big.kind) {
      case "string":
        return typeof value === "string";
      case "number":
        return typeof value === "number" && (!big.integer || Number.isInteger(value));
      case "boolean":
        return typeof value === "boolean";
      case "null":
        return value === null;
      default:
        return false;
    }
  }
  if (big.kind === "number" && small.kind === "number") return !big.integer || small.integer;
  return false;
}

function sameScalar(a: JsonScalar, b: JsonScalar): boolean {
  return a === b;
}

/** Sums up several effects: any mix of narrowing and widening (or anything incompatible) is incompatible. */
export function combine(effects: readonly Effect[]): Effect {
  const real = effects.filter((effect) => effect !== "docs");
  if (real.length === 0) return effects.length > 0 ? "docs" : "compatible";
  if (real.includes("incompatible") || (real.includes("narrows") && real.includes("widens")))
    return "incompatible";
  if (real.includes("narrows")) return "narrows";
  if (real.includes("widens")) return "widens";
  return "compatible";
}

function constraints(
  before: object,
  after: object,
  keys: readonly (readonly [string, Bound])[],
  path: string,
  out: TypeChange[],
): void {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  for (const [key, bound] of keys) {
    const x = a[key];
    const y = b[key];
    if (x === y || JSON.stringify(x) === JSON.stringify(y)) continue;
    const text = (value: unknown): string =>
      value === undefined ? "none" : code(JSON.stringify(value));
    const what = `${code(key)} ${text(x)} → ${text(y)}`;
    let effect: Effect;
    if (bound === "flag") effect = y === true ? "narrows" : "widens";
    else if (x === undefined) effect = "narrows";
    else if (y === undefined) effect = "widens";
    else if (bound === "lower" && typeof x === "number" && typeof y === "number")
      effect = y > x ? "narrows" : "widens";
    else if (bound === "upper" && typeof x === "number" && typeof y === "number")
      effect = y < x ? "narrows" : "widens";
    else effect = "incompatible";
    const kind: ChangeKind =
      effect === "narrows"
        ? "type-narrowed"
        : effect === "widens"
          ? "type-widened"
          : "type-changed";
    const verb = effect === "narrows" ? "narrowed" : effect === "widens" ? "widened" : "changed";
    out.push({ kind, path, effect, message: `type ${verb}: ${what}` });
  }
}

/** A `docs` change when the documentation of a definition or property differs. */
export function docsChange(before: Docs, after: Docs, path: string, out: TypeChange[]): void {
  const changed = docsDifferences(before, after);
  if (changed.length === 0) return;
  let message: string;
  if (!before.deprecated && after.deprecated) message = "deprecated";
  else if (before.deprecated && !after.deprecated) message = "no longer deprecated";
  else if (changed.length === 1 && changed[0] === "description")
    message = `description changed: ${textChange(before.description, after.description)}`;
  else message = `documentation changed (${changed.join(", ")})`;
  out.push({ kind: "docs", path, effect: "docs", message });
}

/** Longest text shown on each side of a description change. */
const SHOWN = 120;
/** Characters kept around the part that changed, when the texts are longer than `SHOWN`. */
const CONTEXT = 30;

/**
 * Old and new text, each quoted and bounded: texts too long to show whole are cut to the part
 * that differs (after their common beginning and before their common end), with some context.
 */
export function textChange(before: string | undefined, after: string | undefined): string {
  const x = (before ?? "").replace(/\s+/g, " ").trim();
  const y = (after ?? "").replace(/\s+/g, " ").trim();
  const quote = (text: string, empty: boolean): string =>
    empty ? "none" : code(JSON.stringify(text));
  if (x.length <= SHOWN && y.length <= SHOWN)
    return `${quote(x, before === undefined)} → ${quote(y, after === undefined)}`;
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let end = 0;
  while (
    end < x.length - start &&
    end < y.length - start &&
    x[x.length - 1 - end] === y[y.length - 1 - end]
  )
    end++;
  const from = Math.max(0, start - CONTEXT);
  const cut = (text: string): string => {
    const stop = Math.min(text.length, text.length - end + CONTEXT);
    let part = text.slice(from, stop);
    if (part.length > SHOWN) part = part.slice(0, SHOWN) + "…";
    else if (stop < text.length) part += "…";
    return (from > 0 ? "…" : "") + part;
  };
  return `${quote(cut(x), before === undefined)} → ${quote(cut(y), after === undefined)}`;
}

export function docsDifferences(before: Docs, after: Docs): string[] {
  const tags = (docs: Docs): unknown =>
    (docs.tags ?? []).filter((tag) => !CONSTRAINT_TAGS.has(tag.name));
  const fields: [string, unknown, unknown][] = [
    ["title", before.title, after.title],
    ["description", before.description, after.description],
    ["default", before.default, after.default],
    ["examples", before.examples, after.examples],
    ["deprecated", before.deprecated ?? false, after.deprecated ?? false],
    ["readOnly", before.readOnly ?? false, after.readOnly ?? false],
    ["writeOnly", before.writeOnly ?? false, after.writeOnly ?? false],
    ["tags", tags(before), tags(after)],
  ];
  return fields.filter(([, x, y]) => JSON.stringify(x) !== JSON.stringify(y)).map(([name]) => name);
}
