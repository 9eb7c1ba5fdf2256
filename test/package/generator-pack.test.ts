// The generator as an outsider gets it: the package is packed from a clean copy of its sources
// (so `prepack` must build it), the tarball is installed as a dev dependency into a fresh project
// outside this repository, and the installed `jsonrpc-bindgen` generates a small protocol of this
// test's own. The project then compiles a server and a client against the generated package and
// runs the client against the server over a real pipe. `npx` of the tarball is tried too.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { typescriptBlocks } from "../helpers/readme.js";
import { repoRoot } from "../helpers/repo.js";

let work: string;
let tarball: string;
let project: string;
let packedFiles: string[];

const repoManifest = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
  version: string;
  devDependencies: Record<string, string>;
};

/** The environment without npm's per-run variables, so the temporary project is its own. */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")),
  );
}

/** Runs a command to completion without blocking the test worker (which must keep reporting). */
async function run(command: string, args: string[], cwd: string): Promise<string> {
  const { stdout } = await promisify(execFile)(command, args, {
    cwd,
    encoding: "utf8",
    env: cleanEnv(),
    maxBuffer: 64 << 20,
  });
  return stdout;
}

const SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  title: "Calc",
  $defs: {
    AddParams: {
      type: "object",
      required: ["a", "b"],
      properties: { a: { type: "number" }, b: { type: "number" } },
      additionalProperties: false,
    },
    AddResult: { type: "object", required: ["sum"], properties: { sum: { type: "number" } } },
  },
};

const CATALOG = {
  protocol: { name: "calc", title: "Calc protocol" },
  package: { name: "calc-protocol", version: "1.0.0" },
  roles: { user: { description: "Asks for sums." }, calculator: { description: "Adds." } },
  methods: [
    {
      name: "math/add",
      kind: "request",
      from: "user",
      to: "calculator",
      params: "AddParams",
      result: "AddResult",
    },
  ],
  errors: [],
};

const SERVER = `import { serveCalculatorOverStdio } from "calc-protocol/node";
serveCalculatorOverStdio({ mathAdd: ({ a, b }) => ({ sum: a + b }) });
`;

