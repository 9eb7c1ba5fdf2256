// Drafting from a JSON Schema whose method definitions carry their name as
// `properties.method.const` and whose direction unions name who sends them: small hand-made
// schemas for each rule and each thing that cannot be inferred, hostile input, and the
// published MCP schema drafted, generated and type-checked.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftCatalog } from "../../generator/catalog/init/index.js";
import { InputError } from "../../generator/core/diagnostics.js";
import { makeTempDir, removeTempDir, repoRoot } from "../helpers/repo.js";
import { catalogSchemaErrors, generateDraft } from "./draft-helpers.js";

const draft = (document: unknown, unions?: Parameters<typeof draftCatalog>[0]["unions"]) =>
  draftCatalog({
    format: "json-schema",
    document,
    file: "in.json",
    identity: { name: "test" },
    ...(unions && { unions }),
  });

/** A request definition for `method` with params given by `params` (inline or a $ref). */
const request = (method: string, params?: object, required = true) => ({
  type: "object",
  properties: {
    jsonrpc: { const: "2.0" },
    id: { type: "integer" },
    method: { const: method, type: "string" },
    ...(params && { params }),
  },
  required: ["jsonrpc", "id", "method", ...(required && params ? ["params"] : [])],
});
const notification = (method: string, params?: object) => ({
  type: "object",
  properties: { method: { const: method }, ...(params && { params }) },
  required: ["method"],
});
const union = (...names: string[]) => ({
  anyOf: names.map((name) => ({ $ref: `#/$defs/${name}` })),
});
const ref = (name: string) => ({ $ref: `#/$defs/${name}` });

const small = {
  title: "Small Protocol",
  $defs: {
    HostRequest: union("OpenRequest", "PingRequest"),
    AgentRequest: union("PingRequest", "AskRequest"),
    HostNotification: union("ClosedNotification"),
    AgentNotification: union("LogNotification"),
    AgentResult: union("OpenResult", "Empty"),
    HostResult: union("AskResult", "Empty"),
    OpenRequest: { description: "Opens.", ...request("open", ref("OpenParams")) },
    OpenParams: { type: "object", properties: { path: { type: "string" } }, required: ["path"] },
    OpenResult: { type: "object", properties: { handle: { type: "integer" } } },
    PingRequest: request("ping", ref("Meta"), false),
    AskRequest: {
      ...request("ask", { type: "object", properties: { q: { type: "string" } } }),
      deprecated: true,
    },
    AskResult: { type: "object" },
    ClosedNotification: notification("closed"),
    LogNotification: notification("log", {
      type: "object",
      properties: { text: { type: "string" } },
    }),
    Empty: { type: "object" },
    Meta: { type: "object", properties: { trace: { type: "string" } } },
    StrayRequest: request("stray", ref("Meta")),
  },
};

describe("drafting from a JSON Schema with direction unions", () => {
  const result = draft(small);
  const byName = Object.fromEntries(result.catalog.methods.map((method) => [method.name, method]));

  it("finds the roles from the union names, and who sends each method to whom", () => {
    expect(Object.keys(result.catalog.roles)).toEqual(["host", "agent"]);
    expect(byName["open"]).toMatchObject({ kind: "request", from: "host", to: "agent" });
    expect(byName["ask"]).toMatchObject({
      kind: "request",
      from: "agent",
      to: "host",
      deprecated: true,
    });
    expect(byName["closed"]).toMatchObject({ kind: "notification", from: "host", to: "agent" });
    expect(byName["log"]).toMatchObject({ kind: "notification", from: "agent", to: "host" });
    expect(byName["ping"]).toMatchObject({ from: "host", to: "agent", bothDirections: true });
  });

  it("names params by definition when they are a bare $ref, by pointer when inline, optional when not required", () => {
    expect(byName["open"]).toMatchObject({ params: "OpenParams", description: "Opens." });
    expect(byName["open"]!.optionalParams).toBeUndefined();
    expect(byName["ask"]!.params).toBe("#/$defs/AskRequest/properties/params");
    expect(byName["ping"]).toMatchObject({ params: "Meta", optionalParams: true });
    expect(byName["closed"]!.params).toBeUndefined();
  });

  it("takes results by name, else the one unclaimed member of the result unions, and says so", () => {
    expect(byName["open"]!.result).toBe("OpenResult");
    expect(byName["ask"]!.result).toBe("AskResult");
    expect(byName["ping"]!.result).toBe("Empty");
    const notes = result.notes.map((note) => `${note.pointer}: ${note.message}`);
    expect(notes).toContainEqual(
      expect.stringMatching(/^\/\$defs\/PingRequest: result of "ping" taken as Empty/),
    );
  });

  it("reports what it left out or could not infer, with the pointer", () => {
    const notes = result.notes.map((note) => `${note.pointer}: ${note.message}`);
    expect(notes).toContainEqual(
      '/$defs/StrayRequest: "stray" is in no direction union and has no x-side or x-from, so it is left out',
    );
    expect(notes).toContainEqual(
      '/$defs/ClosedNotification/properties: "closed" has no `params` property: drafted as taking no params',
    );
    expect(byName["stray"]).toBeUndefined();
    expect(result.catalog.$comment).toMatch(
      /^Drafted by jsonrpc-bindgen catalog init from .*not inferred/,
    );
  });

  it("drafts a catalog that the catalog schema accepts and that generates and type-checks", async () => {
    expect(catalogSchemaErrors(result.catalog)).toEqual([]);
    const dir = makeTempDir("init-small");
    try {
      const { writeFileSync } = await import("node:fs");
      const schemaPath = path.join(dir, "small.schema.json");
      writeFileSync(schemaPath, JSON.stringify(small));
      const { tsc } = await generateDraft(dir, result, schemaPath);
      expect(tsc.output).toBe("");
      expect(tsc.code).toBe(0);
    } finally {
      removeTempDir(dir);
    }
  }, 60_000);

  it("is deterministic", () => {
    expect(JSON.stringify(draft(small))).toBe(JSON.stringify(result));
  });
});

