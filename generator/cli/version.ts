// The generator's own version, from its package.json.
import { readFileSync } from "node:fs";
import path from "node:path";
import { generatorRoot } from "../core/package-root.js";

export function generatorVersion(): string {
  const manifest = JSON.parse(readFileSync(path.join(generatorRoot(), "package.json"), "utf8")) as {
    version: string;
  };
  return manifest.version;
}
