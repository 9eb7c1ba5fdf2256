// Minimal output diffs: one small edit to the real protocol must change few lines of the generated
// package, only in the files the edit is about. Each edit is applied to a copy of `schema/`, the
// package is generated before and after (no cache), and the two trees are compared line by line.
// The bounds below were measured (the measured count is in each comment) and set a little above;
// if one is exceeded because the generator moves unrelated output around, that is the bug to fix.
// The same pair of versions also goes through `diff`, whose report must say what the edit did.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { diffVersions } from "../../generator/diff/index.js";
import type { Change, DiffReport } from "../../generator/diff/index.js";
import {
  CATALOG,
  SCHEMA,
  commentLines,
  copyProtocol,
  countLines,
  editJson,
  lineDiff,
  readTree,
  removeDir,
  tempDir,
  treeChanges,
  type FileChange,
} from "./helpers.js";

type Json = Record<string, any>;

interface Edit {
  readonly name: string;
  readonly schema?: (schema: Json) => void;
  readonly catalog?: (catalog: Json) => void;
  /**
   * Most changed lines (removed + added) allowed in each file under `src/`: measured, then set a
   * little above. Any other file of the package must not change, except the `dist/` files built
   * from these and the files in `alsoChanged`.
   */
  readonly bounds: Readonly<Record<string, number>>;
  readonly alsoChanged?: readonly string[];
  /** What `diff` must report: `method position kind: parties broken` (or severity). */
  readonly report: readonly string[];
}

const EDITS: readonly Edit[] = [
  {
    name: "optional field added to ComponentInfo",
    schema: (schema) => {
      schema.$defs.ComponentInfo.properties.version = {
        description: "Version of the component, if it has one.",
        type: "string",
      };
    },
    // measured: types.ts 2 (one-line JSDoc, the field), validators.ts 4
    bounds: { "src/types.ts": 3, "src/validators.ts": 5 },
    report: [
      "components/info result field-added-optional: compatible",
      "components/list result field-added-optional: compatible",
    ],
  },
  {
    name: "required field added to ComponentExecuteParams",
    schema: (schema) => {
      const params = schema.$defs.ComponentExecuteParams;
      params.properties.timeout_ms = {
        description: "Time the component may take, in milliseconds.",
        type: "integer",
        format: "uint32",
        minimum: 0,
      };
      params.required.push("timeout_ms");
    },
    // measured: types.ts 7 (six JSDoc lines: description, @format, @minimum; the field), validators.ts 7
    bounds: { "src/types.ts": 8, "src/validators.ts": 8 },
    report: ["components/execute params field-added-required: callers"],
  },
  {
    name: "field of PutBlobParams renamed",
    schema: (schema) => {
      const params = schema.$defs.PutBlobParams;
      params.properties = Object.fromEntries(
        Object.entries(params.properties).map(([key, value]) => [
          key === "blob_type" ? "kind" : key,
          value,
        ]),
      );
      params.required = params.required.map((name: string) =>
        name === "blob_type" ? "kind" : name,
      );
    },
    // measured: types.ts 2 (the field's line), validators.ts 11 (PutBlobParams had the shape of
    // GetBlobResult, which checks it, and called its validator; now it checks its own fields)
    bounds: { "src/types.ts": 2, "src/validators.ts": 12 },
    report: ["blobs/put params field-renamed: callers+implementers"],
  },
  {
    name: "method added to the catalog",
    schema: (schema) => {
      schema.$defs.DeleteBlobParams = {
        description:
          "Params of `blobs/delete`: the component server asks the runtime to forget a blob.",
        type: "object",
        properties: {
          blob_id: { description: "Id of the blob to delete.", $ref: "#/$defs/BlobId" },
        },
        required: ["blob_id"],
      };
      schema.$defs.DeleteBlobResult = {
        description: "Result of `blobs/delete`: whether there was such a blob.",
        type: "object",
        properties: { deleted: { description: "Whether a blob was deleted.", type: "boolean" } },
        required: ["deleted"],
      };
    },
    catalog: (catalog) => {
      catalog.methods.push({
        name: "blobs/delete",
        kind: "request",
        from: "component-server",
        to: "runtime",
        params: "DeleteBlobParams",
        result: "DeleteBlobResult",
        errors: ["InvalidParams"],
        description: "Deletes a blob from the runtime's blob store.",
      });
    },
    // measured: clients.ts 18 (one method), connections.ts 18 (a handler and its table entry),
    // protocol.ts 30 (imports, type maps, the registry entry, two method-name unions), types.ts 12
    // (two types), validators.ts 44 (two validators and two guards; DeleteBlobParams has the
    // shape of GetBlobParams and, first by name, now checks it for both)
    bounds: {
      "src/clients.ts": 20,
      "src/connections.ts": 20,
      "src/protocol.ts": 34,
      "src/types.ts": 13,
      "src/validators.ts": 46,
    },
    alsoChanged: ["README.md"], // lists methods and types
    report: [
      "blobs/delete method method-added: implementers",
      "types definition-added: compatible",
      "types definition-added: compatible",
    ],
  },
  {
    name: "enum value removed from BlobType",
    schema: (schema) => {
      schema.$defs.BlobType.enum = ["data"];
    },
    // measured: types.ts 2 (the union), validators.ts 2 (the check)
    bounds: { "src/types.ts": 2, "src/validators.ts": 3 },
    report: [
      "blobs/get result enum-value-removed: implementers",
      "blobs/put params enum-value-removed: callers",
    ],
  },
  {
    name: "description changed",
    schema: (schema) => {
      schema.$defs.BlobId.description =
        "Identifies a blob by its content: the SHA-256 digest of its bytes, in lower-case hexadecimal.";
    },
    // measured: types.ts 2 (one JSDoc line out, one in)
    bounds: { "src/types.ts": 2 },
    alsoChanged: ["README.md"], // lists types with their descriptions
    // once, under the type, naming the three methods that use it
    report: ["types docs: docs"],
  },
];

