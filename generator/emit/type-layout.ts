// Lays out a type declaration the way the formatter (prettier, as generator/format sets it up)
// would, from the shape the type printer gives (type-printer.ts), so that the types module need
// not go through the formatter. The rules are prettier's for the types the printer writes:
// - a type that fits on its line stays on it, objects aside (they are written one member a
//   line, and the formatter keeps an object so written over several lines);
// - a union that does not fit moves to the next line, one level in, after the `=` of a
//   declaration or the `:` of a member, and if it does not fit there either (or holds an
//   object), it is written one member a line, each after a `| `, with its lines two columns in;
//   a union of one object-like type and `null` ("hugged") is never broken;
// - a parenthesized union as an array's element breaks inside its parentheses the same way;
// - an intersection keeps an object on the line of the member before it (` & {`) and breaks
//   between two members that are not objects, after the ` &`;
// - a declaration whose type has no break point moves it after the `=`;
// - string literals take the quotes the formatter prefers, numbers lose the `+` of an exponent,
//   and a quoted key that is an ASCII identifier loses its quotes.
// Anything else that does not fit on its line (a long name, a tuple, a line whose width the
// layout cannot measure) is not laid out here: the declaration is left to the
// formatter. Every rule is checked against prettier (test/layout/preformatted.test.ts).
import { isIdentifier } from "../model/naming.js";
import { fits, preferredQuotes } from "./layout.js";
import type { MemberShape, TypeShape } from "./type-printer.js";

/** Where a type stands: it decides whether the formatter may break before it. */
type Context = "declaration" | "member" | "element";

/**
 * `export type Name = Type;` with its comment, as the formatter lays it out, or `undefined` when
 * the rules here do not cover it. `head` is `export type Name = `; `comment` ends in a line break.
 */
export function layoutDeclaration(
  comment: string,
  head: string,
  type: TypeShape,
): string | undefined {
  const lines = place(head, type, ";", 0, "declaration");
  if (lines === undefined) return undefined;
  return [...commentLines(comment, 0), ...lines].join("\n");
}

/**
 * The lines of `prefix` (the line so far, its indentation included), the type and `suffix`;
 * `column` is the indentation the type's own lines are relative to.
 */
function place(
  prefix: string,
  type: TypeShape,
  suffix: string,
  column: number,
  context: Context,
): string[] | undefined {
  const flat = flatText(type);
  if (flat !== undefined && fits(prefix + flat + suffix)) return [prefix + flat + suffix];
  switch (type.kind) {
    case "object":
      return objectLines(prefix, type.members, suffix, column);
    case "union":
      return context === "element" ? undefined : unionLines(prefix, type, suffix, column, context);
    case "array":
      return arrayLines(prefix, type, suffix, column, context);
    case "intersection":
      return intersectionLines(prefix, type.members, suffix, column);
    case "parenthesized":
      return type.inner.kind === "intersection"
        ? intersectionLines(prefix + "(", type.inner.members, ")" + suffix, column)
        : undefined;
    case "name":
    case "atom":
      return context === "declaration" ? afterEquals(prefix, flat, suffix, column) : undefined;
    default:
      return undefined;
  }
}

/** `prefix {`, the members one a line, two columns in, and `} suffix`. */
function objectLines(
  prefix: string,
  members: readonly MemberShape[],
  suffix: string,
  column: number,
): string[] | undefined {
  const open = prefix + "{";
  if (!fits(open)) return undefined;
  const lines = [open];
  const inner = column + 2;
  for (const member of members) {
    const head = memberHead(member.head);
    if (head === undefined) return undefined;
    const memberLines = place(indent(inner) + head, member.type, ";", inner, "member");
    if (memberLines === undefined) return undefined;
    lines.push(...commentLines(member.docs, inner));
    lines.push(...memberLines);
  }
  const close = indent(column) + "}" + suffix;
  if (!fits(close)) return undefined;
  lines.push(close);
  return lines;
}

function unionLines(
  prefix: string,
  union: Extract<TypeShape, { kind: "union" }>,
  suffix: string,
  column: number,
  context: Context,
): string[] | undefined {
  if (isHugged(union)) {
    // Printed joined, with no break point of its own: an object first breaks as an object;
    // otherwise only a declaration can move the whole union after its `=`.
    const lines = huggedObjectLines(prefix, union, suffix, column);
    if (lines !== undefined) return lines;
    return context === "declaration" && union.members.every(hasNoBreakPoint)
      ? afterEquals(prefix, flatText(union), suffix, column)
      : undefined;
  }
  const lines = unionBody(union, suffix, column + 2);
  return lines === undefined || !fits(prefix.trimEnd()) ? undefined : [prefix.trimEnd(), ...lines];
}

