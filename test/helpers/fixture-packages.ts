// Every package the generator writes for the test fixtures, emitted in memory: the schemas of
// test/fixtures/schemas (with their catalogs where there is one), the protocol fixtures, the
// project's own protocol, and the published protocols of test/fixtures/protocols (MCP with the
// example's catalog, LSP with the catalog and schema `catalog init` drafts from its meta model).
// For tests that hold a stage to an oracle over all the generator's output.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { draftCatalog } from "../../generator/catalog/init/index.js";
import type { OutputFile } from "../../generator/core/options.js";
import { emitPackage } from "../../generator/emit/index.js";
import { load } from "../../generator/load/index.js";
import { buildModel } from "../../generator/model/index.js";
import { inputsOf } from "../security/harness.js";
import { repoRoot } from "./repo.js";

export interface FixturePackage {
  readonly name: string;
  /** As emitted, before formatting. */
  readonly files: readonly OutputFile[];
}

const read = (file: string): unknown => JSON.parse(readFileSync(path.join(repoRoot, file), "utf8"));

export async function fixturePackages(): Promise<FixturePackage[]> {
  const packages: FixturePackage[] = [];
  const fromFiles = async (name: string, schemaPath: string, catalogPath?: string) => {
    const inputs = await load({
      schemaPath,
      ...(catalogPath !== undefined && { catalogPath }),
      cwd: repoRoot,
    });
    packages.push({ name, files: emitPackage(buildModel(inputs)) });
  };
  const schemas = "test/fixtures/schemas";
  for (const file of readdirSync(path.join(repoRoot, schemas)).sort()) {
    if (!file.endsWith(".schema.json")) continue;
    const name = file.slice(0, -".schema.json".length);
    const catalog = `test/fixtures/catalogs/${name}.catalog.json`;
    await fromFiles(name, `${schemas}/${file}`);
    if (existsSync(path.join(repoRoot, catalog))) {
      await fromFiles(`${name}+catalog`, `${schemas}/${file}`, catalog);
    }
  }
  for (const name of ["features", "progress"]) {
    await fromFiles(
      name,
      `test/protocols/fixtures/${name}.schema.json`,
      `test/protocols/fixtures/${name}.catalog.json`,
    );
  }
  await fromFiles(
    "stepflow",
    "schema/stepflow-protocol.schema.json",
    "schema/stepflow.catalog.json",
  );
  await fromFiles(
    "mcp-2025-11-25",
    "test/fixtures/protocols/mcp-2025-11-25/schema.json",
    "examples/mcp/mcp.catalog.json",
  );
  const lsp = draftCatalog({
    format: "meta-model",
    document: read("test/fixtures/protocols/lsp-3.18/metaModel.json"),
    file: "metaModel.json",
    identity: { name: "lsp", title: "Language Server Protocol" },
  });
  packages.push({
    name: "lsp-3.18",
    files: emitPackage(buildModel(inputsOf(lsp.schema, lsp.catalog))),
  });
  return packages;
}
