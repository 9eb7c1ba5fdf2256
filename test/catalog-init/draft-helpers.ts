// Shared by the catalog-init tests: checks a drafted catalog against the catalog's own JSON
// Schema (with ajv, an independent validator), and generates a package from a draft and
// type-checks it with the pinned compiler, in a child process so the test worker stays free.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { catalogSchema } from "../../generator/catalog/catalog-schema.js";
import { generate } from "../../generator/index.js";
import { runTscAsync, type TscResult } from "../helpers/repo.js";

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateCatalog = ajv.compile(catalogSchema as object);

/** The catalog schema's complaints about `catalog`, as `pointer message` lines (none: valid). */
export function catalogSchemaErrors(catalog: unknown): string[] {
  if (validateCatalog(catalog)) return [];
  return (validateCatalog.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

export interface GeneratedDraft {
  readonly outDir: string;
  readonly tsc: TscResult;
}

/**
 * Writes the draft into `dir`, generates its package there (no cache, so every run generates)
 * and type-checks it. `schemaPath` is the schema to generate from: the input itself for a
 * JSON Schema source, the drafted schema for the others.
 */
export async function generateDraft(
  dir: string,
  draft: { catalog: unknown; schema?: unknown },
  schemaPath?: string,
): Promise<GeneratedDraft> {
  mkdirSync(dir, { recursive: true });
  const catalogPath = path.join(dir, "draft.catalog.json");
  writeFileSync(catalogPath, JSON.stringify(draft.catalog, null, 2));
  let schema = schemaPath;
  if (schema === undefined) {
    schema = path.join(dir, "draft.schema.json");
    writeFileSync(schema, JSON.stringify(draft.schema, null, 2));
  }
  const outDir = path.join(dir, "out");
  await generate({ schemaPath: schema, catalogPath, outDir, cache: false });
  const tsc = await runTscAsync(path.join(outDir, "tsconfig.json"));
  return { outDir, tsc };
}
