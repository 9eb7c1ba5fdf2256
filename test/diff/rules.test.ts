// One fixture pair per rule of the change table (README, "Reviewing schema changes"): each
// `test/fixtures/diff/<rule>/` holds a small protocol before and after one edit, and the report
// must list exactly the expected changes, each breaking exactly the expected parties.
//
// The protocol: `items/get` takes `{ item: Item }` and answers `{ item: Item }`; `items/list`
// answers `{ items: Item[] }`; `Loose` has Item's fields but no method uses it. Edits to fields
// are made to both Item and Loose, so each shows up four times: in the params of items/get, in
// the results of items/get and items/list (reached through the array), and under "types".
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { textChange } from "../../generator/diff/compare-types.js";
import {
  diffModels,
  diffVersions,
  loadVersion,
  nextVersion,
  type Change,
  type DiffReport,
} from "../../generator/diff/index.js";
import { fixturesDir } from "./helpers.js";

/** `callers`, `implementers`, `callers+implementers`, `users`; or `compatible` / `docs` when nothing breaks. */
type Verdict = string;

/** A field-level rule: the same change in params, in results and in a type no method uses. */
function fieldRule(kind: string, params: Verdict, result: Verdict, type: Verdict): string[] {
  return [
    `items/get params ${kind}: ${params}`,
    `items/get result ${kind}: ${result}`,
    `items/list result ${kind}: ${result}`,
    `types ${kind}: ${type}`,
  ];
}

const BOTH = "callers+implementers";
// Narrowing breaks producers (callers of params, implementers of results, users of a type);
// widening breaks consumers (implementers of params, callers of results).
const narrows = (kind: string): string[] => fieldRule(kind, "callers", "implementers", "users");
const widens = (kind: string): string[] => fieldRule(kind, "implementers", "callers", "compatible");
const incompatible = (kind: string): string[] => fieldRule(kind, BOTH, BOTH, "users");

const EXPECTED: Record<string, string[]> = {
  "field-added-optional": fieldRule(
    "field-added-optional",
    "compatible",
    "compatible",
    "compatible",
  ),
  "field-added-required": narrows("field-added-required"),
  "field-removed": incompatible("field-removed"),
  "field-renamed": incompatible("field-renamed"),
  "field-now-required": narrows("field-now-required"),
  "field-now-optional": widens("field-now-optional"),
  "nullable-added": widens("nullable-added"),
  "nullable-removed": narrows("nullable-removed"),
  "type-widened": widens("type-widened"),
  "type-narrowed": narrows("type-narrowed"),
  "constraint-tightened": narrows("type-narrowed"),
  "type-changed": incompatible("type-changed"),
  "union-member-added": widens("union-member-added"),
  "union-member-removed": narrows("union-member-removed"),
  "enum-value-added": widens("enum-value-added"),
  "enum-value-removed": narrows("enum-value-removed"),
  "const-changed": incompatible("const-changed"),
  "additional-properties-opened": fieldRule(
    "additional-properties-opened",
    "compatible",
    "compatible",
    "compatible",
  ),
  "additional-properties-closed": narrows("additional-properties-closed"),
  // A documentation change is listed once, under the type, with the methods that use it.
  docs: ["types docs: docs", "types docs: docs"],
  // Edits that change neither the generated type nor the values the validators accept: the
  // index signature of a bare object is there with or without `additionalProperties: true`, and
  // `additionalProperties: {}` allows what `true` allows.
  "extra-properties-true-to-empty": [],
  "extra-properties-true-to-absent": [],
  "extra-properties-absent-to-true": [],
  // `string` before and after in TypeScript; the old `oneOf` refused every string (validators do
  // not check `format`, so each string matched both members): validation widened.
  "oneof-indistinguishable-members": widens("type-widened"),
  // Item.code and Loose.code now refer to CodeV2 (`"x" | "y"`) instead of Code (`string`).
  "reference-changed": [...narrows("reference-changed"), "types definition-added: compatible"],
  // Owner, reached from Item only (not from Loose): listed under the methods, not under types.
  "nested-definition": [
    "items/get params field-added-required: callers",
    "items/get result field-added-required: implementers",
    "items/list result field-added-required: implementers",
  ],
  "definition-added": ["types definition-added: compatible"],
  "definition-removed": ["types definition-removed: users"],
  "definition-renamed": ["types definition-renamed: users"],
  // Every generated XHandlers interface requires a handler for each method it receives.
  "method-added": [
    "items/delete method method-added: implementers",
    "types definition-added: compatible",
    "types definition-added: compatible",
  ],
  "method-removed": [`items/list method method-removed: ${BOTH}`],
  "method-renamed": [`items/all method method-renamed: ${BOTH}`],
  "method-direction-changed": [`items/list method method-direction-changed: ${BOTH}`],
  "method-kind-changed": [`items/list method method-kind-changed: ${BOTH}`],
  // params ListParams -> ListQuery (adds a required field: narrower); result ListResult ->
  // ListPage (adds an optional field: compatible).
  "definition-replaced": [
    "items/list params params-type-changed: callers",
    "items/list result result-type-changed: compatible",
    "types definition-added: compatible",
    "types definition-added: compatible",
  ],
  "method-error-added": ["items/get method method-error-added: compatible"],
  "method-error-removed": ["items/get method method-error-removed: compatible"],
  "method-docs": ["items/get method docs: docs"],
  // Semantic versioning asks for a minor release when part of an API is deprecated.
  "method-deprecated": ["items/list method method-deprecated: compatible"],
  // `since` moved, and a deprecation gained its reason: documentation only.
  // A request that now reports progress: callers may follow it, nobody has to.
  "method-progress-changed": ["items/get method method-progress-changed: compatible"],
  // Implementers must now answer the result the params choose.
  "method-result-choice-changed": ["items/get method method-result-choice-changed: implementers"],
  "method-since-changed": ["items/get method docs: docs", "items/list method docs: docs"],
  "error-code-added": ["protocol error-code-added: compatible"],
  "error-code-removed": [`protocol error-code-removed: ${BOTH}`],
  "error-code-changed": [`protocol error-code-changed: ${BOTH}`],
  "lifecycle-changed": ["protocol lifecycle-changed: callers"],
  // Only the error a role answers with before it is ready: callers see another code.
  "lifecycle-error-changed": ["protocol lifecycle-changed: callers"],
  "protocol-changed": [`protocol protocol-changed: ${BOTH}`],
};

