// Drafts, from the schema a catalog's types live in, what the catalog says about calls beyond
// their messages: the cancellation notification, the progress notification with the places of
// its token, and the requests the document says must not be cancelled. The rules, for any
// protocol (each inference is noted with its pointers, for review; with more than one candidate
// nothing is drafted and the candidates are noted):
//
// - Cancellation: a notification whose method's last segment has a word beginning with
//   `cancel` (`$/cancelRequest`, `notifications/cancelled`) and whose params have exactly one
//   request-id property: one whose schema is only a `$ref` to the document's request-id type
//   (the type of the request messages' `id`, else a definition named `RequestId`), or one named
//   `id` or `…Id` whose values are strings and integers only.
// - Progress: a notification whose method's last segment has the word `progress` and whose
//   params have exactly one property named with the word `token` that is only a `$ref` to a
//   definition of strings and integers (the token type). The request token pointer is the place
//   in request params, found through properties, `$ref`s and `allOf`/`anyOf`/`oneOf`, that holds
//   that same type in the most requests; other places of it are noted, not drafted.
// - Not cancellable: a sentence of the cancellation notification's description that says
//   `MUST NOT` or `SHALL NOT` … `cancel` … and names a request in backticks after it.
import { childPointer, escapePointerToken } from "../../core/diagnostics.js";
import type { CatalogFile, CatalogMethod } from "../types.js";
import type { Notes } from "./draft.js";
import {
  isStringOrInteger,
  lastSegmentWords,
  onlyReference,
  propertiesOf,
  resolveLocal,
  scalarTypes,
  words,
  type FoundProperty,
} from "./schema-properties.js";
import { isObject, type JsonObject } from "./schema-document.js";

export interface CallFeatureSource {
  /** The schema document the catalog's `params` and `result` name definitions of. */
  readonly root: JsonObject;
  readonly section: "$defs" | "definitions";
  readonly methods: readonly CatalogMethod[];
  /** Definitions the document's request messages use as their `id` (none: go by name). */
  readonly requestIdTypes?: ReadonlySet<string>;
  /** Where a method is in the source document, for notes. */
  readonly methodPointer: (method: string) => string;
  /** Where a place of the schema (`/$defs/X/...`) comes from in the source document, for notes. */
  readonly sourcePointer: (schemaPointer: string) => string;
}

export interface CallFeatures {
  readonly cancellation?: NonNullable<CatalogFile["cancellation"]>;
  readonly progress?: NonNullable<CatalogFile["progress"]>;
  /** The methods with `cancellable: false` where the document says so. */
  readonly methods: CatalogMethod[];
}

/** How deep into request params the token search goes (MCP's `/_meta/progressToken` is 2). */
const TOKEN_DEPTH = 4;

export function draftCallFeatures(source: CallFeatureSource, notes: Notes): CallFeatures {
  const cancellation = draftCancellation(source, notes);
  const progress = draftProgress(source, notes);
  const methods = cancellation
    ? markNotCancellable(source, cancellation.method, notes)
    : [...source.methods];
  return {
    ...(cancellation && { cancellation }),
    ...(progress && { progress }),
    methods,
  };
}

/** The params schema a drafted method names, with its pointer, if it names one. */
function paramsSchema(
  source: CallFeatureSource,
  method: CatalogMethod,
): { schema: JsonObject; pointer: string } | undefined {
  if (method.params === undefined) return undefined;
  if (method.params.startsWith("#")) return resolveLocal(source.root, method.params);
  const definitions = source.root[source.section];
  const schema = isObject(definitions) ? definitions[method.params] : undefined;
  return isObject(schema)
    ? { schema, pointer: childPointer("/" + source.section, method.params) }
    : undefined;
}

function paramProperties(source: CallFeatureSource, method: CatalogMethod): FoundProperty[] {
  const params = paramsSchema(source, method);
  return params === undefined
    ? []
    : [...propertiesOf(source.root, params.schema, params.pointer).values()];
}

function definitionExists(source: CallFeatureSource, name: string): boolean {
  const definitions = source.root[source.section];
  return isObject(definitions) && isObject(definitions[name]);
}

