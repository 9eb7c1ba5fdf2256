// Drafts a catalog from a JSON Schema that describes its messages: a definition is a method when
// its `properties.method` is a `const` string (the method's name on the wire); direction unions
// (direction-unions.ts) say which role sends it and whether it is a request or a notification.
// Params are the definition's `properties.params` (a definition name when it is a bare `$ref`,
// else a JSON pointer to it), optional when `params` is not in `required`. A request's result
// is, in this order: its `properties.result`; the definition named like it with `Result` for
// `Request` (`ListToolsRequest` → `ListToolsResult`); the one member of the receiver's result
// union that no request claims by name (reported); the receiver's result union itself
// (reported). Whatever is left unsaid is reported, never guessed silently.
import { childPointer } from "../../core/diagnostics.js";
import type { CatalogMethod, CatalogRole } from "../types.js";
import { assembleCatalog } from "./catalog-frame.js";
import {
  findDirectionUnions,
  type DirectionUnion,
  type UnionOverride,
} from "./direction-unions.js";
import { Notes, type Draft, type DraftIdentity } from "./draft.js";
import { DraftProblems } from "./draft-error.js";
import {
  definitionPointer,
  isObject,
  readSchemaDocument,
  referencedDefinition,
  type JsonObject,
  type SchemaDocument,
} from "./schema-document.js";

/** What a JSON Schema of messages does not say, for any protocol: reported on every draft. */
const NOT_IN_A_SCHEMA =
  "not inferred (a schema of messages does not say): the cancellation notification, role lifecycles, the protocol's own error codes, extension prefixes";

export interface JsonSchemaSourceOptions {
  readonly unions?: readonly UnionOverride[];
}

interface MessageDefinition {
  readonly definition: string;
  readonly method: string;
  readonly schema: JsonObject;
}

export function draftFromJsonSchema(
  document: unknown,
  file: string,
  identity: DraftIdentity,
  options: JsonSchemaSourceOptions = {},
): Draft {
  const problems = new DraftProblems(file);
  const notes = new Notes();
  const schema = readSchemaDocument(document, problems);
  problems.throwIfAny();
  const doc = schema!;

  const messages = new Map<string, MessageDefinition>();
  for (const [definition, value] of doc.definitions) {
    const method = methodConst(doc, definition, value, problems);
    if (method !== undefined) messages.set(definition, { definition, method, schema: value });
  }
  const unions = findDirectionUnions(doc, (name) => messages.has(name), options.unions, problems);
  problems.throwIfAny();
  if (messages.size === 0)
    problems.add(
      "/" + doc.section,
      "no definition names a method: none has a `properties.method.const` string",
    );
  if (unions.length === 0 && messages.size > 0)
    problems.add(
      "/" + doc.section,
      "no direction unions: no `<Role>Request` or `<Role>Notification` anyOf/oneOf lists the method definitions (name them with --union)",
    );
  problems.throwIfAny();

  const roleIds = [...new Set(unions.map((union) => union.role))];
  const roles: Record<string, CatalogRole> = {};
  for (const role of roleIds)
    roles[role] = {
      description: `Sends the members of ${unions
        .filter((union) => union.role === role)
        .map((union) => union.definition)
        .join(", ")}.`,
    };
  if (roleIds.length === 1) {
    notes.add(
      definitionPointer(doc, unions[0]!.definition),
      `only one role ("${roleIds[0]}") sends anything: its methods are drafted as sent to a role "peer"`,
    );
    roles["peer"] = {
      description: "The role that receives every method (not named by the schema).",
    };
  }
  const receiverOf = (sender: string, pointer: string, method: string): string => {
    const others = Object.keys(roles).filter((role) => role !== sender);
    if (others.length > 1)
      notes.add(
        pointer,
        `"${method}": the unions say that "${sender}" sends it, not to whom: drafted as sent to "${others[0]}" (of ${others.join(", ")})`,
      );
    return others[0]!;
  };

  // Results named like their request, to leave them out of the "unclaimed" members of a union.
  const claimedByName = new Set<string>();
  for (const message of messages.values()) {
    const named = resultByName(doc, message.definition);
    if (named !== undefined) claimedByName.add(named);
  }

  const methods: CatalogMethod[] = [];
  const seen = new Set<string>();
  for (const message of messages.values()) {
    const at = definitionPointer(doc, message.definition);
    const listing = unions.filter(
      (union) => union.kind !== "results" && union.members.includes(message.definition),
    );
    if (listing.length === 0) {
      notes.add(at, `"${message.method}" is in no direction union, so it is left out`);
      continue;
    }
    if (seen.has(message.method)) {
      notes.add(at, `"${message.method}" is defined again here; this definition is left out`);
      continue;
    }
    seen.add(message.method);
    const kinds = new Set(listing.map((union) => union.kind));
    const kind = kinds.has("requests") ? "request" : "notification";
    if (kinds.size > 1)
      notes.add(
        at,
        `"${message.method}" is listed both as a request and as a notification (${listing.map((union) => union.definition).join(", ")}): drafted as a request`,
      );
    const senders = [...new Set(listing.map((union) => union.role))];
    const from = senders[0]!;
    const to =
      senders.length >= 2 && roleIds.length === 2
        ? senders[1]!
        : receiverOf(from, at, message.method);
    const bothDirections = senders.length >= 2 && roleIds.length === 2;
    if (senders.length > 2 || (senders.length === 2 && roleIds.length > 2))
      notes.add(
        at,
        `"${message.method}" is sent by ${senders.join(", ")}: the catalog has one sender and one receiver per method (and both directions of two roles), so it is drafted as sent by "${from}" to "${to}"`,
      );

    const entry: Record<string, unknown> = { name: message.method, kind, from, to };
    if (bothDirections) entry["bothDirections"] = true;
    Object.assign(entry, paramsOf(doc, message, at, notes));
    if (kind === "request") {
      const result = resultOf(
        doc,
        message,
        at,
        bothDirections ? senders : [to],
        unions,
        claimedByName,
        notes,
      );
      if (result !== undefined) entry["result"] = result;
    }
    if (typeof message.schema["description"] === "string")
      entry["description"] = message.schema["description"];
    if (message.schema["deprecated"] === true) entry["deprecated"] = true;
    methods.push(entry as unknown as CatalogMethod);
  }

  notes.add("", NOT_IN_A_SCHEMA);
  const title = typeof doc.root["title"] === "string" ? doc.root["title"] : undefined;
  const description =
    typeof doc.root["description"] === "string" ? doc.root["description"] : undefined;
  const catalog = assembleCatalog(identity, {
    ...(title !== undefined && { sourceTitle: title }),
    ...(description !== undefined && { sourceDescription: description }),
    fileName: baseName(file),
    from: `the JSON Schema ${baseName(file)}`,
    roles,
    methods,
    noteCount: notes.list.length,
  });
  return { catalog, notes: notes.list };
}

