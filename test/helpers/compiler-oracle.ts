// TypeScript as the oracle of the compiler-free builds (generator/build/erase.ts, strip.ts): a
// module compiled as the build would compile it, and text printed back by TypeScript's printer,
// so that two builds compare by what they say rather than by their layout.
import { expect } from "vitest";
import { splitHeader } from "../../generator/build/header.js";
import { compilerOptions } from "../../generator/build/index.js";
import { typescript } from "../../generator/core/typescript.js";

/** TypeScript's JavaScript and declarations for a module, its header compiled apart as the build does. */
export function compiledByTypeScript(source: string): {
  javascript: string;
  declarations: string;
} {
  const ts = typescript();
  const { header, body } = splitHeader(source);
  // The build's options, but for the map, which the build writes apart from TypeScript's output.
  const options = { ...compilerOptions(), declarationMap: false };
  const declarations = ts.transpileDeclaration(body, { compilerOptions: options });
  expect(declarations.diagnostics ?? []).toEqual([]);
  return {
    javascript: ts.transpileModule(body, { compilerOptions: options }).outputText,
    declarations: header + declarations.outputText,
  };
}

/**
 * Text read back and printed by TypeScript's printer: JavaScript without its comments, a
 * declaration file with them (its documentation is part of what it says).
 */
export function printedByTypeScript(text: string, kind: "js" | "d.ts"): string {
  const ts = typescript();
  const file = ts.createSourceFile(
    `x.${kind}`,
    text,
    ts.ScriptTarget.Latest,
    false,
    kind === "js" ? ts.ScriptKind.JS : ts.ScriptKind.TS,
  );
  return ts.createPrinter({ removeComments: kind === "js" }).printFile(file);
}
