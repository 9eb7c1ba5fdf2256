// Drafts a method catalog, for review, from what a protocol publishes. Each source format has a
// module of its own; this one picks it (as told, or from the document's shape, saying which).
import { draftFromJsonSchema } from "./from-json-schema.js";
import { draftFromMetaModel } from "./from-meta-model.js";
import { draftFromOpenRpc } from "./from-openrpc.js";
import type { UnionOverride } from "./direction-unions.js";
import type { Draft, DraftIdentity } from "./draft.js";
import { isObject } from "./schema-document.js";

export { DRAFT_MARKER } from "./catalog-frame.js";
export type { Draft, DraftIdentity, DraftNote } from "./draft.js";
export type { UnionKind, UnionOverride } from "./direction-unions.js";
export { DraftOutputError, draftText, writeDraftFiles, type DraftFile } from "./write-draft.js";

/** The formats a catalog can be drafted from. */
export const SOURCE_FORMATS = ["json-schema", "meta-model", "openrpc"] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** Which formats bring their own types, so that the draft includes a JSON Schema. */
export function draftsSchema(format: SourceFormat): boolean {
  return format !== "json-schema";
}

export interface DraftRequest {
  readonly format: SourceFormat;
  readonly document: unknown;
  /** How the document's file is named in notes and problems. */
  readonly file: string;
  readonly identity: DraftIdentity;
  readonly unions?: readonly UnionOverride[];
}

export function draftCatalog(request: DraftRequest): Draft {
  switch (request.format) {
    case "json-schema":
      return draftFromJsonSchema(request.document, request.file, request.identity, {
        ...(request.unions !== undefined && { unions: request.unions }),
      });
    case "meta-model":
      return draftFromMetaModel(request.document, request.file, request.identity);
    case "openrpc":
      return draftFromOpenRpc(request.document, request.file, request.identity);
  }
}

/** The format a document's shape says it is in, if it says. */
export function detectFormat(document: unknown): SourceFormat | undefined {
  if (!isObject(document)) return undefined;
  if (typeof document["openrpc"] === "string") return "openrpc";
  if (Array.isArray(document["requests"]) || Array.isArray(document["notifications"]))
    return "meta-model";
  if (isObject(document["$defs"]) || isObject(document["definitions"])) return "json-schema";
  return undefined;
}
