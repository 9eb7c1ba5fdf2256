// Renders the Handlebars templates in `templates/`. Templates only lay text out: they get plain
// view models and hold no logic beyond loops and conditionals. Handlebars escapes for HTML,
// which is no help in code, so its escaping is off; instead every value a view holds must be a
// `Printed` (made safe for its place by `printed.ts`), and a view with a raw string or number
// in it is refused before the template runs.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type Handlebars from "handlebars";
import { sha256 } from "../core/hash.js";
import { templatesDir } from "../core/package-root.js";
import { Printed } from "./printed.js";

/** How templates are compiled: the same at build time (precompiled) and at run time. */
export const COMPILE_OPTIONS = { noEscape: true, strict: true } as const;

/**
 * Templates compiled when the generator was built (`npm run build` writes them beside this
 * module), by path under `templates/`, with a hash of the source they were compiled from.
 */
export const PRECOMPILED_FILE = "templates.precompiled.cjs";
type PrecompiledTemplates = Readonly<
  Record<
    string,
    { readonly hash: string; readonly spec: Parameters<typeof Handlebars.template>[0] }
  >
>;

const require = createRequire(import.meta.url);

/**
 * Handlebars' runtime, which runs compiled templates, is a fifth of the whole library (compiler,
 * parser, source maps): the compiler is loaded only for a template that has changed since the
 * generator was built (or when building it).
 */
function handlebarsRuntime(): typeof Handlebars {
  return require("handlebars/runtime") as typeof Handlebars;
}

function handlebarsCompiler(): typeof Handlebars {
  return require("handlebars") as typeof Handlebars;
}

/** A template compiled now, in the form a precompiled one has, for the runtime to run. */
function compiledSpec(source: string): Parameters<typeof Handlebars.template>[0] {
  const code = String(handlebarsCompiler().precompile(source, COMPILE_OPTIONS));
  // The generator's own template, compiled by Handlebars: code as `npm run build` writes it.
  return new Function(`return ${code};`)() as Parameters<typeof Handlebars.template>[0];
}

let precompiled: PrecompiledTemplates | undefined;
function precompiledTemplates(): PrecompiledTemplates {
  if (precompiled === undefined) {
    try {
      precompiled = require(`./${PRECOMPILED_FILE}`) as PrecompiledTemplates;
    } catch {
      // Running from the sources, or not built yet: templates are compiled as they are needed.
      precompiled = {};
    }
  }
  return precompiled;
}

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
  const handlebars = handlebarsRuntime().create();
  // A template compiled at build time is used only if its source is still the one it was
  // compiled from (a template edited since is compiled here), and only for the generator's own
  // templates folder.
  const built = dir === templatesDir() ? precompiledTemplates() : {};
  const template = (name: string): Handlebars.TemplateDelegate => {
    const source = readFileSync(path.join(dir, name), "utf8");
    const entry = built[name];
    return handlebars.template(
      entry !== undefined && entry.hash === sha256(source) ? entry.spec : compiledSpec(source),
    );
  };
  for (const file of readdirSync(path.join(dir, "partials"))) {
    if (file.endsWith(".hbs"))
      handlebars.registerPartial(file.slice(0, -4), template(`partials/${file}`));
  }
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  return (name, view) => {
    let delegate = compiled.get(name);
    if (!delegate) {
      delegate = template(name);
      compiled.set(name, delegate);
    }
    assertPrinted(view, name, "view");
    return delegate(view);
  };
}

/**
 * The generator's templates as a CommonJS module of precompiled specifications (what
 * `npm run build` writes as `templates.precompiled.cjs`).
 */
export function precompileTemplates(dir: string = templatesDir()): string {
  const entries: string[] = [];
  for (const folder of readdirSync(dir, { withFileTypes: true })) {
    if (!folder.isDirectory()) continue;
    for (const file of readdirSync(path.join(dir, folder.name)).sort()) {
      if (!file.endsWith(".hbs")) continue;
      const name = `${folder.name}/${file}`;
      const source = readFileSync(path.join(dir, name), "utf8");
      const spec = String(handlebarsCompiler().precompile(source, COMPILE_OPTIONS));
      entries.push(
        `${JSON.stringify(name)}: { hash: ${JSON.stringify(sha256(source))}, spec: ${spec} }`,
      );
    }
  }
  return `// Written by the generator's build: its templates, compiled.\nmodule.exports = {\n${entries.join(",\n")}\n};\n`;
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
