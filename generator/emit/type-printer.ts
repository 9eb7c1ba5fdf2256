// Prints IR types as TypeScript type expressions. Object types are printed inline with their
// members' docs; named types are printed by name through `nameOf`, so a module that imports the
// types under a namespace can print `types.Foo`.
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

export function printType(type: TypeNode, options: TypePrinterOptions): string {
  switch (type.kind) {
    case "json":
      return options.jsonValue;
    case "never":
      return "never";
    case "null":
      return "null";
    case "boolean":
      return "boolean";
    case "string":
      return "string";
    case "number":
      return "number";
    case "literal":
      return scalarLiteral(type.value).text;
    case "ref":
      return options.nameOf(type.name);
    case "array":
      return printArray(type, options);
    case "object":
      // With no properties and no extra ones allowed, only `{}` itself fits (`{}` alone would mean "anything").
      if (type.properties.length === 0 && type.additional.kind === "none")
        return "{ [key: string]: never }";
      return printObject(type.properties, indexSignatureType(type, options), options);
    case "union":
      return joinDistinct(
        type.members.map((member) => printType(member, options)),
        " | ",
      );
    case "intersection":
      return joinDistinct(
        type.members.map((member) => wrapUnion(member, printType(member, options), options)),
        " & ",
      );
  }
}

function printArray(
  type: Extract<TypeNode, { kind: "array" }>,
  options: TypePrinterOptions,
): string {
  const item = wrapUnion(type.items, printType(type.items, options), options);
  if (type.prefixItems.length === 0) return `${item}[]`;
  const prefix = type.prefixItems.map((member) => printType(member, options));
  if (type.items.kind === "never") return `[${prefix.join(", ")}]`;
  return `[${prefix.join(", ")}, ...${item}[]]`;
}

/**
 * The type of the index signature, or undefined for none. Only an explicit
 * `additionalProperties` (or `patternProperties`) gets one: objects that merely allow extra
 * properties by default keep their named properties checked for typos.
 */
function indexSignatureType(
  type: Extract<TypeNode, { kind: "object" }>,
  options: TypePrinterOptions,
): string | undefined {
  if (!type.additionalExplicit && type.properties.length > 0) return undefined;
  if (type.additional.kind === "none") return undefined;
  const extra =
    type.additional.kind === "typed" ? printType(type.additional.type, options) : options.jsonValue;
  // TypeScript requires every named property to fit the index signature (see printObject for
  // optional ones).
  const members = [extra, ...type.properties.map((property) => printType(property.type, options))];
  return joinDistinct(members, " | ");
}

/**
 * Whether an object prints as an intersection: named properties of which some are optional,
 * beside an index signature. In one object literal type the signature would have to admit
 * `undefined` (an optional property's type includes it), which no JSON value is, and the type
 * would not be assignable to `JsonValue`; across an intersection, the optional property keeps
 * `| undefined` where it is read and the signature stays JSON.
 */
function splitsIndexSignature(type: TypeNode, options: TypePrinterOptions): boolean {
  return (
    type.kind === "object" &&
    type.properties.some((property) => !property.required) &&
    indexSignatureType(type, options) !== undefined
  );
}

function printObject(
  properties: readonly Property[],
  indexType: string | undefined,
  options: TypePrinterOptions,
): string {
  if (properties.length === 0 && indexType === undefined) return "{}";
  const members = properties.map((property) => {
    const key = propertyKey(property.name);
    return `${docCommentText(property.docs)}${key}${property.required ? "" : "?"}: ${printType(property.type, options)};`;
  });
  if (indexType === undefined) return `{\n${members.join("\n")}\n}`;
  if (properties.every((property) => property.required)) {
    members.push(`[key: string]: ${indexType};`);
    return `{\n${members.join("\n")}\n}`;
  }
  return `{\n${members.join("\n")}\n} & { [key: string]: ${indexType} }`;
}

/** A property name as written in a type or object literal: bare when it can be, quoted otherwise. */
export function propertyKey(name: string): string {
  return isIdentifier(name) && name !== "__proto__" ? name : stringLiteral(name).text;
}

function wrapUnion(type: TypeNode, text: string, options: TypePrinterOptions): string {
  return (type.kind === "union" && type.members.length > 1) ||
    type.kind === "intersection" ||
    splitsIndexSignature(type, options)
    ? `(${text})`
    : text;
}

function joinDistinct(parts: string[], separator: string): string {
  return [...new Set(parts)].join(separator);
}
