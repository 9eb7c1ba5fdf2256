// Finds and reads the configuration: `--config FILE`, else `jsonrpc-bindgen.config.json` in the
// working folder, else the `jsonrpc-bindgen` key of its package.json. Each protocol entry becomes
// the options of one run; a problem is reported as `file#/pointer: message`, like any bad input.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { childPointer, InputError, type Diagnostic } from "../core/diagnostics.js";
import { CONFIG_FILE_NAME, PACKAGE_JSON_KEY, PROTOCOL_KEYS } from "./config-schema.js";

/** One protocol of the configuration, with paths resolved against the configuration's folder. */
export interface ProtocolConfig {
  readonly schema: string;
  readonly catalog?: string;
  readonly out: string;
  readonly packageName?: string;
  readonly packageVersion?: string;
}

export interface LoadedConfig {
  /** The file it came from, as the user would name it (relative to the working folder). */
  readonly file: string;
  readonly protocols: readonly ProtocolConfig[];
}

/** The configuration, or `undefined` when there is none (and none was asked for). */
export async function loadConfig(
  cwd: string,
  explicit?: string,
): Promise<LoadedConfig | undefined> {
  if (explicit !== undefined) {
    const text = await readText(path.resolve(cwd, explicit));
    if (text === undefined)
      throw new InputError([{ file: explicit, message: "no such configuration file" }]);
    return parseConfig(explicit, text, cwd, path.basename(explicit) === "package.json");
  }
  const own = await readText(path.join(cwd, CONFIG_FILE_NAME));
  if (own !== undefined) return parseConfig(CONFIG_FILE_NAME, own, cwd, false);
  const manifest = await readText(path.join(cwd, "package.json"));
  if (manifest === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(manifest);
  } catch {
    return undefined; // Not ours to judge: npm reports a broken package.json.
  }
  if (!isObject(parsed) || !(PACKAGE_JSON_KEY in parsed)) return undefined;
  return parseConfig("package.json", manifest, cwd, true);
}

function parseConfig(
  file: string,
  text: string,
  cwd: string,
  inPackageJson: boolean,
): LoadedConfig {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new InputError([{ file, message: `not JSON: ${(error as Error).message}` }]);
  }
  let pointer = "";
  if (inPackageJson) {
    pointer = childPointer("", PACKAGE_JSON_KEY);
    document = isObject(document) ? document[PACKAGE_JSON_KEY] : undefined;
    if (document === undefined)
      throw new InputError([{ file, message: `has no "${PACKAGE_JSON_KEY}" key` }]);
  }
  const problems: Diagnostic[] = [];
  const problem = (at: string, message: string): void => {
    problems.push({ file, pointer: at, message });
  };
  const base = path.dirname(path.resolve(cwd, file));
  const protocols: ProtocolConfig[] = [];
  if (!isObject(document)) {
    problem(pointer, 'expected an object with "protocols"');
  } else {
    for (const key of Object.keys(document))
      if (key !== "protocols" && key !== "$schema")
        problem(childPointer(pointer, key), `unknown key (expected "protocols")`);
    const list = document["protocols"];
    if (!Array.isArray(list) || list.length === 0)
      problem(childPointer(pointer, "protocols"), "expected a non-empty array of protocols");
    else
      list.forEach((entry, index) => {
        const at = childPointer(pointer, "protocols", index);
        if (!isObject(entry)) return problem(at, "expected an object");
        for (const key of Object.keys(entry))
          if (!(PROTOCOL_KEYS as string[]).includes(key))
            problem(
              childPointer(at, key),
              `unknown key (expected one of ${PROTOCOL_KEYS.join(", ")})`,
            );
        for (const key of PROTOCOL_KEYS) {
          const value = entry[key];
          if (value !== undefined && (typeof value !== "string" || value === ""))
            problem(childPointer(at, key), "expected a non-empty string");
        }
        for (const key of ["schema", "out"] as const)
          if (entry[key] === undefined) problem(at, `"${key}" is required`);
        if (typeof entry["schema"] !== "string" || typeof entry["out"] !== "string") return;
        const resolve = (value: unknown): string | undefined =>
          typeof value === "string" ? relativeTo(cwd, path.resolve(base, value)) : undefined;
        protocols.push({
          schema: resolve(entry["schema"])!,
          out: resolve(entry["out"])!,
          ...(typeof entry["catalog"] === "string" && { catalog: resolve(entry["catalog"])! }),
          ...(typeof entry["packageName"] === "string" && { packageName: entry["packageName"] }),
          ...(typeof entry["packageVersion"] === "string" && {
            packageVersion: entry["packageVersion"],
          }),
        });
      });
  }
  if (problems.length > 0) throw new InputError(problems);
  return { file, protocols };
}

/** A path as the user would write it from the working folder (so headers and messages stay short). */
function relativeTo(cwd: string, absolute: string): string {
  const relative = path.relative(cwd, absolute);
  return relative === "" ? "." : relative.split(path.sep).join("/");
}

async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