describe("what it cannot infer", () => {
  it("a request with no result anywhere is drafted without one, and reported", () => {
    const result = draft({
      $defs: {
        ARequest: union("GoRequest"),
        BNotification: union("DoneNotification"),
        GoRequest: request("go"),
        DoneNotification: notification("done"),
      },
    });
    expect(result.catalog.methods[0]).not.toHaveProperty("result");
    expect(result.notes).toContainEqual({
      pointer: "/$defs/GoRequest",
      message: expect.stringContaining('no result for request "go"'),
    });
  });

  it("several unclaimed results: the whole union, reported", () => {
    const result = draft({
      $defs: {
        ARequest: union("GoRequest"),
        BNotification: union("DoneNotification"),
        BResult: union("X", "Y"),
        GoRequest: request("go"),
        DoneNotification: notification("done"),
        X: { type: "object" },
        Y: { type: "object" },
      },
    });
    expect(result.catalog.methods[0]!.result).toBe("BResult");
    expect(result.notes.map((note) => note.message)).toContainEqual(
      'result of "go" not inferred: drafted as the whole BResult',
    );
  });

  it("three roles: the receiver is not known, so it is reported", () => {
    const result = draft({
      $defs: {
        ARequest: union("GoRequest"),
        BNotification: union("DoneNotification"),
        CNotification: union("DoneNotification"),
        GoRequest: {
          ...request("go"),
          properties: { ...request("go").properties, result: { type: "object" } },
        },
        DoneNotification: notification("done"),
      },
    });
    expect(Object.keys(result.catalog.roles)).toEqual(["a", "b", "c"]);
    expect(result.notes.map((note) => note.message)).toContainEqual(
      expect.stringContaining('"go": the unions say that "a" sends it, not to whom'),
    );
    expect(result.catalog.methods[0]!.result).toBe("#/$defs/GoRequest/properties/result");
  });

  it("unions named on the command line replace the naming rule", () => {
    const result = draft(
      {
        $defs: {
          Up: union("GoRequest"),
          Down: union("DoneNotification"),
          GoRequest: request("go"),
          GoResult: { type: "object" },
          DoneNotification: notification("done"),
        },
      },
      [
        { definition: "Up", role: "front", kind: "requests" },
        { definition: "Down", role: "back", kind: "notifications" },
      ],
    );
    expect(result.catalog.methods).toMatchObject([
      { name: "go", from: "front", to: "back", result: "GoResult" },
      { name: "done", from: "back", to: "front" },
    ]);
  });
});

