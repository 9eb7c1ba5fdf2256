// JSON pointers from the catalog into a method's params, followed through the schema's types
// (properties, references, unions and intersections) to the types a value there may have.
import type { JsonScalar, TypeNode } from "../core/ir.js";

/** The types a value at `pointer` inside a value of `type` may have, or why the pointer fits nothing. */
export function resolvePointer(
  type: TypeNode,
  pointer: string,
  declarationType: (name: string) => TypeNode | undefined,
): { path: string[]; types: TypeNode[] } | { problem: string } {
  const path = pointerSegments(pointer);
  if (typeof path === "string") return { problem: path };
  if (path.length === 0)
    return { problem: `pointer "${pointer}" must name a property, not the params themselves` };
  let types: TypeNode[] = [type];
  for (let depth = 0; depth < path.length; depth++) {
    const name = path[depth]!;
    types = types.flatMap((candidate) =>
      propertyTypes(candidate, name, declarationType, new Set()),
    );
    if (types.length === 0) {
      const at =
        "/" +
        path
          .slice(0, depth + 1)
          .map(escapeSegment)
          .join("/");
      return {
        problem: `pointer "${pointer}" does not resolve: the schema defines no property at "${at}"`,
      };
    }
  }
  return { path, types };
}

/** The unescaped segments of a JSON pointer (RFC 6901), or what is wrong with it. */
export function pointerSegments(pointer: string): string[] | string {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) return `pointer "${pointer}" must start with "/"`;
  const segments = pointer.slice(1).split("/");
  for (const segment of segments) {
    if (/~(?![01])/.test(segment))
      return `pointer "${pointer}" has a "~" not followed by 0 or 1 (write "~0" for "~", "~1" for "/")`;
  }
  return segments.map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function escapeSegment(segment: string): string {
  return segment.replace(/~/g, "~0").replace(/\//g, "~1");
}

/** The types a property of this name may have in values of `type` (none: it defines no such property). */
function propertyTypes(
  type: TypeNode,
  name: string,
  declarationType: (name: string) => TypeNode | undefined,
  seen: Set<string>,
): TypeNode[] {
  switch (type.kind) {
    case "ref": {
      const target = declarationType(type.name);
      if (target === undefined || seen.has(type.name)) return [];
      seen.add(type.name);
      return propertyTypes(target, name, declarationType, seen);
    }
    case "object": {
      const property = type.properties.find((candidate) => candidate.name === name);
      return property === undefined ? [] : [property.type];
    }
    case "union":
    case "intersection":
      return type.members.flatMap((member) =>
        propertyTypes(member, name, declarationType, new Set(seen)),
      );
    default:
      return [];
  }
}

/**
 * Every value a property of these types may have, when they are finitely many (constants and
 * enumerations, through references and unions); `undefined` when any value of a kind may be.
 */
export function literalValues(
  types: readonly TypeNode[],
  declarationType: (name: string) => TypeNode | undefined,
  seen: ReadonlySet<string> = new Set(),
): JsonScalar[] | undefined {
  const values: JsonScalar[] = [];
  for (const type of types) {
    switch (type.kind) {
      case "literal":
        values.push(type.value);
        break;
      case "null":
        values.push(null);
        break;
      case "never":
        break;
      case "ref": {
        const target = declarationType(type.name);
        if (target === undefined || seen.has(type.name)) return undefined;
        const found = literalValues([target], declarationType, new Set([...seen, type.name]));
        if (found === undefined) return undefined;
        values.push(...found);
        break;
      }
      case "union": {
        const found = literalValues(type.members, declarationType, seen);
        if (found === undefined) return undefined;
        values.push(...found);
        break;
      }
      default:
        return undefined;
    }
  }
  return values;
}
