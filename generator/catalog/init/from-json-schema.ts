// Drafts a catalog from a JSON Schema that describes its messages: a definition is a method when
// its `properties.method` is a `const` string (the method's name on the wire); direction unions
// (direction-unions.ts) say which role sends it and whether it is a request or a notification.
// Params are the definition's `properties.params` (a definition name when it is a bare `$ref`,
// else a JSON pointer to it), optional when `params` is not in `required`. A request's result
// is, in this order: its `properties.result`; the definition named like it with `Result` for
// `Request` (`ListToolsRequest` → `ListToolsResult`); the one member of the receiver's result
// union that no request claims by name (reported); the receiver's result union itself
// (reported). The annotations of annotations.ts (x-method, x-side, x-kind, x-result, ...) say
// what the names and unions do not, and win over them. Whatever is left unsaid is reported,
// never guessed silently.
import { childPointer } from "../../core/diagnostics.js";
import type { CatalogMethod, CatalogRole } from "../types.js";
import { readAnnotations, saysDirection, type Annotations } from "./annotations.js";
import { draftCallFeatures } from "./call-features.js";
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
  "not inferred (a schema of messages does not say): role lifecycles, the protocol's own error codes, extension prefixes";

export interface JsonSchemaSourceOptions {
  readonly unions?: readonly UnionOverride[];
}

interface MessageDefinition {
  readonly definition: string;
  readonly method: string;
  readonly schema: JsonObject;
  /** A whole message (it has `properties.method`), rather than the method's params. */
  readonly envelope: boolean;
  readonly annotations: Annotations;
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
  // Results marked by x-method on a result definition, by method name.
  const annotatedResults = new Map<string, string>();
  for (const [definition, value] of doc.definitions) {
    const at = definitionPointer(doc, definition);
    const annotations = readAnnotations(value, at, problems);
    const constant = methodConst(doc, definition, value, problems);
    const method = annotations.method ?? constant;
    if (method === undefined) continue;
    const properties = value["properties"];
    const envelope = isObject(properties) && properties["method"] !== undefined;
    const isResult =
      annotations.kind === "result" ||
      (annotations.kind === undefined && !envelope && /(Result|Response)$/.test(definition));
    if (isResult) {
      if (annotatedResults.has(method))
        notes.add(
          at,
          `a second result for "${method}" (first: ${annotatedResults.get(method)}); this one is left out`,
        );
      else annotatedResults.set(method, definition);
      continue;
    }
    messages.set(definition, { definition, method, schema: value, envelope, annotations });
  }
  const unions = findDirectionUnions(doc, (name) => messages.has(name), options.unions, problems);
  problems.throwIfAny();
  if (messages.size === 0)
    problems.add(
      "/" + doc.section,
      "no definition names a method: none has a `properties.method.const` string or an x-method annotation",
    );
  const annotatedRoles = [...messages.values()].flatMap((message) =>
    [message.annotations.from, message.annotations.side].filter(
      (role): role is string => role !== undefined,
    ),
  );
  if (unions.length === 0 && annotatedRoles.length === 0 && messages.size > 0)
    problems.add(
      "/" + doc.section,
      "no direction unions: no `<Role>Request` or `<Role>Notification` anyOf/oneOf lists the method definitions (name them with --unions, or annotate them with x-side)",
    );
  problems.throwIfAny();

  const roleIds = [...new Set([...unions.map((union) => union.role), ...annotatedRoles])];
  const roles: Record<string, CatalogRole> = {};
  for (const role of roleIds) {
    const sends = unions.filter((union) => union.role === role).map((union) => union.definition);
    roles[role] =
      sends.length > 0 ? { description: `Sends the members of ${sends.join(", ")}.` } : {};
  }
  if (roleIds.length === 1) {
    notes.add(
      "/" + doc.section,
      `only one role ("${roleIds[0]}") is named: the other side of its methods is drafted as a role "peer"`,
    );
    roles["peer"] = { description: "The other side (not named by the schema)." };
  }
  const allRoles = Object.keys(roles);
  const otherThan = (role: string, pointer: string, method: string, saying: string): string => {
    const others = allRoles.filter((other) => other !== role);
    if (others.length > 1)
      notes.add(
        pointer,
        `"${method}": ${saying}: drafted as "${others[0]}" (of ${others.join(", ")})`,
      );
    return others[0]!;
  };

  // Results named like their request, to leave them out of the "unclaimed" members of a union.
  const claimedByName = new Set<string>(annotatedResults.values());
  for (const message of messages.values()) {
    const named = resultByName(doc, message.definition);
    if (named !== undefined) claimedByName.add(named);
  }

