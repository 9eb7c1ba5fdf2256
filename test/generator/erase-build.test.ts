// The compiler-free build of modules whose TypeScript is annotations only (generator/build/
// erase.ts), against TypeScript's build of the same module: on every fixture package, the same
// JavaScript (both read back and printed by TypeScript's printer, so that layout and comments
// do not count), the same declaration file, and a map that lands on the declaring line and name;
// on hand-written modules, the TypeScript it must leave to the compiler.
import path from "node:path";
import { SourceMapConsumer } from "source-map-js";
import { beforeAll, describe, expect, it } from "vitest";
import { buildByErasure } from "../../generator/build/erase.js";
import type { OutputFile } from "../../generator/core/options.js";
import { formatFiles } from "../../generator/format/index.js";
import { compiledByTypeScript, printedByTypeScript } from "../helpers/compiler-oracle.js";
import { fixturePackages } from "../helpers/fixture-packages.js";

interface Built {
  readonly pkg: string;
  readonly source: OutputFile;
  readonly output: readonly OutputFile[];
}

let built: Built[];
let declined: { pkg: string; path: string }[];

const file = (entry: Built, suffix: string): string =>
  entry.output.find((output) => output.path.endsWith(suffix))!.content;

beforeAll(async () => {
  built = [];
  declined = [];
  for (const pkg of await fixturePackages()) {
    for (const source of await formatFiles(pkg.files)) {
      if (!source.path.startsWith("src/") || !source.path.endsWith(".ts")) continue;
      const base = "dist/" + source.path.slice("src/".length, -".ts".length);
      const output = buildByErasure(source.content, base, source.path);
      if (output !== undefined) built.push({ pkg: pkg.name, source, output });
      else declined.push({ pkg: pkg.name, path: source.path });
    }
  }
}, 600_000);

