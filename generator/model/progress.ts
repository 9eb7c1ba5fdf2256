// Where a progress token lives: a JSON pointer from the catalog, followed through the schema's
// types to the property it names, and the kind of token the runtime makes for it (a number when
// the property admits numbers, else a string). Every failure says why, for the catalog's error.
import type { ProgressToken, TypeNode } from "../core/ir.js";
import { resolvePointer } from "./pointers.js";

/** The token place that `pointer` names inside `type` (a method's params), or why there is none. */
export function tokenPlace(
  type: TypeNode,
  pointer: string,
  declarationType: (name: string) => TypeNode | undefined,
): ProgressToken | { problem: string } {
  const found = resolvePointer(type, pointer, declarationType);
  if ("problem" in found) return found;
  const { path, types } = found;
  const kinds = new Set(types.flatMap((found) => tokenKinds(found, declarationType, new Set())));
  if (kinds.size === 0)
    return {
      problem: `pointer "${pointer}" names a property that admits neither strings nor numbers, so no token fits it`,
    };
  return { pointer, path, type: kinds.has("number") ? "number" : "string" };
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