function draftCancellation(
  source: CallFeatureSource,
  notes: Notes,
): CallFeatures["cancellation"] | undefined {
  const idTypes = new Set(source.requestIdTypes ?? []);
  if (idTypes.size === 0) {
    const definitions = source.root[source.section];
    for (const name of isObject(definitions) ? Object.keys(definitions) : [])
      if (words(name).join(" ") === "request id") idTypes.add(name);
  }
  const isRequestId = (property: FoundProperty): string | undefined => {
    const referenced = onlyReference(property.schema, source.section);
    if (referenced !== undefined && idTypes.has(referenced))
      return `a $ref to the request-id type ${referenced}`;
    const named = words(property.name);
    if (
      named[named.length - 1] === "id" &&
      isStringOrInteger(scalarTypes(source.root, property.schema))
    )
      return "named as an id, with values of strings and integers";
    return undefined;
  };

  const candidates: Array<{ method: CatalogMethod; property: FoundProperty; why: string }> = [];
  for (const method of source.methods) {
    if (method.kind !== "notification") continue;
    if (!lastSegmentWords(method.name).some((word) => word.startsWith("cancel"))) continue;
    const ids = paramProperties(source, method).flatMap((property) => {
      const why = isRequestId(property);
      return why === undefined ? [] : [{ property, why }];
    });
    if (ids.length > 1) {
      notes.add(
        source.methodPointer(method.name),
        `"${method.name}" says cancel, but its params have ${ids.length} request-id properties (${ids.map((id) => id.property.name).join(", ")}): not drafted as the cancellation notification`,
      );
      continue;
    }
    if (ids.length === 1) candidates.push({ method, ...ids[0]! });
  }
  if (candidates.length === 0) {
    notes.add(
      "",
      "no cancellation notification inferred: no notification whose method says cancel has params with one request-id property",
    );
    return undefined;
  }
  if (candidates.length > 1) {
    notes.add(
      source.methodPointer(candidates[0]!.method.name),
      `cancellation not drafted: ${candidates.length} notifications could be it (${candidates.map((candidate) => `"${candidate.method.name}" with ${candidate.property.name}`).join(", ")}); add \`cancellation\` to the draft`,
    );
    return undefined;
  }
  const [{ method, property, why }] = candidates as [(typeof candidates)[number]];
  notes.add(
    source.sourcePointer(property.pointer),
    `cancellation drafted as "${method.name}" with idProperty "${property.name}" (${why}): by rule, check it`,
  );
  return { method: method.name, idProperty: property.name };
}

