// Reading Babel's syntax tree (as prettier's parser gives it) for the compiler-free build of
// strip.ts and strip-declarations.ts.
import type { BabelNode } from "../core/prettier.js";

/** What the tree holds is not something the compiler-free build takes: the compiler builds it. */
export class NotStrippable extends Error {}

/** The index of the last comment that ends at or before `offset`, or -1. */
export function lastCommentBefore(comments: readonly BabelNode[], offset: number): number {
  let low = 0;
  let high = comments.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (comments[middle]!.end <= offset) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}

export function nodes(value: unknown): BabelNode[] {
  return Array.isArray(value) ? value.filter(isNode) : [];
}

export function isNode(value: unknown): value is BabelNode {
  return (
    typeof value === "object" && value !== null && typeof (value as BabelNode).type === "string"
  );
}
