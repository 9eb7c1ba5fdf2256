// Compares two models (two versions of one protocol) and says, for every change, whom it breaks.
//
// A change inside a definition is listed under every method whose params or result reach that
// definition (following references, in both versions), once per position: in params, callers
// produce the value and implementers consume it; in a result, the other way round. Narrowing
// what a value may be breaks its producer, widening it breaks its consumer. Definitions that no
// method reaches are listed under "types", for code that uses the generated types directly.
import type { Declaration, ErrorCode, Method, Model, Protocol, TypeNode } from "../core/ir.js";
import { TypeComparer, type TypeChange } from "./compare-types.js";
import { callFeatureChanges } from "./call-features.js";
import { methodDocsChanges } from "./method-docs.js";
import { code } from "./print.js";
import type {
  Bump,
  Change,
  DiffReport,
  Effect,
  MethodSummary,
  Party,
  Position,
  Summary,
} from "./report.js";

const BOTH: readonly Party[] = ["callers", "implementers"];

/** Whom a change with this effect breaks, at this position. */
export function partiesBroken(effect: Effect, position: Position): Party[] {
  if (effect === "docs" || effect === "compatible") return [];
  switch (position) {
    case "params":
      return effect === "narrows"
        ? ["callers"]
        : effect === "widens"
          ? ["implementers"]
          : [...BOTH];
    case "result":
      return effect === "narrows"
        ? ["implementers"]
        : effect === "widens"
          ? ["callers"]
          : [...BOTH];
    case "type":
      return effect === "widens" ? [] : ["users"];
    default:
      return effect === "incompatible" ? [...BOTH] : [];
  }
}

export interface DiffOptions {
  /**
   * How far a breaking change moves a `0.x` version: `minor` (semver's convention while the
   * major version is zero, the default) or `major` (to `1.0.0`).
   */
  readonly breakingOnZero?: "minor" | "major";
}

