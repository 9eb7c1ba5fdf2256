// The rules by which catalog init drafts the cancellation notification, the progress
// notification with its token places, and requests that must not be cancelled: small hand-made
// documents for each rule, for the cases where a rule finds nothing, and for the ambiguous ones,
// which must draft no field and say why. (The published MCP schema and LSP meta model are
// drafted, generated and type-checked in json-schema-source and meta-model-source.)
import { describe, expect, it } from "vitest";
import { draftCatalog } from "../../generator/catalog/init/index.js";
import { catalogSchemaErrors } from "./draft-helpers.js";

const ref = (name: string) => ({ $ref: `#/$defs/${name}` });
const union = (...names: string[]) => ({ anyOf: names.map(ref) });
const request = (method: string, params?: object, id: object = ref("Id")) => ({
  type: "object",
  properties: {
    id,
    method: { const: method },
    ...(params && { params }),
  },
  required: ["id", "method"],
});
const notification = (method: string, params?: object, description?: string) => ({
  type: "object",
  ...(description !== undefined && { description }),
  properties: { method: { const: method }, ...(params && { params }) },
  required: ["method"],
});
const object = (properties: Record<string, object>) => ({ type: "object", properties });

/** A schema of messages: client requests and notifications, with `defs` beside them. */
function schema(
  requests: Record<string, object>,
  notifications: Record<string, object>,
  defs: Record<string, object> = {},
) {
  return {
    $defs: {
      ClientRequest: union(...Object.keys(requests)),
      ...(Object.keys(notifications).length > 0 && {
        ClientNotification: union(...Object.keys(notifications)),
      }),
      ServerResult: union("Empty"),
      Empty: { type: "object" },
      Id: { type: ["string", "integer"] },
      ...requests,
      ...notifications,
      ...defs,
    },
  };
}

const draft = (document: unknown) =>
  draftCatalog({ format: "json-schema", document, file: "in.json", identity: { name: "t" } });
const messages = (result: ReturnType<typeof draft>) => result.notes.map((note) => note.message);
const noted = (result: ReturnType<typeof draft>, start: string) =>
  result.notes.filter((note) => note.message.startsWith(start));

describe("the cancellation notification", () => {
  it("is the notification saying cancel whose params hold the type the requests' ids have", () => {
    const result = draft(
      schema(
        { RunRequest: request("run", ref("RunParams")) },
        { StopNotification: notification("calls/cancelled", ref("StopParams")) },
        {
          RunParams: object({ job: { type: "string" } }),
          // Named like nothing in particular: the reference to the request-id type says it.
          StopParams: object({ target: ref("Id"), reason: { type: "string" } }),
        },
      ),
    );
    expect(result.catalog.cancellation).toEqual({
      method: "calls/cancelled",
      idProperty: "target",
    });
    expect(noted(result, "cancellation drafted")).toEqual([
      {
        pointer: "/$defs/StopParams/properties/target",
        message:
          'cancellation drafted as "calls/cancelled" with idProperty "target" (a $ref to the request-id type Id): by rule, check it',
      },
    ]);
    expect(catalogSchemaErrors(result.catalog)).toEqual([]);
  });

  it("without a request-id type, takes a property named as an id whose values are strings and integers", () => {
    const result = draft(
      schema(
        { RunRequest: request("run", undefined, { type: "integer" }) },
        {
          CancelNotification: notification(
            "$/cancelRequest",
            object({ requestId: { anyOf: [{ type: "integer" }, { type: "string" }] } }),
          ),
        },
      ),
    );
    expect(result.catalog.cancellation).toEqual({
      method: "$/cancelRequest",
      idProperty: "requestId",
    });
    expect(noted(result, "cancellation drafted")[0]!.pointer).toBe(
      "/$defs/CancelNotification/properties/params/properties/requestId",
    );
  });

  it("is not drafted when the id admits only strings, or the word cancel is not in the last segment, or it is a request", () => {
    const result = draft(
      schema(
        { CancelRequest: request("jobs/cancel", object({ id: ref("Id") })) },
        {
          A: notification("session/cancel", object({ sessionId: { type: "string" } })),
          B: notification("cancel/log", object({ id: ref("Id") })),
          C: notification("work/cancelled", object({ token: { type: ["string", "integer"] } })),
        },
      ),
    );
    expect(result.catalog.cancellation).toBeUndefined();
    expect(messages(result)).toContainEqual(
      "no cancellation notification inferred: no notification whose method says cancel has params with one request-id property",
    );
  });

  it("with two candidates, drafts none and names both", () => {
    const result = draft(
      schema(
        { RunRequest: request("run") },
        {
          A: notification("a/cancel", object({ id: ref("Id") })),
          B: notification("b/cancelled", object({ requestId: ref("Id") })),
        },
      ),
    );
    expect(result.catalog).not.toHaveProperty("cancellation");
    expect(noted(result, "cancellation not drafted")).toEqual([
      {
        pointer: "/$defs/A",
        message:
          'cancellation not drafted: 2 notifications could be it ("a/cancel" with id, "b/cancelled" with requestId); add `cancellation` to the draft',
      },
    ]);
  });

  it("with two request ids in its params, drafts none and says which", () => {
    const result = draft(
      schema(
        { RunRequest: request("run") },
        { A: notification("cancel", object({ id: ref("Id"), parentId: ref("Id") })) },
      ),
    );
    expect(result.catalog).not.toHaveProperty("cancellation");
    expect(messages(result)).toContainEqual(
      '"cancel" says cancel, but its params have 2 request-id properties (id, parentId): not drafted as the cancellation notification',
    );
  });
});