function line(change: Change): string {
  const where = change.group === "method" ? `${change.method} ${change.position}` : change.group;
  const verdict = change.breaks.length > 0 ? change.breaks.join("+") : change.severity;
  return `${where} ${change.kind}: ${verdict}`;
}

async function diffFixture(rule: string): Promise<DiffReport> {
  const dir = path.join(fixturesDir, rule);
  return diffVersions(
    { schemaPath: "old.schema.json", catalogPath: "old.catalog.json", cwd: dir },
    { schemaPath: "new.schema.json", catalogPath: "new.catalog.json", cwd: dir },
  );
}

describe("one fixture pair per rule", () => {
  it("has a fixture for every expectation and an expectation for every fixture", () => {
    const folders = readdirSync(fixturesDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(folders.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))("%s", async (rule, expected) => {
    const report = await diffFixture(rule);
    expect(report.changes.map(line).sort()).toEqual([...expected].sort());
    // Severity, summary and bump agree with the parties broken.
    for (const change of report.changes) {
      expect(change.severity).toBe(
        change.breaks.length > 0 ? "breaking" : change.kind === "docs" ? "docs" : "compatible",
      );
    }
    const breaking = report.changes.filter((change) => change.breaks.length > 0).length;
    expect(report.summary.breaking).toBe(breaking);
    expect(report.bump).toBe(
      breaking > 0
        ? "major"
        : report.summary.compatible > 0
          ? "minor"
          : report.changes.length > 0
            ? "patch"
            : "none",
    );
  });
});

describe("description changes", () => {
  it("show old and new text whole when short, and the part that differs when long", () => {
    expect(textChange("Old text.", "New text.")).toBe('`"Old text."` → `"New text."`');
    expect(textChange(undefined, "Added.")).toBe('none → `"Added."`');
    const long = "word ".repeat(60);
    const shown = textChange(`${long}the old ending.`, `${long}the new ending.`);
    expect(shown).toBe(
      // 30 characters of context before the first difference
      '`"… word word word word word the old ending."` → `"… word word word word word the new ending."`',
    );
    const middle = textChange(`${long}A ${long}`, `${long}B ${long}`);
    expect(middle.length).toBeLessThan(200);
    expect(middle).toContain("word A word");
    expect(middle).toContain("word B word");
  });
});

describe("messages", () => {
  it("say what changed, in the terms of the schema", async () => {
    const messages = async (rule: string): Promise<string[]> => [
      ...new Set(
        (await diffFixture(rule)).changes.map(
          (change) =>
            `${change.path ?? change.definition ?? change.method ?? change.group}: ${change.message}`,
        ),
      ),
    ];
    expect(await messages("field-renamed")).toEqual([
      "Item.note: field `note` renamed to `remark`",
      "Loose.note: field `note` renamed to `remark`",
    ]);
    // `integer` and `number` are both `number` in TypeScript: only validation changed.
    expect(await messages("type-widened")).toContain(
      "Item.count: types unchanged; validation widened: `integer` → `number`",
    );
    expect(await messages("constraint-tightened")).toContain(
      "Item.note: types unchanged; validation narrowed: `maxLength` none → `64`",
    );
    expect(await messages("oneof-indistinguishable-members")).toContain(
      "Item.extra: types unchanged; validation widened: `never` → `string`",
    );
    expect(await messages("lifecycle-changed")).toEqual([
      "protocol: lifecycle of `server`: now allowed before: `items/list`",
    ]);
    expect(await messages("lifecycle-error-changed")).toEqual([
      "protocol: lifecycle of `server`: not-ready error `NotReady` (-32002) → `NotStarted` (-32010)",
    ]);
    expect(await messages("docs")).toContain(
      'Item.id: description changed: `"Its id."` → `"The item\'s id, unique per server."`',
    );
    const docs = (await diffFixture("docs")).changes;
    expect(docs.map((change) => [change.path, change.methods])).toEqual([
      ["Item.id", ["items/get", "items/list"]],
      ["Loose.id", undefined],
    ]);
    expect(await messages("nullable-added")).toContain("Item.note: may now be `null`");
    expect(await messages("enum-value-removed")).toContain('Item.kind: enum value `"b"` removed');
    expect(await messages("union-member-added")).toContain(
      "Item.value: union member `boolean` added",
    );
    expect(await messages("const-changed")).toContain(
      'Item.mode: constant changed: `"v1"` → `"v2"`',
    );
    expect(await messages("definition-renamed")).toEqual([
      "Reserve: definition `Spare` renamed to `Reserve` (same shape)",
    ]);
    expect(await messages("method-deprecated")).toEqual([
      'items/list: deprecated: `"Use items/get for each item."`',
    ]);
    expect(await messages("method-since-changed")).toEqual([
      'items/get: since `"1.1"` → `"1.2"`',
      'items/list: deprecation reason changed: none → `"Use items/get."`',
    ]);
    expect(await messages("method-progress-changed")).toEqual([
      "items/get: now reports progress (token at `/item/id`)",
    ]);
    expect(await messages("method-result-choice-changed")).toEqual([
      'items/get: result chosen by the params: none → `/item/kind`: "a" → `GetResult`, "b" → `GetResult`',
    ]);
    expect(await messages("method-docs")).toEqual([
      'items/get: description changed: `"Gets one item."` → `"Gets one item by its id."`',
    ]);
    expect(await messages("method-renamed")).toEqual([
      "items/all: renamed on the wire: `items/list` → `items/all`",
    ]);
    const replaced = (await diffFixture("definition-replaced")).changes.find(
      (change) => change.kind === "params-type-changed",
    )!;
    expect(replaced.message).toBe("params type `ListParams` → `ListQuery` (narrowed)");
    // The bare object had an index signature, which the object with a named field has not.
    expect(replaced.details).toEqual([
      "`limit`: required field `limit` added: `integer`",
      "types narrowed: extra properties no longer typed (the index signature is gone); validation unchanged (extra properties still accepted)",
    ]);
  });

  it("report nothing when nothing changed", async () => {
    const dir = path.join(fixturesDir, "docs");
    const side = { schemaPath: "old.schema.json", catalogPath: "old.catalog.json", cwd: dir };
    const report = await diffVersions(side, side);
    expect(report.changes).toEqual([]);
    expect(report.summary).toEqual({
      breaking: 0,
      callers: 0,
      implementers: 0,
      users: 0,
      compatible: 0,
      docs: 0,
    });
    // Nothing changed, so the version stays.
    expect(report.bump).toBe("none");
    expect(report.version.next).toBe(report.version.before);
  });
});

describe("the package version follows from the report", () => {
  it.each([
    ["docs", "patch", "1.2.4"],
    ["field-added-optional", "minor", "1.3.0"],
    ["error-code-added", "minor", "1.3.0"],
    ["field-added-required", "major", "2.0.0"],
    ["method-added", "major", "2.0.0"],
  ])("%s: %s → %s", async (rule, bump, next) => {
    const report = await diffFixture(rule);
    expect(report.bump).toBe(bump);
    expect(report.version).toEqual({ before: "1.2.3", after: "1.2.3", next });
  });

  it.each([
    ["field-added-required", {}, "minor", "0.5.0"],
    ["field-added-required", { breakingOnZero: "major" as const }, "major", "1.0.0"],
    ["field-added-optional", {}, "patch", "0.4.2"],
    ["docs", {}, "patch", "0.4.2"],
  ])("on 0.4.1, %s with %j: %s → %s", async (rule, options, bump, next) => {
    const dir = path.join(fixturesDir, rule);
    const old = await loadVersion({
      schemaPath: "old.schema.json",
      catalogPath: "old.catalog.json",
      cwd: dir,
    });
    const now = await loadVersion({
      schemaPath: "new.schema.json",
      catalogPath: "new.catalog.json",
      cwd: dir,
    });
    const report = diffModels(
      { ...old, package: { ...old.package, version: "0.4.1" } },
      now,
      options,
    );
    expect(report.bump).toBe(bump);
    expect(report.version.next).toBe(next);
  });

  it("counts like npm, prereleases included", () => {
    expect(nextVersion("1.2.3", "patch")).toBe("1.2.4");
    expect(nextVersion("1.2.3", "minor")).toBe("1.3.0");
    expect(nextVersion("1.2.3", "major")).toBe("2.0.0");
    expect(nextVersion("0.4.1", "major")).toBe("1.0.0");
    expect(nextVersion("2.0.0-beta.1", "major")).toBe("2.0.0");
    expect(nextVersion("2.1.0-rc.1", "major")).toBe("3.0.0");
    expect(nextVersion("2.1.0-rc.1", "minor")).toBe("2.1.0");
    expect(nextVersion("2.1.3-rc.1", "patch")).toBe("2.1.3");
    expect(() => nextVersion("one", "patch")).toThrow(/not a semantic version/);
  });
});