/** The method name a definition carries as `properties.method.const`, if it carries one. */
function methodConst(
  doc: SchemaDocument,
  definition: string,
  schema: JsonObject,
  problems: DraftProblems,
): string | undefined {
  const properties = schema["properties"];
  if (!isObject(properties) || !isObject(properties["method"])) return undefined;
  const method = properties["method"];
  if (!Object.hasOwn(method, "const")) return undefined;
  const value = method["const"];
  if (typeof value !== "string" || value === "") {
    problems.add(
      childPointer(definitionPointer(doc, definition), "properties", "method", "const"),
      `a method name must be a non-empty string, found ${JSON.stringify(value)}`,
    );
    return undefined;
  }
  return value;
}

function paramsOf(
  doc: SchemaDocument,
  message: MessageDefinition,
  at: string,
  notes: Notes,
): { params?: string; optionalParams?: true } {
  const properties = message.schema["properties"] as JsonObject;
  const params = properties["params"];
  if (params === undefined) {
    notes.add(
      childPointer(at, "properties"),
      `"${message.method}" has no \`params\` property: drafted as taking no params`,
    );
    return {};
  }
  const required = Array.isArray(message.schema["required"]) ? message.schema["required"] : [];
  const optional = !required.includes("params");
  return {
    params: typeReference(doc, params, childPointer(at, "properties", "params")),
    ...(optional && { optionalParams: true as const }),
  };
}

function resultOf(
  doc: SchemaDocument,
  message: MessageDefinition,
  at: string,
  receivers: readonly string[],
  unions: readonly DirectionUnion[],
  claimedByName: ReadonlySet<string>,
  notes: Notes,
): string | undefined {
  const properties = message.schema["properties"] as JsonObject;
  if (properties["result"] !== undefined)
    return typeReference(doc, properties["result"], childPointer(at, "properties", "result"));
  const named = resultByName(doc, message.definition);
  if (named !== undefined) return named;
  const resultUnions = unions.filter(
    (union) => union.kind === "results" && receivers.includes(union.role),
  );
  if (resultUnions.length === 0) {
    notes.add(
      at,
      `no result for request "${message.method}": no \`properties.result\`, no definition named like it, no result union of ${receivers.join(", ")}; add \`result\` to the draft`,
    );
    return undefined;
  }
  // Members every receiver's result union lists and no request claims by name.
  const unclaimed = resultUnions[0]!.members.filter(
    (member) =>
      !claimedByName.has(member) && resultUnions.every((union) => union.members.includes(member)),
  );
  if (unclaimed.length === 1) {
    notes.add(
      at,
      `result of "${message.method}" taken as ${unclaimed[0]}, the one member of ${resultUnions.map((union) => union.definition).join(" and ")} that no request is named for`,
    );
    return unclaimed[0];
  }
  const union = resultUnions[0]!;
  notes.add(
    at,
    `result of "${message.method}" not inferred: drafted as the whole ${union.definition}`,
  );
  return union.definition;
}

/** `XRequest` → `XResult`, when the schema defines it. */
function resultByName(doc: SchemaDocument, definition: string): string | undefined {
  if (!definition.endsWith("Request")) return undefined;
  const name = definition.slice(0, -"Request".length) + "Result";
  return doc.definitions.has(name) ? name : undefined;
}

/** A definition name for a bare `$ref` to one, else a JSON pointer to the schema itself. */
function typeReference(doc: SchemaDocument, schema: unknown, pointer: string): string {
  const onlyRef =
    isObject(schema) && Object.keys(schema).every((key) => key === "$ref" || key === "description");
  const name = onlyRef ? referencedDefinition(doc, schema) : undefined;
  return name !== undefined && doc.definitions.has(name) ? name : "#" + pointer;
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