const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function diffModels(before: Model, after: Model, options: DiffOptions = {}): DiffReport {
  const comparer = new TypeComparer(before.declarations, after.declarations);
  const changes: Change[] = [];
  const add = (change: Omit<Change, "severity">): void => {
    const severity =
      change.breaks.length > 0 ? "breaking" : change.effect === "docs" ? "docs" : "compatible";
    changes.push({ ...change, severity });
  };

  // Definitions: changes inside those both versions have; added, removed and renamed ones.
  const beforeNames = new Set(before.declarations.map((declaration) => declaration.name));
  const afterNames = new Set(after.declarations.map((declaration) => declaration.name));
  const local = new Map<string, TypeChange[]>();
  for (const declaration of after.declarations) {
    if (!beforeNames.has(declaration.name)) continue;
    const found = comparer.declaration(declaration.name);
    if (found.length > 0) local.set(declaration.name, found);
  }
  const removedDefinitions = before.declarations.filter(
    (declaration) => !afterNames.has(declaration.name),
  );
  const addedDefinitions = new Set(
    after.declarations.filter((declaration) => !beforeNames.has(declaration.name)),
  );
  const renamedDefinitions: [Declaration, Declaration][] = [];
  for (const old of removedDefinitions) {
    const match = [...addedDefinitions].find((now) =>
      comparer.equivalent({ kind: "ref", name: old.name }, { kind: "ref", name: now.name }),
    );
    if (match) {
      addedDefinitions.delete(match);
      renamedDefinitions.push([old, match]);
    }
  }

  // Methods.
  const reachBefore = reachability(before.declarations);
  const reachAfter = reachability(after.declarations);
  const placed = new Set<string>();
  /** Definition -> the methods reaching it, for its documentation changes. */
  const documentedUsers = new Map<string, Set<string>>();
  const methods: Record<string, MethodSummary> = {};
  const summary = (method: Method): MethodSummary => ({
    name: method.name,
    kind: method.kind,
    from: method.from,
    to: method.to,
  });
  const oldMethods = new Map(
    (before.protocol?.methods ?? []).map((method) => [method.name, method]),
  );
  const newMethods = new Map(
    (after.protocol?.methods ?? []).map((method) => [method.name, method]),
  );
  const removedMethods = [...oldMethods.values()].filter((method) => !newMethods.has(method.name));
  const addedMethods = new Set(
    [...newMethods.values()].filter((method) => !oldMethods.has(method.name)),
  );
  const counterpart = new Map<string, Method>();
  for (const [name, method] of newMethods)
    if (oldMethods.has(name)) counterpart.set(name, oldMethods.get(name)!);
  const sameType = (x: TypeNode | undefined, y: TypeNode | undefined): boolean =>
    x === undefined || y === undefined ? x === y : comparer.equivalent(x, y);
  for (const old of [...removedMethods]) {
    const match = [...addedMethods].find(
      (now) =>
        now.kind === old.kind &&
        now.from === old.from &&
        now.to === old.to &&
        sameType(old.params, now.params) &&
        sameType(old.result, now.result),
    );
    if (match) {
      addedMethods.delete(match);
      removedMethods.splice(removedMethods.indexOf(old), 1);
      counterpart.set(match.name, old);
    }
  }

  for (const method of after.protocol?.methods ?? []) {
    methods[method.name] = summary(method);
    const at = { group: "method" as const, method: method.name };
    if (addedMethods.has(method)) {
      add({
        ...at,
        position: "method",
        kind: "method-added",
        effect: "widens",
        breaks: ["implementers"],
        message: `${method.kind} added (${method.from} → ${method.to}); every ${method.to} must handle it`,
      });
      continue;
    }
    const old = counterpart.get(method.name)!;
    if (old.name !== method.name) {
      add({
        ...at,
        position: "method",
        kind: "method-renamed",
        effect: "incompatible",
        breaks: [...BOTH],
        message: `renamed on the wire: ${code(old.name)} → ${code(method.name)}`,
      });
    }
    if (old.kind !== method.kind) {
      add({
        ...at,
        position: "method",
        kind: "method-kind-changed",
        effect: "incompatible",
        breaks: [...BOTH],
        message: `${old.kind} → ${method.kind}`,
      });
    }
    if (old.from !== method.from || old.to !== method.to) {
      add({
        ...at,
        position: "method",
        kind: "method-direction-changed",
        effect: "incompatible",
        breaks: [...BOTH],
        message: `direction changed: ${old.from} → ${old.to} is now ${method.from} → ${method.to}`,
      });
    }
    for (const position of ["params", "result"] as const) {
      const x = old[position];
      const y = method[position];
      if (!x || !y) continue;
      if (x.name !== y.name) {
        const [summed] = comparer.definitions(x.name, y.name, y.name);
        const effect = summed?.effect ?? "compatible";
        add({
          ...at,
          position,
          kind: position === "params" ? "params-type-changed" : "result-type-changed",
          definition: y.name,
          effect,
          breaks: partiesBroken(effect, position),
          message: `${position} type ${code(x.name)} → ${code(y.name)} (${summed?.details ? describeEffect(effect) : "same shape"})`,
          ...(summed?.details && { details: summed.details }),
        });
      }
      // Changes inside every definition this position reaches in both versions.
      const reached = [...reachBefore(x.name)].filter((name) => reachAfter(y.name).has(name));
      for (const name of orderReached(reached, y.name)) {
        for (const change of local.get(name) ?? []) {
          placed.add(name);
          if (change.kind === "docs") {
            // Documentation is listed once, under the type, with the methods that use it.
            const users = documentedUsers.get(name) ?? new Set<string>();
            users.add(method.name);
            documentedUsers.set(name, users);
            continue;
          }
          add({
            ...at,
            position,
            kind: change.kind,
            definition: name,
            path: change.path,
            message: change.message,
            effect: change.effect,
            breaks: partiesBroken(change.effect, position),
            ...(change.details && { details: change.details }),
          });
        }
      }
    }
    const oldErrors = new Set(old.errors.map((error) => error.name));
    const newErrors = new Set(method.errors.map((error) => error.name));
    for (const error of method.errors) {
      if (!oldErrors.has(error.name)) {
        add({
          ...at,
          position: "method",
          kind: "method-error-added",
          effect: "compatible",
          breaks: [],
          message: `may now answer with error ${code(error.name)} (${error.code})`,
        });
      }
    }
    for (const error of old.errors) {
      if (!newErrors.has(error.name)) {
        add({
          ...at,
          position: "method",
          kind: "method-error-removed",
          effect: "compatible",
          breaks: [],
          message: `no longer lists error ${code(error.name)} (${error.code})`,
        });
      }
    }
    for (const change of callFeatureChanges(old, method))
      add({ ...at, position: "method", ...change });
    for (const change of methodDocsChanges(old, method))
      add({ ...at, position: "method", ...change, breaks: [] });
  }
  for (const method of removedMethods) {
    methods[method.name] = summary(method);
    add({
      group: "method",
      method: method.name,
      position: "method",
      kind: "method-removed",
      effect: "incompatible",
      breaks: [...BOTH],
      message: `${method.kind} removed (was ${method.from} → ${method.to})`,
    });
  }

  // Types no method reaches, and definitions added, removed or renamed.
  const types = { group: "types" as const, position: "type" as const };
  for (const [name, found] of local) {
    const users = documentedUsers.get(name);
    for (const change of found) {
      if (placed.has(name) && !(change.kind === "docs" && users)) continue;
      add({
        ...(change.kind === "docs" && users && { methods: [...users].sort(compareText) }),
        ...types,
        kind: change.kind,
        definition: name,
        path: change.path,
        message: change.message,
        effect: change.effect,
        breaks: partiesBroken(change.effect, "type"),
        ...(change.details && { details: change.details }),
      });
    }
  }
  for (const declaration of addedDefinitions) {
    add({
      ...types,
      kind: "definition-added",
      definition: declaration.name,
      effect: "compatible",
      breaks: [],
      message: `definition ${code(declaration.name)} added`,
    });
  }
  for (const declaration of removedDefinitions) {
    const renamed = renamedDefinitions.find(([old]) => old === declaration);
    if (renamed) {
      add({
        ...types,
        kind: "definition-renamed",
        definition: renamed[1].name,
        effect: "incompatible",
        breaks: ["users"],
        message: `definition ${code(declaration.name)} renamed to ${code(renamed[1].name)} (same shape)`,
      });
    } else {
      add({
        ...types,
        kind: "definition-removed",
        definition: declaration.name,
        effect: "incompatible",
        breaks: ["users"],
        message: `definition ${code(declaration.name)} removed`,
      });
    }
  }

  diffProtocol(before, after, add);

  const ordered = orderChanges(changes);
  const counts = summarize(ordered);
  const bump = bumpFor(counts, ordered.length, before.package.version, options);
  const version = {
    before: before.package.version,
    after: after.package.version,
    next: nextVersion(before.package.version, bump),
  };
  return { changes: ordered, summary: counts, methods, bump, version };
}

