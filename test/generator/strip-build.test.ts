// The compiler-free build from the syntax tree (generator/build/strip.ts), against TypeScript's
// build of the same module: for every templated module of every fixture package, and for every
// runtime file it takes, the same JavaScript (both printed by TypeScript's printer, so that
// layout and comments do not count) and the same declaration file (both printed by it, comments
// kept); a map that lands on each declared name; and, on hand-written modules, the TypeScript it
// must leave to the compiler.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { SourceMapConsumer } from "source-map-js";
import { beforeAll, describe, expect, it } from "vitest";
import { buildByErasure } from "../../generator/build/erase.js";
import { buildByStripping } from "../../generator/build/strip.js";
import { buildTypesOnly } from "../../generator/build/types-only.js";
import type { OutputFile } from "../../generator/core/options.js";
import { formatFiles } from "../../generator/format/index.js";
import { compiledByTypeScript, printedByTypeScript } from "../helpers/compiler-oracle.js";
import { fixturePackages } from "../helpers/fixture-packages.js";
import { repoRoot } from "../helpers/repo.js";

interface Built {
  readonly label: string;
  readonly source: string;
  readonly output: readonly OutputFile[];
}

const TEMPLATED = ["protocol", "clients", "connections", "http", "node", "index"].map(
  (name) => `src/${name}.ts`,
);

let built: Built[];
let declinedTemplated: string[];
let runtimeTaken: number;

const output = (entry: Built, suffix: string): string =>
  entry.output.find((file) => file.path.endsWith(suffix))!.content;

