// Drafting from a meta model (requests, notifications, structures, enumerations, type aliases):
// each type form on a small hand-made model, checked against ajv as the schema's meaning;
// hostile and malformed models; and the published LSP 3.18 meta model drafted, generated and
// type-checked.
import { readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftCatalog } from "../../generator/catalog/init/index.js";
import { InputError } from "../../generator/core/diagnostics.js";
import { makeTempDir, removeTempDir, repoRoot } from "../helpers/repo.js";
import { catalogSchemaErrors, generateDraft } from "./draft-helpers.js";

const ref = (name: string) => ({ kind: "reference", name });
const base = (name: string) => ({ kind: "base", name });

const model = {
  metaData: { version: "1.2.0" },
  requests: [
    {
      method: "doc/open",
      typeName: "OpenRequest",
      messageDirection: "clientToServer",
      params: ref("OpenParams"),
      result: { kind: "or", items: [ref("Handle"), base("null")] },
      documentation: "Opens a document.",
      since: "1.1.0",
      clientCapability: "doc.open",
      partialResult: ref("Handle"),
    },
    {
      method: "shutdown",
      typeName: "ShutdownRequest",
      messageDirection: "clientToServer",
      result: base("null"),
    },
    {
      method: "ui/ask",
      typeName: "AskRequest",
      messageDirection: "serverToClient",
      params: [base("string"), base("integer")],
      result: base("string"),
      deprecated: "Use ui/ask2.",
    },
    { method: "ping", typeName: "PingRequest", messageDirection: "both", result: base("null") },
  ],
  notifications: [
    {
      method: "log",
      typeName: "LogNotification",
      messageDirection: "serverToClient",
      params: ref("Any"),
    },
  ],
  structures: [
    {
      name: "Base",
      properties: [{ name: "kind", type: base("string") }],
    },
    {
      name: "OpenParams",
      extends: [ref("Base")],
      mixins: [ref("Progress")],
      properties: [
        { name: "kind", type: { kind: "stringLiteral", value: "open" } },
        { name: "uri", type: base("DocumentUri"), documentation: "Where." },
        { name: "mode", type: ref("Mode"), optional: true },
        {
          name: "tags",
          type: {
            kind: "map",
            key: base("string"),
            value: { kind: "array", element: base("uinteger") },
          },
          optional: true,
        },
        {
          name: "pair",
          type: { kind: "tuple", items: [base("integer"), base("boolean")] },
          optional: true,
        },
        { name: "flag", type: { kind: "booleanLiteral", value: true }, optional: true },
        { name: "count", type: { kind: "integerLiteral", value: 3 }, optional: true },
        {
          name: "inline",
          type: { kind: "literal", value: { properties: [{ name: "x", type: base("decimal") }] } },
          optional: true,
        },
        {
          name: "both",
          type: { kind: "and", items: [ref("Base"), ref("Progress")] },
          optional: true,
          deprecated: "gone",
        },
      ],
    },
    { name: "Progress", properties: [{ name: "token", type: base("string"), optional: true }] },
  ],
  enumerations: [
    {
      name: "Mode",
      type: base("string"),
      values: [
        { name: "read", value: "r", documentation: "Read only." },
        { name: "write", value: "w" },
      ],
    },
    {
      name: "Level",
      type: base("uinteger"),
      values: [{ name: "low", value: 1 }],
      supportsCustomValues: true,
    },
  ],
  typeAliases: [
    { name: "Handle", type: base("integer") },
    {
      name: "Any",
      type: {
        kind: "or",
        items: [
          ref("Progress"),
          { kind: "array", element: ref("Any") },
          base("string"),
          base("null"),
        ],
      },
    },
  ],
};

const draft = (document: unknown) =>
  draftCatalog({ format: "meta-model", document, file: "model.json", identity: { name: "small" } });

