// Stage 3, emit: from the IR to the package's files. Type declarations come from the type
// printer and validators from theirs, both already in prettier's layout (but for the statements
// their layouts leave to prettier), the layout of every other file from a template; the runtime
// files are copied as they are. Without a catalog the package holds the types and their
// validators only.
import type { Model } from "../core/ir.js";
import type { OutputFile } from "../core/options.js";
import { exportedNames, printDeclarations } from "./declarations.js";
import { commonHeader, type Common } from "./common.js";
import { protocolView, type ProtocolView } from "./protocol-view.js";
import { generatedCode, identifier, jsonText } from "./printed.js";
import { readmeFile } from "./readme.js";
import { importStatement } from "./layout.js";
import { loadTemplates, runtimeFiles, type Render } from "./templates.js";
import {
  chooseValidatorNames,
  printValidators,
  type PrintOptions,
  type ValidatorNames,
} from "./validators.js";

/** What validators may call from the runtime's validation module. */
const VALIDATION_IMPORTS = [
  "anyOfIssue",
  "issueAt",
  "itemsAreUnique",
  "missingAt",
  "missingProperty",
  "nested",
  "oneOfIssue",
  "propertyIssueAt",
  "stringLength",
  "textIssueAt",
  "within",
];

/** The modules re-exported by the package's entry point, besides the types. */
const PROTOCOL_MODULES = ["protocol", "clients", "connections"];

export interface EmitOptions {
  /** How validators are printed (validators.ts): shared checks unless told otherwise. */
  readonly validators?: PrintOptions;
}

export function emitPackage(model: Model, options: EmitOptions = {}): OutputFile[] {
  const render = loadTemplates();
  const common = commonHeader(model);
  const runtime = runtimeSources(render, common, model.protocol !== undefined);

  // The protocol's own API is fixed; each type's validator takes a name that API leaves free.
  // The protocol modules name validators too, so they are rendered again if a name changed.
  let validatorNames = chooseValidatorNames(model, new Set());
  let protocol: ProtocolView | undefined;
  let protocolSources: OutputFile[] = [];
  if (model.protocol) {
    protocol = protocolView(model, model.protocol, validatorNames);
    protocolSources = renderProtocol(render, protocol, common);
    const taken = new Set(
      [
        ...protocolSources,
        ...runtime.filter((file) => file.path === "src/runtime/index.ts"),
      ].flatMap((file) => exportedNames(file.content)),
    );
    const finalNames = chooseValidatorNames(model, taken);
    // Rendered again only if a name moved: most protocols take none of the validators' names.
    if (!sameValidatorNames(finalNames, validatorNames)) {
      validatorNames = finalNames;
      protocol = protocolView(model, model.protocol, validatorNames);
      protocolSources = renderProtocol(render, protocol, common);
    }
  }

  const valueModules = protocol
    ? ["validators", ...PROTOCOL_MODULES, "runtime/index"]
    : ["validators"];
  const entryPoints = [{ subpath: jsonText("."), name: generatedCode("index") }];
  if (protocol) {
    entryPoints.push({ subpath: jsonText("./node"), name: generatedCode("node") });
    entryPoints.push({ subpath: jsonText("./http"), name: generatedCode("http") });
  }
  const files: OutputFile[] = [
    preformattedSource(
      "package.json",
      render("package/package.json.hbs", {
        ...common,
        package: {
          name: jsonText(model.package.name),
          version: jsonText(model.package.version),
          description:
            model.package.description === undefined
              ? undefined
              : jsonText(model.package.description),
        },
        entryPoints,
      }),
    ),
    preformattedSource("tsconfig.json", render("package/tsconfig.json.hbs", common)),
    source(".gitignore", render("package/gitignore.hbs", common)),
    readmeFile(render, model, common),
    typesModule(render, model, common),
    validatorsModule(render, model, validatorNames, common, options.validators),
    ...protocolSources,
    ...runtime,
  ];
  // The validators module exports exactly a validator and a guard per declaration: its names are
  // known without reading its text (the largest file by far: 4 MB for 3,000 definitions).
  const validatorExports = validatorModuleExports(validatorNames);
  const exportsOf = (file: OutputFile): readonly string[] =>
    file.path === "src/validators.ts" ? validatorExports : exportedNames(file.content);
  files.push(
    source("src/index.ts", indexModule(render, model, files, valueModules, common, exportsOf)),
  );
  return files;
}

function renderProtocol(render: Render, view: ProtocolView, common: Common): OutputFile[] {
  const model = { ...common, ...view };
  return [...PROTOCOL_MODULES, "node", "http"].map((name) =>
    source(`src/${name}.ts`, render(`src/${name}.ts.hbs`, model)),
  );
}

/** The runtime files, copied with a header: only the validation contract for a types-only package. */
function runtimeSources(render: Render, common: Common, withProtocol: boolean): OutputFile[] {
  return runtimeFiles()
    .filter((file) => withProtocol || file.name === "validation.ts")
    .map((file) => ({
      ...source(
        `src/runtime/${file.name}`,
        render("partials/header.hbs", common) + "\n" + file.content,
      ),
      preformatted: true,
    }));
}

/**
 * The entry point: every module re-exported. A schema type that shares its name with a value
 * export of another module would make `export *` ambiguous; the type is exported explicitly.
 */
