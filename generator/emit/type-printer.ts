// Prints IR types as TypeScript type expressions. Object types are printed inline with their
// members' docs; named types are printed by name through `nameOf`, so a module that imports the
// types under a namespace can print `types.Foo`.
// A type is first printed as a shape: the text of every part and how the parts nest, which is
// what the type layout (type-layout.ts) needs to break a long type as the formatter would.
import type { Property, TypeNode } from "../core/ir.js";
import { isIdentifier } from "../model/naming.js";
import { docCommentText } from "./jsdoc.js";
import { scalarLiteral, stringLiteral } from "./printed.js";

export interface TypePrinterOptions {
  /** How a reference to a named type is spelled in the module being printed. */
  readonly nameOf: (name: string) => string;
  /** The spelling of the helper type for any JSON value. */
  readonly jsonValue: string;
}

/**
 * A printed type and its parts. `text` is the whole type as printed: objects over several
 * lines, one member a line (not indented), everything else on one line.
 */
export type TypeShape =
  /** A named type. */
  | { readonly kind: "name"; readonly text: string }
  /** A keyword, a literal or `{}`: nothing that can break. */
  | { readonly kind: "atom"; readonly text: string }
  /** An object type written on one line (`{ [key: string]: T }`), which the formatter may break. */
  | { readonly kind: "inline-object"; readonly text: string; readonly value: TypeShape }
  /** An object type written one member a line. */
  | { readonly kind: "object"; readonly text: string; readonly members: readonly MemberShape[] }
  | { readonly kind: "array"; readonly text: string; readonly element: TypeShape }
  /** A union or intersection in parentheses (as an array's element or an intersection's member). */
  | { readonly kind: "parenthesized"; readonly text: string; readonly inner: TypeShape }
  /** `[A, B]`, or `[A, B, ...C[]]` with a `rest`. */
  | {
      readonly kind: "tuple";
      readonly text: string;
      readonly items: readonly TypeShape[];
      readonly rest?: TypeShape;
    }
  /** Two or more members; a member is never a union itself (a nested union's members are spliced). */
  | { readonly kind: "union"; readonly text: string; readonly members: readonly TypeShape[] }
  | {
      readonly kind: "intersection";
      readonly text: string;
      readonly members: readonly TypeShape[];
    };

export interface MemberShape {
  /** The member's JSDoc comment, ending in a line break; `""` without docs. */
  readonly docs: string;
  /** What precedes the type: `key: `, `key?: ` or `[key: string]: `. */
  readonly head: string;
  readonly type: TypeShape;
}

export function printType(type: TypeNode, options: TypePrinterOptions): string {
  return shapeOf(type, options).text;
}

export function shapeOf(type: TypeNode, options: TypePrinterOptions): TypeShape {
  switch (type.kind) {
    case "json":
      return { kind: "name", text: options.jsonValue };
    case "never":
    case "null":
    case "boolean":
    case "string":
    case "number":
      return { kind: "atom", text: type.kind };
    case "literal":
      return { kind: "atom", text: scalarLiteral(type.value).text };
    case "ref":
      return { kind: "name", text: options.nameOf(type.name) };
    case "array":
      return arrayShape(type, options);
    case "object":
      // With no properties and no extra ones allowed, only `{}` itself fits (`{}` alone would mean "anything").
      if (type.properties.length === 0 && type.additional.kind === "none")
        return {
          kind: "inline-object",
          text: "{ [key: string]: never }",
          value: { kind: "atom", text: "never" },
        };
      return objectShape(type.properties, indexSignatureType(type, options), options);
    case "union":
      return unionShape(type.members.map((member) => shapeOf(member, options)));
    case "intersection":
      return intersectionShape(type.members.map((member) => shapeOf(member, options)));
  }
}

function arrayShape(
  type: Extract<TypeNode, { kind: "array" }>,
  options: TypePrinterOptions,
): TypeShape {
  const element = parenthesizedIfCompound(shapeOf(type.items, options));
  const array: TypeShape = { kind: "array", text: `${element.text}[]`, element };
  if (type.prefixItems.length === 0) return array;
  const items = type.prefixItems.map((member) => shapeOf(member, options));
  const listed = items.map((item) => item.text).join(", ");
  if (type.items.kind === "never") return { kind: "tuple", text: `[${listed}]`, items };
  return { kind: "tuple", text: `[${listed}, ...${array.text}]`, items, rest: array };
}

