// Where the two versions to compare come from: files given on the command line (a catalog finds
// its schema beside it), or the same files at a git revision, exported to a temporary folder
// together with every file beside the schema (so that its external `$ref`s resolve as they did).
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  renameSync,
  writeFileSync,
  mkdirSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { InputError } from "../core/diagnostics.js";
import type { Model } from "../core/ir.js";
import { diffModels, type DiffOptions } from "./compare-models.js";
import type { DiffReport } from "./report.js";

/** One version of a protocol: its schema and, optionally, its catalog. */
export interface VersionInputs {
  /** Relative to `cwd`, or absolute. */
  readonly schemaPath: string;
  readonly catalogPath?: string;
  readonly cwd: string;
  /** Put before file names in error messages, e.g. `origin/main` gives `origin/main:schema/x.json`. */
  readonly label?: string;
}

/** Arguments that do not say which files to compare. */
export class DiffUsageError extends Error {
  override readonly name = "DiffUsageError";
}

/** git could not give the files of a revision. */
export class GitError extends Error {
  override readonly name = "GitError";
}

/** Loads and models one version; nothing is emitted. */
export async function loadVersion(inputs: VersionInputs): Promise<Model> {
  const [{ load }, { buildModel }] = await Promise.all([
    import("../load/index.js"),
    import("../model/index.js"),
  ]);
  try {
    const loaded = await load({
      schemaPath: inputs.schemaPath,
      cwd: inputs.cwd,
      ...(inputs.catalogPath !== undefined && { catalogPath: inputs.catalogPath }),
    });
    return buildModel(loaded);
  } catch (error) {
    if (error instanceof InputError && inputs.label !== undefined) {
      throw new InputError(
        error.diagnostics.map((diagnostic) => ({
          ...diagnostic,
          file: `${inputs.label}:${diagnostic.file}`,
        })),
      );
    }
    throw error;
  }
}

/** Loads both versions and compares them. */
export async function diffVersions(
  before: VersionInputs,
  after: VersionInputs,
  options: DiffOptions = {},
): Promise<DiffReport> {
  const [old, now] = await Promise.all([loadVersion(before), loadVersion(after)]);
  return diffModels(old, now, options);
}

const CATALOG_FILE = /\.catalog\.(json|ya?ml)$/i;
const SCHEMA_FILE = /\.schema\.(json|ya?ml)$/i;

/** Whether a file is a method catalog: by its name, or (for JSON) by its top-level keys. */
export function isCatalogFile(file: string): boolean {
  if (CATALOG_FILE.test(file)) return true;
  if (SCHEMA_FILE.test(file) || !/\.json$/i.test(file)) return false;
  try {
    const value = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    return (
      typeof value === "object" &&
      value !== null &&
      Array.isArray(value["methods"]) &&
      typeof value["roles"] === "object"
    );
  } catch {
    return false;
  }
}

/**
 * The schema beside a catalog: the one `*.schema.json` (or YAML) in its folder other than the
 * catalog's own schema (`catalog.schema.json`, or what the catalog's `$schema` names); when there
 * are several, the one whose name starts like the catalog's.
 */
export function siblingSchema(
  catalogFile: string,
  option: string,
  shown: string = catalogFile,
): string {
  if (!existsSync(catalogFile))
    throw new InputError([{ file: shown, message: "cannot read the file (no such file)" }]);
  const dir = path.dirname(catalogFile);
  let own: string | undefined;
  try {
    const value = JSON.parse(readFileSync(catalogFile, "utf8")) as { $schema?: unknown };
    if (typeof value.$schema === "string" && !/^[a-z][a-z0-9+.-]*:/i.test(value.$schema))
      own = path.resolve(dir, value.$schema);
  } catch {
    // YAML or unreadable: loading the catalog reports what is wrong with it.
  }
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    throw new DiffUsageError(
      `cannot find the schema of ${shown}: cannot read its folder; give ${option}`,
    );
  }
  const candidates = names
    .filter((name) => SCHEMA_FILE.test(name) && !/^catalog\.schema\./i.test(name))
    .map((name) => path.join(dir, name))
    .filter((file) => own === undefined || path.resolve(file) !== own)
    .sort();
  if (candidates.length === 1) return candidates[0]!;
  const stem = path
    .basename(catalogFile)
    .replace(CATALOG_FILE, "")
    .replace(/\.json$/i, "");
  const alike = candidates.filter((file) => path.basename(file).startsWith(stem));
  if (alike.length === 1) return alike[0]!;
  const found =
    candidates.length === 0
      ? "there is no *.schema.json beside it"
      : `candidates: ${candidates.map((file) => path.basename(file)).join(", ")}`;
  throw new DiffUsageError(
    `cannot tell which schema goes with ${shown} (${found}); give ${option}`,
  );
}

/** The one catalog in a folder (`*.catalog.json` or YAML). */
export function catalogIn(dir: string): string {
  let names: string[] = [];
  try {
    names = readdirSync(dir)
      .filter((name) => CATALOG_FILE.test(name))
      .sort();
  } catch {
    // no such folder: reported below
  }
  if (names.length === 1) return path.join(dir, names[0]!);
  const found = names.length === 0 ? "none" : names.join(", ");
  throw new DiffUsageError(
    `cannot tell which catalog to compare in ${dir}/ (found: ${found}); give --catalog (and --schema)`,
  );
}