describe("requests that must not be cancelled", () => {
  const withDescription = (description: string) =>
    draft(
      schema(
        { StartRequest: request("start"), StopRequest: request("tasks/stop") },
        {
          CancelNotification: notification(
            "notifications/cancelled",
            object({ requestId: ref("Id") }),
            description,
          ),
        },
      ),
    );

  it("are those a MUST NOT / SHALL NOT sentence of the cancellation's description forbids cancelling", () => {
    const result = withDescription(
      "Cancels a request. A client MUST NOT attempt to cancel its `start` request. To stop a task, use the `tasks/stop` request; it MUST NOT be used for `notes`.",
    );
    const byName = Object.fromEntries(
      result.catalog.methods.map((method) => [method.name, method]),
    );
    expect(byName["start"]).toMatchObject({ cancellable: false });
    expect(byName["tasks/stop"]).not.toHaveProperty("cancellable");
    expect(noted(result, '"start" drafted as cancellable: false')).toEqual([
      {
        pointer: "/$defs/StartRequest",
        message:
          '"start" drafted as cancellable: false, as the description of "notifications/cancelled" forbids cancelling it: by rule, check it',
      },
    ]);
    expect(catalogSchemaErrors(result.catalog)).toEqual([]);
  });

  it("are none when the description only recommends, or names no request", () => {
    for (const description of [
      "A client SHOULD NOT cancel its `start` request.",
      "A client MUST NOT cancel a `stream` it did not open.",
      "Peers MUST NOT send it twice. Then cancel `start`.",
    ]) {
      const result = withDescription(description);
      expect(result.catalog.methods.filter((method) => method.cancellable === false)).toEqual([]);
    }
  });
});

