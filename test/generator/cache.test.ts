// The warm-run cache: a second run with unchanged inputs, generator and output does no work; a
// changed input, a changed option or a hand-edited output makes the next run regenerate. The
// tests run in a private project folder with its own node_modules/, so the cache lives in
// <project>/node_modules/.cache/jsonrpc-bindgen and is shared with nothing else. They run in
// order: each starts from the state the previous one left.
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, type GenerateOptions } from "../../generator/index.js";
import {
  makeTempDir,
  removeTempDir,
  repoRoot,
  stepflowCatalog,
  stepflowSchema,
} from "../helpers/repo.js";

let tmp: string;
let project: string;
let options: GenerateOptions;

const cacheDir = (): string => path.join(project, "node_modules", ".cache", "jsonrpc-bindgen");
const typesFile = (): string => path.join(project, "out", "src", "types.ts");

beforeAll(() => {
  tmp = makeTempDir("cache");
  project = path.join(tmp, "project");
  mkdirSync(path.join(project, "node_modules"), { recursive: true });
  mkdirSync(path.join(project, "in"));
  copyFileSync(path.join(repoRoot, stepflowSchema), path.join(project, "in/schema.json"));
  copyFileSync(path.join(repoRoot, stepflowCatalog), path.join(project, "in/catalog.json"));
  options = {
    schemaPath: "in/schema.json",
    catalogPath: "in/catalog.json",
    outDir: "out",
    cwd: project,
  };
});

afterAll(() => removeTempDir(tmp));

describe("warm cache", () => {
  it("the first run writes the package and records the run in the project's cache folder", async () => {
    const result = await generate(options);
    expect(result.status).toBe("written");
    expect(existsSync(typesFile())).toBe(true);
    // The record, and beside it the formatted and compiled text it keeps for the next run.
    expect(
      readdirSync(cacheDir())
        .filter((file) => file.endsWith(".json"))
        .sort(),
    ).toEqual([
      expect.stringMatching(/^[0-9a-f]{16}\.json$/),
      expect.stringMatching(/^[0-9a-f]{16}\.memo\.json$/),
    ]);
  });

  it("a second run with nothing changed is up to date from the cache", async () => {
    expect(await generate(options)).toMatchObject({ status: "up-to-date", cached: true });
  });

  it("editing the schema makes the next run regenerate", async () => {
    const schemaFile = path.join(project, "in/schema.json");
    const schema = JSON.parse(readFileSync(schemaFile, "utf8"));
    schema.$defs.ComponentInfo.properties.version = {
      description: "The component's version.",
      type: "string",
    };
    writeFileSync(schemaFile, JSON.stringify(schema, null, 2));

    const result = await generate(options);
    expect(result.status).toBe("written");
    if (result.status === "written") expect(result.changed).toContain("src/types.ts");
    expect(readFileSync(typesFile(), "utf8")).toMatch(/version\?: string;/);
    expect(await generate(options)).toMatchObject({ status: "up-to-date", cached: true });
  });

  it("editing the catalog makes the next run regenerate", async () => {
    const catalogFile = path.join(project, "in/catalog.json");
    const catalog = JSON.parse(readFileSync(catalogFile, "utf8"));
    catalog.package.version = "1.0.1";
    writeFileSync(catalogFile, JSON.stringify(catalog, null, 2));

    const result = await generate(options);
    expect(result.status).toBe("written");
    expect(JSON.parse(readFileSync(path.join(project, "out/package.json"), "utf8")).version).toBe(
      "1.0.1",
    );
  });

  it("a hand-edited output file is restored by the next run", async () => {
    const original = readFileSync(typesFile(), "utf8");
    appendFileSync(typesFile(), "export type HandWritten = string;\n");
    const result = await generate(options);
    expect(result.status).toBe("written");
    if (result.status === "written") expect(result.changed).toEqual(["src/types.ts"]);
    expect(readFileSync(typesFile(), "utf8")).toBe(original);
  });

  it("a deleted output file is restored by the next run, build output included", async () => {
    const built = path.join(project, "out/dist/types.js");
    const original = readFileSync(built, "utf8");
    rmSync(built);
    const result = await generate(options);
    expect(result.status).toBe("written");
    expect(readFileSync(built, "utf8")).toBe(original);
  });

  it("--check is not fooled by the cache: a hand edit is reported stale", async () => {
    expect(await generate({ ...options, check: true })).toMatchObject({
      status: "up-to-date",
      cached: true,
    });
    appendFileSync(typesFile(), "// edited\n");
    const result = await generate({ ...options, check: true });
    expect(result).toMatchObject({
      status: "stale",
      stale: [{ path: "src/types.ts", reason: "changed" }],
    });
    await generate(options);
  });

  it("different options are not served from the cache", async () => {
    const result = await generate({ ...options, packageVersion: "9.9.9" });
    expect(result.status).toBe("written");
    expect(JSON.parse(readFileSync(path.join(project, "out/package.json"), "utf8")).version).toBe(
      "9.9.9",
    );
  });

  it("with the cache off, nothing is read from it (but the output is still compared)", async () => {
    expect(await generate({ ...options, packageVersion: "9.9.9", cache: false })).toMatchObject({
      status: "up-to-date",
      cached: false,
    });
  });
});
