// Stage 2, model: from the loaded documents to the IR. Naming, de-duplication and cycles are
// settled here, once, so that every later stage can print names without thinking about them.
import { InputError, type Diagnostic } from "../core/diagnostics.js";
import type { Model, PackageInfo, Protocol } from "../core/ir.js";
import type { LoadedInputs } from "../load/index.js";
import { aliasCycles } from "./alias-cycles.js";
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
  // Params and results the catalog names by JSON pointer are declared (and converted) as the
  // catalog is read; the checks of the whole set of declarations come after it.
  const catalogProblems: Diagnostic[] = [];
  let protocol: Protocol | undefined;
  try {
    protocol = inputs.catalog
      ? buildProtocol({
          catalog: inputs.catalog.value,
          file: inputs.displayPath(inputs.catalog.file),
          definitionName: (key) => converter.rootDefinitionName(key),
          pointerName: (pointer, preferred) => converter.declarePointer(pointer, preferred),
          declarationType: (name) => converter.declarationType(name),
        })
      : undefined;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    catalogProblems.push(...error.diagnostics);
  }
  // Every problem of schema and catalog is reported in one run, not just the first.
  const problems: Diagnostic[] = [...converter.problems];
  if (problems.length === 0) {
    attachDiscriminators(converter.discriminatorHints, converter.declarations);
    converter.warnUnusedDiscriminators();
    problems.push(...aliasCycles(converter.declarations));
  }
  problems.push(...catalogProblems);
  const jsonValueName = converter.reserveName("JsonValue");
  if (problems.length > 0) throw new InputError(problems);

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
    warnings: converter.warnings.map(({ file, pointer, message }) => ({
      file,
      pointer: pointer ?? "",
      message,
    })),
  };
}