describe("the progress notification", () => {
  const token = { type: ["string", "integer"] };
  const progressDoc = (requests: Record<string, object>, defs: Record<string, object> = {}) =>
    schema(
      requests,
      {
        ProgressNotification: notification(
          "notifications/progress",
          object({ progressToken: ref("Token"), done: { type: "number" } }),
        ),
      },
      { Token: token, Meta: object({ progressToken: ref("Token") }), ...defs },
    );

  it("draws its token from the one token property, and the request pointer from where most requests hold that type", () => {
    const result = draft(
      progressDoc(
        {
          ARequest: request("a", ref("WithMeta")),
          BRequest: request("b", { allOf: [ref("WithMeta"), object({ x: { type: "string" } })] }),
          CRequest: request("c", object({ own: ref("Token") })),
          DRequest: request("d", object({ x: { type: "string" } })),
        },
        { WithMeta: object({ _meta: ref("Meta") }) },
      ),
    );
    expect(result.catalog.progress).toEqual({
      method: "notifications/progress",
      tokenPointer: "/progressToken",
      requestTokenPointer: "/_meta/progressToken",
    });
    expect(result.notes.filter((note) => note.message.startsWith("progress"))).toEqual([
      {
        pointer: "/$defs/ProgressNotification/properties/params/properties/progressToken",
        message:
          'progress drafted as "notifications/progress" with tokenPointer "/progressToken" (the one property of its params named as a token, a $ref to Token): by rule, check it',
      },
      {
        pointer: "/$defs/Meta/properties/progressToken",
        message:
          'progress: requestTokenPointer drafted as "/_meta/progressToken", where the params of 2 requests hold a Token (the place most requests have): by rule, check it',
      },
      {
        pointer: "/$defs/CRequest/properties/params/properties/own",
        message:
          'progress: the params of 1 request also hold a Token at "/own" (c): not drafted; where the token there reports that request\'s progress, its progressTokenPointer can name it',
      },
    ]);
    expect(catalogSchemaErrors(result.catalog)).toEqual([]);
  });

  it("gets no request pointer when two places tie, or no request holds the token type", () => {
    const tie = draft(
      progressDoc({
        ARequest: request("a", object({ one: ref("Token") })),
        BRequest: request("b", object({ two: ref("Token") })),
      }),
    );
    expect(tie.catalog.progress).toEqual({
      method: "notifications/progress",
      tokenPointer: "/progressToken",
    });
    expect(messages(tie)).toContainEqual(
      'progress: request params hold a Token at "/one" (1 request), "/two" (1 request), none in more requests than the others: no requestTokenPointer drafted',
    );
    const none = draft(progressDoc({ ARequest: request("a", object({ x: { type: "string" } })) }));
    expect(none.catalog.progress).toEqual({
      method: "notifications/progress",
      tokenPointer: "/progressToken",
    });
    expect(messages(none)).toContainEqual(
      "progress: no request's params hold a Token, so no requestTokenPointer is drafted (name it, or a method's progressTokenPointer)",
    );
  });

  it("is not drafted from a token that is inline, of objects, or one of two, nor from a segment before the last", () => {
    const result = draft(
      schema(
        { ARequest: request("a") },
        {
          Inline: notification("x/progress", object({ token: { type: ["string", "integer"] } })),
          Objects: notification("y/progress", object({ token: ref("Empty") })),
          Two: notification("z/progress", object({ token: ref("Id"), otherToken: ref("Id") })),
          Before: notification("progress/log", object({ token: ref("Id") })),
        },
      ),
    );
    expect(result.catalog).not.toHaveProperty("progress");
    expect(messages(result)).toContainEqual(
      '"z/progress" says progress, but its params have 2 token properties (token, otherToken): not drafted as the progress notification',
    );
    expect(messages(result)).toContainEqual(
      "no progress notification inferred: no notification whose method says progress has params with one token property (a $ref to a type of strings and integers)",
    );
  });

  it("with two candidates, drafts none and names both", () => {
    const result = draft(
      schema(
        { ARequest: request("a") },
        {
          A: notification("a/progress", object({ token: ref("Id") })),
          B: notification("$/progress", object({ token: ref("Id") })),
        },
      ),
    );
    expect(result.catalog).not.toHaveProperty("progress");
    expect(messages(result)).toContainEqual(
      'progress not drafted: 2 notifications could be it ("a/progress" with token, "$/progress" with token); add `progress` to the draft',
    );
  });

  it("ends on params that refer to themselves", () => {
    const result = draft(
      progressDoc(
        { ARequest: request("a", ref("Loop")) },
        {
          Loop: {
            type: "object",
            properties: { child: ref("Loop"), more: { allOf: [ref("Loop")] } },
          },
        },
      ),
    );
    expect(result.catalog.progress).not.toHaveProperty("requestTokenPointer");
  });
});