function draftProgress(
  source: CallFeatureSource,
  notes: Notes,
): CallFeatures["progress"] | undefined {
  const candidates: Array<{ method: CatalogMethod; property: FoundProperty; type: string }> = [];
  for (const method of source.methods) {
    if (method.kind !== "notification") continue;
    if (!lastSegmentWords(method.name).includes("progress")) continue;
    const tokens = paramProperties(source, method).flatMap((property) => {
      if (!words(property.name).includes("token")) return [];
      const type = onlyReference(property.schema, source.section);
      if (type === undefined || !definitionExists(source, type)) return [];
      return isStringOrInteger(scalarTypes(source.root, property.schema))
        ? [{ property, type }]
        : [];
    });
    if (tokens.length > 1) {
      notes.add(
        source.methodPointer(method.name),
        `"${method.name}" says progress, but its params have ${tokens.length} token properties (${tokens.map((token) => token.property.name).join(", ")}): not drafted as the progress notification`,
      );
      continue;
    }
    if (tokens.length === 1) candidates.push({ method, ...tokens[0]! });
  }
  if (candidates.length === 0) {
    notes.add(
      "",
      "no progress notification inferred: no notification whose method says progress has params with one token property (a $ref to a type of strings and integers)",
    );
    return undefined;
  }
  if (candidates.length > 1) {
    notes.add(
      source.methodPointer(candidates[0]!.method.name),
      `progress not drafted: ${candidates.length} notifications could be it (${candidates.map((candidate) => `"${candidate.method.name}" with ${candidate.property.name}`).join(", ")}); add \`progress\` to the draft`,
    );
    return undefined;
  }
  const [{ method, property, type }] = candidates as [(typeof candidates)[number]];
  const tokenPointer = "/" + escapePointerToken(property.name);
  notes.add(
    source.sourcePointer(property.pointer),
    `progress drafted as "${method.name}" with tokenPointer "${tokenPointer}" (the one property of its params named as a token, a $ref to ${type}): by rule, check it`,
  );

  // Where each request's params hold the token type.
  const places = new Map<string, { methods: string[]; at: string }>();
  for (const request of source.methods) {
    if (request.kind !== "request") continue;
    const params = paramsSchema(source, request);
    if (params === undefined) continue;
    const found = new Map<string, string>();
    tokenPlaces(source, params.schema, params.pointer, type, "", 0, found);
    for (const [pointer, at] of found) {
      const place = places.get(pointer) ?? { methods: [], at };
      place.methods.push(request.name);
      places.set(pointer, place);
    }
  }
  const ranked = [...places].sort((a, b) => b[1].methods.length - a[1].methods.length);
  if (ranked.length === 0) {
    notes.add(
      "",
      `progress: no request's params hold a ${type}, so no requestTokenPointer is drafted (name it, or a method's progressTokenPointer)`,
    );
    return { method: method.name, tokenPointer };
  }
  if (ranked.length > 1 && ranked[0]![1].methods.length === ranked[1]![1].methods.length) {
    notes.add(
      source.sourcePointer(ranked[0]![1].at),
      `progress: request params hold a ${type} at ${ranked.map(([pointer, place]) => `"${pointer}" (${requestCount(place.methods.length)})`).join(", ")}, none in more requests than the others: no requestTokenPointer drafted`,
    );
    return { method: method.name, tokenPointer };
  }
  const [requestTokenPointer, chosen] = ranked[0]!;
  notes.add(
    source.sourcePointer(chosen.at),
    `progress: requestTokenPointer drafted as "${requestTokenPointer}", where the params of ${requestCount(chosen.methods.length)} hold a ${type} (the place most requests have): by rule, check it`,
  );
  for (const [pointer, place] of ranked.slice(1))
    notes.add(
      source.sourcePointer(place.at),
      `progress: the params of ${requestCount(place.methods.length)} also hold a ${type} at "${pointer}" (${place.methods.join(", ")}): not drafted; where the token there reports that request's progress, its progressTokenPointer can name it`,
    );
  return { method: method.name, tokenPointer, requestTokenPointer };
}

function requestCount(count: number): string {
  return count === 1 ? "1 request" : `${count} requests`;
}

/** Pointers (within the params) to properties that are only a `$ref` to `type`. */
function tokenPlaces(
  source: CallFeatureSource,
  schema: JsonObject,
  at: string,
  type: string,
  prefix: string,
  depth: number,
  found: Map<string, string>,
): void {
  if (depth >= TOKEN_DEPTH) return;
  for (const property of propertiesOf(source.root, schema, at).values()) {
    const pointer = prefix + "/" + escapePointerToken(property.name);
    if (onlyReference(property.schema, source.section) === type) {
      if (!found.has(pointer)) found.set(pointer, property.pointer);
      continue;
    }
    tokenPlaces(source, property.schema, property.pointer, type, pointer, depth + 1, found);
  }
}

/** The RFC 2119 prohibition of cancelling, in one sentence, followed by a backticked name. */
const PROHIBITION = /\b(?:MUST|SHALL) NOT\b[^.]*?\bcancel\b[^.]*?`([^`]+)`/g;

function markNotCancellable(
  source: CallFeatureSource,
  notification: string,
  notes: Notes,
): CatalogMethod[] {
  const entry = source.methods.find((method) => method.name === notification);
  const text = entry?.description ?? "";
  const requests = new Set(
    source.methods.filter((method) => method.kind === "request").map((method) => method.name),
  );
  const named = new Set<string>();
  for (const sentence of text.split(/(?<=[.!?])\s+/))
    for (const match of sentence.matchAll(PROHIBITION))
      if (requests.has(match[1]!)) named.add(match[1]!);
  for (const name of named)
    notes.add(
      source.methodPointer(name),
      `"${name}" drafted as cancellable: false, as the description of "${notification}" forbids cancelling it: by rule, check it`,
    );
  return source.methods.map((method) =>
    named.has(method.name) ? ({ ...method, cancellable: false } as CatalogMethod) : method,
  );
}
