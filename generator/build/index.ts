// Stage 4b, build: compiles the package's TypeScript sources to `dist/` (JavaScript and
// declaration files), one file at a time. The generated code is written so that each file
// compiles on its own (explicit types on every export: TypeScript's `isolatedDeclarations`),
// which needs no type checker and so costs little; the test suite type-checks the whole package.
//
// A file's header comment (which names the generator's inputs) is compiled apart from its body,
// so the body's output can be reused: from the last run, and for the static runtime files, from
// the generator's own build (`precompiled.json`, written by `npm run build`).
//
// A file of types alone (type aliases, interfaces, `import type`) needs no compiler: its
// JavaScript is an empty module and its declarations are its own text (types-only.ts). Nor does
// a file whose TypeScript is annotations of plain functions (erase.ts: the validators), nor one
// whose syntax tree holds only TypeScript that erases (strip.ts: the templated modules). Only a
// file with code whose output is in no memo and that none of these takes loads TypeScript.
import { readFileSync } from "node:fs";
import type { ts } from "ts-morph";
import { sha256 } from "../core/hash.js";
import { Memo } from "../core/memo.js";
import type { OutputFile } from "../core/options.js";
import { typescript } from "../core/typescript.js";
import { shiftDeclarationMap } from "./declaration-map.js";
import { splitHeader } from "./header.js";
import { buildByErasure } from "./erase.js";
import { buildByStripping } from "./strip.js";
import { buildTypesOnly } from "./types-only.js";

/** The options the build compiles with (tests compile with them too, as the oracle). */
export function compilerOptions(): ts.CompilerOptions {
  const ts = typescript();
  return {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    declaration: true,
    declarationMap: true,
    isolatedDeclarations: true,
    verbatimModuleSyntax: false,
    removeComments: false,
    newLine: ts.NewLineKind.LineFeed,
  };
}

/** `src/x.ts` → `dist/x` (the build output's path without its extension), or undefined. */
function builtBase(file: string): string | undefined {
  if (!file.startsWith("src/") || !file.endsWith(".ts")) return undefined;
  return "dist/" + file.slice("src/".length, -".ts".length);
}

/** The paths `buildPackage` writes for these sources, without compiling anything. */
export function builtPaths(files: readonly OutputFile[]): string[] {
  return files.flatMap((file) => {
    const base = builtBase(file.path);
    return base === undefined ? [] : [`${base}.js`, `${base}.d.ts`, `${base}.d.ts.map`];
  });
}

export function buildPackage(files: readonly OutputFile[], memo: Memo = new Memo()): OutputFile[] {
  const built: OutputFile[] = [];
  for (const file of files) {
    const base = builtBase(file.path);
    if (base === undefined) continue;
    const scanned =
      buildTypesOnly(file.content, base, file.path) ??
      buildByErasure(file.content, base, file.path);
    if (scanned !== undefined) {
      built.push(...scanned);
      continue;
    }
    const { header, body } = splitHeader(file.content);
    // The compiler's output, when a memo has it (the runtime files, from the generator's build),
    // is taken before the syntax tree is read for a build of its own.
    const stripped = isCompiled(body, memo)
      ? undefined
      : strippedThroughMemo(file.content, base, file.path, memo);
    if (stripped !== undefined) {
      built.push(...stripped);
      continue;
    }
    const { javascript, declarations, declarationMap } = compileBody(body, file.path, memo);
    const name = base.slice(base.lastIndexOf("/") + 1);
    const source = "../".repeat(base.split("/").length - 1) + file.path;
    // The header precedes the body in both the declaration file and the source.
    const headerLines = header.split("\n").length - 1;
    built.push({ path: `${base}.js`, content: header + javascript, role: "build" });
    built.push({ path: `${base}.d.ts`, content: header + declarations, role: "build" });
    built.push({
      path: `${base}.d.ts.map`,
      content: shiftDeclarationMap(declarationMap, headerLines, `${name}.d.ts`, source),
      role: "build",
    });
  }
  return built;
}

/**
 * The build of `strip.ts`, through the memo: a module it does not take is remembered as such, so
 * that a run after an edit elsewhere does not parse it again.
 */
function strippedThroughMemo(
  content: string,
  base: string,
  path: string,
  memo: Memo,
): OutputFile[] | undefined {
  const key = `strip\0${sha256(`${base}\0${path}\0${content}`)}`;
  const remembered = memo.get(key);
  if (remembered !== undefined) return (JSON.parse(remembered) as OutputFile[] | null) ?? undefined;
  const output = buildByStripping(content, base, path);
  memo.set(key, JSON.stringify(output ?? null));
  return output;
}

/** Whether the memo holds the compiler's whole output for this body. */
function isCompiled(body: string, memo: Memo): boolean {
  const key = sha256(body);
  return memo.has(`js\0${key}`) && memo.has(`dts+map\0${key}`);
}

/** Compiles one file's body (no header) to JavaScript and declarations, through the memo. */
export function compileBody(
  body: string,
  fileName: string,
  memo: Memo,
): { javascript: string; declarations: string; declarationMap: string } {
  const key = sha256(body);
  const javascript = memo.getOrCompute(
    `js\0${key}`,
    () =>
      typescript().transpileModule(body, { compilerOptions: compilerOptions(), fileName })
        .outputText,
  );
  // The declarations and their map, kept together as one memo entry.
  const declarationOutput = memo.getOrCompute(`dts+map\0${key}`, () => {
    const ts = typescript();
    const output = ts.transpileDeclaration(body, { compilerOptions: compilerOptions(), fileName });
    const problem = output.diagnostics?.[0];
    if (problem !== undefined) {
      throw new Error(
        `cannot emit declarations for ${fileName}: ${ts.flattenDiagnosticMessageText(problem.messageText, "\n")}`,
      );
    }
    if (output.sourceMapText === undefined) throw new Error(`no declaration map for ${fileName}`);
    return JSON.stringify([output.outputText, output.sourceMapText]);
  });
  const [declarations, declarationMap] = JSON.parse(declarationOutput) as [string, string];
  return { javascript, declarations, declarationMap };
}

/** The runtime files compiled when the generator itself was built, by memo key. */
export function precompiledEntries(): Map<string, string> {
  try {
    const entries = JSON.parse(
      readFileSync(new URL("./precompiled.json", import.meta.url), "utf8"),
    ) as Record<string, string>;
    return new Map(Object.entries(entries));
  } catch {
    return new Map();
  }
}
