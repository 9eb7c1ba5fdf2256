// Drafting from per-definition annotations (x-method, x-kind, x-side, x-from, x-direction,
// x-result, x-optional-params, x-since, x-deprecated): a schema that annotates its params and
// result definitions, one that annotates whole messages, annotations winning over the naming
// rules, and annotations of the wrong type.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { draftCatalog } from "../../generator/catalog/init/index.js";
import { InputError } from "../../generator/core/diagnostics.js";
import { makeTempDir, removeTempDir } from "../helpers/repo.js";
import { catalogSchemaErrors, generateDraft } from "./draft-helpers.js";

const draft = (document: unknown) =>
  draftCatalog({ format: "json-schema", document, file: "ann.json", identity: { name: "ann" } });

// Params and results annotated, as schemas do that describe params rather than messages.
const paramsStyle = {
  $defs: {
    InitializeRequest: {
      type: "object",
      description: "Starts a session.",
      properties: { version: { type: "integer" } },
      required: ["version"],
      "x-method": "initialize",
      "x-side": "agent",
    },
    InitializeResponse: {
      type: "object",
      properties: { name: { type: "string" } },
      "x-method": "initialize",
      "x-side": "agent",
    },
    CancelNotification: {
      type: "object",
      properties: { id: { type: "string" } },
      "x-method": "session/cancel",
      "x-side": "agent",
      "x-kind": "notification",
    },
    UpdateNotification: {
      type: "object",
      "x-method": "session/update",
      "x-side": "client",
      "x-kind": "notification",
      "x-since": "0.2",
    },
    AskParams: {
      type: "object",
      "x-method": "fs/read",
      "x-from": "agent",
      "x-kind": "request",
      "x-result": "#/$defs/Text/properties/body",
      "x-deprecated": "Use fs/open.",
    },
    PingParams: {
      type: "object",
      "x-method": "ping",
      "x-side": "agent",
      "x-direction": "both",
      "x-optional-params": true,
      "x-result": "Empty",
    },
    Empty: { type: "object" },
    Text: { type: "object", properties: { body: { type: "object" } } },
    Unrelated: { type: "string", "x-other": 1 },
  },
};

describe("annotated params and results", () => {
  const result = draft(paramsStyle);
  const byName = Object.fromEntries(result.catalog.methods.map((method) => [method.name, method]));

  it("drafts each method from its annotations", () => {
    expect(Object.keys(result.catalog.roles)).toEqual(["agent", "client"]);
    expect(byName["initialize"]).toEqual({
      name: "initialize",
      kind: "request",
      from: "client",
      to: "agent",
      params: "InitializeRequest",
      result: "InitializeResponse",
      description: "Starts a session.",
    });
    expect(byName["session/cancel"]).toMatchObject({
      kind: "notification",
      from: "client",
      to: "agent",
      params: "CancelNotification",
    });
    expect(byName["session/update"]).toMatchObject({
      kind: "notification",
      from: "agent",
      to: "client",
      since: "0.2",
    });
    expect(byName["fs/read"]).toMatchObject({
      kind: "request",
      from: "agent",
      to: "client",
      result: "#/$defs/Text/properties/body",
      deprecated: "Use fs/open.",
    });
    expect(byName["ping"]).toMatchObject({
      from: "client",
      to: "agent",
      bothDirections: true,
      optionalParams: true,
      result: "Empty",
    });
    expect(result.catalog.methods).toHaveLength(5);
    expect(result.notes.map((note) => note.pointer)).toEqual(["", "", ""]);
    // "session/cancel" says cancel, but its `id` admits only strings, not a request id's
    // strings and integers: no cancellation is drafted, and the note says so.
    expect(result.catalog.cancellation).toBeUndefined();
    expect(result.notes[0]!.message).toMatch(/^no cancellation notification inferred/);
    expect(result.notes[1]!.message).toMatch(/^no progress notification inferred/);
  });

  it("validates, generates and type-checks", async () => {
    expect(catalogSchemaErrors(result.catalog)).toEqual([]);
    const dir = makeTempDir("init-annotations");
    try {
      const schemaPath = path.join(dir, "ann.schema.json");
      writeFileSync(schemaPath, JSON.stringify(paramsStyle));
      const { tsc } = await generateDraft(dir, result, schemaPath);
      expect(tsc.output).toBe("");
      expect(tsc.code).toBe(0);
    } finally {
      removeTempDir(dir);
    }
  }, 60_000);
});

