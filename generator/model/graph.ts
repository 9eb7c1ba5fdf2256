// The loaded schema files as one graph: JSON pointers into any file, and `$ref`s from one place
// to another, with errors that name the `$ref` that could not be followed.
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { InputError } from "../core/diagnostics.js";
import type { SourceLocation } from "../core/ir.js";
import type { SchemaDocuments } from "../load/index.js";

/** A place in one of the schema files: an absolute path and a JSON pointer. */
export interface SchemaAddress {
  readonly file: string;
  readonly pointer: string;
}

export function addressKey(address: SchemaAddress): string {
  return `${address.file}#${address.pointer}`;
}

export class SchemaGraph {
  readonly root: string;
  private readonly documents: ReadonlyMap<string, unknown>;
  private readonly unreadable: ReadonlyMap<string, string>;
  private readonly displayPath: (file: string) => string;

  constructor(schema: SchemaDocuments, displayPath: (file: string) => string) {
    this.root = schema.root;
    this.documents = schema.documents;
    this.unreadable = schema.unreadable;
    this.displayPath = displayPath;
  }

  /** The location as it appears in messages and IR (`file` relative to the working folder). */
  location(address: SchemaAddress): SourceLocation {
    return { file: this.displayPath(address.file), pointer: address.pointer };
  }

  documentFiles(): string[] {
    return [...this.documents.keys()];
  }

  /** The value at `address`, or `undefined` when the pointer leads nowhere. */
  get(address: SchemaAddress): unknown {
    let value = this.documents.get(address.file);
    if (address.pointer === "") return value;
    for (const raw of address.pointer.slice(1).split("/")) {
      const token = raw.replace(/~1/g, "/").replace(/~0/g, "~");
      if (Array.isArray(value) && /^(0|[1-9][0-9]*)$/.test(token)) value = value[Number(token)];
      else if (typeof value === "object" && value !== null && Object.hasOwn(value, token)) {
        value = (value as Record<string, unknown>)[token];
      } else return undefined;
    }
    return value;
  }

  /** Follows the `$ref` found at `from`, or explains why it cannot be followed. */
  resolveRef(from: SchemaAddress, ref: string): SchemaAddress {
    const fail = (message: string): never => {
      throw InputError.at(
        this.location({ file: from.file, pointer: from.pointer + "/$ref" }),
        message,
      );
    };
    const hash = ref.indexOf("#");
    const filePart = hash === -1 ? ref : ref.slice(0, hash);
    let fragment = "";
    try {
      fragment = hash === -1 ? "" : decodeURIComponent(ref.slice(hash + 1));
    } catch {
      fail(`$ref "${ref}" has a malformed %-escape in its fragment`);
    }
    if (fragment !== "" && !fragment.startsWith("/")) {
      fail(`$ref "${ref}" uses an anchor; only JSON pointer fragments (#/...) are supported`);
    }
    let file = from.file;
    if (filePart !== "" && filePart !== this.idOf(from.file)) {
      let url: URL;
      try {
        url = new URL(filePart, pathToFileURL(from.file));
      } catch {
        return fail(`$ref "${ref}" is not a valid reference`);
      }
      if (url.protocol !== "file:")
        fail(`$ref "${ref}" points outside the local files (remote schemas are not fetched)`);
      try {
        file = path.resolve(fileURLToPath(url));
      } catch {
        return fail(`$ref "${ref}" is not a valid file reference (a malformed %-escape?)`);
      }
    }
    const reason = this.unreadable.get(file);
    if (reason !== undefined)
      fail(`$ref "${ref}" points to a file that cannot be loaded: ${reason}`);
    if (!this.documents.has(file))
      fail(`$ref "${ref}" points to ${this.displayPath(file)}, which was not loaded`);
    const target = { file, pointer: fragment };
    if (this.get(target) === undefined) {
      fail(
        `$ref "${ref}" points to nothing: ${this.displayPath(file)} has no value at "${fragment}"`,
      );
    }
    return target;
  }

  private idOf(file: string): string | undefined {
    const document = this.documents.get(file);
    const id =
      typeof document === "object" && document !== null
        ? (document as { $id?: unknown }).$id
        : undefined;
    return typeof id === "string" ? id : undefined;
  }
}