/**
 * The type of the index signature, or undefined for none. Only an explicit
 * `additionalProperties` (or `patternProperties`) gets one: objects that merely allow extra
 * properties by default keep their named properties checked for typos.
 */
function indexSignatureType(
  type: Extract<TypeNode, { kind: "object" }>,
  options: TypePrinterOptions,
): TypeShape | undefined {
  if (!type.additionalExplicit && type.properties.length > 0) return undefined;
  if (type.additional.kind === "none") return undefined;
  const extra: TypeShape =
    type.additional.kind === "typed"
      ? shapeOf(type.additional.type, options)
      : { kind: "name", text: options.jsonValue };
  // TypeScript requires every named property to fit the index signature (see objectShape for
  // optional ones).
  return unionShape([extra, ...type.properties.map((property) => shapeOf(property.type, options))]);
}

/**
 * An object printed one member a line. Named properties of which some are optional, beside an
 * index signature, print as an intersection: in one object literal type the signature would
 * have to admit `undefined` (an optional property's type includes it), which no JSON value is,
 * and the type would not be assignable to `JsonValue`; across an intersection, the optional
 * property keeps `| undefined` where it is read and the signature stays JSON.
 */
function objectShape(
  properties: readonly Property[],
  indexType: TypeShape | undefined,
  options: TypePrinterOptions,
): TypeShape {
  if (properties.length === 0 && indexType === undefined) return { kind: "atom", text: "{}" };
  const members: MemberShape[] = properties.map((property) => ({
    docs: docCommentText(property.docs),
    head: `${propertyKey(property.name)}${property.required ? "" : "?"}: `,
    type: shapeOf(property.type, options),
  }));
  if (indexType === undefined) return multiLineObject(members);
  if (properties.every((property) => property.required)) {
    members.push({ docs: "", head: "[key: string]: ", type: indexType });
    return multiLineObject(members);
  }
  const signature: TypeShape = {
    kind: "inline-object",
    text: `{ [key: string]: ${indexType.text} }`,
    value: indexType,
  };
  return intersectionShape([multiLineObject(members), signature]);
}

function multiLineObject(members: MemberShape[]): TypeShape {
  const lines = members.map((member) => `${member.docs}${member.head}${member.type.text};`);
  return { kind: "object", text: `{\n${lines.join("\n")}\n}`, members };
}

/** A property name as written in a type or object literal: bare when it can be, quoted otherwise. */
export function propertyKey(name: string): string {
  return isIdentifier(name) && name !== "__proto__" ? name : stringLiteral(name).text;
}

/** Members whose text repeats an earlier one's are left out; one member left is the type itself. */
function unionShape(members: readonly TypeShape[]): TypeShape {
  const distinct = distinctByText(members);
  if (distinct.length === 1) return distinct[0]!;
  return {
    kind: "union",
    text: distinct.map((member) => member.text).join(" | "),
    members: distinct.flatMap((member) => (member.kind === "union" ? member.members : [member])),
  };
}

function intersectionShape(members: readonly TypeShape[]): TypeShape {
  const distinct = distinctByText(members);
  if (distinct.length === 1) return distinct[0]!;
  const parenthesized = distinct.map(parenthesizedIfCompound);
  return {
    kind: "intersection",
    text: parenthesized.map((member) => member.text).join(" & "),
    members: parenthesized,
  };
}

/** Unions and intersections in parentheses, where a `[]` or `&` beside them would bind tighter. */
function parenthesizedIfCompound(shape: TypeShape): TypeShape {
  return shape.kind === "union" || shape.kind === "intersection"
    ? { kind: "parenthesized", text: `(${shape.text})`, inner: shape }
    : shape;
}

function distinctByText(shapes: readonly TypeShape[]): TypeShape[] {
  const seen = new Set<string>();
  return shapes.filter((shape) => !seen.has(shape.text) && seen.add(shape.text));
}
