// Finds the unions that say who sends what. The rule, for any protocol: a definition named
// `<Role>Request`, `<Role>Notification` or `<Role>Result` whose value is an `anyOf` or `oneOf`
// of local `$ref`s is a direction union; `<Role>` (as a lower-case, dash-separated id) sends the
// requests and notifications it lists, and answers with the results it lists. A role counts only
// when one of its request or notification unions lists a method definition, so a union of
// content types named `<X>Result` does not make a role of `<X>`. The command line may name the
// unions instead (`--union Def=role:requests`), which turns the rule off.
import { machineName } from "./catalog-frame.js";
import type { DraftProblems } from "./draft-error.js";
import { definitionPointer, referencedDefinition, type SchemaDocument } from "./schema-document.js";

export type UnionKind = "requests" | "notifications" | "results";

export interface DirectionUnion {
  readonly definition: string;
  readonly role: string;
  readonly kind: UnionKind;
  /** Definition names of its members, in order. */
  readonly members: readonly string[];
}

/** A union named on the command line. */
export interface UnionOverride {
  readonly definition: string;
  readonly role: string;
  readonly kind: UnionKind;
}

const SUFFIXES: ReadonlyArray<[string, UnionKind]> = [
  ["Request", "requests"],
  ["Notification", "notifications"],
  ["Result", "results"],
];

export function findDirectionUnions(
  document: SchemaDocument,
  isMethod: (definition: string) => boolean,
  overrides: readonly UnionOverride[] | undefined,
  problems: DraftProblems,
): DirectionUnion[] {
  if (overrides !== undefined && overrides.length > 0) {
    return overrides.flatMap((override) => {
      const members = unionMembers(document, override.definition);
      if (members === undefined) {
        problems.add(
          definitionPointer(document, override.definition),
          document.definitions.has(override.definition)
            ? `--union ${override.definition}: not an anyOf or oneOf of local $refs`
            : `--union ${override.definition}: no such definition`,
        );
        return [];
      }
      return [{ ...override, members }];
    });
  }
  const candidates: DirectionUnion[] = [];
  for (const name of document.definitions.keys()) {
    for (const [suffix, kind] of SUFFIXES) {
      if (!name.endsWith(suffix) || name.length === suffix.length) continue;
      const role = machineName(name.slice(0, -suffix.length));
      const members = unionMembers(document, name);
      if (role !== undefined && members !== undefined)
        candidates.push({ definition: name, role, kind, members });
    }
  }
  const roles = new Set(
    candidates
      .filter((union) => union.kind !== "results" && union.members.some(isMethod))
      .map((union) => union.role),
  );
  return candidates.filter((union) => roles.has(union.role));
}

/** The definitions an `anyOf`/`oneOf` of local `$ref`s lists, or undefined if it is not one. */
function unionMembers(document: SchemaDocument, name: string): string[] | undefined {
  const schema = document.definitions.get(name);
  const list = schema?.["anyOf"] ?? schema?.["oneOf"];
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const members = list.map((member) => referencedDefinition(document, member));
  if (members.some((member) => member === undefined)) return undefined;
  return members as string[];
}