describe("bad input", () => {
  const problems = (document: unknown, unions?: Parameters<typeof draftCatalog>[0]["unions"]) => {
    try {
      draft(document, unions);
    } catch (error) {
      if (error instanceof InputError)
        return error.diagnostics.map((d) => `${d.file}#${d.pointer}: ${d.message}`);
      throw error;
    }
    throw new Error("no error");
  };

  it("names the file and pointer of what is wrong", () => {
    expect(problems([1])).toEqual(["in.json#: a JSON Schema document must be an object"]);
    expect(problems({ type: "object" })).toEqual([
      "in.json#: the schema has no $defs (or definitions) object to find methods in",
    ]);
    expect(problems({ $defs: { A: { type: "string" } } })).toEqual([
      "in.json#/$defs: no definition names a method: none has a `properties.method.const` string or an x-method annotation",
    ]);
    expect(problems({ $defs: { GoRequest: request("go") } })).toEqual([
      expect.stringMatching(/^in.json#\/\$defs: no direction unions/),
    ]);
    expect(problems({ $defs: { "A/B": { properties: { method: { const: 7 } } } } })).toEqual([
      "in.json#/$defs/A~1B/properties/method/const: a method name must be a non-empty string, found 7",
    ]);
    expect(
      problems({ $defs: { GoRequest: request("go") } }, [
        { definition: "Nope", role: "a", kind: "requests" },
      ]),
    ).toEqual(["in.json#/$defs/Nope: --union Nope: no such definition"]);
  });

  it("hostile names stay data: method names and definition names are carried as they are", () => {
    const method = '"); process.exit(1); //\u2028';
    const result = draft(
      JSON.parse(
        JSON.stringify({
          $defs: {
            ARequest: union("X"),
            BResult: union("Y"),
            BNotification: union("N"),
            N: notification("n"),
            X: request(method),
            Y: { type: "object" },
          },
        }).replace('"ARequest"', '"__proto__": {"anyOf": []}, "ARequest"'),
      ),
    );
    expect(result.catalog.methods.find((m) => m.kind === "request")).toMatchObject({
      name: method,
      result: "Y",
    });
    expect(Object.getPrototypeOf(result.catalog.roles)).toBe(Object.prototype);
  });
});

describe("the published MCP schema (2025-11-25)", () => {
  const schemaPath = path.join(repoRoot, "test/fixtures/protocols/mcp-2025-11-25/schema.json");
  const document = JSON.parse(readFileSync(schemaPath, "utf8"));
  const result = draftCatalog({
    format: "json-schema",
    document,
    file: "schema.json",
    identity: { name: "mcp" },
  });
  const byName = Object.fromEntries(result.catalog.methods.map((method) => [method.name, method]));
  let dir: string;
  beforeAll(() => (dir = makeTempDir("init-mcp")));
  afterAll(() => removeTempDir(dir));

  it("drafts every method, with direction, params and results", () => {
    expect(result.catalog.methods).toHaveLength(31);
    expect(Object.keys(result.catalog.roles)).toEqual(["client", "server"]);
    expect(byName["initialize"]).toMatchObject({
      from: "client",
      to: "server",
      params: "InitializeRequestParams",
      result: "InitializeResult",
    });
    expect(byName["sampling/createMessage"]).toMatchObject({
      from: "server",
      to: "client",
      result: "CreateMessageResult",
    });
    expect(byName["tools/list"]).toMatchObject({ optionalParams: true, result: "ListToolsResult" });
    expect(byName["tasks/get"]).toMatchObject({
      bothDirections: true,
      params: "#/$defs/GetTaskRequest/properties/params",
    });
    for (const name of ["ping", "notifications/cancelled", "notifications/progress"])
      expect(byName[name]).toMatchObject({ bothDirections: true });
    expect(byName["ping"]).toMatchObject({ optionalParams: true, result: "Result" });
    expect(result.notes.map((note) => note.pointer)).toEqual([
      "/$defs/PingRequest",
      "/$defs/SetLevelRequest",
      "/$defs/SubscribeRequest",
      "/$defs/UnsubscribeRequest",
      "/$defs/CancelledNotificationParams/properties/requestId",
      "/$defs/ProgressNotificationParams/properties/progressToken",
      "/$defs/CallToolRequestParams/properties/_meta/properties/progressToken",
      "/$defs/InitializeRequest",
      "",
    ]);
  });

  it("drafts the cancellation and progress notifications, and initialize as not cancellable, by rule and noted", () => {
    expect(result.catalog.cancellation).toEqual({
      method: "notifications/cancelled",
      idProperty: "requestId",
    });
    expect(result.catalog.progress).toEqual({
      method: "notifications/progress",
      tokenPointer: "/progressToken",
      requestTokenPointer: "/_meta/progressToken",
    });
    expect(
      result.catalog.methods.filter((method) => method.cancellable === false).map((m) => m.name),
    ).toEqual(["initialize"]);
    const notes = result.notes.map((note) => note.message);
    expect(notes).toContainEqual(
      'cancellation drafted as "notifications/cancelled" with idProperty "requestId" (a $ref to the request-id type RequestId): by rule, check it',
    );
    expect(
      notes.some((note) =>
        /requestTokenPointer drafted as "\/_meta\/progressToken", where the params of 17 requests/.test(
          note,
        ),
      ),
    ).toBe(true);
    expect(notes).toContainEqual(
      '"initialize" drafted as cancellable: false, as the description of "notifications/cancelled" forbids cancelling it: by rule, check it',
    );
  });

  it("validates against the catalog schema, generates and type-checks with no hand edits", async () => {
    expect(catalogSchemaErrors(result.catalog)).toEqual([]);
    const { outDir, tsc } = await generateDraft(dir, result, schemaPath);
    expect(tsc.output).toBe("");
    expect(tsc.code).toBe(0);
    // The drafted pointers passed the generator's own checks and reached the connections.
    const protocol = readFileSync(path.join(outDir, "src/protocol.ts"), "utf8");
    const toolsCall = protocol.slice(protocol.indexOf('name: "tools/call",'));
    expect(toolsCall.slice(0, toolsCall.indexOf("\n  },"))).toContain(
      'progressToken: { path: ["_meta", "progressToken"], type: "number" }',
    );
    expect(readFileSync(path.join(outDir, "src/connections.ts"), "utf8")).toContain(
      'cancellation: { method: "notifications/cancelled", idProperty: "requestId" }',
    );
  }, 120_000);
});
