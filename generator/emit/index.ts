// Stage 3, emit: from the IR to the package's files, unformatted. Type declarations come from
// ts-morph; the layout of every file comes from a template; the runtime files are copied as they
// are. Without a catalog the package holds the types and their validators only.
import type { Model } from "../core/ir.js";
import type { OutputFile } from "../core/options.js";
import { exportedNames, printDeclarations } from "./declarations.js";
import { protocolView, type ProtocolView } from "./protocol-view.js";
import { loadTemplates, runtimeFiles, type Render } from "./templates.js";
import { printValidators } from "./validators.js";

/** Helpers of the validators module, each included only when a validator calls it. */
const VALIDATOR_HELPERS = ["within", "anyOfIssue", "oneOfIssue", "stringLength", "itemsAreUnique"];

export function emitPackage(model: Model): OutputFile[] {
  const render = loadTemplates();
  const common = { sources: model.inputs.join(" and ") };
  const protocol = model.protocol ? protocolView(model, model.protocol) : undefined;
  const typeModules = ["types"];
  const valueModules = protocol ? ["validators", "protocol", "clients", "connections", "runtime/index"] : ["validators"];
  const entryPoints = [{ subpath: ".", name: "index" }];
  if (protocol) entryPoints.push({ subpath: "./node", name: "node" });

  const files: OutputFile[] = [
    source("package.json", render("package/package.json.hbs", { ...common, package: model.package, entryPoints })),
    source("tsconfig.json", render("package/tsconfig.json.hbs", common)),
    source(".gitignore", render("package/gitignore.hbs", common)),
    source("README.md", readme(render, model, protocol, common)),
    source("src/types.ts", render("src/types.ts.hbs", { ...common, jsonValue: model.jsonValueName, declarations: printDeclarations(model) })),
    source("src/validators.ts", validatorsModule(render, model, common)),
  ];
  if (protocol) {
    const view = { ...common, ...protocol };
    files.push(
      source("src/protocol.ts", render("src/protocol.ts.hbs", view)),
      source("src/clients.ts", render("src/clients.ts.hbs", view)),
      source("src/connections.ts", render("src/connections.ts.hbs", view)),
      source("src/node.ts", render("src/node.ts.hbs", view)),
    );
  }
  // The validators need only the validation contract; the rest of the runtime serves connections.
  for (const file of runtimeFiles()) {
    if (protocol || file.name === "validation.ts") {
      const content = render("partials/header.hbs", common) + "\n" + file.content;
      files.push({ ...source(`src/runtime/${file.name}`, content), preformatted: true });
    }
  }
  const declared = new Set(model.declarations.map((declaration) => declaration.name));
  const shadowed = files
    .filter((file) => valueModules.some((name) => file.path === `src/${name}.ts`))
    .flatMap((file) => exportedNames(file.content))
    .filter((name) => declared.has(name));
  files.push(source("src/index.ts", render("src/index.ts.hbs", { ...common, typeModules, valueModules, shadowed: [...new Set(shadowed)].sort() })));
  return files;
}

function validatorsModule(render: Render, model: Model, common: object): string {
  const { constants, functions } = printValidators(model);
  const code = functions.join("\n");
  const helpers = Object.fromEntries(VALIDATOR_HELPERS.map((name) => [name, code.includes(`${name}(`)]));
  const runtimeImports = ["issueAt", "missingProperty"].filter((name) => code.includes(`${name}(`));
  if (helpers["within"]) runtimeImports.push("prependPath");
  if (helpers["anyOfIssue"] || helpers["oneOfIssue"]) runtimeImports.push("issueAt");
  return render("src/validators.ts.hbs", {
    ...common,
    constants,
    functions,
    helpers,
    runtimeImports: [...new Set(runtimeImports)].sort(),
  });
}

function readme(render: Render, model: Model, protocol: ProtocolView | undefined, common: object): string {
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
  const line = text.trim().split(/\n\s*\n/)[0]!.replace(/\s+/g, " ");
  const end = line.search(/\.(\s|$)/);
  return end === -1 ? line : line.slice(0, end + 1);
}
