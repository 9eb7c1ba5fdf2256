// The parts of a drafted catalog that do not depend on the source format: the protocol and
// package identity (from the command line, else from the source, else from the file name), the
// JSON-RPC 2.0 error codes, and the `$comment` that marks the file as a draft for review.
import type { CatalogErrorCode, CatalogFile, CatalogMethod, CatalogRole } from "../types.js";
import type { Draft, DraftIdentity } from "./draft.js";

/** Begins the `$comment` of every drafted file; `--force` replaces only files that carry it. */
export const DRAFT_MARKER = "Drafted by jsonrpc-bindgen catalog init";

/** The codes JSON-RPC 2.0 itself defines (section 5.1); a source rarely lists them. */
const JSON_RPC_ERRORS: readonly CatalogErrorCode[] = [
  { code: -32700, name: "ParseError", message: "Parse error" },
  { code: -32600, name: "InvalidRequest", message: "Invalid request" },
  { code: -32601, name: "MethodNotFound", message: "Method not found" },
  { code: -32602, name: "InvalidParams", message: "Invalid params" },
  { code: -32603, name: "InternalError", message: "Internal error" },
];

export interface CatalogParts {
  /** What the source calls the protocol, if anything: its title, say. */
  readonly sourceName?: string;
  readonly sourceTitle?: string;
  readonly sourceDescription?: string;
  /** The source's version, used for the package when it is a semantic version. */
  readonly sourceVersion?: string;
  /** The input's file name, the last resort for a name. */
  readonly fileName: string;
  /** Describes the source for the `$comment`: `the JSON Schema schema.json`. */
  readonly from: string;
  readonly roles: Readonly<Record<string, CatalogRole>>;
  readonly methods: readonly CatalogMethod[];
  readonly cancellation?: CatalogFile["cancellation"];
  readonly progress?: CatalogFile["progress"];
  readonly noteCount: number;
}

export function assembleCatalog(identity: DraftIdentity, parts: CatalogParts): Draft["catalog"] {
  const name =
    identity.name ??
    machineName(parts.sourceName ?? "") ??
    machineName(parts.sourceTitle ?? "") ??
    machineName(parts.fileName.replace(/\..*$/, "")) ??
    "protocol";
  const version =
    identity.packageVersion ??
    (parts.sourceVersion !== undefined && SEMVER.test(parts.sourceVersion)
      ? parts.sourceVersion
      : "0.1.0");
  return {
    $comment:
      `${DRAFT_MARKER} from ${parts.from}, for review: ` +
      (parts.noteCount === 0
        ? "everything it needs was inferred."
        : `${parts.noteCount} ${parts.noteCount === 1 ? "note says" : "notes say"} what was inferred by rule or not inferred (printed when it was drafted).`),
    protocol: {
      name,
      title: identity.title ?? parts.sourceTitle ?? parts.sourceName ?? name,
      ...(parts.sourceDescription !== undefined && { description: parts.sourceDescription }),
    },
    package: { name: identity.packageName ?? name, version },
    roles: parts.roles,
    methods: parts.methods,
    errors: JSON_RPC_ERRORS,
    ...(parts.cancellation !== undefined && { cancellation: parts.cancellation }),
    ...(parts.progress !== undefined && { progress: parts.progress }),
  };
}

const SEMVER = /^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$/;

/** `My Protocol v2` → `my-protocol-v2`, `JSONRPCClient` → `jsonrpc-client`; undefined when nothing usable is left. */
export function machineName(text: string): string | undefined {
  const words = text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== "");
  while (words.length > 0 && /^[0-9]/.test(words[0]!)) words.shift();
  return words.length === 0 ? undefined : words.join("-");
}
