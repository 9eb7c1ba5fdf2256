// The compiler-free scanner of top-level statements (generator/core/top-level.ts) against
// TypeScript's parser. Where the scanner answers, its answer (each statement's extent, whether it
// is an import, a re-export or types only, the names it exports) must be TypeScript's; where the
// generator relies on it to keep TypeScript unloaded (every file the formatter cuts and every
// module whose export list is read), it must answer. Over every TypeScript file the generator
// writes for the fixtures (before and after formatting), over hostile schema text in every
// position, over statements of those files shuffled together, and over hand-written edge cases.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { OutputFile } from "../../generator/core/options.js";
import { topLevelStatements } from "../../generator/core/top-level.js";
import { typescriptStatements } from "../../generator/core/typescript-statements.js";
import { typescript } from "../../generator/core/typescript.js";
import { formatFiles } from "../../generator/format/index.js";
import { fixturePackages, type FixturePackage } from "../helpers/fixture-packages.js";
import { BREAKERS, emitOrReject, PAYLOADS } from "../security/harness.js";

const RUNS = Number(process.env["FAST_CHECK_RUNS"] ?? 150);

/** The files whose statements the generator reads: all TypeScript but the copied runtime. */
function readByGenerator(file: OutputFile): boolean {
  return (
    file.path.endsWith(".ts") &&
    (!file.path.startsWith("src/runtime/") || file.path === "src/runtime/index.ts")
  );
}

function syntaxErrors(text: string): number {
  const ts = typescript();
  const file = ts.createSourceFile("m.ts", text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  return (file as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length;
}

/** The scanner's answer, if any, is TypeScript's; returns whether there was one. */
function agrees(text: string, label: string): boolean {
  const ours = topLevelStatements(text);
  if (ours !== undefined) expect(ours, label).toEqual(typescriptStatements(text));
  return ours !== undefined;
}

let packages: FixturePackage[];
let formatted: { name: string; files: OutputFile[] }[];

beforeAll(async () => {
  packages = await fixturePackages();
  formatted = [];
  for (const pkg of packages)
    formatted.push({ name: pkg.name, files: await formatFiles(pkg.files) });
}, 600_000);

describe("top-level statements without a compiler, on every fixture package", () => {
  it("covers the fixtures, the project's protocol, MCP and LSP", () => {
    const names = packages.map((pkg) => pkg.name);
    expect(names).toEqual(expect.arrayContaining(["stepflow", "mcp-2025-11-25", "lsp-3.18"]));
    expect(names.length).toBeGreaterThan(25);
  });

  it("agree with TypeScript's parse of every emitted TypeScript file, before and after formatting", () => {
    let answered = 0;
    let files = 0;
    for (const pkg of [...packages, ...formatted]) {
      for (const file of pkg.files.filter((f) => f.path.endsWith(".ts"))) {
        files++;
        if (agrees(file.content, `${pkg.name} ${file.path}`)) answered++;
      }
    }
    // Most runtime files are answered too; every other file is (next test).
    expect(answered).toBeGreaterThan(files * 0.6);
  });

  it("answer for every file the formatter cuts and every module whose exports are read", () => {
    const unanswered: string[] = [];
    for (const pkg of [...packages, ...formatted]) {
      for (const file of pkg.files.filter(readByGenerator)) {
        if (topLevelStatements(file.content) === undefined)
          unanswered.push(`${pkg.name} ${file.path}`);
      }
    }
    expect(unanswered).toEqual([]);
  });

  it("find types.ts to hold types only, and the modules with code not to", () => {
    for (const pkg of formatted) {
      for (const file of pkg.files.filter((f) => f.path.endsWith(".ts"))) {
        const statements = topLevelStatements(file.content);
        if (statements === undefined) continue;
        const typesOnly = statements.every((statement) => statement.typesOnly);
        if (file.path === "src/types.ts") expect(typesOnly, pkg.name).toBe(true);
        if (file.path === "src/validators.ts") expect(typesOnly, pkg.name).toBe(false);
      }
    }
  });
});

const hostileText = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...BREAKERS) },
      { weight: 3, arbitrary: fc.constantFrom(...PAYLOADS) },
      { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
      { weight: 1, arbitrary: fc.constantFrom("/", "/x/g", "[/]", "=>", "}`", "${a}", "<T,>") },
    ),
    { minLength: 1, maxLength: 8 },
  )
  .map((parts) => parts.join(""));

function hostileProtocol(t: string[]): { schema: unknown; catalog: unknown } {
  const [a, b, c, d, e, f, g, h] = t;
  const schema = {
    $defs: {
      Params: {
        type: "object",
        title: a,
        description: b,
        properties: {
          [c!]: { type: "string", description: d, pattern: "^[a-z/]+$" },
          kind: { enum: ["fixed", e] },
          tag: { const: f },
          nested: { type: "object", additionalProperties: { type: "integer", description: g } },
        },
        required: ["tag"],
        default: { tag: h },
        examples: [{ tag: a }],
      },
      Result: { type: "object", description: c, properties: { ok: { type: "boolean" } } },
      [`${d}`]: { description: e, type: "array", items: { $ref: "#/$defs/Params" } },
    },
  };
  const catalog = {
    protocol: { name: "hostile", title: a, description: b },
    package: { name: "hostile-protocol", version: "1.0.0", description: c },
    roles: { client: { description: d }, server: { description: e } },
    methods: [
      {
        name: f,
        kind: "request",
        from: "client",
        to: "server",
        params: "Params",
        result: "Result",
        description: g,
      },
      { name: `n/${h}`, kind: "notification", from: "server", to: "client", params: "Params" },
    ],
    errors: [{ name: "Failed", code: -32001, message: a, description: b }],
  };
  return { schema, catalog };
}