function diffProtocol(
  before: Model,
  after: Model,
  add: (change: Omit<Change, "severity">) => void,
): void {
  const at = { group: "protocol" as const, position: "protocol" as const };
  const docs = (message: string): void =>
    add({ ...at, kind: "docs", effect: "docs", breaks: [], message });
  const x: Protocol | undefined = before.protocol;
  const y: Protocol | undefined = after.protocol;

  if (before.package.name !== after.package.name) {
    add({
      ...at,
      kind: "protocol-changed",
      effect: "incompatible",
      breaks: [...BOTH],
      message: `package renamed: ${code(before.package.name)} → ${code(after.package.name)}`,
    });
  }
  if (before.package.description !== after.package.description) docs("package description changed");
  if (!x || !y) return;
  if (x.name !== y.name || x.title !== y.title || x.description !== y.description)
    docs("protocol name, title or description changed");

  const oldErrors = new Map(x.errors.map((error) => [error.name, error]));
  const newErrors = new Map(y.errors.map((error) => [error.name, error]));
  const errorText = (error: ErrorCode): string => `${code(error.name)} (${error.code})`;
  for (const error of y.errors) {
    const old = oldErrors.get(error.name);
    if (!old) {
      add({
        ...at,
        kind: "error-code-added",
        effect: "compatible",
        breaks: [],
        message: `error code ${errorText(error)} added`,
      });
    } else if (old.code !== error.code) {
      add({
        ...at,
        kind: "error-code-changed",
        effect: "incompatible",
        breaks: [...BOTH],
        message: `error code ${code(error.name)} changed: ${old.code} → ${error.code}`,
      });
    } else if (old.message !== error.message || old.description !== error.description) {
      docs(`error ${errorText(error)}: message or description changed`);
    }
  }
  for (const error of x.errors) {
    if (!newErrors.has(error.name)) {
      add({
        ...at,
        kind: "error-code-removed",
        effect: "incompatible",
        breaks: [...BOTH],
        message: `error code ${errorText(error)} removed (its \`ErrorCodes\` constant is gone)`,
      });
    }
  }

  const newRoles = new Map(y.roles.map((role) => [role.id, role]));
  for (const role of x.roles) {
    const now = newRoles.get(role.id);
    if (!now) continue; // its methods are reported as removed or redirected
    if (role.typeName !== now.typeName) {
      add({
        ...at,
        kind: "protocol-changed",
        effect: "incompatible",
        breaks: [...BOTH],
        message: `role ${code(role.id)} is now generated as ${code(now.typeName)} (was ${code(role.typeName)})`,
      });
    }
    const lifecycle = lifecycleChange(role.lifecycle, now.lifecycle);
    if (lifecycle) {
      add({
        ...at,
        kind: "lifecycle-changed",
        effect: lifecycle.breaking ? "incompatible" : "compatible",
        breaks: lifecycle.breaking ? ["callers"] : [],
        message: `lifecycle of ${code(role.id)}: ${lifecycle.what.join("; ")}`,
      });
    }
    if (role.description !== now.description) docs(`role ${code(role.id)}: description changed`);
  }
  if (JSON.stringify(x.progress ?? null) !== JSON.stringify(y.progress ?? null)) {
    const text = (p: Protocol["progress"]): string =>
      p ? `${code(p.method)} (token at ${code(p.token.pointer)})` : "none";
    add({
      ...at,
      kind: "protocol-changed",
      effect: "incompatible",
      breaks: [...BOTH],
      message: `progress notification changed: ${text(x.progress)} → ${text(y.progress)}`,
    });
  }
  if (JSON.stringify(x.cancellation ?? null) !== JSON.stringify(y.cancellation ?? null)) {
    const text = (c: Protocol["cancellation"]): string =>
      c ? `${code(c.method)} (id in ${code(c.idProperty)})` : "none";
    add({
      ...at,
      kind: "protocol-changed",
      effect: "incompatible",
      breaks: [...BOTH],
      message: `cancellation notification changed: ${text(x.cancellation)} → ${text(y.cancellation)}`,
    });
  }
}