  const methods: CatalogMethod[] = [];
  const seen = new Set<string>();
  // The types the request messages give their `id`: the document's request-id type.
  const requestIdTypes = new Set<string>();
  for (const message of messages.values()) {
    const at = definitionPointer(doc, message.definition);
    const annotations = message.annotations;
    const listing = unions.filter(
      (union) => union.kind !== "results" && union.members.includes(message.definition),
    );
    if (listing.length === 0 && !saysDirection(annotations)) {
      notes.add(
        at,
        `"${message.method}" is in no direction union and has no x-side or x-from, so it is left out`,
      );
      continue;
    }
    if (seen.has(message.method)) {
      notes.add(at, `"${message.method}" is defined again here; this definition is left out`);
      continue;
    }
    seen.add(message.method);

    let from: string;
    let to: string;
    let bothDirections = annotations.both === true;
    if (saysDirection(annotations)) {
      from =
        annotations.from ??
        otherThan(
          annotations.side!,
          at,
          message.method,
          "x-side names the receiver, not the sender",
        );
      to =
        annotations.side ??
        otherThan(from, at, message.method, "x-from names the sender, not the receiver");
    } else {
      const senders = [...new Set(listing.map((union) => union.role))];
      from = senders[0]!;
      const pairSends = senders.length >= 2 && roleIds.length === 2;
      to = pairSends
        ? senders[1]!
        : otherThan(
            from,
            at,
            message.method,
            `the unions say that "${from}" sends it, not to whom`,
          );
      bothDirections ||= pairSends;
      if (senders.length > 2 || (senders.length === 2 && roleIds.length > 2))
        notes.add(
          at,
          `"${message.method}" is sent by ${senders.join(", ")}: the catalog has one sender and one receiver per method (and both directions of two roles), so it is drafted as sent by "${from}" to "${to}"`,
        );
    }
    if (from === to) {
      notes.add(at, `"${message.method}" would go from "${from}" to itself, so it is left out`);
      continue;
    }

    const kinds = new Set(listing.map((union) => union.kind));
    if (kinds.size > 1 && annotations.kind === undefined)
      notes.add(
        at,
        `"${message.method}" is listed both as a request and as a notification (${listing.map((union) => union.definition).join(", ")}): drafted as a request`,
      );
    const receivers = bothDirections ? [from, to] : [to];
    const knownResult =
      annotations.result ??
      annotatedResults.get(message.method) ??
      resultByName(doc, message.definition);
    let kind: "request" | "notification";
    if (annotations.kind === "request" || annotations.kind === "notification")
      kind = annotations.kind;
    else if (kinds.has("requests")) kind = "request";
    else if (kinds.has("notifications")) kind = "notification";
    else if (
      knownResult !== undefined ||
      (message.envelope && hasProperty(message.schema, "result"))
    )
      kind = "request";
    else if (message.envelope && hasProperty(message.schema, "id")) kind = "request";
    else {
      kind = "notification";
      notes.add(
        at,
        `"${message.method}": no x-kind, no union and no result: drafted as a notification`,
      );
    }

    const entry: Record<string, unknown> = { name: message.method, kind, from, to };
    if (bothDirections) entry["bothDirections"] = true;
    if (message.envelope) Object.assign(entry, paramsOf(doc, message, at, notes));
    else {
      entry["params"] = message.definition;
      if (annotations.optionalParams === true) entry["optionalParams"] = true;
    }
    if (kind === "request") {
      const id = isObject(message.schema["properties"])
        ? message.schema["properties"]["id"]
        : undefined;
      const idType = message.envelope ? referencedDefinition(doc, id) : undefined;
      if (idType !== undefined && doc.definitions.has(idType)) requestIdTypes.add(idType);
      let result: string | undefined;
      if (annotations.result !== undefined)
        result = annotatedReference(
          doc,
          annotations.result,
          childPointer(at, "x-result"),
          problems,
        );
      else if (annotatedResults.has(message.method)) result = annotatedResults.get(message.method);
      else result = resultOf(doc, message, at, receivers, unions, claimedByName, notes);
      if (result !== undefined) entry["result"] = result;
    }
    if (typeof message.schema["description"] === "string")
      entry["description"] = message.schema["description"];
    if (annotations.deprecated !== undefined) entry["deprecated"] = annotations.deprecated;
    else if (message.schema["deprecated"] === true) entry["deprecated"] = true;
    if (annotations.since !== undefined) entry["since"] = annotations.since;
    methods.push(entry as unknown as CatalogMethod);
  }
  problems.throwIfAny();
  for (const [method, definition] of annotatedResults)
    if (!seen.has(method))
      notes.add(
        definitionPointer(doc, definition),
        `a result for "${method}", which no method definition names: left out`,
      );

  const features = draftCallFeatures(
    {
      root: doc.root,
      section: doc.section,
      methods,
      requestIdTypes,
      methodPointer: (name) => {
        const message = [...messages.values()].find((candidate) => candidate.method === name);
        return message === undefined ? "" : definitionPointer(doc, message.definition);
      },
      sourcePointer: (pointer) => pointer,
    },
    notes,
  );
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
    methods: features.methods,
    ...(features.cancellation && { cancellation: features.cancellation }),
    ...(features.progress && { progress: features.progress }),
    noteCount: notes.list.length,
  });
  return { catalog, notes: notes.list };
}

function hasProperty(schema: JsonObject, name: string): boolean {
  const properties = schema["properties"];
  return isObject(properties) && properties[name] !== undefined;
}

/** An x-result value: a definition that exists, or a `#/` pointer (the generator checks it). */
function annotatedReference(
  doc: SchemaDocument,
  reference: string,
  pointer: string,
  problems: DraftProblems,
): string | undefined {
  if (reference.startsWith("#/") || doc.definitions.has(reference)) return reference;
  problems.add(
    pointer,
    `no definition "${reference}" under ${doc.section} (x-result takes a definition name or a #/ pointer)`,
  );
  return undefined;
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
  const optional = message.annotations.optionalParams ?? !required.includes("params");
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
  const properties = isObject(message.schema["properties"]) ? message.schema["properties"] : {};
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