/** A hugged union whose object comes first: `{`, its members, then `} | null`. */
function huggedObjectLines(
  prefix: string,
  union: Extract<TypeShape, { kind: "union" }>,
  suffix: string,
  column: number,
): string[] | undefined {
  const [first, ...rest] = union.members;
  if (first?.kind !== "object" || !rest.every(isNull)) return undefined;
  return objectLines(prefix, first.members, " | null".repeat(rest.length) + suffix, column);
}

/**
 * A union on lines of its own at `column`: on one line when it fits and holds no object, else
 * one member a line after `| `, a member's own lines two columns further in.
 */
function unionBody(
  union: Extract<TypeShape, { kind: "union" }>,
  suffix: string,
  column: number,
): string[] | undefined {
  const flat = flatText(union);
  if (flat !== undefined && fits(indent(column) + flat + suffix))
    return [indent(column) + flat + suffix];
  const lines: string[] = [];
  const last = union.members.length - 1;
  for (const [index, member] of union.members.entries()) {
    const memberLines = place(
      indent(column) + "| ",
      inUnion(member),
      index === last ? suffix : "",
      column + 2,
      "element",
    );
    if (memberLines === undefined) return undefined;
    lines.push(...memberLines);
  }
  return lines;
}

function arrayLines(
  prefix: string,
  array: Extract<TypeShape, { kind: "array" }>,
  suffix: string,
  column: number,
  context: Context,
): string[] | undefined {
  const { element } = array;
  if (element.kind === "object") return objectLines(prefix, element.members, "[]" + suffix, column);
  if (element.kind === "parenthesized" && element.inner.kind === "union") {
    // A hugged union stays inside the parentheses; another one goes on lines of its own, one
    // level in, between `(` and `)[]`.
    if (isHugged(element.inner))
      return huggedObjectLines(prefix + "(", element.inner, ")[]" + suffix, column);
    const body = unionBody(element.inner, "", column + 2);
    if (body === undefined || !fits(prefix + "(")) return undefined;
    const close = indent(column) + ")[]" + suffix;
    return fits(close) ? [prefix + "(", ...body, close] : undefined;
  }
  if (element.kind === "parenthesized" && element.inner.kind === "intersection")
    return intersectionLines(prefix + "(", element.inner.members, ")[]" + suffix, column);
  return context === "declaration" && hasNoBreakPoint(array)
    ? afterEquals(prefix, flatText(array), suffix, column)
    : undefined;
}

/** A name, a literal or an array of them: nothing in it where the formatter could break. */
function hasNoBreakPoint(type: TypeShape): boolean {
  if (type.kind === "array") return hasNoBreakPoint(type.element);
  return type.kind === "name" || type.kind === "atom";
}

/**
 * An intersection that does not fit on one line: an object beside another member stays on the
 * line with an ` & ` (its lines two columns further in once a third member has been written),
 * and two members neither of which is an object are broken after the ` &`, one level in.
 */
function intersectionLines(
  prefix: string,
  members: readonly TypeShape[],
  suffix: string,
  column: number,
): string[] | undefined {
  const lines: string[] = [];
  let line = prefix;
  let objectsIndented = false;
  for (const [index, member] of members.entries()) {
    let base = column;
    if (index > 0) {
      const previousIsObject = isObjectType(members[index - 1]!);
      const isObject = isObjectType(member);
      if (previousIsObject && isObject) {
        line += " & ";
        if (objectsIndented) base = column + 2;
      } else if (!previousIsObject && !isObject) {
        if (!fits(line + " &")) return undefined;
        lines.push(line + " &");
        line = indent(column + 2);
        base = column + 2;
      } else {
        if (index > 1) objectsIndented = true;
        line += " & ";
        if (index > 1) base = column + 2;
      }
    }
    const memberSuffix = index === members.length - 1 ? suffix : "";
    if (member.kind === "object") {
      // The object's last line (`}`) stays open for what follows it.
      const written = objectLines(line, member.members, memberSuffix, base);
      if (written === undefined) return undefined;
      lines.push(...written.slice(0, -1));
      line = written[written.length - 1]!;
      continue;
    }
    const flat = flatText(member);
    if (flat === undefined) return undefined;
    line += flat + memberSuffix;
  }
  if (!fits(line)) return undefined;
  lines.push(line);
  return lines;
}

/** What the formatter counts as an object type beside `&`: a type literal, `{}` included. */
function isObjectType(type: TypeShape): boolean {
  return (
    type.kind === "object" ||
    type.kind === "inline-object" ||
    (type.kind === "atom" && type.text === "{}")
  );
}

