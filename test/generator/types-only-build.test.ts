// The build of a types-only module (generator/build/types-only.ts) without a compiler, against
// TypeScript's build of the same module, on every fixture package: the same JavaScript, a
// declaration file that parses and exports the same names, a map that lands on the declaring
// line and column, and a consumer that compiles against the declarations (library check on).
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SourceMapConsumer } from "source-map-js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { splitHeader } from "../../generator/build/header.js";
import { buildTypesOnly } from "../../generator/build/types-only.js";
import type { OutputFile } from "../../generator/core/options.js";
import { typescriptStatements } from "../../generator/core/typescript-statements.js";
import { typescript } from "../../generator/core/typescript.js";
import { formatFiles } from "../../generator/format/index.js";
import { fixturePackages } from "../helpers/fixture-packages.js";
import { makeTempDir, removeTempDir, runTsc } from "../helpers/repo.js";

interface Built {
  readonly pkg: string;
  readonly source: OutputFile;
  readonly output: readonly OutputFile[];
}

let built: Built[];
let tmp: string;

const OPTIONS = () => {
  const ts = typescript();
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    declaration: true,
    isolatedDeclarations: true,
    verbatimModuleSyntax: false,
    removeComments: false,
    newLine: ts.NewLineKind.LineFeed,
  };
};

beforeAll(async () => {
  tmp = makeTempDir("types-only");
  built = [];
  for (const pkg of await fixturePackages()) {
    for (const source of await formatFiles(pkg.files)) {
      if (!source.path.startsWith("src/") || !source.path.endsWith(".ts")) continue;
      const base = "dist/" + source.path.slice("src/".length, -".ts".length);
      const output = buildTypesOnly(source.content, base, source.path);
      if (output !== undefined) built.push({ pkg: pkg.name, source, output });
    }
  }
}, 600_000);

afterAll(() => removeTempDir(tmp));

const file = (entry: Built, suffix: string): string =>
  entry.output.find((output) => output.path.endsWith(suffix))!.content;

describe("types-only modules built without a compiler", () => {
  it("include every fixture package's types.ts, and no module with code", () => {
    const packages = new Set(built.map((entry) => entry.pkg));
    expect(packages.size).toBeGreaterThan(25);
    for (const pkg of packages) {
      expect(
        built.some((e) => e.pkg === pkg && e.source.path === "src/types.ts"),
        pkg,
      ).toBe(true);
    }
    const paths = new Set(built.map((entry) => entry.source.path));
    for (const code of [
      "src/validators.ts",
      "src/protocol.ts",
      "src/index.ts",
      "src/runtime/peer.ts",
    ])
      expect(paths.has(code), code).toBe(false);
  });

  it("have TypeScript's JavaScript", () => {
    const ts = typescript();
    for (const entry of built) {
      const { header, body } = splitHeader(entry.source.content);
      const expected = ts.transpileModule(body, { compilerOptions: OPTIONS() }).outputText;
      expect(file(entry, ".js"), `${entry.pkg} ${entry.source.path}`).toBe(header + expected);
    }
  });

  it("have declarations that parse and export what TypeScript's declarations export", () => {
    const ts = typescript();
    for (const entry of built) {
      const label = `${entry.pkg} ${entry.source.path}`;
      const declarations = file(entry, ".d.ts");
      const parsed = ts.createSourceFile("x.d.ts", declarations, ts.ScriptTarget.Latest);
      expect(
        (parsed as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics,
        label,
      ).toEqual([]);
      const theirs = ts.transpileDeclaration(splitHeader(entry.source.content).body, {
        compilerOptions: OPTIONS(),
      });
      expect(theirs.diagnostics ?? [], label).toEqual([]);
      const names = (text: string) =>
        typescriptStatements(text)
          .flatMap((statement) => statement.exported)
          .sort();
      expect(names(declarations), label).toEqual(names(theirs.outputText));
      expect(names(declarations).length, label).toBeGreaterThan(0);
    }
  });

  it("have maps that take each exported name to its line and column in the source", () => {
    const declaration = /^export (?:type|interface) ([A-Za-z_$][\w$]*)/;
    let checked = 0;
    for (const entry of built) {
      const lines = file(entry, ".d.ts").split("\n");
      const map = JSON.parse(file(entry, ".d.ts.map"));
      expect(map.file).toBe(path.posix.basename(entry.output[1]!.path));
      expect(
        path.posix.join("dist", path.posix.dirname(entry.source.path.slice(4)), map.sources[0]),
      ).toBe(entry.source.path);
      const consumer = new SourceMapConsumer(map);
      const sourceLines = entry.source.content.split("\n");
      lines.forEach((line, index) => {
        const name = declaration.exec(line)?.[1];
        if (name === undefined) return;
        const column = line.indexOf(name, "export ".length);
        const original = consumer.originalPositionFor({ line: index + 1, column });
        expect(original.line, `${entry.pkg} ${name}`).toBe(index + 1);
        expect(original.column, `${entry.pkg} ${name}`).toBe(column);
        expect(sourceLines[index]!.slice(column, column + name.length)).toBe(name);
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("compile for a consumer that uses every exported type, with the library check on", () => {
    const imports: string[] = [];
    built.forEach((entry, index) => {
      const dir = path.join(tmp, `p${index}`, path.dirname(entry.output[0]!.path));
      mkdirSync(dir, { recursive: true });
      for (const output of entry.output)
        writeFileSync(path.join(tmp, `p${index}`, output.path), output.content);
      const names = typescriptStatements(file(entry, ".d.ts")).flatMap((s) => s.exported);
      const module = `./p${index}/${entry.output[0]!.path}`;
      imports.push(
        `import type * as M${index} from ${JSON.stringify(module)};`,
        `export type Uses${index} = [${names.map((name) => `M${index}.${name}`).join(", ")}];`,
      );
    });
    writeFileSync(path.join(tmp, "use.ts"), imports.join("\n") + "\n");
    writeFileSync(
      path.join(tmp, "package.json"),
      JSON.stringify({ type: "module", private: true }),
    );
    writeFileSync(
      path.join(tmp, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          skipLibCheck: false,
          types: [],
        },
        files: ["use.ts"],
      }),
    );
    const result = runTsc(path.join(tmp, "tsconfig.json"));
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  }, 120_000);
});
