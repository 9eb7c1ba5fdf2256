// The generator's public entry: runs the stages in order. Heavy stages (ts-morph, prettier) are
// imported only when there is work for them, so a run that finds its output up to date costs
// little more than starting Node.
import path from "node:path";
import type { InputWarning } from "./core/ir.js";
import type { OutputFile, GenerateOptions } from "./core/options.js";
import type { StaleFile } from "./write/index.js";
import { GenerationCache } from "./cache/index.js";

export type GenerateResult = (
  | { readonly status: "up-to-date"; readonly cached: boolean }
  | {
      readonly status: "written";
      readonly changed: readonly string[];
      readonly files: readonly OutputFile[];
    }
  | { readonly status: "stale"; readonly stale: readonly StaleFile[] }
) & {
  /** What the schema says that the output does not enforce (none when the cache answered). */
  readonly warnings: readonly InputWarning[];
  /** Every file the run read (absolute): the schema, the files its `$ref`s reach, the catalog. */
  readonly inputs: readonly string[];
};

export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const cwd = options.cwd ?? process.cwd();
  const outDir = path.resolve(cwd, options.outDir);
  const check = options.check ?? false;
  const build = options.build ?? true;
  const cache =
    options.cache === false
      ? undefined
      : GenerationCache.open({
          cwd,
          outDir,
          options: {
            schema: path.resolve(cwd, options.schemaPath),
            catalog:
              options.catalogPath === undefined ? null : path.resolve(cwd, options.catalogPath),
            cwd,
            packageName: options.packageName ?? null,
            packageVersion: options.packageVersion ?? null,
            refRoot: options.refRoot === undefined ? null : path.resolve(cwd, options.refRoot),
            strict: options.strict ?? false,
            build,
          },
        });
  if (cache?.isFresh(outDir, check))
    return {
      status: "up-to-date",
      cached: true,
      inputs: cache.inputFiles(),
      warnings: cache.warnings(),
    };

  // A folder that is not the generator's is refused before any work is done for it.
  const { inspectOutputFolder } = await import("./write/folder.js");
  inspectOutputFolder(outDir);

  const { load } = await import("./load/index.js");
  const inputs = await load({
    schemaPath: options.schemaPath,
    catalogPath: options.catalogPath,
    cwd,
    ...(options.refRoot !== undefined && { refRoot: options.refRoot }),
  });
  const { buildModel } = await import("./model/index.js");
  const model = buildModel(inputs, {
    ...(options.packageName !== undefined && { packageName: options.packageName }),
    ...(options.packageVersion !== undefined && { packageVersion: options.packageVersion }),
  });
  const { warnings } = model;
  if (options.strict && warnings.length > 0) {
    const { InputError } = await import("./core/diagnostics.js");
    throw new InputError(
      warnings.map((warning) => ({ ...warning, message: `${warning.message} (--strict)` })),
    );
  }

  const [
    { emitPackage },
    { formatFiles },
    { buildPackage, builtPaths, precompiledEntries },
    { Memo },
  ] = await Promise.all([
    import("./emit/index.js"),
    import("./format/index.js"),
    import("./build/index.js"),
    import("./core/memo.js"),
  ]);
  const memo = new Memo(cache?.memoEntries(), precompiledEntries());
  const sources = await formatFiles(emitPackage(model), memo);
  // `--check` compares the committed sources only: the compiled files need not be built.
  const { checkOutput, writeOutput, manifestFile } = await import("./write/index.js");
  const built = check || !build ? sources : [...sources, ...buildPackage(sources, memo)];
  // The manifest lists the build output too; `--check`, which builds nothing, only names it.
  const listed = [...sources.map((file) => file.path), ...(build ? builtPaths(sources) : [])];
  const files = [...built, manifestFile(listed)];

  if (check) {
    const stale = checkOutput(outDir, files);
    if (stale.length > 0) return { status: "stale", stale, inputs: inputs.files, warnings };
    cache?.save(
      inputs.files,
      files.filter((file) => file.role === "source"),
      memo.used,
      false,
      warnings,
    );
    return { status: "up-to-date", cached: false, inputs: inputs.files, warnings };
  }
  const { changed } = await writeOutput(outDir, files, { inputs: inputs.files });
  cache?.save(inputs.files, files, memo.used, true, warnings);
  return changed.length === 0
    ? { status: "up-to-date", cached: false, inputs: inputs.files, warnings }
    : { status: "written", changed, files, inputs: inputs.files, warnings };
}