describe("drafting from a meta model", () => {
  const result = draft(model);
  const byName = Object.fromEntries(result.catalog.methods.map((method) => [method.name, method]));
  const schema = result.schema as { $defs: Record<string, any> };
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema(result.schema as object, "draft");
  const valid = (name: string, value: unknown) => ajv.validate(`draft#/$defs/${name}`, value);

  it("drafts methods with direction, params, result, since, deprecated and docs", () => {
    expect(byName["doc/open"]).toEqual({
      name: "doc/open",
      kind: "request",
      from: "client",
      to: "server",
      params: "OpenParams",
      result: "OpenRequestResult",
      description: "Opens a document.\n\nGoverned by the client capability `doc.open`.",
      since: "1.1.0",
    });
    expect(byName["shutdown"]).not.toHaveProperty("params");
    expect(byName["ui/ask"]).toMatchObject({
      from: "server",
      to: "client",
      params: "AskRequestParams",
      deprecated: "Use ui/ask2.",
    });
    expect(byName["ping"]).toMatchObject({ from: "client", to: "server", bothDirections: true });
    expect(result.catalog.package.version).toBe("1.2.0");
    expect(catalogSchemaErrors(result.catalog)).toEqual([]);
  });

  it("turns each type form into JSON Schema that means the same (checked with ajv)", () => {
    const open = { kind: "open", uri: "file:///a" };
    expect(valid("OpenParams", open)).toBe(true);
    expect(valid("OpenParams", { ...open, kind: "other" })).toBe(false); // stringLiteral over extends
    expect(valid("OpenParams", { kind: "open" })).toBe(false); // required property
    expect(valid("OpenParams", { ...open, token: 1 })).toBe(false); // mixin's property
    expect(
      valid("OpenParams", {
        ...open,
        mode: "r",
        tags: { a: [0, 2147483647] },
        pair: [-1, true],
        flag: true,
        count: 3,
        inline: { x: 1.5 },
      }),
    ).toBe(true);
    expect(valid("OpenParams", { ...open, mode: "x" })).toBe(false);
    expect(valid("OpenParams", { ...open, tags: { a: [-1] } })).toBe(false); // uinteger
    expect(valid("OpenParams", { ...open, pair: [1, true, 3] })).toBe(false); // tuple length
    expect(valid("OpenParams", { ...open, flag: false })).toBe(false);
    expect(valid("OpenParams", { ...open, count: 4 })).toBe(false);
    expect(valid("OpenParams", { ...open, inline: {} })).toBe(false);
    expect(valid("OpenParams", { ...open, both: { kind: "k", token: "t" } })).toBe(true);
    expect(valid("OpenParams", { ...open, both: { token: "t" } })).toBe(false); // and
    expect(valid("Level", 7)).toBe(true); // custom values
    expect(valid("Level", "7")).toBe(false);
    expect(valid("Handle", 2147483648)).toBe(false);
    expect(valid("OpenRequestResult", null)).toBe(true);
    expect(valid("AskRequestParams", ["a", 1])).toBe(true);
    expect(valid("AskRequestParams", [1, "a"])).toBe(false);
    expect(schema.$defs["OpenParams"].properties).toBeUndefined();
    expect(schema.$defs["OpenParams"].allOf.slice(0, 2)).toEqual([
      { $ref: "#/$defs/Base" },
      { $ref: "#/$defs/Progress" },
    ]);
    expect(schema.$defs["Mode"].description).toContain('- `read` ("r"): Read only.');
  });

  it("narrows params to objects and arrays, as JSON-RPC requires, and says so", () => {
    expect(byName["log"]!.params).toBe("LogNotificationParams");
    expect(valid("LogNotificationParams", "text")).toBe(false);
    expect(valid("LogNotificationParams", [{ token: "t" }, "x"])).toBe(true);
    const messages = result.notes.map((note) => `${note.pointer}: ${note.message}`);
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^\/notifications\/0\/params: "log" params admit values other than objects and arrays/,
      ),
    );
    expect(messages).toContainEqual(
      expect.stringMatching(
        /^\/requests\/2\/params: "ui\/ask" takes its params by position: drafted as the tuple AskRequestParams/,
      ),
    );
    expect(messages).toContainEqual(
      "/requests/0/partialResult: partial results (streamed by another notification) are not in the catalog: partialResult of 1 methods is left out (/requests/0/partialResult)",
    );
  });

  it("generates and type-checks", async () => {
    const dir = makeTempDir("init-meta");
    try {
      const { tsc } = await generateDraft(dir, result);
      expect(tsc.output).toBe("");
      expect(tsc.code).toBe(0);
    } finally {
      removeTempDir(dir);
    }
  }, 60_000);
});