describe("from a meta model", () => {
  const base = (name: string) => ({ kind: "base", name });
  const reference = (name: string) => ({ kind: "reference", name });
  const model = (notifications: object[]) => ({
    requests: [
      {
        method: "run",
        messageDirection: "clientToServer",
        params: reference("RunParams"),
        result: base("null"),
      },
    ],
    notifications,
    structures: [
      { name: "RunParams", mixins: [reference("Reporting")], properties: [] },
      {
        name: "Reporting",
        properties: [{ name: "workToken", type: reference("Token"), optional: true }],
      },
      { name: "StopParams", properties: [{ name: "which", type: reference("RequestId") }] },
      { name: "ReportParams", properties: [{ name: "token", type: reference("Token") }] },
    ],
    typeAliases: [
      { name: "RequestId", type: { kind: "or", items: [base("integer"), base("string")] } },
      { name: "Token", type: { kind: "or", items: [base("integer"), base("string")] } },
    ],
  });
  const stop = {
    method: "$/stop/cancel",
    messageDirection: "both",
    params: reference("StopParams"),
  };
  const report = {
    method: "$/report/progress",
    messageDirection: "both",
    params: reference("ReportParams"),
  };
  const draftModel = (document: unknown) =>
    draftCatalog({ format: "meta-model", document, file: "m.json", identity: { name: "m" } });

  it("drafts both through type aliases and mixins, pointing at the meta model's structures", () => {
    const result = draftModel(model([stop, report]));
    expect(result.catalog.cancellation).toEqual({ method: "$/stop/cancel", idProperty: "which" });
    expect(result.catalog.progress).toEqual({
      method: "$/report/progress",
      tokenPointer: "/token",
      requestTokenPointer: "/workToken",
    });
    const at = (start: string) =>
      result.notes.find((note) => note.message.startsWith(start))?.pointer;
    expect(at("cancellation drafted")).toBe("/structures/2");
    expect(at("progress drafted")).toBe("/structures/3");
    expect(at("progress: requestTokenPointer")).toBe("/structures/1");
    expect(messages(result)).toContainEqual(
      '2 methods begin with "$/" ($/stop/cancel, $/report/progress): the meta model does not say whether the prefix is reserved, so no `extensions` entry is drafted',
    );
    expect(result.catalog).not.toHaveProperty("extensions");
    expect(catalogSchemaErrors(result.catalog)).toEqual([]);
  });

  it("drafts neither when two notifications could be each", () => {
    const result = draftModel(
      model([stop, { ...stop, method: "$/cancelled" }, report, { ...report, method: "progress" }]),
    );
    expect(result.catalog).not.toHaveProperty("cancellation");
    expect(result.catalog).not.toHaveProperty("progress");
    expect(noted(result, "cancellation not drafted")[0]!.pointer).toBe("/notifications/0");
    expect(noted(result, "progress not drafted")[0]!.pointer).toBe("/notifications/2");
  });
});

describe("from an OpenRPC document", () => {
  it("drafts a cancellation notification (a method without result) whose param is a RequestId", () => {
    const document = {
      openrpc: "1.3.2",
      info: { title: "Jobs", version: "1.0.0" },
      methods: [
        {
          name: "run",
          params: [{ name: "job", schema: { type: "string" } }],
          result: { name: "done", schema: { type: "boolean" } },
        },
        {
          name: "rpc.cancel",
          paramStructure: "by-name",
          params: [
            { name: "id", required: true, schema: { $ref: "#/components/schemas/RequestId" } },
          ],
        },
      ],
      components: { schemas: { RequestId: { type: ["string", "integer"] } } },
    };
    const result = draftCatalog({ format: "openrpc", document, file: "o.json", identity: {} });
    expect(result.catalog.cancellation).toEqual({ method: "rpc.cancel", idProperty: "id" });
    expect(noted(result, "cancellation drafted")).toEqual([
      {
        pointer: "/methods/1",
        message:
          'cancellation drafted as "rpc.cancel" with idProperty "id" (a $ref to the request-id type RequestId): by rule, check it',
      },
    ]);
    expect(catalogSchemaErrors(result.catalog)).toEqual([]);
  });
});
