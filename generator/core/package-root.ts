// Finds the generator's own package folder (where `templates/` lives), both when running from
// the TypeScript sources and from the compiled `dist/`.
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

let cached: string | undefined;

export function generatorRoot(): string {
  if (cached !== undefined) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, "templates")) || !existsSync(path.join(dir, "package.json"))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("jsonrpc-bindgen: cannot find its templates/ folder");
    dir = parent;
  }
  cached = dir;
  return dir;
}

export function templatesDir(): string {
  return path.join(generatorRoot(), "templates");
}