const CLIENT = `import { spawnCalculator } from "calc-protocol/node";
import { RpcError } from "calc-protocol";
const server = spawnCalculator(process.execPath, ["server.js"], {});
const { sum } = await server.calculator.mathAdd({ a: 2, b: 40 });
let refused = "";
try {
  // A wrong param type is refused by the server's validator, with where and what.
  await server.calculator.mathAdd({ a: 1, b: "two" } as unknown as { a: number; b: number });
} catch (error) {
  if (error instanceof RpcError) refused = \`\${error.code} \${error.message}\`;
}
console.log(JSON.stringify({ sum, refused }));
await server.close();
`;

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "jrb-outsider-"));
  // A clean copy of what the package is built from; `prepack` builds it while packing.
  const source = path.join(work, "source");
  mkdirSync(source);
  for (const entry of [
    "package.json",
    "tsconfig.base.json",
    "tsconfig.build.json",
    "README.md",
    "generator",
    "templates",
    "schema",
  ])
    cpSync(path.join(repoRoot, entry), path.join(source, entry), { recursive: true });
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(source, "node_modules"), "dir");
  const packed = JSON.parse(
    await run("npm", ["pack", "--json", "--pack-destination", work], source),
  ) as [{ filename: string; files: { path: string }[] }];
  tarball = path.join(work, packed[0].filename);
  packedFiles = packed[0].files.map((file) => file.path);
  rmSync(source, { recursive: true, force: true });

  project = path.join(work, "app");
  mkdirSync(project);
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "app", private: true, type: "module" }),
  );
  await run(
    "npm",
    [
      "install",
      "--save-dev",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      tarball,
      `typescript@${repoManifest.devDependencies["typescript"]}`,
      `@types/node@${repoManifest.devDependencies["@types/node"]}`,
    ],
    project,
  );
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed generator", () => {
  it("ships what a run needs and nothing else (no tests, no sources of its own build)", async () => {
    expect(packedFiles).toContain("dist/generator/cli/bin.js");
    expect(packedFiles).toContain("dist/generator/index.d.ts");
    expect(packedFiles).toContain("dist/generator/build/precompiled.json");
    expect(packedFiles).toContain("templates/src/types.ts.hbs");
    expect(packedFiles).toContain("schema/config.schema.json");
    const unexpected = packedFiles.filter(
      (file) =>
        !/^(dist\/generator\/|templates\/|schema\/(catalog|config)\.schema\.json$|README\.md$|package\.json$)/.test(
          file,
        ),
    );
    expect(unexpected).toEqual([]);
    const manifest = JSON.parse(
      readFileSync(path.join(project, "node_modules/jsonrpc-bindgen/package.json"), "utf8"),
    );
    expect(manifest.private).toBeUndefined();
  });

  it("runs as a dev dependency (npx jsonrpc-bindgen) and generates, compiles and runs a protocol of the project's own over a real pipe", async () => {
    expect((await run("npx", ["jsonrpc-bindgen", "--version"], project)).trim()).toBe(
      repoManifest.version,
    );
    writeFileSync(path.join(project, "calc.schema.json"), JSON.stringify(SCHEMA, null, 2));
    writeFileSync(path.join(project, "calc.catalog.json"), JSON.stringify(CATALOG, null, 2));
    const generated = await run(
      "npx",
      [
        "jsonrpc-bindgen",
        "--schema",
        "calc.schema.json",
        "--catalog",
        "calc.catalog.json",
        "--out",
        "calc",
      ],
      project,
    );
    expect(generated).toMatch(/^jsonrpc-bindgen: wrote calc\/ \(/);
    await run("npm", ["install", "--offline", "--no-audit", "--no-fund", "./calc"], project);
    writeFileSync(path.join(project, "server.ts"), SERVER);
    writeFileSync(path.join(project, "client.ts"), CLIENT);
    // The generated README's examples compile as they are (each file a module of its own).
    const examples = typescriptBlocks(readFileSync(path.join(project, "calc/README.md"), "utf8"));
    expect(examples.length).toBeGreaterThanOrEqual(2);
    const exampleFiles = examples.map((code, index) => {
      const name = `readme-${index}.ts`;
      writeFileSync(path.join(project, name), code + "\nexport {};\n");
      return name;
    });
    writeFileSync(
      path.join(project, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          types: ["node"],
          outDir: ".",
        },
        files: ["server.ts", "client.ts", ...exampleFiles],
      }),
    );
    await run("npx", ["tsc", "-p", "tsconfig.json"], project);
    const output = JSON.parse(await run(process.execPath, ["client.js"], project)) as {
      sum: number;
      refused: string;
    };
    expect(output.sum).toBe(42);
    expect(output.refused).toMatch(/^-32602 /);
  });

  it("works as a library: generate() and every type of its signature come from the package", async () => {
    writeFileSync(
      path.join(project, "library.ts"),
      `import { generate, InputError, OutputFolderError, type GenerateOptions, type GenerateResult, type OutputFile, type StaleFile } from "jsonrpc-bindgen";
const options: GenerateOptions = { schemaPath: "calc.schema.json", catalogPath: "calc.catalog.json", outDir: "calc-library", check: false, cache: true };
const result: GenerateResult = await generate(options);
const files: readonly OutputFile[] = result.status === "written" ? result.files : [];
const stale: readonly StaleFile[] = result.status === "stale" ? result.stale : [];
const refused = await generate({ ...options, outDir: "." }).catch((error: unknown) => error instanceof OutputFolderError);
const bad = await generate({ ...options, schemaPath: "nope.json" }).catch((error: unknown) => error instanceof InputError);
console.log(JSON.stringify({ status: result.status, files: files.length > 0, stale: stale.length, refused, bad }));
`,
    );
    writeFileSync(
      path.join(project, "tsconfig.library.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: "nodenext",
          moduleResolution: "nodenext",
          target: "es2022",
          types: ["node"],
          outDir: ".",
        },
        files: ["library.ts"],
      }),
    );
    await run("npx", ["tsc", "-p", "tsconfig.library.json"], project);
    expect(JSON.parse(await run(process.execPath, ["library.js"], project))).toEqual({
      status: "written",
      files: true,
      stale: 0,
      refused: true,
      bad: true,
    });
  });

  it("the README's Install section works as written: its schema, catalog, commands, server and client", async () => {
    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const install = readme.slice(readme.indexOf("\n## Install\n"), readme.indexOf("\n## Set-up"));
    const blocks = (language: string): string[] =>
      [...install.matchAll(new RegExp("^ *```" + language + "\\n([\\s\\S]*?)^ *```$", "gm"))].map(
        (match) => match[1]!.replace(/^ {3}/gm, ""),
      );
    const [schema, catalog] = blocks("json");
    const [server, client] = blocks("js");
    const commands = blocks("sh").find((block) => block.includes("--out"))!;
    expect([schema, catalog, server, client, commands].every((block) => block !== undefined)).toBe(
      true,
    );
    const dir = path.join(work, "readme-user");
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "readme-user", private: true, type: "module" }),
    );
    await run(
      "npm",
      ["install", "--save-dev", "--prefer-offline", "--no-audit", "--no-fund", tarball],
      dir,
    );
    writeFileSync(path.join(dir, "calc.schema.json"), schema!);
    writeFileSync(path.join(dir, "calc.catalog.json"), catalog!);
    writeFileSync(path.join(dir, "server.mjs"), server!);
    writeFileSync(path.join(dir, "client.mjs"), client!);
    for (const command of commands.split("\n").filter((line) => line.trim() !== "")) {
      const [program, ...args] = command.trim().split(/\s+/);
      await run(
        program!,
        [...args, ...(program === "npm" ? ["--offline", "--no-audit", "--no-fund"] : [])],
        dir,
      );
    }
    expect((await run(process.execPath, ["client.mjs"], dir)).trim()).toBe("{ sum: 42 }");
  });

  it("the README's Another protocol section works as written: from MCP's published schema to a client of the reference server", async () => {
    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const section = readme.slice(
      readme.indexOf("\n## Another protocol\n"),
      readme.indexOf("\n**From LSP's meta model.**"),
    );
    const blocks = (language: string): string[] =>
      [...section.matchAll(new RegExp("^ *```" + language + "\\n([\\s\\S]*?)^ *```$", "gm"))].map(
        (match) => match[1]!.replace(/^ {3}/gm, ""),
      );
    // Shell lines, with `\` continuations joined; each run as the README spells it.
    const commands = blocks("sh")
      .join("\n")
      .replace(/\\\n\s*/g, " ")
      .split("\n")
      .filter((line) => line.trim() !== "");
    const [review] = blocks("json");
    const [client] = blocks("js");
    expect(commands.map((line) => line.split(/\s+/).slice(0, 3).join(" "))).toEqual([
      "npx jsonrpc-bindgen catalog",
      "npx jsonrpc-bindgen --schema",
      "npm install ./mcp-protocol",
    ]);
    const dir = path.join(work, "another-protocol");
    mkdirSync(dir);
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "another-protocol", private: true, type: "module" }),
    );
    const everything = "@modelcontextprotocol/server-everything";
    await run(
      "npm",
      [
        "install",
        "--save-dev",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        tarball,
        `${everything}@${repoManifest.devDependencies[everything]}`,
      ],
      dir,
    );
    // Step 1: the published schema, as the README says to save it.
    cpSync(
      path.join(repoRoot, "test/fixtures/protocols/mcp-2025-11-25/schema.json"),
      path.join(dir, "mcp.schema.json"),
    );
    const argv = (line: string): string[] =>
      [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2]!);
    // Step 2: the draft.
    const [program, ...args] = argv(commands[0]!);
    await run(program!, args, dir);
    // Step 3: the review the README shows, added at the catalog's top level.
    const catalogPath = path.join(dir, "mcp.catalog.json");
    const { $comment, ...drafted } = JSON.parse(readFileSync(catalogPath, "utf8")) as Record<
      string,
      unknown
    >;
    expect($comment).toMatch(/^Drafted by jsonrpc-bindgen catalog init /);
    writeFileSync(
      catalogPath,
      JSON.stringify({ ...drafted, ...JSON.parse(`{${review!}}`) }, null, 2),
    );
    // Step 4: generate and install.
    for (const line of commands.slice(1)) {
      const [command, ...rest] = argv(line);
      await run(
        command!,
        [...rest, ...(command === "npm" ? ["--offline", "--no-audit", "--no-fund"] : [])],
        dir,
      );
    }
    // Step 5: the client, against the reference server.
    writeFileSync(path.join(dir, "client.mjs"), client!);
    const printed = (await run(process.execPath, ["client.mjs"], dir)).trim().split("\n");
    const [name, tools, sum, ...progress] = printed;
    expect(name).toBe("mcp-servers/everything");
    expect(tools!.split(", ")).toEqual(expect.arrayContaining(["echo", "get-sum"]));
    expect(sum).toBe("The sum of 2 and 40 is 42.");
    expect(progress).toEqual(["1/2", "2/2"]);
  }, 180_000);

  it("runs straight from the tarball with npx --package", async () => {
    const elsewhere = path.join(work, "elsewhere");
    mkdirSync(elsewhere);
    const printed = await run(
      "npx",
      ["--yes", "--prefer-offline", `--package=${tarball}`, "--", "jsonrpc-bindgen", "--version"],
      elsewhere,
    );
    expect(printed.trim()).toBe(repoManifest.version);
  });
});