/** A declaration's type that cannot break, on the line after the `=`. */
function afterEquals(
  prefix: string,
  flat: string | undefined,
  suffix: string,
  column: number,
): string[] | undefined {
  if (flat === undefined) return undefined;
  const line = indent(column + 2) + flat + suffix;
  return fits(prefix.trimEnd()) && fits(line) ? [prefix.trimEnd(), line] : undefined;
}

/** A union's member as the formatter writes it: an intersection in parentheses. */
function inUnion(member: TypeShape): TypeShape {
  if (member.kind !== "intersection") return member;
  let shape = parenthesizedMembers.get(member);
  if (shape === undefined) {
    shape = { kind: "parenthesized", text: `(${member.text})`, inner: member };
    parenthesizedMembers.set(member, shape);
  }
  return shape;
}

/** One parenthesized shape per intersection, so that its flat text is worked out once. */
const parenthesizedMembers = new WeakMap<TypeShape, TypeShape>();

/** A union the formatter prints joined: one object-like type (an object or a name) and `null`s. */
function isHugged(union: Extract<TypeShape, { kind: "union" }>): boolean {
  const objectLike = union.members.filter(
    (member) => isObjectType(member) || member.kind === "name",
  );
  return (
    objectLike.length === 1 &&
    union.members.every((member) => objectLike[0] === member || isNull(member))
  );
}

function isNull(type: TypeShape): boolean {
  return type.kind === "atom" && type.text === "null";
}

/**
 * The type on one line as the formatter writes it, or `undefined` when it holds an object
 * written over several lines (which the formatter keeps so).
 */
function flatText(type: TypeShape): string | undefined {
  let text = flatTexts.get(type);
  if (text === undefined && !flatTexts.has(type)) {
    text = flatTextOf(type);
    flatTexts.set(type, text);
  }
  return text;
}

const flatTexts = new WeakMap<TypeShape, string | undefined>();

function flatTextOf(type: TypeShape): string | undefined {
  switch (type.kind) {
    case "name":
      return type.text;
    case "atom":
      return literalText(type.text);
    case "inline-object": {
      const value = flatText(type.value);
      return value === undefined ? undefined : `{ [key: string]: ${value} }`;
    }
    case "object":
      return undefined;
    case "array": {
      const element = flatText(type.element);
      return element === undefined ? undefined : `${element}[]`;
    }
    case "parenthesized": {
      const inner = flatText(type.inner);
      return inner === undefined ? undefined : `(${inner})`;
    }
    case "tuple": {
      const items = type.items.map(flatText);
      const rest = type.rest === undefined ? [] : [flatText(type.rest)];
      if ([...items, ...rest].some((item) => item === undefined)) return undefined;
      const spread = rest.length === 0 ? "" : `, ...${rest[0]}`;
      return `[${items.join(", ")}${spread}]`;
    }
    case "union":
    case "intersection": {
      const members = type.members.map((member) =>
        flatText(type.kind === "union" ? inUnion(member) : member),
      );
      if (members.some((member) => member === undefined)) return undefined;
      return members.join(type.kind === "union" ? " | " : " & ");
    }
  }
}

/** A literal as the formatter writes it: strings in its preferred quotes, exponents without `+`. */
function literalText(text: string): string {
  if (text.startsWith('"')) return preferredQuotes(text);
  if (/^-?[0-9]/.test(text)) return text.replace("e+", "e");
  return text;
}

/**
 * A member's `key: ` as the formatter writes it: a quoted key that is an ASCII identifier
 * unquoted, other quoted keys in the preferred quotes. `undefined` for a quoted key beyond
 * ASCII, which the formatter unquotes by Unicode tables this layout does not hold.
 */
function memberHead(head: string): string | undefined {
  if (!head.startsWith('"')) return head;
  const end = head.lastIndexOf('"');
  const literal = head.slice(0, end + 1);
  const key = JSON.parse(literal) as string;
  if (/[^\x20-\x7e]/.test(key)) return undefined;
  const rest = head.slice(end + 1);
  return (isIdentifier(key) ? key : preferredQuotes(literal)) + rest;
}

/**
 * A JSDoc comment's lines at `column`: the formatter indents the lines after the first by one
 * column past the `/**`.
 */
function commentLines(comment: string, column: number): string[] {
  if (comment === "") return [];
  const lines = comment.replace(/\n$/, "").split("\n");
  return lines.map(
    (line, index) => indent(column) + (index === 0 ? line.trimEnd() : " " + line.trim()),
  );
}

function indent(column: number): string {
  return " ".repeat(column);
}
