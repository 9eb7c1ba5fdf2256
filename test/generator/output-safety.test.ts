// The generator owns only what it wrote. Each case runs the command line in a small project of
// its own and compares a byte-exact picture (contents, modification times, inodes) of the whole
// temporary tree, the project's neighbours included, before and after: a refused run touches
// nothing anywhere, a run into its own folder touches only the files it lists in its manifest.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { MANIFEST_NAME } from "../../generator/write/index.js";
import { captureConsole, makeTempDir, removeTempDir, repoRoot } from "../helpers/repo.js";
import { pictureOf } from "../helpers/tree.js";

let root: string;
let project: string;

beforeEach(() => {
  root = makeTempDir("safety");
  project = path.join(root, "project");
  // A project as a user has it: a repository, its inputs, code of its own, and a neighbour.
  for (const [file, content] of Object.entries({
    ".git/HEAD": "ref: refs/heads/main\n",
    ".git/config": "[core]\n",
    "src/app.ts": "export const app = 1;\n",
    "package.json": '{ "name": "app", "private": true }\n',
    "notes/todo.txt": "write the protocol\n",
  }))
    put(path.join(project, file), content);
  copyFileSync(
    path.join(repoRoot, "test/fixtures/schemas/protocol.schema.json"),
    path.join(project, "kv.schema.json"),
  );
  copyFileSync(
    path.join(repoRoot, "test/fixtures/catalogs/protocol.catalog.json"),
    path.join(project, "kv.catalog.json"),
  );
  put(path.join(root, "neighbour/file.txt"), "not the project's\n");
});

afterEach(() => removeTempDir(root));