describe("malformed meta models", () => {
  const problems = (document: unknown) => {
    try {
      draft(document);
    } catch (error) {
      if (error instanceof InputError)
        return error.diagnostics.map((d) => `${d.pointer}: ${d.message}`);
      throw error;
    }
    throw new Error("no error");
  };
  const one = (patch: object) => ({
    requests: [],
    notifications: [{ method: "n", messageDirection: "clientToServer" }],
    ...patch,
  });

  it("names the pointer of each problem", () => {
    expect(problems("x")).toEqual([": a meta model must be an object"]);
    expect(problems({ requests: {} })).toEqual([
      "/requests: requests must be an array",
      ": a meta model needs `requests` or `notifications`",
    ]);
    expect(problems(one({ structures: [{ name: "A B", properties: [] }] }))).toEqual([
      '/structures/0/name: a type name must be an identifier, found "A B"',
    ]);
    expect(
      problems(
        one({
          structures: [{ name: "A", properties: [] }],
          typeAliases: [{ name: "A", type: base("string") }],
        }),
      ),
    ).toEqual(['/typeAliases/0/name: "A" is already defined at /structures/0']);
    expect(problems(one({ typeAliases: [{ name: "A", type: ref("Missing") }] }))).toEqual([
      '/typeAliases/0/type/name: reference to "Missing", which is no structure, enumeration or type alias',
    ]);
    expect(problems(one({ typeAliases: [{ name: "A", type: { kind: "mystery" } }] }))).toEqual([
      '/typeAliases/0/type/kind: unknown type kind "mystery"',
    ]);
    expect(problems(one({ typeAliases: [{ name: "A", type: base("float") }] }))).toEqual([
      expect.stringMatching(/^\/typeAliases\/0\/type\/name: unknown base type "float"/),
    ]);
    expect(
      problems(one({ typeAliases: [{ name: "A", type: { kind: "or", items: [] } }] })),
    ).toEqual(['/typeAliases/0/type/items: an "or" type needs a non-empty items array']);
    expect(problems({ notifications: [{ method: "n", messageDirection: "up" }] })).toEqual([
      expect.stringMatching(
        /^\/notifications\/0\/messageDirection: messageDirection must be one of clientToServer, serverToClient, both, found "up"/,
      ),
    ]);
    expect(
      problems({
        notifications: [
          { method: "n", messageDirection: "both" },
          { method: "n", messageDirection: "both" },
        ],
      }),
    ).toEqual(['/notifications/1/method: method "n" is already defined at /notifications/0']);
  });

  it("survives deep nesting and odd names without turning them into code", () => {
    let type: object = base("string");
    for (let i = 0; i < 200; i++) type = { kind: "array", element: type };
    const result = draft({
      notifications: [
        { method: "*/ x", messageDirection: "both", params: { kind: "tuple", items: [type] } },
      ],
    });
    expect(result.catalog.methods[0]!.name).toBe("*/ x");
  });
});