describe("annotated messages", () => {
  it("annotations win over the method const, the unions and the result name", () => {
    const result = draft({
      $defs: {
        AClientRequest: { anyOf: [{ $ref: "#/$defs/GoRequest" }] },
        BServerNotification: { anyOf: [{ $ref: "#/$defs/Other" }] },
        Other: { properties: { method: { const: "other" } } },
        GoRequest: {
          properties: { id: {}, method: { const: "go" }, params: { $ref: "#/$defs/P" } },
          "x-method": "go/now",
          "x-kind": "notification",
          "x-from": "b-server",
          "x-side": "a-client",
          "x-optional-params": true,
        },
        GoResult: { type: "object" },
        P: { type: "object" },
        WithId: { properties: { id: {}, method: { const: "with-id" } }, "x-side": "a-client" },
      },
    });
    expect(result.catalog.methods).toEqual(
      [
        { name: "other", kind: "notification", from: "b-server", to: "a-client" },
        {
          name: "go/now",
          kind: "notification",
          from: "b-server",
          to: "a-client",
          params: "P",
          optionalParams: true,
        },
        { name: "with-id", kind: "request", from: "b-server", to: "a-client", result: undefined },
      ].map((method) => JSON.parse(JSON.stringify(method))),
    );
    expect(result.notes.map((note) => note.message)).toContainEqual(
      expect.stringContaining('no result for request "with-id"'),
    );
  });

  it("a result that no method names, and a method with nothing to say its kind, are reported", () => {
    const result = draft({
      $defs: {
        LonelyResult: { type: "object", "x-method": "nobody" },
        Tell: { type: "object", "x-method": "tell", "x-side": "x", "x-from": "y" },
      },
    });
    const notes = result.notes.map((note) => `${note.pointer}: ${note.message}`);
    expect(notes).toContainEqual(
      '/$defs/Tell: "tell": no x-kind, no union and no result: drafted as a notification',
    );
    expect(notes).toContainEqual(
      '/$defs/LonelyResult: a result for "nobody", which no method definition names: left out',
    );
  });
});

describe("malformed annotations", () => {
  it("are problems naming their pointer", () => {
    let diagnostics: string[] = [];
    try {
      draft({
        $defs: {
          A: {
            "x-method": 5,
            "x-kind": "query",
            "x-side": "Agent Side",
            "x-direction": "up",
            "x-optional-params": "yes",
            "x-deprecated": 0,
          },
          B: { "x-method": "b", "x-side": "s", "x-kind": "request", "x-result": "Missing" },
        },
      });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      diagnostics = error.diagnostics.map((d) => `${d.pointer}: ${d.message}`);
    }
    expect(diagnostics).toEqual([
      "/$defs/A/x-method: x-method must be a non-empty string, found 5",
      '/$defs/A/x-kind: x-kind must be "request", "notification" or "result", found "query"',
      '/$defs/A/x-side: x-side must be a role id (lower case with dashes), found "Agent Side"',
      '/$defs/A/x-direction: x-direction must be "both", found "up"',
      '/$defs/A/x-optional-params: x-optional-params must be true or false, found "yes"',
      "/$defs/A/x-deprecated: x-deprecated must be true or a string, found 0",
    ]);
    try {
      draft({
        $defs: {
          B: { "x-method": "b", "x-side": "s", "x-kind": "request", "x-result": "Missing" },
        },
      });
      throw new Error("no error");
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      expect(error.diagnostics.map((d) => `${d.pointer}: ${d.message}`)).toEqual([
        '/$defs/B/x-result: no definition "Missing" under $defs (x-result takes a definition name or a #/ pointer)',
      ]);
    }
  });
});
