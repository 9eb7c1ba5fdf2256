// Stage 4b, build: compiles the package's TypeScript sources to `dist/` (JavaScript and
// declaration files), one file at a time. The generated code is written so that each file
// compiles on its own (explicit types on every export: TypeScript's `isolatedDeclarations`),
// which needs no type checker and so costs little; the test suite type-checks the whole package.
import { ts } from "ts-morph";
import type { OutputFile } from "../core/options.js";

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  declaration: true,
  isolatedDeclarations: true,
  verbatimModuleSyntax: false,
  removeComments: false,
  newLine: ts.NewLineKind.LineFeed,
};

export function buildPackage(files: readonly OutputFile[]): OutputFile[] {
  const built: OutputFile[] = [];
  for (const file of files) {
    if (!file.path.startsWith("src/") || !file.path.endsWith(".ts")) continue;
    const base = "dist/" + file.path.slice("src/".length, -".ts".length);
    const javascript = ts.transpileModule(file.content, { compilerOptions: COMPILER_OPTIONS, fileName: file.path });
    built.push({ path: `${base}.js`, content: javascript.outputText, role: "build" });
    const declaration = ts.transpileDeclaration(file.content, { compilerOptions: COMPILER_OPTIONS, fileName: file.path });
    const problems = declaration.diagnostics ?? [];
    if (problems.length > 0) {
      const message = ts.flattenDiagnosticMessageText(problems[0]!.messageText, "\n");
      throw new Error(`cannot emit declarations for ${file.path}: ${message}`);
    }
    built.push({ path: `${base}.d.ts`, content: withHeader(declaration.outputText, file.content), role: "build" });
  }
  return built;
}

/** Declaration emit drops a file's leading comment when the first statement is not kept; put it back. */
function withHeader(output: string, source: string): string {
  const header = /^(\/\/[^\n]*\n)+/.exec(source)?.[0];
  return header === undefined || output.startsWith(header) ? output : header + output;
}
