// Runs the generator's stages in memory on a schema and catalog given as values, and runs what
// they emit: every module is compiled to JavaScript (esbuild, syntax only) and evaluated in a
// sandbox whose `process.exit` and `__injected` record a call instead of acting. A payload in
// the input that became code shows up as a recorded call; output that does not parse fails the
// compile step. This is what an import of the generated package would do, at a cost of a few
// milliseconds, so that property tests can afford thousands of cases.
import path from "node:path";
import { createRequire } from "node:module";
import vm from "node:vm";
import { transformSync } from "esbuild";
import { InputError } from "../../generator/core/diagnostics.js";
import type { OutputFile } from "../../generator/core/options.js";
import { emitPackage } from "../../generator/emit/index.js";
import type { LoadedInputs } from "../../generator/load/index.js";
import { parseJsonText } from "../../generator/load/json-text.js";
import { checkAgainstSchema } from "../../generator/load/schema-check.js";
import { catalogSchema } from "../../generator/catalog/catalog-schema.js";
import type { CatalogFile } from "../../generator/catalog/types.js";
import { buildModel } from "../../generator/model/index.js";

const ROOT = "/virtual";
const SCHEMA_FILE = `${ROOT}/protocol.schema.json`;
const CATALOG_FILE = `${ROOT}/catalog.json`;

/** The inputs as the load stage would hand them on, from values (through the strict JSON parser). */
export function inputsOf(schema: unknown, catalog?: unknown): LoadedInputs {
  const schemaValue = parseJsonText(JSON.stringify(schema), "protocol.schema.json");
  let catalogInput: LoadedInputs["catalog"];
  if (catalog !== undefined) {
    const value = parseJsonText(JSON.stringify(catalog), "catalog.json");
    const problems = checkAgainstSchema(
      value,
      catalogSchema as Record<string, unknown>,
      "catalog.json",
    );
    if (problems.length > 0) throw new InputError(problems);
    catalogInput = { file: CATALOG_FILE, value: value as CatalogFile };
  }
  return {
    schema: {
      root: SCHEMA_FILE,
      documents: new Map([[SCHEMA_FILE, schemaValue]]),
      unreadable: new Map(),
    },
    ...(catalogInput && { catalog: catalogInput }),
    files: [SCHEMA_FILE, ...(catalogInput ? [CATALOG_FILE] : [])],
    displayPath: (file) => path.basename(file),
  };
}

/** The emitted package, or the input error that stopped it. */
export function emitOrReject(schema: unknown, catalog?: unknown): OutputFile[] | InputError {
  try {
    return emitPackage(buildModel(inputsOf(schema, catalog)));
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
}

export interface RunResult {
  /** Codes passed to `process.exit` while the modules were evaluated. */
  readonly exits: readonly unknown[];
  /** How many times `__injected()` was called. */
  readonly injected: number;
}

const realRequire = createRequire(import.meta.url);
/** The runtime modules are the same in every package: each text is compiled once. */
const compiled = new Map<string, string>();

function compile(file: OutputFile): string {
  let code = compiled.get(file.content);
  if (code === undefined) {
    // Throws with the line and column when the output is not valid TypeScript.
    code = transformSync(file.content, {
      loader: "ts",
      format: "cjs",
      sourcefile: file.path,
      logLevel: "silent",
    }).code;
    if (file.path.startsWith("src/runtime/")) compiled.set(file.content, code);
  }
  return code;
}

/** Compiles every emitted module and evaluates the package's entry points in a sandbox. */
export function runEmitted(files: readonly OutputFile[]): RunResult {
  const sources = new Map<string, string>();
  for (const file of files) {
    if (!file.path.startsWith("src/") || !file.path.endsWith(".ts")) continue;
    sources.set(file.path, compile(file));
  }
  for (const file of files) {
    if (file.path === "package.json") JSON.parse(file.content);
  }
  const exits: unknown[] = [];
  let injected = 0;
  const sandbox = vm.createContext({
    process: {
      exit: (code: unknown) => void exits.push(code),
      env: {},
      versions: process.versions,
    },
    __injected: () => void injected++,
    console: { log() {}, error() {}, warn() {} },
    setTimeout,
    clearTimeout,
    queueMicrotask,
    TextEncoder,
    TextDecoder,
    AbortController,
    AbortSignal,
  });
  const cache = new Map<string, { exports: unknown }>();
  const load = (modulePath: string): unknown => {
    const cached = cache.get(modulePath);
    if (cached) return cached.exports;
    const code = sources.get(modulePath);
    if (code === undefined) throw new Error(`no module ${modulePath}`);
    const module = { exports: {} as unknown };
    cache.set(modulePath, module);
    const wrapper = vm.runInContext(`(function (exports, require, module) {${code}\n})`, sandbox, {
      filename: modulePath,
    }) as (
      exports: unknown,
      require: (id: string) => unknown,
      module: { exports: unknown },
    ) => void;
    const requireFrom = (id: string): unknown => {
      if (!id.startsWith(".")) return realRequire(id);
      const target = path.posix.join(path.posix.dirname(modulePath), id).replace(/\.js$/, ".ts");
      return load(target);
    };
    wrapper(module.exports, requireFrom, module);
    return module.exports;
  };
  for (const entry of ["src/index.ts", "src/node.ts"]) if (sources.has(entry)) load(entry);
  return { exits, injected };
}

/** Pieces that end or escape the places text is printed in, and payloads that would run. */
export const BREAKERS = [
  "*/",
  "/*",
  "//",
  "\n",
  "\r",
  "\r\n",
  "\u2028",
  "\u2029",
  "\u0000",
  "\u001b[31m",
  "\ufeff",
  '"',
  "'",
  "`",
  "${",
  "}",
  "{",
  ")",
  ";",
  "\\",
  "-->",
  "<!--",
  "</script>",
  "{{",
  "}}",
  "{{{",
  "@deprecated ",
  "\ud800",
  "\udc00",
  " ",
];

export const PAYLOADS = [
  "process.exit(7)",
  "__injected()",
  ";__injected();",
  "*/ __injected(); /*",
  "\n__injected();\n",
  "\u2028__injected();//",
  '"; __injected(); "',
  "'); __injected(); ('",
  "`; __injected(); `",
  "${__injected()}",
  "*/ process.exit(7) /*",
];
