// Renders the Handlebars templates in `templates/`. Templates only lay text out: they get plain
// view models and hold no logic beyond loops and conditionals. Handlebars escapes for HTML,
// which is no help in code, so its escaping is off; instead every value a view holds must be a
// `Printed` (made safe for its place by `printed.ts`), and a view with a raw string or number
// in it is refused before the template runs.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import Handlebars from "handlebars";
import { templatesDir } from "../core/package-root.js";
import { Printed } from "./printed.js";

export type Render = (name: string, view: object) => string;

/** One compiled set per templates folder: a process that generates many times compiles once. */
const loaded = new Map<string, Render>();

export function loadTemplates(dir: string = templatesDir()): Render {
  let render = loaded.get(dir);
  if (!render) {
    render = compileTemplates(dir);
    loaded.set(dir, render);
  }
  return render;
}

function compileTemplates(dir: string): Render {
  const handlebars = Handlebars.create();
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
    assertPrinted(view, name, "view");
    return template(view);
  };
}

/**
 * Checks that every value a template could print was printed for its place. Booleans and
 * absent values (for `#if`), lists and plain objects (for `#each` and paths) are structure;
 * a string or a number is text that skipped the printers.
 */
export function assertPrinted(value: unknown, template: string, at: string): void {
  if (value instanceof Printed || value === undefined || value === null) return;
  if (typeof value === "boolean") return;
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertPrinted(item, template, `${at}[${index}]`));
    return;
  }
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    for (const key of Object.keys(value))
      assertPrinted((value as Record<string, unknown>)[key], template, `${at}.${key}`);
    return;
  }
  throw new Error(
    `template ${template}: ${at} is a raw ${typeof value}; views hold only values made by the printers in generator/emit/printed.ts`,
  );
}

/** The static runtime files (`templates/runtime/*.ts`), copied into every package that has a protocol. */
const runtimeByDir = new Map<string, readonly RuntimeFile[]>();

export interface RuntimeFile {
  readonly name: string;
  readonly content: string;
}

export function runtimeFiles(dir: string = templatesDir()): readonly RuntimeFile[] {
  let files = runtimeByDir.get(dir);
  if (!files) {
    files = readRuntimeFiles(dir);
    runtimeByDir.set(dir, files);
  }
  return files;
}

function readRuntimeFiles(dir: string): RuntimeFile[] {
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
