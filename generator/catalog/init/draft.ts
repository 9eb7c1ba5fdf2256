// What drafting a catalog produces: the catalog, the JSON Schema when the source format is not
// one already, and the notes on what could not be inferred. Every source fills the same shape.
import type { JsonValue } from "../../core/ir.js";
import type { CatalogFile, CatalogMethod, CatalogRole } from "../types.js";

/** Something the source did not say, or said in a way the catalog cannot carry, and where. */
export interface DraftNote {
  /** JSON pointer into the source document (`""` for the whole document). */
  readonly pointer: string;
  readonly message: string;
}

export interface Draft {
  readonly catalog: CatalogFile & { readonly $comment: string };
  /** The schema the catalog's types live in, for sources that are not JSON Schema themselves. */
  readonly schema?: JsonValue;
  readonly notes: readonly DraftNote[];
}

/** The names the command line may give; each source has a default for each. */
export interface DraftIdentity {
  readonly name?: string;
  readonly title?: string;
  readonly packageName?: string;
  readonly packageVersion?: string;
}

/** Collects notes in the order they are found, which follows the source document's order. */
export class Notes {
  readonly list: DraftNote[] = [];

  add(pointer: string, message: string): void {
    this.list.push({ pointer, message });
  }
}

export type DraftMethod = CatalogMethod;
export type DraftRoles = Readonly<Record<string, CatalogRole>>;
