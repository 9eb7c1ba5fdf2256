// Stage 3, emit: from the IR to the package's files, unformatted. Type declarations come from
// ts-morph; the layout of every file comes from a template.
import type { Model } from "../core/ir.js";
import type { OutputFile } from "../core/options.js";
import { printDeclarations } from "./declarations.js";
import { loadTemplates } from "./templates.js";

export function emitPackage(model: Model): OutputFile[] {
  const render = loadTemplates();
  const sources = model.inputs.join(" and ");
  const common = { sources };
  const typeModules = ["types"];
  const valueModules: string[] = [];

  const files: OutputFile[] = [
    source("package.json", render("package/package.json.hbs", {
      ...common,
      package: model.package,
      entryPoints: [{ subpath: ".", name: "index" }],
    })),
    source("tsconfig.json", render("package/tsconfig.json.hbs", common)),
    source(".gitignore", render("package/gitignore.hbs", common)),
    source("README.md", render("package/README.md.hbs", {
      ...common,
      package: model.package,
      title: model.protocol?.title,
      description: model.protocol?.description,
      hasProtocol: model.protocol !== undefined,
      schema: model.inputs[0],
      catalog: model.inputs[1],
      declarations: model.declarations.map((declaration) => ({
        name: declaration.name,
        summary: firstSentence(declaration.docs.description),
      })),
    })),
    source("src/types.ts", render("src/types.ts.hbs", {
      ...common,
      jsonValue: model.jsonValueName,
      declarations: printDeclarations(model),
    })),
    source("src/index.ts", render("src/index.ts.hbs", { ...common, typeModules, valueModules })),
  ];
  return files;
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