type Lifecycle = Protocol["roles"][number]["lifecycle"];

/**
 * What changed in a role's lifecycle, part by part; breaking unless only the name of the
 * not-ready error changed (its code, which is what callers see, staying the same).
 */
function lifecycleChange(
  x: Lifecycle,
  y: Lifecycle,
): { what: string[]; breaking: boolean } | undefined {
  if (!x && !y) return undefined;
  if (!x || !y) {
    const added = y !== undefined;
    const shown = (y ?? x)!;
    return {
      what: [
        `${added ? "added" : "removed"} (ready after ${code(shown.readyAfter)}, refusing with ${errorName(shown.notReadyError)})`,
      ],
      breaking: true,
    };
  }
  const what: string[] = [];
  let breaking = false;
  if (x.readyAfter !== y.readyAfter) {
    what.push(`ready after ${code(x.readyAfter)} → ${code(y.readyAfter)}`);
    breaking = true;
  }
  const before = new Set(x.allowedBefore);
  const after = new Set(y.allowedBefore);
  const gained = y.allowedBefore.filter((name) => !before.has(name));
  const lost = x.allowedBefore.filter((name) => !after.has(name));
  if (gained.length > 0) {
    what.push(`now allowed before: ${gained.map((name) => code(name)).join(", ")}`);
    breaking = true;
  }
  if (lost.length > 0) {
    what.push(`no longer allowed before: ${lost.map((name) => code(name)).join(", ")}`);
    breaking = true;
  }
  const e = x.notReadyError;
  const f = y.notReadyError;
  if (e.code !== f.code) {
    what.push(`not-ready error ${errorName(e)} → ${errorName(f)}`);
    breaking = true;
  } else if (e.name !== f.name) {
    what.push(`not-ready error renamed ${code(e.name)} → ${code(f.name)} (same code, ${f.code})`);
  }
  return what.length > 0 ? { what, breaking } : undefined;
}

function errorName(error: ErrorCode): string {
  return `${code(error.name)} (${error.code})`;
}

function describeEffect(effect: Effect): string {
  return {
    narrows: "narrowed",
    widens: "widened",
    incompatible: "changed",
    compatible: "compatible",
    docs: "same shape",
  }[effect];
}

/** For each definition, the definitions it reaches through references (itself included). */
function reachability(
  declarations: readonly Declaration[],
): (start: string) => ReadonlySet<string> {
  const direct = new Map<string, Set<string>>();
  for (const declaration of declarations) {
    const refs = new Set<string>();
    collectRefs(declaration.type, refs);
    direct.set(declaration.name, refs);
  }
  const cache = new Map<string, Set<string>>();
  return (start) => {
    let found = cache.get(start);
    if (found) return found;
    found = new Set([start]);
    const queue = [start];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      for (const name of direct.get(next) ?? []) {
        if (!found.has(name)) {
          found.add(name);
          queue.push(name);
        }
      }
    }
    cache.set(start, found);
    return found;
  };
}

