// Renders the Handlebars templates in `templates/`. Templates only lay text out: they get plain
// view models and hold no logic beyond loops and conditionals. Generated code is not HTML, so
// nothing is escaped; `json` writes a value as a JSON literal.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { templatesDir } from "../core/package-root.js";

export type Render = (name: string, view: object) => string;

export function loadTemplates(dir: string = templatesDir()): Render {
  const handlebars = Handlebars.create();
  handlebars.registerHelper("json", (value: unknown) => JSON.stringify(value));
  for (const file of readdirSync(path.join(dir, "partials"))) {
    if (file.endsWith(".hbs"))
      handlebars.registerPartial(
        file.slice(0, -4),
        readFileSync(path.join(dir, "partials", file), "utf8"),
      );
  }
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  return (name, view) => {
    let template = compiled.get(name);
    if (!template) {
      const source = readFileSync(path.join(dir, name), "utf8");
      template = handlebars.compile(source, { noEscape: true, strict: true });
      compiled.set(name, template);
    }
    return template(view);
  };
}

/** The static runtime files (`templates/runtime/*.ts`), copied into every package that has a protocol. */
export function runtimeFiles(dir: string = templatesDir()): { name: string; content: string }[] {
  const runtimeDir = path.join(dir, "runtime");
  let names: string[];
  try {
    names = readdirSync(runtimeDir)
      .filter((file) => file.endsWith(".ts"))
      .sort();
  } catch {
    return [];
  }
  return names.map((name) => ({
    name,
    content: readFileSync(path.join(runtimeDir, name), "utf8"),
  }));
}
