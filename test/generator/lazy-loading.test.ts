// A run loads only what it uses. The command line runs in a child process with a probe that
// records every module loaded: CommonJS ones (TypeScript, which ts-morph carries, Handlebars) from
// the require cache at exit, ES modules (the generator's own, the ref parser) through a resolve
// hook. The run without a cache is the probe's control: it formats, so it must be seen loading
// prettier (CommonJS, from its code cache) and Handlebars, and the generator's own modules.
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliBin, ensureBuilt, repoRoot, stepflowInputArgs } from "../helpers/repo.js";

let tmp: string;
let project: string;
let schemaFile: string;
let original: string;

const REQUIRE_PROBE = `
process.on("exit", () => {
  require("node:fs").writeFileSync(process.env.PROBE_CJS, JSON.stringify(Object.keys(require.cache)));
});
`;
const ESM_HOOKS = `
import { appendFileSync } from "node:fs";
let out;
export function initialize(data) { out = data.out; }
export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  appendFileSync(out, resolved.url + "\\n");
  return resolved;
}
`;
const ESM_REGISTER = (hooks: string, out: string) => `
import { register } from "node:module";
register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { out: ${JSON.stringify(out)} } });
`;

/** Runs the generator on the project's copy; returns the modules it loaded (paths and URLs). */
function runRecorded(...extra: string[]): string[] {
  return recorded([cliBin, ...stepflowInputArgs, "--out", "generated", ...extra]);
}

/** Runs Node with `args` under the probe; returns the modules it loaded (paths and URLs). */
function recorded(args: readonly string[]): string[] {
  const cjs = path.join(tmp, "cjs.json");
  const esm = path.join(tmp, "esm.txt");
  writeFileSync(esm, "");
  writeFileSync(path.join(tmp, "register.mjs"), ESM_REGISTER(path.join(tmp, "hooks.mjs"), esm));
  const result = spawnSync(
    process.execPath,
    [
      "--require",
      path.join(tmp, "probe.cjs"),
      "--import",
      pathToFileURL(path.join(tmp, "register.mjs")).href,
      ...args,
    ],
    { cwd: project, encoding: "utf8", env: { ...process.env, PROBE_CJS: cjs } },
  );
  expect(result.stderr).toBe("");
  expect(result.status).toBe(0);
  return [
    ...(JSON.parse(readFileSync(cjs, "utf8")) as string[]),
    ...readFileSync(esm, "utf8").split("\n").filter(Boolean),
  ];
}

/** TypeScript's compiler: the copy ts-morph carries, or a `typescript` package. */
const typescriptLoaded = (modules: string[]) =>
  modules.some((module) =>
    /\/node_modules\/(?:@ts-morph\/common\/dist\/typescript\.js$|typescript\/)/.test(module),
  );
const loaded = (modules: string[], name: string) =>
  modules.some((module) => module.includes(`/node_modules/${name}/`));

function editSchema(edit: (schema: any) => void): void {
  const value = JSON.parse(original);
  edit(value);
  writeFileSync(schemaFile, JSON.stringify(value, null, 2) + "\n");
}

beforeAll(() => {
  ensureBuilt();
  // No node_modules here: the cache goes to the OS temp folder, as for any project without one.
  tmp = realpathSync(mkdtempSync(path.join(os.tmpdir(), "jrb-lazy-")));
  project = path.join(tmp, "project");
  cpSync(path.join(repoRoot, "schema"), path.join(project, "schema"), { recursive: true });
  schemaFile = path.join(project, "schema/stepflow-protocol.schema.json");
  original = readFileSync(schemaFile, "utf8");
  writeFileSync(path.join(tmp, "probe.cjs"), REQUIRE_PROBE);
  writeFileSync(path.join(tmp, "hooks.mjs"), ESM_HOOKS);
}, 60_000);

afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe("what a run loads", () => {
  it("the probe sees the compiler when it is loaded (its control)", () => {
    const compiler = pathToFileURL(path.join(repoRoot, "dist/generator/core/typescript.js")).href;
    const modules = recorded([
      "--input-type=module",
      "-e",
      `import { typescript } from ${JSON.stringify(compiler)}; typescript();`,
    ]);
    expect(typescriptLoaded(modules)).toBe(true);
  });

  it("without a cache: prettier and the rest, but no TypeScript (every generated module is built from its syntax tree)", () => {
    const modules = runRecorded("--no-cache");
    expect(loaded(modules, "prettier")).toBe(true);
    expect(typescriptLoaded(modules)).toBe(false);
    expect(loaded(modules, "handlebars")).toBe(true);
    // The generator's own modules are seen too: the hook sees ES modules, not only packages.
    expect(modules.some((module) => module.endsWith("/generator/pipeline.js"))).toBe(true);
  }, 120_000);

  it("without a cache: prettier's standalone build and TypeScript plugins, not its Markdown one (the README is preformatted)", () => {
    const modules = runRecorded("--no-cache");
    // Prettier is loaded as CommonJS (format/prettier.ts), so it is seen in the require cache.
    const plugin = (name: string) =>
      modules.some((module) => module.endsWith(`/node_modules/prettier/plugins/${name}.js`));
    // The control: prettier's plugins are seen as they load.
    expect(plugin("babel")).toBe(true);
    expect(plugin("estree")).toBe(true);
    expect(modules.some((module) => module.endsWith("/node_modules/prettier/standalone.js"))).toBe(
      true,
    );
    // Not its main entry, which would load its command line's modules and its plugins as ES modules.
    expect(modules.some((module) => /\/node_modules\/prettier\/index\.m?js$/.test(module))).toBe(
      false,
    );
    expect(plugin("markdown")).toBe(false);
    // Prettier formats a Markdown file's TypeScript examples with its TypeScript parser.
    expect(plugin("typescript")).toBe(false);
  }, 120_000);

  it("when nothing changed: none of TypeScript, prettier, Handlebars, the ref parser", () => {
    runRecorded();
    const modules = runRecorded();
    expect(typescriptLoaded(modules)).toBe(false);
    for (const name of ["prettier", "handlebars", "@apidevtools/json-schema-ref-parser", "js-yaml"])
      expect(loaded(modules, name), name).toBe(false);
  }, 120_000);

  it("after a description is edited: no TypeScript, no prettier, no Handlebars compiler, no ref parser", () => {
    runRecorded();
    const before = readFileSync(path.join(project, "generated/dist/types.d.ts"), "utf8");
    editSchema((schema) => {
      schema.$defs.BlobId.description += ' Edited: */ `${x}` "quoted"\nnext line.';
    });
    const modules = runRecorded();
    const after = readFileSync(path.join(project, "generated/dist/types.d.ts"), "utf8");
    // The run did rebuild the types: the new description is in the declarations.
    expect(after).not.toBe(before);
    expect(after).toContain("Edited:");
    expect(typescriptLoaded(modules)).toBe(false);
    // The types module is written in prettier's layout (emit/type-layout.ts).
    expect(loaded(modules, "prettier")).toBe(false);
    expect(
      modules.some((module) => module.includes("/handlebars/dist/cjs/handlebars/compiler/")),
    ).toBe(false);
    expect(loaded(modules, "source-map")).toBe(false);
    expect(loaded(modules, "@apidevtools/json-schema-ref-parser")).toBe(false);
  }, 120_000);

  it("after a property's description is edited: no TypeScript", () => {
    editSchema((schema) => {
      const params = schema.$defs.ComponentExecuteParams;
      const first = Object.keys(params.properties)[0]!;
      params.properties[first].description += " Edited again.";
    });
    const modules = runRecorded();
    expect(readFileSync(path.join(project, "generated/src/types.ts"), "utf8")).toContain(
      "Edited again.",
    );
    expect(typescriptLoaded(modules)).toBe(false);
  }, 120_000);

  it("the output of edit runs is the output of a run without a cache", () => {
    const cached = readFileSync(path.join(project, "generated/dist/types.d.ts"), "utf8");
    runRecorded("--no-cache");
    expect(readFileSync(path.join(project, "generated/dist/types.d.ts"), "utf8")).toBe(cached);
  }, 120_000);
});