function indexModule(
  render: Render,
  model: Model,
  files: readonly OutputFile[],
  valueModules: readonly string[],
  common: Common,
  exportsOf: (file: OutputFile) => readonly string[],
): string {
  const declared = new Set(model.declarations.map((declaration) => declaration.name));
  const shadowed = files
    .filter((file) => valueModules.some((name) => file.path === `src/${name}.ts`))
    .flatMap(exportsOf)
    .filter((name) => declared.has(name));
  return render("src/index.ts.hbs", {
    ...common,
    typeModules: [generatedCode("types")],
    valueModules: valueModules.map(generatedCode),
    shadowed: [...new Set(shadowed)].sort().map(identifier),
  });
}

function sameValidatorNames(
  a: ReadonlyMap<string, ValidatorNames>,
  b: ReadonlyMap<string, ValidatorNames>,
): boolean {
  for (const [name, { validate, guard }] of a) {
    const other = b.get(name);
    if (other?.validate !== validate || other.guard !== guard) return false;
  }
  return a.size === b.size;
}

/** The names the validators module exports: `validateX` and `isX` for every declaration. */
function validatorModuleExports(names: ReadonlyMap<string, ValidatorNames>): string[] {
  return [...names.values()].flatMap(({ validate, guard }) => [validate, guard]);
}

/**
 * The types module, laid out by the type layout as the formatter would lay it out; the
 * declarations it does not cover are marked for the formatter.
 */
function typesModule(render: Render, model: Model, common: Common): OutputFile {
  const { statements, needsFormatting } = printDeclarations(model);
  const rendered = render("src/types.ts.hbs", {
    ...common,
    jsonValue: identifier(model.jsonValueName),
    // Printed from names the model made and docs the JSDoc printer escaped.
    declarations: statements.map(generatedCode),
  });
  // The template ends in a blank line; the formatter ends a file with one line break.
  const content = rendered.replace(/\n+$/, "\n");
  return {
    ...source("src/types.ts", content),
    preformatted: true,
    unformatted: unformattedParts(content, statements, needsFormatting),
  };
}

/**
 * The validators module, laid out by its printer as the formatter would lay it out (layout.ts),
 * so that the format stage passes it by; the few statements the printer could not lay out are
 * marked for the formatter.
 */
function validatorsModule(
  render: Render,
  model: Model,
  names: ReadonlyMap<string, ValidatorNames>,
  common: Common,
  options: PrintOptions = {},
): OutputFile {
  const { constants, functions, needsFormatting } = printValidators(model, names, options);
  const code = functions.join("\n");
  // The runtime's validation module holds what validators call: each is imported if called.
  const imported = VALIDATION_IMPORTS.filter((name) => new RegExp(`\\b${name}\\(`).test(code))
    .sort()
    .map((name) => identifier(name).text);
  const rendered = render("src/validators.ts.hbs", {
    ...common,
    // The validator printer writes every schema value through the printers (validators.ts).
    constants: constants.map(generatedCode),
    functions: functions.map(generatedCode),
    // Names of the runtime's own exports, checked as identifiers above.
    runtimeImport: generatedCode(
      importStatement([...imported, "type ValidationIssue"], '"./runtime/validation.js"'),
    ),
  });
  // A section the template leaves out (no constants) leaves blank lines behind: the
  // formatter keeps one blank line of a run and none at the end. The module holds no multi-line
  // literal or comment in which a run of line breaks could mean anything.
  const content = rendered.replace(/\n{3,}/g, "\n\n").replace(/\n+$/, "\n");
  return {
    ...source("src/validators.ts", content),
    preformatted: true,
    unformatted: unformattedParts(content, [...constants, ...functions], needsFormatting),
  };
}

/**
 * Where the statements that need the formatter stand in a module's text: `statements` are the
 * module's printed statements in the order the module holds them. Consecutive ones are joined in
 * one part, up to a size the formatter handles in about linear time (format/index.ts), so that
 * a run of them costs one call of the formatter.
 */
function unformattedParts(
  content: string,
  statements: readonly string[],
  needsFormatting: ReadonlySet<string>,
): { start: number; end: number }[] {
  const parts: { start: number; end: number }[] = [];
  let cursor = 0;
  for (const statement of statements) {
    const start = content.indexOf(statement, cursor);
    if (start === -1) throw new Error("a printed statement is missing from its module");
    cursor = start + statement.length;
    if (!needsFormatting.has(statement)) continue;
    const last = parts[parts.length - 1];
    const adjacent = last !== undefined && content.slice(last.end, start).trim() === "";
    if (adjacent && cursor - last.start <= MAX_FORMATTED_PART) last.end = cursor;
    else parts.push({ start, end: cursor });
  }
  return parts;
}

/** Characters of one part formatted at once (format/index.ts batches statements the same way). */
const MAX_FORMATTED_PART = 16_000;

function source(path: string, content: string): OutputFile {
  return { path, content, role: "source" };
}

/**
 * A file whose template is written in the formatter's style, with values that cannot change
 * its layout (JSON strings on lines of their own): test/layout/preformatted.test.ts checks it.
 */
function preformattedSource(path: string, content: string): OutputFile {
  return { ...source(path, content), preformatted: true };
}