function collectRefs(type: TypeNode, into: Set<string>): void {
  switch (type.kind) {
    case "ref":
      into.add(type.name);
      return;
    case "array":
      type.prefixItems.forEach((item) => collectRefs(item, into));
      collectRefs(type.items, into);
      return;
    case "object":
      type.properties.forEach((property) => collectRefs(property.type, into));
      if (type.additional.kind === "typed") collectRefs(type.additional.type, into);
      return;
    case "union":
    case "intersection":
      type.members.forEach((member) => collectRefs(member, into));
      return;
    default:
      return;
  }
}

/** The params or result definition first, then what it reaches, by name. */
function orderReached(names: readonly string[], start: string): string[] {
  return [...names].sort((a, b) =>
    a === start ? -1 : b === start ? 1 : a < b ? -1 : a > b ? 1 : 0,
  );
}

const SEVERITY_ORDER = { breaking: 0, compatible: 1, docs: 2 } as const;

/** Groups (each method, then types, then protocol), groups with a breaking change first; breaking first inside a group. */
function orderChanges(changes: readonly Change[]): Change[] {
  const groupKey = (change: Change): string =>
    change.group === "method" ? `0${change.method}` : change.group === "types" ? "1" : "2";
  const breakingGroups = new Set(
    changes.filter((change) => change.severity === "breaking").map(groupKey),
  );
  const indexed = changes.map((change, index) => ({ change, index }));
  indexed.sort((a, b) => {
    const ga = groupKey(a.change);
    const gb = groupKey(b.change);
    const ta = breakingGroups.has(ga) ? 0 : 1;
    const tb = breakingGroups.has(gb) ? 0 : 1;
    if (ta !== tb) return ta - tb;
    if (ga !== gb) return ga < gb ? -1 : 1;
    const sa = SEVERITY_ORDER[a.change.severity];
    const sb = SEVERITY_ORDER[b.change.severity];
    return sa !== sb ? sa - sb : a.index - b.index;
  });
  return indexed.map((entry) => entry.change);
}

function summarize(changes: readonly Change[]): Summary {
  const count = (test: (change: Change) => boolean): number => changes.filter(test).length;
  return {
    breaking: count((change) => change.severity === "breaking"),
    callers: count((change) => change.breaks.includes("callers")),
    implementers: count((change) => change.breaks.includes("implementers")),
    users: count((change) => change.breaks.includes("users")),
    compatible: count((change) => change.severity === "compatible"),
    docs: count((change) => change.severity === "docs"),
  };
}

/**
 * How far the version moves: major on a breaking change, minor on any other change but
 * documentation, patch for documentation only, none for no change. While the major version is
 * zero, semver's convention applies (unless `breakingOnZero` says `major`): minor on a breaking
 * change, patch on anything else.
 */
function bumpFor(counts: Summary, changes: number, current: string, options: DiffOptions): Bump {
  if (changes === 0) return "none";
  const zero = /^0\./.test(current) && options.breakingOnZero !== "major";
  if (counts.breaking > 0) return zero ? "minor" : "major";
  if (counts.compatible > 0) return zero ? "patch" : "minor";
  return "patch";
}

/**
 * The next version after `current` for a bump, as npm counts: a prerelease of the version the
 * bump leads to becomes that version (`2.0.0-beta.1` + major = `2.0.0`).
 */
export function nextVersion(current: string, bump: Bump): string {
  const match =
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/.exec(
      current,
    );
  if (!match) throw new Error(`"${current}" is not a semantic version`);
  const [major, minor, patch] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const prerelease = current.replace(/\+.*$/, "").includes("-");
  switch (bump) {
    case "major":
      return prerelease && minor === 0 && patch === 0 ? `${major}.0.0` : `${major + 1}.0.0`;
    case "minor":
      return prerelease && patch === 0 ? `${major}.${minor}.0` : `${major}.${minor + 1}.0`;
    case "patch":
      return prerelease ? `${major}.${minor}.${patch}` : `${major}.${minor}.${patch + 1}`;
    case "none":
      return current;
  }
}

/** Semantic version order (prerelease below its release; prerelease identifiers compared as text). */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string): [number[], string] => {
    const [core = "", pre = ""] = version.replace(/\+.*$/, "").split(/-(.*)/s);
    return [core.split(".").map(Number), pre];
  };
  const [x, xp] = parse(a);
  const [y, yp] = parse(b);
  for (let i = 0; i < 3; i++) if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  if (xp === yp) return 0;
  if (xp === "") return 1;
  if (yp === "") return -1;
  return xp < yp ? -1 : 1;
}
