// Finds definitions that are defined as themselves. TypeScript accepts a type that refers to
// itself from inside an object or an array (`type Tree = { children: Tree[] }`), but not one
// that is itself, directly or through other names, unions and intersections (`A = B; B = A`,
// `A = string | A`): that output would not compile, and its validator would recurse forever.
import type { Diagnostic } from "../core/diagnostics.js";
import type { Declaration, TypeNode } from "../core/ir.js";

export function aliasCycles(declarations: readonly Declaration[]): Diagnostic[] {
  const edges = new Map<string, string[]>();
  for (const declaration of declarations)
    edges.set(declaration.name, [...new Set(immediateReferences(declaration.type))]);
  const byName = new Map(declarations.map((declaration) => [declaration.name, declaration]));

  // Depth-first search without recursion (a chain of aliases may be long); a node met again
  // while still on the path closes a cycle.
  const state = new Map<string, "open" | "done">();
  const problems: Diagnostic[] = [];
  for (const start of [...edges.keys()].sort()) {
    if (state.has(start)) continue;
    const path: string[] = [];
    const work: { name: string; next: number }[] = [{ name: start, next: 0 }];
    state.set(start, "open");
    path.push(start);
    while (work.length > 0) {
      const top = work[work.length - 1]!;
      const targets = edges.get(top.name) ?? [];
      if (top.next < targets.length) {
        const target = targets[top.next++]!;
        if (!edges.has(target)) continue;
        const seen = state.get(target);
        if (seen === "open") {
          const cycle = [...path.slice(path.indexOf(target)), target];
          const declaration = byName.get(target)!;
          problems.push({
            file: declaration.source.file,
            pointer: declaration.source.pointer,
            message: `${cycle.join(" → ")}: a type cannot be defined as itself (put an object or an array between the references)`,
          });
        } else if (seen === undefined) {
          state.set(target, "open");
          path.push(target);
          work.push({ name: target, next: 0 });
        }
      } else {
        state.set(top.name, "done");
        path.pop();
        work.pop();
      }
    }
  }
  return problems;
}

/** Names a type stands for directly: through references, unions and intersections only. */
function immediateReferences(type: TypeNode): string[] {
  switch (type.kind) {
    case "ref":
      return [type.name];
    case "union":
    case "intersection":
      return type.members.flatMap(immediateReferences);
    default:
      return [];
  }
}