const withoutMapComment = (declarations: string): string =>
  declarations.replace(/\/\/# sourceMappingURL=\S+$/, "");

function strip(source: string, name = "m"): OutputFile[] | undefined {
  return buildByStripping(source, `dist/${name}`, `src/${name}.ts`);
}

beforeAll(async () => {
  built = [];
  declinedTemplated = [];
  for (const pkg of await fixturePackages()) {
    for (const file of await formatFiles(pkg.files)) {
      if (!TEMPLATED.includes(file.path)) continue;
      const base = "dist/" + file.path.slice("src/".length, -".ts".length);
      // The build tries the cheaper builds first: a module they take is not this test's.
      if (buildTypesOnly(file.content, base, file.path) !== undefined) continue;
      if (buildByErasure(file.content, base, file.path) !== undefined) continue;
      const stripped = buildByStripping(file.content, base, file.path);
      const label = `${pkg.name} ${file.path}`;
      if (stripped === undefined) declinedTemplated.push(label);
      else built.push({ label, source: file.content, output: stripped });
    }
  }
  // The runtime files, a broader sample of TypeScript: those taken are held to the same oracle.
  runtimeTaken = 0;
  const runtimeDir = path.join(repoRoot, "templates/runtime");
  for (const name of readdirSync(runtimeDir).sort()) {
    const source = readFileSync(path.join(runtimeDir, name), "utf8");
    const stripped = strip(source, `runtime/${name.slice(0, -3)}`);
    if (stripped === undefined) continue;
    runtimeTaken++;
    built.push({ label: `runtime/${name}`, source, output: stripped });
  }
}, 600_000);

describe("modules built from their syntax tree", () => {
  it("include every templated module of every fixture package", () => {
    expect(declinedTemplated).toEqual([]);
    expect(built.length).toBeGreaterThan(60);
  });

  it("include runtime files (not built this way: the generator's build compiles them)", () => {
    expect(runtimeTaken).toBeGreaterThan(5);
  });

  it("have TypeScript's JavaScript", () => {
    for (const entry of built)
      expect(printedByTypeScript(output(entry, ".js"), "js"), entry.label).toBe(
        printedByTypeScript(compiledByTypeScript(entry.source).javascript, "js"),
      );
  });

  it("have TypeScript's declarations, documentation included", () => {
    for (const entry of built)
      expect(
        printedByTypeScript(withoutMapComment(output(entry, ".d.ts")), "d.ts"),
        entry.label,
      ).toBe(printedByTypeScript(compiledByTypeScript(entry.source).declarations, "d.ts"));
  });

  it("have maps that take each declared name to its name in the source", () => {
    let checked = 0;
    for (const entry of built) {
      const consumer = new SourceMapConsumer(JSON.parse(output(entry, ".d.ts.map")));
      const sourceLines = entry.source.split("\n");
      output(entry, ".d.ts")
        .split("\n")
        .forEach((line, index) => {
          const match =
            /^export declare (?:function|class|const|let) ([A-Za-z_$][\w$]*)/.exec(line) ??
            /^export (?:interface|type) ([A-Za-z_$][\w$]*)/.exec(line);
          if (match === null) return;
          const name = match[1]!;
          const column = match[0].length - name.length;
          const original = consumer.originalPositionFor({ line: index + 1, column });
          const target = sourceLines[original.line! - 1]!;
          expect(target.slice(original.column!, original.column! + name.length), name).toBe(name);
          checked++;
        });
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe("what the syntax-tree build leaves to the compiler", () => {
  it.each([
    ["an enum", "export enum E {\n  A,\n}\n"],
    ["a namespace", "export namespace N {\n  export const a = 1;\n}\n"],
    ["a parameter property", "export class A {\n  constructor(readonly x: number) {}\n}\n"],
    ["a private member", "export class A {\n  private x: number = 1;\n}\n"],
    ["an abstract class", "export abstract class A {\n  abstract m(): void;\n}\n"],
    [
      "an overload",
      "export function f(x: string): string;\nexport function f(x: unknown): unknown {\n  return x;\n}\n",
    ],
    ["a decorator", "declare const d: any;\nexport class A {\n  @d m(): void {}\n}\n"],
    ["an export of a local", "const a = 1;\nexport { a };\n"],
    ["an export assignment", "const a = 1;\nexport = a;\n"],
    ["an import assignment", 'import fs = require("node:fs");\nexport const a: number = 1;\n'],
    ["an optional method", "export class A {\n  m?(): void {}\n}\n"],
    ["a this parameter", "export function f(this: Window): void {}\n"],
    ["an exported constant without a type", "export const a = [1].map((x) => x);\n"],
    ["a default export", "export default function f(): void {}\n"],
    ["an old-style cast", "export const a: number = <number>(<unknown>1);\n"],
    ["a missing return type", "export function f(x: number) {\n  return x;\n}\n"],
    ["an untyped parameter", "export function f(x): void {}\n"],
    ["a class that implements", "interface I {}\nexport class A implements I {}\n"],
    [
      "a non-exported constant an export refers to",
      "const a = [1].map((x) => x);\nexport type A = typeof a;\n",
    ],
    [
      "a non-exported function an export refers to",
      "function f(): void {}\nexport type F = typeof f;\n",
    ],
    ["a syntax error", "export function f(: void {}\n"],
  ])("%s", (_name, source) => {
    expect(strip(source)).toBeUndefined();
  });

  it("takes the forms the templates write, to TypeScript's output", () => {
    const source = [
      "// Header line.",
      "",
      'import type * as types from "./types.js";',
      'import { RpcError, type JsonRpcErrorObject, unused } from "./errors.js";',
      'import { onlyTypes } from "./values.js";',
      'import type { Caller } from "./peer.js";',
      'export * from "./runtime.js";',
      'export { a, type B } from "./re.js";',
      "",
      "/** Codes. */",
      "export const Codes = {",
      "  /** The first. */",
      "  First: -32000,",
      '  "with-dash": "x",',
      '  nested: { id: "r", list: [1, "a", true, null] },',
      "} as const;",
      "",
      "type Local = { readonly a: types.A; readonly b: typeof onlyTypes };",
      "interface Unused {",
      "  b: number;",
      "}",
      "",
      "/** Errors. */",
      "export class ProtocolError extends RpcError {",
      "  declare readonly code: number;",
      "  /** The name. */",
      "  readonly codeName: string;",
      "  static readonly kind: string = 'k';",
      "  readonly #peer: Caller;",
      "",
      '  constructor(codeName: string, message: string = "m", data?: unknown) {',
      "    super(-1, message, data);",
      "    this.codeName = codeName;",
      "    this.#peer = {} as Caller;",
      "  }",
      "",
      "  /** Sends. */",
      "  request<M extends keyof Local>(",
      "    method: M,",
      "    ...[params, options]: [Local[M], JsonRpcErrorObject?]",
      "  ): Promise<Local[M]> {",
      "    const handler = (value: unknown, index: number): unknown => value ?? index;",
      "    const known = { method } satisfies object;",
      "    return Promise.resolve(handler(params!, 1) as Local[M] ?? known ?? options);",
      "  }",
      "",
      "  get peer(): Caller {",
      "    return this.#peer;",
      "  }",
      "}",
      "",
      "function internal(x: number): number {",
      "  return x;",
      "}",
      "",
      "export async function serve(",
      "  handlers: Local,",
      "  options: Partial<Local> &",
      "    Omit<",
      "      Local,",
      '      "a"',
      "    > & { readonly port?: number; readonly host?: string } = {},",
      "): Promise<number> {",
      "  return internal(options.port ?? 0) + Object.keys(handlers).length;",
      "}",
      "",
      "const table: ReadonlyMap<string, number> = new Map<string, number>([['a', 1]]);",
      "export const size: number = table.size;",
      "",
    ].join("\n");
    const built = strip(source)!;
    expect(built).toBeDefined();
    const { javascript, declarations } = compiledByTypeScript(source);
    expect(printedByTypeScript(built[0]!.content, "js")).toBe(
      printedByTypeScript(javascript, "js"),
    );
    expect(printedByTypeScript(withoutMapComment(built[1]!.content), "d.ts")).toBe(
      printedByTypeScript(declarations, "d.ts"),
    );
    // Imports only types use are gone from the JavaScript, as TypeScript leaves them out.
    expect(built[0]!.content).not.toContain("onlyTypes");
    expect(built[0]!.content).not.toContain("unused");
  });
});