describe("top-level statements on hostile schema text", () => {
  it("agree with TypeScript in every emitted module, and answer for those the generator reads", () => {
    let emitted = 0;
    fc.assert(
      fc.property(fc.array(hostileText, { minLength: 8, maxLength: 8 }), (texts) => {
        const { schema, catalog } = hostileProtocol(texts);
        for (const withCatalog of [false, true]) {
          const files = emitOrReject(schema, withCatalog ? catalog : undefined);
          if (!Array.isArray(files)) continue;
          emitted++;
          for (const file of files.filter(readByGenerator)) {
            expect(syntaxErrors(file.content), file.path).toBe(0);
            expect(agrees(file.content, file.path), file.path).toBe(true);
          }
        }
      }),
      { numRuns: RUNS },
    );
    expect(emitted).toBeGreaterThan(RUNS / 2);
  });

  it("agree with TypeScript after formatting", async () => {
    const samples = fc.sample(fc.array(hostileText, { minLength: 8, maxLength: 8 }), {
      numRuns: 12,
      seed: 13,
    });
    let checked = 0;
    for (const texts of samples) {
      const { schema, catalog } = hostileProtocol(texts);
      const files = emitOrReject(schema, catalog);
      if (!Array.isArray(files)) continue;
      for (const file of (await formatFiles(files)).filter(readByGenerator)) {
        expect(agrees(file.content, file.path), file.path).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(20);
  });
});

describe("top-level statements of statements shuffled together", () => {
  it("are TypeScript's, or no answer, however statements are joined", () => {
    const pieces = formatted
      .filter((pkg) => ["stepflow", "features", "nasty-docs"].includes(pkg.name))
      .flatMap((pkg) => pkg.files.filter((file) => file.path.endsWith(".ts")))
      .flatMap((file) =>
        typescriptStatements(file.content).map((s) => file.content.slice(s.pos, s.end).trim()),
      );
    expect(pieces.length).toBeGreaterThan(200);
    const joins = [";\n", "\n", "\n\n", " ", "\n// note\n", "/* a */", ";", "\n;\n"];
    let answered = 0;
    let valid = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...pieces), fc.constantFrom(...joins)), {
          minLength: 1,
          maxLength: 6,
        }),
        (parts) => {
          const text = parts.map(([piece, join]) => piece + join).join("");
          if (syntaxErrors(text) > 0) return;
          valid++;
          if (agrees(text, text.slice(0, 200))) answered++;
        },
      ),
      { numRuns: RUNS * 4 },
    );
    // Not an answer of "unsure" to everything: most valid joins are answered.
    expect(answered).toBeGreaterThan(valid / 2);
  });
});

describe("top-level statements of hand-written edge cases", () => {
  const cases: [string, string, boolean][] = [
    // [what, text, must the scanner answer?]
    [
      "template literal with nested braces",
      "export const a = `x${{ b: `}` }.b}y`;\nexport const c = 1;",
      true,
    ],
    [
      "regular expression with a slash in a class",
      "export const r = /[/]}/g;\nexport type T = 1;",
      true,
    ],
    ["division after a name", "export const x = a / b / c;\nexport const y = 2;", true],
    [
      "comment terminator lookalikes in strings",
      'export const s = "*/ /* //";\nexport type A = "`${";',
      true,
    ],
    ["line continuation in a string", 'export const s = "a\\\nb";\nexport const t = 1;', true],
    [
      "object type return before a body",
      "export function f(): { a: 1 } {\n  return { a: 1 };\n}\nexport const b = 2;",
      true,
    ],
    [
      "indexed access after a type literal",
      'export type A = { a: 1 }["a"];\nexport type B = A;',
      true,
    ],
    [
      "union across lines",
      "export type A =\n  | { a: 1 }\n  | { b: 2 };\nexport interface I {}",
      true,
    ],
    [
      "statements without semicolons",
      "export type A = string\nexport type B = number\nexport const c = 1",
      true,
    ],
    [
      "export list with renames and types",
      'export { a as b, type C, type D as E };\nexport * from "./x.js";',
      true,
    ],
    [
      "re-export and import type",
      'import type { A } from "./a.js";\nimport { b } from "./b.js";\nexport type { A };\nexport { c } from "./c.js";',
      true,
    ],
    [
      "class with private names",
      "export class K {\n  #a = 1;\n  m() { return this.#a / 2; }\n}\nexport const k = new K();",
      true,
    ],
    [
      "const enum and declare",
      "export const enum E { A }\nexport declare const d: number;\nexport default function named() {}",
      true,
    ],
    ["optional chaining", "export const v = a?.b?.[0] ?? c;\nexport const w = a ? .5 : 1;", true],
    ["empty statement after a class", "export class A {};\nexport const b = 1;", true],
    ["function then expression statement", "function f() {}\nf();\nexport const x = 1;", true],
    [
      "generic type arguments with commas",
      "export const m: Map<string, Array<number>> = new Map();\nexport const n = 1;",
      true,
    ],
    // Where the answer takes a parse: no answer is the right one.
    ["regex after a closing parenthesis", "if (x) /a/.test(y);\nexport const z = 1;", false],
    ["call across a line break", "export const a = b\n(c);\nexport const d = 1;", false],
    ["several declarators", "export const a = 1, b = 2;", false],
    ["unicode escape in a name", "export const \\u0061b = 1;", false],
    ["do while", "do x(); while (y) z();", false],
  ];
  it.each(cases)("%s", (_what, text, answers) => {
    expect(syntaxErrors(text)).toBe(0);
    const answered = agrees(text, text);
    if (answers) expect(answered).toBe(true);
    else expect(topLevelStatements(text)).toBeUndefined();
  });
});