let root: string;
let baseline: Record<string, string>;
const results = new Map<string, { changes: Record<string, FileChange>; report: DiffReport }>();
let reordered: Record<string, string>;

function folder(name: string): string {
  return path.join(root, name.replace(/[^a-z0-9]+/gi, "-"));
}

async function variant(
  name: string,
  edit: Pick<Edit, "schema" | "catalog">,
): Promise<Record<string, string>> {
  const dir = folder(name);
  copyProtocol(dir);
  if (edit.schema) editJson(path.join(dir, SCHEMA), edit.schema);
  if (edit.catalog) editJson(path.join(dir, CATALOG), edit.catalog);
  await generate({
    schemaPath: SCHEMA,
    catalogPath: CATALOG,
    outDir: "out",
    cwd: dir,
    cache: false,
  });
  return readTree(path.join(dir, "out"));
}

function line(change: Change): string {
  const where = change.group === "method" ? `${change.method} ${change.position}` : change.group;
  return `${where} ${change.kind}: ${change.breaks.length > 0 ? change.breaks.join("+") : change.severity}`;
}

beforeAll(async () => {
  root = tempDir("output");
  baseline = await variant("baseline", {});
  for (const edit of EDITS) {
    const tree = await variant(edit.name, edit);
    const report = await diffVersions(
      { schemaPath: SCHEMA, catalogPath: CATALOG, cwd: folder("baseline") },
      { schemaPath: SCHEMA, catalogPath: CATALOG, cwd: folder(edit.name) },
    );
    results.set(edit.name, { changes: treeChanges(baseline, tree), report });
  }
  reordered = await variant("reordered", {
    schema: (schema) => {
      schema.$defs = Object.fromEntries(Object.entries(schema.$defs).reverse());
    },
  });
}, 120_000);

afterAll(() => removeDir(root));

describe("one schema edit changes few generated lines, in the files it is about", () => {
  it.each(EDITS.map((edit) => [edit.name, edit] as const))("%s", (_name, edit) => {
    const { changes } = results.get(edit.name)!;
    const counts = countLines(changes, "src/");
    for (const [file, count] of Object.entries(counts)) {
      expect(
        edit.bounds[file],
        `${file} changed (${count} lines) but the edit has nothing to do with it`,
      ).toBeDefined();
      expect(count, `${file}: ${count} changed lines`).toBeLessThanOrEqual(edit.bounds[file]!);
    }
    const allowed = new Set(edit.alsoChanged ?? []);
    for (const file of Object.keys(edit.bounds)) {
      const base = file.slice("src/".length, -".ts".length);
      for (const built of [file, `dist/${base}.js`, `dist/${base}.d.ts`, `dist/${base}.d.ts.map`])
        allowed.add(built);
    }
    expect(
      Object.keys(changes).filter((file) => !allowed.has(file)),
      "files that should not have changed",
    ).toEqual([]);
  });

  it("a field added to ComponentInfo leaves the clients, connections and protocol alone", () => {
    const changed = Object.keys(results.get("optional field added to ComponentInfo")!.changes);
    for (const file of [
      "src/clients.ts",
      "src/connections.ts",
      "src/protocol.ts",
      "dist/clients.js",
      "dist/connections.js",
    ]) {
      expect(changed).not.toContain(file);
    }
  });

  it("a description change touches comment lines only", () => {
    const { changes } = results.get("description changed")!;
    const code = Object.entries(changes).filter(([file]) => /\.(ts|js)$/.test(file));
    expect(code.map(([file]) => file).sort()).toEqual(["dist/types.d.ts", "src/types.ts"]);
    for (const [file, change] of code)
      expect(change.commentsOnly, `${file}: ${JSON.stringify(change)}`).toBe(true);
  });

  it("reordering $defs changes no generated file at all", () => {
    expect(treeChanges(baseline, reordered)).toEqual({});
  });
});

describe("the report for each edit", () => {
  it.each(EDITS.map((edit) => [edit.name, edit] as const))("%s", (_name, edit) => {
    const { report } = results.get(edit.name)!;
    expect(report.changes.map(line).sort()).toEqual([...edit.report].sort());
  });
});

describe("line diff", () => {
  it("finds the shortest edit", () => {
    expect(lineDiff(["a", "b", "c"], ["a", "b", "c"])).toEqual({ removed: [], added: [] });
    expect(lineDiff(["a", "b", "c", "d"], ["a", "x", "c", "d", "e"])).toEqual({
      removed: [1],
      added: [1, 4],
    });
    expect(lineDiff([], ["a"])).toEqual({ removed: [], added: [0] });
    expect(lineDiff(["a", "b", "a", "b"], ["b", "a", "b", "a"])).toEqual({
      removed: [0],
      added: [3],
    });
  });

  it("tells comment lines from code", () => {
    const text = [
      "/** One line. */",
      "export type A = {",
      "  /**",
      "   * Text.",
      "   */",
      "  a: string; // note",
      "  // note",
      "};",
      "/* x */ const b = 1;",
    ].join("\n");
    expect(commentLines(text)).toEqual([true, false, true, true, true, false, true, false, false]);
  });
});
