// The shape of an API change report: what changed between two versions of a protocol, where, and
// whom it breaks. Every stage of `diff` speaks these types; the renderers print them.

/** Who a change can break. */
export type Party =
  /** Sends the params and reads the result of a method. */
  | "callers"
  /** Receives the params and produces the result of a method (the handler). */
  | "implementers"
  /** Code that uses a generated type directly (types no method reaches, removed or renamed types). */
  | "users";

/** Where a change sits relative to the values that flow through a method. */
export type Position =
  /** Inside the params of a method: callers produce the value, implementers consume it. */
  | "params"
  /** Inside the result of a method: implementers produce it, callers consume it. */
  | "result"
  /** The method itself (its name, direction, kind, errors, docs). */
  | "method"
  /** A type that no method reaches. */
  | "type"
  /** The catalog's protocol-wide parts: error codes, roles, package. */
  | "protocol";

/**
 * What a change does to the set of values a type allows, which decides whom it breaks:
 * - `narrows`: some values that were valid are not any more: breaks whoever produces the value;
 * - `widens`: new values become valid: breaks whoever consumes the value (it may not handle them);
 * - `incompatible`: both at once, or a change that cannot be ordered: breaks both sides;
 * - `compatible`: breaks nobody (an optional field, a new definition, an identical type);
 * - `docs`: documentation only, never breaking.
 * Method and protocol changes set their broken parties directly and use `incompatible`
 * or `compatible` for the record.
 */
export type Effect = "narrows" | "widens" | "incompatible" | "compatible" | "docs";

export type ChangeKind =
  // methods (catalog)
  | "method-added"
  | "method-removed"
  | "method-renamed"
  | "method-direction-changed"
  | "method-kind-changed"
  | "params-type-changed"
  | "result-type-changed"
  | "method-error-added"
  | "method-error-removed"
  | "method-deprecated"
  | "method-progress-changed"
  | "method-result-choice-changed"
  // types
  | "field-added-optional"
  | "field-added-required"
  | "field-removed"
  | "field-renamed"
  | "field-now-required"
  | "field-now-optional"
  | "nullable-added"
  | "nullable-removed"
  | "type-widened"
  | "type-narrowed"
  | "type-changed"
  | "union-member-added"
  | "union-member-removed"
  | "enum-value-added"
  | "enum-value-removed"
  | "const-changed"
  | "additional-properties-opened"
  | "additional-properties-closed"
  | "reference-changed"
  | "definition-added"
  | "definition-removed"
  | "definition-renamed"
  // protocol (catalog)
  | "error-code-added"
  | "error-code-removed"
  | "error-code-changed"
  | "lifecycle-changed"
  | "protocol-changed"
  // any level
  | "docs";

export type Severity = "breaking" | "compatible" | "docs";

export interface Change {
  /** `method`: listed under the method named by `method`; `types` and `protocol`: protocol-wide. */
  readonly group: "method" | "types" | "protocol";
  /** Wire name of the method, for `group: "method"`. */
  readonly method?: string;
  readonly position: Position;
  readonly kind: ChangeKind;
  /** The definition the change is in, when it is in one. */
  readonly definition?: string;
  /** Where in the definition: `Definition.field.nested`, `Definition.list[]`, `Definition.map.*`. */
  readonly path?: string;
  /** One line saying what changed, in Markdown (code in backticks). */
  readonly message: string;
  /** For a documentation change in a definition methods use: those methods, by wire name. */
  readonly methods?: readonly string[];
  /** The differences behind a change that sums up others (a definition replaced by another). */
  readonly details?: readonly string[];
  readonly effect: Effect;
  /** Parties this change breaks (empty when it breaks nobody). */
  readonly breaks: readonly Party[];
  readonly severity: Severity;
}

export interface MethodSummary {
  readonly name: string;
  readonly kind: "request" | "notification";
  readonly from: string;
  readonly to: string;
}

/** How far the package version moves; `none` when nothing at all changed. */
export type Bump = "major" | "minor" | "patch" | "none";

export interface Summary {
  /** Changes that break at least one party. */
  readonly breaking: number;
  readonly callers: number;
  readonly implementers: number;
  readonly users: number;
  readonly compatible: number;
  readonly docs: number;
}

export interface DiffReport {
  /** Grouped (methods, then types, then protocol; groups with breaking changes first), breaking first in each group. */
  readonly changes: readonly Change[];
  readonly summary: Summary;
  /** Methods as they are after the change (or before, for removed ones), by wire name. */
  readonly methods: Readonly<Record<string, MethodSummary>>;
  /** major on any breaking change, minor when anything else but docs changed, patch for docs only, none for no change. */
  readonly bump: Bump;
  /**
   * `before`: the old catalog's package version; `next`: where the bump leads from it; `after`: what
   * the new catalog says (the same as `before` until someone bumps it).
   */
  readonly version: { readonly before: string; readonly after: string; readonly next: string };
}
