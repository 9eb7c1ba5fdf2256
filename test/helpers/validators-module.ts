// The generated validators of a schema, loaded without the whole pipeline: the model and the
// emitted sources, with types erased by the compiler's transpiler (no formatting, no declarations),
// which is all a test that runs validators needs, in a fraction of the time.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ts } from "ts-morph";
import { emitPackage, type EmitOptions } from "../../generator/emit/index.js";
import { load, type LoadedInputs } from "../../generator/load/index.js";
import { buildModel } from "../../generator/model/index.js";
import type { Model } from "../../generator/core/ir.js";
import { repoRoot } from "./repo.js";

export type Validators = Record<string, (value: unknown) => unknown>;

/**
 * Emits `schemaPath`'s validators into `dir` (printed as `options` say) and imports them, with the
 * model they came from.
 */
export async function loadValidators(
  schemaPath: string,
  dir: string,
  options: EmitOptions = {},
): Promise<{ validators: Validators; model: Model; inputs: LoadedInputs }> {
  const inputs = await load({ schemaPath, cwd: repoRoot });
  const model = buildModel(inputs);
  for (const file of emitPackage(model, options)) {
    if (file.path !== "src/validators.ts" && file.path !== "src/runtime/validation.ts") continue;
    const output = ts.transpileModule(file.content, {
      compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
    }).outputText;
    const target = path.join(dir, file.path.replace(/^src\//, "").replace(/\.ts$/, ".js"));
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, output);
  }
  const validators = (await import(
    pathToFileURL(path.join(dir, "validators.js")).href
  )) as Validators;
  return { validators, model, inputs };
}
