// What changed in a method's catalog documentation: its deprecation and the version it appeared
// in get rows of their own, saying what they were and are (a reader of the report looks for
// them), and the rest is compared as any documentation. Marking a method deprecated is a change
// of its own kind, compatible rather than documentation, since semantic versioning asks for a
// minor release when part of an API is deprecated; everything else here is documentation.
import type { Docs, Method } from "../core/ir.js";
import { docsChange, textChange, type TypeChange } from "./compare-types.js";
import { code } from "./print.js";
import type { ChangeKind, Effect } from "./report.js";

export interface MethodDocsChange {
  readonly kind: ChangeKind;
  readonly effect: Effect;
  readonly message: string;
}

export function methodDocsChanges(before: Method, after: Method): MethodDocsChange[] {
  const changes: MethodDocsChange[] = [];
  const was = deprecation(before.docs);
  const now = deprecation(after.docs);
  if (was === undefined && now !== undefined) {
    changes.push({
      kind: "method-deprecated",
      effect: "compatible",
      message: now === "" ? "deprecated" : `deprecated: ${code(JSON.stringify(bounded(now)))}`,
    });
  } else if (was !== undefined && now === undefined) {
    changes.push({
      kind: "docs",
      effect: "docs",
      message: "no longer deprecated",
    });
  } else if (was !== undefined && now !== undefined && was !== now) {
    changes.push({
      kind: "docs",
      effect: "docs",
      message: `deprecation reason changed: ${textChange(was || undefined, now || undefined)}`,
    });
  }
  const sinceBefore = tag(before.docs, "since");
  const sinceAfter = tag(after.docs, "since");
  if (sinceBefore !== sinceAfter) {
    changes.push({
      kind: "docs",
      effect: "docs",
      message: `since ${textChange(sinceBefore, sinceAfter)}`,
    });
  }
  // The rest of the documentation (the description), compared without what was reported above.
  const rest: TypeChange[] = [];
  docsChange(withoutVersioning(before.docs), withoutVersioning(after.docs), after.name, rest);
  for (const change of rest)
    changes.push({ kind: "docs", effect: "docs", message: change.message });
  return changes;
}

/** The deprecation reason (`""` when none is given), or `undefined` when not deprecated. */
function deprecation(docs: Docs): string | undefined {
  if (docs.deprecated !== true) return undefined;
  return tag(docs, "deprecated") ?? "";
}

function tag(docs: Docs, name: string): string | undefined {
  const found = docs.tags?.find((candidate) => candidate.name === name);
  return found === undefined ? undefined : String(found.value);
}

/** A reason as the report shows it: on one line, and at most 120 characters. */
function bounded(text: string): string {
  const line = text.replace(/\s+/g, " ").trim();
  return line.length <= 120 ? line : line.slice(0, 120) + "…";
}

function withoutVersioning(docs: Docs): Docs {
  const { deprecated: _deprecated, tags, ...rest } = docs;
  const kept = (tags ?? []).filter((tag) => tag.name !== "deprecated" && tag.name !== "since");
  return { ...rest, ...(kept.length > 0 && { tags: kept }) };
}
