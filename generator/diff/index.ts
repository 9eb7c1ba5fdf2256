// Stage `diff`: compares two versions of a protocol (schema and catalog) at the level of the IR,
// and reports each change to the protocol and to the generated API with whom it breaks. It loads
// and models both versions and emits nothing.
export type {
  Bump,
  Change,
  ChangeKind,
  DiffReport,
  Effect,
  MethodSummary,
  Party,
  Position,
  Severity,
  Summary,
} from "./report.js";
export {
  diffModels,
  nextVersion,
  compareVersions,
  partiesBroken,
  type DiffOptions,
} from "./compare-models.js";
export { renderMarkdown, renderJson, summaryLine, type RenderOptions } from "./render.js";
export {
  diffVersions,
  loadVersion,
  DiffUsageError,
  GitError,
  type VersionInputs,
} from "./inputs.js";
