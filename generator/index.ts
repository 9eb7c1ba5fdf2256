// The generator as a library: `generate()` does what the command line does.
export { generate, type GenerateResult } from "./pipeline.js";
export type { GenerateOptions, OutputFile } from "./core/options.js";
export { OutputFolderError, MANIFEST_NAME, type StaleFile } from "./write/index.js";
export { InputError, formatDiagnostic, type Diagnostic } from "./core/diagnostics.js";
export type * from "./core/ir.js";
export { catalogSchema } from "./catalog/catalog-schema.js";
export {
  draftCatalog,
  detectFormat,
  draftText,
  writeDraftFiles,
  DraftOutputError,
  SOURCE_FORMATS,
  type Draft,
  type DraftFile,
  type DraftIdentity,
  type DraftNote,
  type DraftRequest,
  type SourceFormat,
  type UnionKind,
  type UnionOverride,
} from "./catalog/init/index.js";
export {
  diffModels,
  diffVersions,
  loadVersion,
  renderMarkdown,
  renderJson,
  nextVersion,
  type DiffReport,
  type Change,
  type VersionInputs,
} from "./diff/index.js";