function put(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

async function generateInto(out: string, cwd = project, schema = "kv.schema.json") {
  const { io, out: stdout, err } = captureConsole();
  const code = await main(
    ["--schema", schema, "--catalog", "kv.catalog.json", "--out", out],
    io,
    cwd,
  );
  return { code, stdout, err };
}

/** Runs the generator and expects a refusal naming the folder, with nothing touched anywhere. */
async function expectRefused(out: string, reason: RegExp, cwd = project): Promise<void> {
  const before = pictureOf(root);
  const result = await generateInto(out, cwd);
  expect(result.code).toBe(1);
  expect(result.stdout).toEqual([]);
  expect(result.err).toHaveLength(1);
  expect(result.err[0]).toMatch(
    /^jsonrpc-bindgen: refusing to write into .+: .+; nothing was written$/,
  );
  expect(result.err[0]).toMatch(reason);
  expect(pictureOf(root)).toEqual(before);
}

describe("output folders that are not the generator's are refused, touching nothing", () => {
  it("--out . (the project itself, with .git, the inputs and src/app.ts)", async () => {
    await expectRefused(
      ".",
      /into \.\/: it is not empty and not written by jsonrpc-bindgen .*\.git is there/,
    );
  });

  it("--out mine, a folder holding notes.txt", async () => {
    put(path.join(project, "mine/notes.txt"), "mine\n");
    await expectRefused("mine", /into mine\/: .*notes\.txt has no generated header/);
  });

  it("--check on a folder that is not the generator's says so, and touches nothing", async () => {
    put(path.join(project, "mine/notes.txt"), "mine\n");
    const before = pictureOf(root);
    const { io, out, err } = captureConsole();
    const argv = [
      "--schema",
      "kv.schema.json",
      "--catalog",
      "kv.catalog.json",
      "--out",
      "mine",
      "--check",
    ];
    expect(await main(argv, io, project)).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([
      `jsonrpc-bindgen: cannot check mine/: it is not empty and not written by jsonrpc-bindgen (no ${MANIFEST_NAME}, and notes.txt has no generated header); choose a new or empty folder`,
    ]);
    expect(pictureOf(root)).toEqual(before);
  });

  it("--out src, the project's own code", async () => {
    await expectRefused("src", /into src\/: .*app\.ts has no generated header/);
  });

  it("--out .., the folder holding the project", async () => {
    await expectRefused("..", /into \.\.\/: it is not empty/);
  });

  it("--out /, the root of the file system", async () => {
    await expectRefused("/", /into \/: it is the root of the file system/);
  });

  it("an output folder that holds the schema", async () => {
    mkdirSync(path.join(project, "proto"));
    copyFileSync(path.join(project, "kv.schema.json"), path.join(project, "proto/kv.schema.json"));
    const before = pictureOf(root);
    const result = await generateInto("proto", project, "proto/kv.schema.json");
    expect(result.code).toBe(1);
    expect(result.err).toEqual([
      `jsonrpc-bindgen: refusing to write into proto/: it is not empty and not written by jsonrpc-bindgen (no ${MANIFEST_NAME}, and kv.schema.json has no generated header); choose a new or empty folder; nothing was written`,
    ]);
    expect(pictureOf(root)).toEqual(before);
  });

  it("an output path that is a file", async () => {
    await expectRefused("package.json", /into package\.json\/: it is not a folder/);
  });

  it("a generated folder where the user put a file at a path the generator writes", async () => {
    expect((await generateInto("pkg")).code).toBe(0);
    // The user replaced the generated README by their own and removed the manifest's knowledge of it.
    const manifestPath = path.join(project, "pkg", MANIFEST_NAME);
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { files: string[] };
    writeFileSync(
      manifestPath,
      JSON.stringify({
        ...manifest,
        files: manifest.files.filter((file) => file !== "src/types.ts"),
      }),
    );
    writeFileSync(path.join(project, "pkg/src/types.ts"), "// my own types\n");
    await expectRefused("pkg", /src\/types\.ts is not a file jsonrpc-bindgen wrote/);
  });
});

describe("the generator's own folder", () => {
  it("keeps files of the user's beside the generated ones (src/extra.ts, notes, node_modules, .git)", async () => {
    expect((await generateInto("pkg")).code).toBe(0);
    const pkg = path.join(project, "pkg");
    put(path.join(pkg, "src/extra.ts"), "export const extra = 1;\n");
    put(path.join(pkg, "NOTES.md"), "mine\n");
    put(path.join(pkg, "node_modules/dep/index.js"), "dep\n");
    put(path.join(pkg, ".git/HEAD"), "ref: refs/heads/main\n");
    const mine = ["src/extra.ts", "NOTES.md", "node_modules/dep/index.js", ".git/HEAD", ".git"];
    const before = pictureOf(root);
    // A change of the catalog's version rewrites generated files, and only those.
    const catalog = JSON.parse(readFileSync(path.join(project, "kv.catalog.json"), "utf8"));
    catalog.package.version = "2.0.0";
    writeFileSync(path.join(project, "kv.catalog.json"), JSON.stringify(catalog, null, 2));
    const result = await generateInto("pkg");
    expect(result.err).toEqual([]);
    expect(result.stdout[0]).toMatch(/^jsonrpc-bindgen: wrote pkg\/ \(/);
    const after = pictureOf(root);
    for (const file of mine)
      expect(after[`project/pkg/${file}`]).toBe(before[`project/pkg/${file}`]);
    const listed = new Set(
      (JSON.parse(readFileSync(path.join(pkg, MANIFEST_NAME), "utf8")) as { files: string[] })
        .files,
    );
    for (const file of mine) expect(listed.has(file)).toBe(false);
    // Everything that changed is the generator's: listed, the manifest, or a folder of them.
    const changed = Object.keys(after).filter((entry) => after[entry] !== before[entry]);
    for (const entry of changed) {
      if (entry === "project/kv.catalog.json") continue;
      expect(entry.startsWith("project/pkg/")).toBe(true);
      const relative = entry.slice("project/pkg/".length);
      expect(listed.has(relative) || relative === MANIFEST_NAME).toBe(true);
    }
    expect(changed).toContain("project/pkg/package.json");
  });

  it("a schema kept inside a generated folder is the user's: kept, and generation goes on", async () => {
    expect((await generateInto("pkg")).code).toBe(0);
    copyFileSync(path.join(project, "kv.schema.json"), path.join(project, "pkg/kv.schema.json"));
    const schemaBefore = pictureOf(root)["project/pkg/kv.schema.json"];
    const result = await generateInto("pkg", project, "pkg/kv.schema.json");
    expect(result.code).toBe(0);
    expect(pictureOf(root)["project/pkg/kv.schema.json"]).toBe(schemaBefore);
  });

  it("--out . in an empty project folder writes there, and a second run is safe", async () => {
    const empty = path.join(root, "empty");
    mkdirSync(empty);
    put(
      path.join(root, "inputs/kv.schema.json"),
      readFileSync(path.join(project, "kv.schema.json"), "utf8"),
    );
    put(
      path.join(root, "inputs/kv.catalog.json"),
      readFileSync(path.join(project, "kv.catalog.json"), "utf8"),
    );
    const { io, err } = captureConsole();
    const args = [
      "--schema",
      "../inputs/kv.schema.json",
      "--catalog",
      "../inputs/kv.catalog.json",
      "--out",
      ".",
    ];
    expect(await main(args, io, empty)).toBe(0);
    put(path.join(empty, "src/extra.ts"), "export const extra = 1;\n");
    expect(await main([...args, "--no-cache"], io, empty)).toBe(0);
    expect(err).toEqual([]);
    expect(readFileSync(path.join(empty, "src/extra.ts"), "utf8")).toBe(
      "export const extra = 1;\n",
    );
  });

  it("a failed run (a broken schema) leaves the generated folder and everything around it as it was", async () => {
    expect((await generateInto("pkg")).code).toBe(0);
    writeFileSync(
      path.join(project, "kv.schema.json"),
      '{ "$defs": { "A": { "$ref": "#/$defs/Nope" } } }',
    );
    const before = pictureOf(root);
    const result = await generateInto("pkg");
    expect(result.code).toBe(1);
    expect(result.err.at(-1)).toBe("jsonrpc-bindgen: nothing was written");
    expect(pictureOf(root)).toEqual(before);
  });
});
