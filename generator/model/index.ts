// Stage 2, model: from the loaded documents to the IR. Naming, de-duplication and cycles are
// settled here, once, so that every later stage can print names without thinking about them.
import type { Model, PackageInfo } from "../core/ir.js";
import type { LoadedInputs } from "../load/index.js";
import { SchemaConverter, compareCodePoints } from "./convert.js";
import { attachDiscriminators } from "./discriminators.js";
import { SchemaGraph } from "./graph.js";
import { buildProtocol } from "./protocol.js";

export interface ModelOptions {
  readonly packageName?: string;
  readonly packageVersion?: string;
}

export function buildModel(inputs: LoadedInputs, options: ModelOptions = {}): Model {
  const graph = new SchemaGraph(inputs.schema, inputs.displayPath);
  const converter = new SchemaConverter(graph);
  converter.declareRoot();
  converter.convertAll();
  attachDiscriminators(converter.discriminatorHints, converter.declarations);
  const jsonValueName = converter.reserveName("JsonValue");

  const declarationTypes = new Map(
    converter.declarations.map((declaration) => [declaration.name, declaration.type]),
  );
  const protocol = inputs.catalog
    ? buildProtocol({
        catalog: inputs.catalog.value,
        file: inputs.displayPath(inputs.catalog.file),
        definitionName: (key) => converter.rootDefinitionName(key),
        declarationType: (name) => declarationTypes.get(name),
      })
    : undefined;

  const catalogPackage = inputs.catalog?.value.package;
  const packageInfo: PackageInfo = {
    name: options.packageName ?? catalogPackage?.name ?? "generated-protocol",
    version: options.packageVersion ?? catalogPackage?.version ?? "0.0.0",
    ...(catalogPackage?.description !== undefined && { description: catalogPackage.description }),
  };

  const declarations = [...converter.declarations].sort((a, b) =>
    compareCodePoints(a.name, b.name),
  );
  const inputsShown = [inputs.displayPath(inputs.schema.root)];
  if (inputs.catalog) inputsShown.push(inputs.displayPath(inputs.catalog.file));
  return {
    declarations,
    jsonValueName,
    ...(protocol && { protocol }),
    package: packageInfo,
    inputs: inputsShown,
  };
}
