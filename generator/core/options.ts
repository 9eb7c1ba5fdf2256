// What a caller asks the generator to do. Shared by the command line, the public API and the
// stages; it imports nothing but the IR's leaf types.

export interface GenerateOptions {
  /** The protocol's JSON Schema (JSON or YAML). */
  readonly schemaPath: string;
  /** The method catalog. Without it only types (and their validators) are generated. */
  readonly catalogPath?: string;
  /** The output package folder. */
  readonly outDir: string;
  /** Compare instead of writing: report every file that differs. */
  readonly check?: boolean;
  /**
   * Compile the sources to `dist/` (JavaScript and declarations; the default). Without it only
   * `src/` is written: for a consumer that compiles the package's sources with its own build,
   * which then need not wait for a compile it does not use.
   */
  readonly build?: boolean;
  /** Skip generation when inputs, generator and output are unchanged since the last run. */
  readonly cache?: boolean;
  /** Base for the relative input paths printed in file headers (default: `process.cwd()`). */
  readonly cwd?: string;
  /** Package name and version when there is no catalog to give them. */
  readonly packageName?: string;
  readonly packageVersion?: string;
  /**
   * The folder that `$ref`s may reach into (default: the root schema's folder). A `$ref` to a
   * file outside it, or to anything but a regular file, is an input error.
   */
  readonly refRoot?: string;
  /** Treat warnings (keywords the validators do not enforce) as errors. */
  readonly strict?: boolean;
}

/** One file of the generated package, as a path relative to the output folder. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
  /**
   * `source` files are committed and compared by `--check`; `build` files (compiled JavaScript
   * and declarations) follow from them and are only written.
   */
  readonly role: "source" | "build";
  /** Already in the formatter's style (static runtime files, checked by a test): not formatted again. */
  readonly preformatted?: boolean;
  /**
   * In a preformatted file, the parts that are not: runs of whole top-level statements, as
   * offsets into `content` (`end` exclusive), that the formatter formats and puts back in place.
   * A printer that lays its code out itself leaves here what its layout rules do not cover.
   */
  readonly unformatted?: readonly { readonly start: number; readonly end: number }[];
}
