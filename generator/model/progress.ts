// Where a progress token lives: a JSON pointer from the catalog, followed through the schema's
// types to the property it names, and the kind of token the runtime makes for it (a number when
// the property admits numbers, else a string). Every failure says why, for the catalog's error.
import type { ProgressToken, TypeNode } from "../core/ir.js";

/** The token place that `pointer` names inside `type` (a method's params), or why there is none. */
export function tokenPlace(
  type: TypeNode,
  pointer: string,
  declarationType: (name: string) => TypeNode | undefined,
): ProgressToken | { problem: string } {
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
  const kinds = new Set(types.flatMap((found) => tokenKinds(found, declarationType, new Set())));
  if (kinds.size === 0)
    return {
      problem: `pointer "${pointer}" names a property that admits neither strings nor numbers, so no token fits it`,
    };
  return { pointer, path, type: kinds.has("number") ? "number" : "string" };
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

/** The kinds of token a value of `type` may be. */
function tokenKinds(
  type: TypeNode,
  declarationType: (name: string) => TypeNode | undefined,
  seen: Set<string>,
): Array<"number" | "string"> {
  switch (type.kind) {
    case "string":
      return ["string"];
    case "number":
      return ["number"];
    case "json":
      return ["number", "string"];
    case "ref": {
      const target = declarationType(type.name);
      if (target === undefined || seen.has(type.name)) return [];
      seen.add(type.name);
      return tokenKinds(target, declarationType, seen);
    }
    case "union":
    case "intersection":
      return type.members.flatMap((member) => tokenKinds(member, declarationType, new Set(seen)));
    default:
      return [];
  }
}