describe("the published LSP meta model (3.18)", () => {
  const file = path.join(repoRoot, "test/fixtures/protocols/lsp-3.18/metaModel.json");
  const document = JSON.parse(readFileSync(file, "utf8"));
  const result = draftCatalog({
    format: "meta-model",
    document,
    file: "metaModel.json",
    identity: { name: "lsp" },
  });
  const byName = Object.fromEntries(result.catalog.methods.map((method) => [method.name, method]));
  let dir: string;
  beforeAll(() => (dir = makeTempDir("init-lsp")));
  afterAll(() => removeTempDir(dir));

  it("drafts every request and notification, and every structure, enumeration and alias", () => {
    expect(result.catalog.methods.filter((method) => method.kind === "request")).toHaveLength(
      document.requests.length,
    );
    expect(result.catalog.methods.filter((method) => method.kind === "notification")).toHaveLength(
      document.notifications.length,
    );
    const defs = Object.keys((result.schema as { $defs: object }).$defs);
    for (const group of ["structures", "enumerations", "typeAliases"])
      for (const entry of document[group]) expect(defs).toContain(entry.name);
    expect(byName["initialize"]).toMatchObject({
      from: "client",
      to: "server",
      params: "InitializeParams",
      result: "InitializeResult",
    });
    expect(byName["workspace/configuration"]).toMatchObject({ from: "server", to: "client" });
    expect(byName["$/progress"]).toMatchObject({ bothDirections: true });
    expect(byName["shutdown"]).not.toHaveProperty("params");
    expect(
      result.catalog.methods.filter((method) => method.since !== undefined).length,
    ).toBeGreaterThan(30);
    expect(catalogSchemaErrors(result.catalog)).toEqual([]);
  });

  it("drafts $/cancelRequest and $/progress by rule, with the work-done token as the request's, and notes the rest", () => {
    expect(result.catalog.cancellation).toEqual({ method: "$/cancelRequest", idProperty: "id" });
    expect(result.catalog.progress).toEqual({
      method: "$/progress",
      tokenPointer: "/token",
      requestTokenPointer: "/workDoneToken",
    });
    expect(result.catalog.methods.some((method) => method.cancellable === false)).toBe(false);
    expect(result.catalog).not.toHaveProperty("extensions");
    const notes = result.notes.map((note) => note.message);
    const partial = notes.find((note) => note.includes('at "/partialResultToken"'));
    expect(partial).toMatch(/^progress: the params of \d+ requests also hold a ProgressToken/);
    expect(partial).toContain("textDocument/implementation");
    expect(notes).toContainEqual(
      'progress: the params of 1 request also hold a ProgressToken at "/token" (window/workDoneProgress/create): not drafted; where the token there reports that request\'s progress, its progressTokenPointer can name it',
    );
    expect(notes).toContainEqual(
      '4 methods begin with "$/" ($/setTrace, $/logTrace, $/cancelRequest, $/progress): the meta model does not say whether the prefix is reserved, so no `extensions` entry is drafted',
    );
    // Each inference points at the type it read, in the meta model.
    const at = (start: string) => result.notes.find((note) => note.message.startsWith(start));
    const structure = (pointer: string | undefined) =>
      document.structures[Number(pointer?.split("/")[2])]?.name;
    expect(structure(at("cancellation drafted")?.pointer)).toBe("CancelParams");
    expect(structure(at("progress drafted")?.pointer)).toBe("ProgressParams");
    expect(structure(at("progress: requestTokenPointer drafted")?.pointer)).toBe(
      "WorkDoneProgressParams",
    );
  });

  it("generates and type-checks with no hand edits", async () => {
    const { outDir, tsc } = await generateDraft(dir, result);
    expect(tsc.output).toBe("");
    expect(tsc.code).toBe(0);
    // The drafted pointers passed the generator's checks: hover carries the work-done token.
    const protocol = readFileSync(path.join(outDir, "src/protocol.ts"), "utf8");
    const hover = protocol.slice(protocol.indexOf('name: "textDocument/hover",'));
    expect(hover.slice(0, hover.indexOf("\n  },"))).toContain(
      'progressToken: { path: ["workDoneToken"], type: "number" }',
    );
    expect(readFileSync(path.join(outDir, "src/connections.ts"), "utf8")).toContain(
      'cancellation: { method: "$/cancelRequest", idProperty: "id" }',
    );
  }, 240_000);
});
