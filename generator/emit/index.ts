// Stage 3, emit: from the IR to the package's files, unformatted. Type declarations come from
// ts-morph; the layout of every file comes from a template; the runtime files are copied as they
// are. Without a catalog the package holds the types and their validators only.
import type { Model } from "../core/ir.js";
import type { OutputFile } from "../core/options.js";
import { exportedNames, printDeclarations } from "./declarations.js";
import { protocolView, type ProtocolView } from "./protocol-view.js";
import { loadTemplates, runtimeFiles, type Render } from "./templates.js";
import { chooseValidatorNames, printValidators, type ValidatorNames } from "./validators.js";

/** Helpers of the validators module, each included only when a validator calls it. */
const VALIDATOR_HELPERS = ["within", "anyOfIssue", "oneOfIssue", "stringLength", "itemsAreUnique"];

/** The modules re-exported by the package's entry point, besides the types. */
const PROTOCOL_MODULES = ["protocol", "clients", "connections"];

interface Common {
  readonly sources: string;
}

export function emitPackage(model: Model): OutputFile[] {
  const render = loadTemplates();
  const common: Common = { sources: model.inputs.join(" and ") };
  const runtime = runtimeSources(render, common, model.protocol !== undefined);

  // The protocol's own API is fixed; each type's validator takes a name that API leaves free.
  // The protocol modules name validators too, so they are rendered again with the final names.
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
    validatorNames = chooseValidatorNames(model, taken);
    protocol = protocolView(model, model.protocol, validatorNames);
    protocolSources = renderProtocol(render, protocol, common);
  }

  const valueModules = protocol
    ? ["validators", ...PROTOCOL_MODULES, "runtime/index"]
    : ["validators"];
  const entryPoints = [{ subpath: ".", name: "index" }];
  if (protocol) {
    entryPoints.push({ subpath: "./node", name: "node" });
    entryPoints.push({ subpath: "./http", name: "http" });
  }
  const files: OutputFile[] = [
    source(
      "package.json",
      render("package/package.json.hbs", { ...common, package: model.package, entryPoints }),
    ),
    source("tsconfig.json", render("package/tsconfig.json.hbs", common)),
    source(".gitignore", render("package/gitignore.hbs", common)),
    source("README.md", readme(render, model, protocol, common)),
    source(
      "src/types.ts",
      render("src/types.ts.hbs", {
        ...common,
        jsonValue: model.jsonValueName,
        declarations: printDeclarations(model),
      }),
    ),
    source("src/validators.ts", validatorsModule(render, model, validatorNames, common)),
    ...protocolSources,
    ...runtime,
  ];
  files.push(source("src/index.ts", indexModule(render, model, files, valueModules, common)));
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
): string {
  const declared = new Set(model.declarations.map((declaration) => declaration.name));
  const shadowed = files
    .filter((file) => valueModules.some((name) => file.path === `src/${name}.ts`))
    .flatMap((file) => exportedNames(file.content))
    .filter((name) => declared.has(name));
  return render("src/index.ts.hbs", {
    ...common,
    typeModules: ["types"],
    valueModules,
    shadowed: [...new Set(shadowed)].sort(),
  });
}

function validatorsModule(
  render: Render,
  model: Model,
  names: ReadonlyMap<string, ValidatorNames>,
  common: Common,
): string {
  const { constants, functions } = printValidators(model, names);
  const code = functions.join("\n");
  const helpers: Record<string, boolean> = Object.fromEntries(
    VALIDATOR_HELPERS.map((name) => [name, code.includes(`${name}(`)]),
  );
  // `oneOf` reports the best `anyOf` issue when no member matches.
  if (helpers["oneOfIssue"]) helpers["anyOfIssue"] = true;
  const runtimeImports = ["issueAt", "missingProperty"].filter((name) => code.includes(`${name}(`));
  if (helpers["within"]) runtimeImports.push("prependPath");
  if (helpers["anyOfIssue"]) runtimeImports.push("issueAt");
  return render("src/validators.ts.hbs", {
    ...common,
    constants,
    functions,
    helpers,
    runtimeImports: [...new Set(runtimeImports)].sort(),
  });
}

function readme(
  render: Render,
  model: Model,
  protocol: ProtocolView | undefined,
  common: Common,
): string {
  return render("package/README.md.hbs", {
    ...common,
    package: model.package,
    protocol,
    description: model.protocol?.description,
    schema: model.inputs[0],
    catalog: model.inputs[1],
    declarations: model.declarations.map((declaration) => ({
      name: declaration.name,
      summary: firstSentence(declaration.docs.description),
    })),
  });
}

function source(path: string, content: string): OutputFile {
  return { path, content, role: "source" };
}

function firstSentence(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const line = text
    .trim()
    .split(/\n\s*\n/)[0]!
    .replace(/\s+/g, " ");
  const end = line.search(/\.(\s|$)/);
  return end === -1 ? line : line.slice(0, end + 1);
}