describe("modules built by erasing their types", () => {
  it("include every fixture package's validators, and none of the modules with more TypeScript", () => {
    const packages = new Set(built.map((entry) => entry.pkg));
    expect(packages.size).toBeGreaterThan(25);
    for (const pkg of packages)
      expect(
        built.some((e) => e.pkg === pkg && e.source.path === "src/validators.ts"),
        pkg,
      ).toBe(true);
    for (const code of [
      "src/protocol.ts",
      "src/clients.ts",
      "src/connections.ts",
      "src/runtime/peer.ts",
    ])
      expect(
        declined.some((entry) => entry.path === code),
        code,
      ).toBe(true);
  });

  it("have TypeScript's JavaScript", () => {
    for (const entry of built) {
      const label = `${entry.pkg} ${entry.source.path}`;
      expect(printedByTypeScript(file(entry, ".js"), "js"), label).toBe(
        printedByTypeScript(compiledByTypeScript(entry.source.content).javascript, "js"),
      );
    }
  });

  it("have TypeScript's declarations", () => {
    for (const entry of built) {
      const label = `${entry.pkg} ${entry.source.path}`;
      const name = path.posix.basename(entry.output[1]!.path);
      expect(file(entry, ".d.ts"), label).toBe(
        `${compiledByTypeScript(entry.source.content).declarations}//# sourceMappingURL=${name}.map`,
      );
    }
  });

  it("have maps that take each exported function's name to its name in the source", () => {
    let checked = 0;
    for (const entry of built) {
      const lines = file(entry, ".d.ts").split("\n");
      const consumer = new SourceMapConsumer(JSON.parse(file(entry, ".d.ts.map")));
      const sourceLines = entry.source.content.split("\n");
      lines.forEach((line, index) => {
        const name = /^export declare function ([A-Za-z_$][\w$]*)/.exec(line)?.[1];
        if (name === undefined) return;
        const column = line.indexOf(name, "export declare function".length);
        const original = consumer.originalPositionFor({ line: index + 1, column });
        const target = sourceLines[original.line! - 1]!;
        expect(target.slice(original.column!, original.column! + name.length), name).toBe(name);
        expect(target.startsWith("export function "), name).toBe(true);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(500);
  });
});

describe("what erasure leaves to the compiler", () => {
  const build = (body: string) => buildByErasure(body, "dist/m", "src/m.ts");

  it.each([
    ["a class", "export class A {\n  x = 1;\n}\n"],
    [
      "a parameter property",
      "export function f(x: number): number {\n  class B {\n    constructor(readonly y: number) {}\n  }\n  return x;\n}\n",
    ],
    [
      "an interface",
      "export interface A {\n  x: number;\n}\nexport function f(): number {\n  return 1;\n}\n",
    ],
    ["a type alias", "type A = number;\nexport function f(): A {\n  return 1;\n}\n"],
    ["an enum", "enum E {\n  A,\n}\nexport function f(): number {\n  return E.A;\n}\n"],
    [
      "an arrow function",
      "export function f(): number {\n  const g = (x: number) => x;\n  return g(1);\n}\n",
    ],
    ["a generic call", "export function f(): Set<string> {\n  return new Set<string>();\n}\n"],
    ["a non-null assertion", "export function f(x: number[]): number {\n  return x[0]!;\n}\n"],
    ["satisfies", "export function f(): unknown {\n  return {} satisfies object;\n}\n"],
    ["an optional parameter", "export function f(x?: number): number {\n  return 1;\n}\n"],
    ["a default parameter", "export function f(x: number = 1): number {\n  return x;\n}\n"],
    ["a missing return type", "export function f(x: number) {\n  return x;\n}\n"],
    [
      "a nested function",
      "export function f(): number {\n  function g(x: number): number {\n    return x;\n  }\n  return g(1);\n}\n",
    ],
    [
      "a function type",
      "export function f(g: (x: number) => number): number {\n  return g(1);\n}\n",
    ],
    [
      "an import of types alone",
      'import { type A } from "./a.js";\nexport function f(x: A): A {\n  return x;\n}\n',
    ],
    [
      "an interface in a function",
      "export function f(): number {\n  interface A {\n    x: number;\n  }\n  return 1;\n}\n",
    ],
    [
      "a class expression",
      "export function f(): unknown {\n  return class {\n    private x = 1;\n  };\n}\n",
    ],
    ["an exported constant", "export const a = 1;\n"],
    ["a re-export", 'export * from "./a.js";\n'],
  ])("%s", (_name, body) => {
    expect(build(body)).toBeUndefined();
  });

  it("takes the forms the validators use, to TypeScript's JavaScript", () => {
    const body = [
      'import type * as types from "./types.js";',
      'import { issueAt, type ValidationIssue, within } from "./runtime/validation.js";',
      "",
      'const known: ReadonlySet<unknown> = new Set(["a", 1]);',
      "const pattern = /a:b as c/u;",
      "",
      "/** Checks. */",
      "export function validateA(",
      "  value: unknown,",
      "): ValidationIssue | undefined {",
      '  if (typeof value !== "object" || value === null) return issueAt("as T", value);',
      '  const object = value as { readonly [key: string]: unknown; readonly "a b"?: string };',
      "  const list: readonly (string | number)[] = [];",
      "  const ok = known.has(object.a) ? 1 : 2;",
      // Words TypeScript reserves for declarations are names here.
      "  const namespace = object.namespace;",
      "  const type = object.type ?? namespace;",
      // (A cast in parentheses keeps its parentheses, which TypeScript drops: not compared.)
      "  const b = object.b as types.A[];",
      '  if (ok < 2 && list.length > 0) return within(issueAt("x", b.length), "b");',
      '  return pattern.test(String(object.a)) ? undefined : issueAt("y", value);',
      "}",
      "",
      "/** Whether. */",
      "export function isA(value: unknown): value is types.A {",
      "  return validateA(value) === undefined;",
      "}",
      "",
    ].join("\n");
    const output = build(body)!;
    expect(output).toBeDefined();
    const { javascript, declarations } = compiledByTypeScript(body);
    expect(printedByTypeScript(output[0]!.content, "js")).toBe(
      printedByTypeScript(javascript, "js"),
    );
    expect(output[1]!.content).toBe(`${declarations}//# sourceMappingURL=m.d.ts.map`);
  });
});