export interface Revision {
  /** The working tree's top folder: both versions are loaded relative to it. */
  readonly top: string;
  /** Where the files of the revision were exported. */
  readonly dir: string;
  /** The given files, relative to `top` (forward slashes). */
  readonly files: readonly string[];
  readonly cleanup: () => void;
}

/**
 * Exports the given working-tree files as they are at `revision`: the whole folder of the first
 * one (the schema, with whatever its `$ref`s reach beside it), and the others one by one when they
 * are outside that folder.
 */
export function exportRevision(cwd: string, revision: string, files: readonly string[]): Revision {
  const top = realpathSync(git(cwd, ["rev-parse", "--show-toplevel"]).toString("utf8").trim());
  if (
    spawnSync("git", ["rev-parse", "--verify", "--quiet", `${revision}^{commit}`], { cwd: top })
      .status !== 0
  ) {
    throw new GitError(`unknown revision "${revision}"`);
  }
  const relative = files.map((file) => {
    const absolute = path.resolve(cwd, file);
    const real = existsSync(absolute)
      ? realpathSync(absolute)
      : path.join(realpathSync(path.dirname(absolute)), path.basename(absolute));
    const inside = path.relative(top, real);
    if (inside.startsWith("..") || path.isAbsolute(inside))
      throw new DiffUsageError(`${file} is outside the git working tree ${top}`);
    return inside.split(path.sep).join("/");
  });
  const dir = realpathSync(mkdtempSync(path.join(os.tmpdir(), "jsonrpc-bindgen-diff-")));
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const folder = path.posix.dirname(relative[0]!);
    const archive = spawnSync(
      "git",
      ["archive", "--format=tar", revision, "--", folder === "." ? "." : folder],
      {
        cwd: top,
        maxBuffer: 1 << 30,
      },
    );
    if (archive.status !== 0) {
      throw new InputError([
        {
          file: `${revision}:${relative[0]}`,
          message: `cannot read the file at this revision (${archive.stderr.toString("utf8").trim()})`,
        },
      ]);
    }
    const tar = spawnSync("tar", ["-x", "-C", dir], { input: archive.stdout, maxBuffer: 1 << 30 });
    if (tar.status !== 0 || tar.error)
      throw new GitError(
        `cannot unpack ${folder}/ at ${revision}: ${tar.error?.message ?? tar.stderr.toString("utf8").trim()}`,
      );
    for (const file of relative.slice(1)) {
      if (existsSync(path.join(dir, file))) continue;
      const shown = spawnSync("git", ["show", `${revision}:${file}`], {
        cwd: top,
        maxBuffer: 1 << 30,
      });
      if (shown.status !== 0) {
        throw new InputError([
          {
            file: `${revision}:${file}`,
            message: `cannot read the file at this revision (${shown.stderr.toString("utf8").trim()})`,
          },
        ]);
      }
      mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
      writeFileSync(path.join(dir, file), shown.stdout);
    }
    for (const file of relative) {
      if (!existsSync(path.join(dir, file)))
        throw new InputError([
          { file: `${revision}:${file}`, message: "no such file at this revision" },
        ]);
    }
  } catch (error) {
    cleanup();
    throw error;
  }
  return { top, dir, files: relative, cleanup };
}

function git(cwd: string, args: readonly string[]): Buffer {
  const result = spawnSync("git", args, { cwd });
  if (result.error) throw new GitError(`cannot run git: ${result.error.message}`);
  if (result.status !== 0)
    throw new GitError(`git ${args.join(" ")}: ${result.stderr.toString("utf8").trim()}`);
  return result.stdout;
}

/**
 * Writes `version` as the catalog's `package.version`, changing only that string in the file's
 * text when it can be found exactly once (so the file keeps its layout).
 */
export function writeCatalogVersion(file: string, current: string, version: string): void {
  const text = readFileSync(file, "utf8");
  const escaped = current.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const json = /"version"(\s*):(\s*)"VERSION"/g;
  const yaml = /^(\s*version:\s*)(["']?)VERSION\2(\s*(?:#.*)?)$/gm;
  for (const pattern of [json, yaml]) {
    const regex = new RegExp(pattern.source.replace("VERSION", escaped), pattern.flags);
    const matches = text.match(regex) ?? [];
    if (matches.length === 1) {
      replaceFile(
        file,
        text.replace(regex, (...groups: string[]) =>
          pattern === json
            ? `"version"${groups[1]}:${groups[2]}"${version}"`
            : `${groups[1]}${groups[2]}${version}${groups[2]}${groups[3]}`,
        ),
      );
      return;
    }
  }
  if (/\.json$/i.test(file)) {
    const value = JSON.parse(text) as { package: { version: string } };
    value.package.version = version;
    replaceFile(file, JSON.stringify(value, null, 2) + "\n");
    return;
  }
  throw new InputError([
    { file, pointer: "/package/version", message: `cannot find "version: ${current}" to replace` },
  ]);
}

/** Writes a file whole or not at all: a sibling temporary file renamed over it. */
function replaceFile(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}
