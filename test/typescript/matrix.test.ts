// Which TypeScript the generated package supports, tested as a consumer meets it: the packed
// package is installed into a fresh project, and a consumer that uses its types, clients and
// Node entry point is type-checked (strict, declaration files checked too: no skipLibCheck) by
// the oldest supported TypeScript (5.0) and the newest 5.x, under moduleResolution node16,
// nodenext and bundler. TypeScript 4.9 is not supported (the declarations use `export type *`,
// new in 5.0): the test checks that it fails the way the package README says. The package is
// ESM only; a CommonJS consumer reaches it with `await import()`, which TypeScript's node16
// CommonJS mode accepts, and on Node ≥ 20.19 with `require()` too.
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../helpers/repo.js";

const VERSIONS = { oldest: "5.0.4", newest: "5.9.3", unsupported: "4.9.5" } as const;
const generated = path.join(repoRoot, "generated");
const packageName = (
  JSON.parse(readFileSync(path.join(generated, "package.json"), "utf8")) as { name: string }
).name;
const typesNodeVersion = (
  JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as {
    devDependencies: Record<string, string>;
  }
).devDependencies["@types/node"]!;
let work: string;
let consumer: string;

const cleanEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith("npm_")),
  );

/** Runs a command without blocking the test worker (which must keep reporting). */
async function run(
  command: string,
  args: string[],
  cwd: string,
): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      cwd,
      encoding: "utf8",
      env: cleanEnv(),
      maxBuffer: 64 << 20,
    });
    return { code: 0, output: `${stdout}${stderr}`.trim() };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return {
      code: typeof failed.code === "number" ? failed.code : -1,
      output: `${failed.stdout ?? ""}${failed.stderr ?? ""}`.trim(),
    };
  }
}

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), "jrb-ts-matrix-"));
  const packing = await run("npm", ["pack", "--json", "--pack-destination", work], generated);
  if (packing.code !== 0) throw new Error(packing.output);
  const packed = JSON.parse(packing.output.slice(packing.output.indexOf("["))) as [
    { filename: string },
  ];
  consumer = path.join(work, "consumer");
  execFileSync("mkdir", ["-p", consumer]);
  writeFileSync(
    path.join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  const installed = await run(
    "npm",
    [
      "install",
      "--prefer-offline",
      "--no-audit",
      "--no-fund",
      path.join(work, packed[0].filename),
      `@types/node@${typesNodeVersion}`,
      ...Object.values(VERSIONS).map(
        (version) => `typescript-${version}@npm:typescript@${version}`,
      ),
    ],
    consumer,
  );
  if (installed.code !== 0) throw new Error(installed.output);
  writeFileSync(
    path.join(consumer, "use.ts"),
    `import { ErrorCodes, RpcError, methods, type FlowResult, type ComponentServerHandlers, type ParamsOf } from ${JSON.stringify(packageName)};
import { spawnComponentServer } from ${JSON.stringify(`${packageName}/node`)};

export function describe(result: FlowResult): string {
  switch (result.outcome) {
    case "success": return "ok";
    case "skipped": return "skipped";
    case "failed": return result.error.message;
  }
}
export const handlers: ComponentServerHandlers = {
  initialize: () => ({ server_protocol_version: 1 }),
  componentsList: () => ({ components: [] }),
  componentsInfo: ({ component }) => ({ info: { component } }),
  componentsExecute: ({ component }) => {
    throw new RpcError(ErrorCodes.ComponentNotFound, component);
  },
};
export const params: ParamsOf<"blobs/put"> = { data: 1, blob_type: "data" };
export const kind: "request" | "notification" = methods["blobs/put"].kind;
export async function run(): Promise<number> {
  const server = spawnComponentServer("node", ["server.js"], {
    blobsPut: () => ({ blob_id: "0" }),
    blobsGet: () => ({ data: null, blob_type: "data" }),
    flowsEvaluate: () => ({ result: { outcome: "skipped" } }),
  });
  const { server_protocol_version } = await server.componentServer.initialize({ runtime_protocol_version: 1 });
  // @ts-expect-error a wrong params type is a compile error
  await server.componentServer.componentsInfo({ component: 1 });
  return server_protocol_version;
}
`,
  );
  // A CommonJS file of the same project reaches the ESM-only package through import().
  writeFileSync(
    path.join(consumer, "legacy.cts"),
    `export async function load(): Promise<string> {
  const protocol = await import(${JSON.stringify(packageName)});
  return protocol.methods["blobs/put"].kind;
}
`,
  );
}, 300_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const SETTINGS = {
  node16: { module: "node16", moduleResolution: "node16" },
  nodenext: { module: "nodenext", moduleResolution: "nodenext" },
  bundler: { module: "esnext", moduleResolution: "bundler" },
} as const;

async function typeCheck(
  version: string,
  resolution: keyof typeof SETTINGS,
  files: string[],
): Promise<{ code: number; output: string }> {
  const config = `tsconfig.${version}.${resolution}.json`;
  writeFileSync(
    path.join(consumer, config),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        target: "es2022",
        lib: ["es2022"],
        types: ["node"],
        ...SETTINGS[resolution],
      },
      files,
    }),
  );
  const tsc = path.join(consumer, "node_modules", `typescript-${version}`, "bin", "tsc");
  return run(process.execPath, [tsc, "-p", config, "--pretty", "false"], consumer);
}

describe("the generated package and TypeScript", () => {
  for (const version of [VERSIONS.oldest, VERSIONS.newest])
    for (const resolution of Object.keys(SETTINGS) as (keyof typeof SETTINGS)[])
      it(`type-checks a strict consumer with TypeScript ${version}, moduleResolution ${resolution}`, async () => {
        const files = resolution === "bundler" ? ["use.ts"] : ["use.ts", "legacy.cts"];
        expect(await typeCheck(version, resolution, files)).toEqual({ code: 0, output: "" });
      });

  it(`TypeScript ${VERSIONS.unsupported} is not supported: it rejects the declarations' \`export type *\``, async () => {
    const result = await typeCheck(VERSIONS.unsupported, "node16", ["use.ts"]);
    expect(result.code).not.toBe(0);
    expect(result.output).toContain("error TS1383: Only named exports may use 'export type'.");
  });

  it("the package says which TypeScript it needs, and that it is ESM only", () => {
    const manifest = JSON.parse(
      readFileSync(path.join(consumer, "node_modules", packageName, "package.json"), "utf8"),
    );
    expect(manifest.type).toBe("module");
    expect(manifest.peerDependencies.typescript).toBe(">=5.0");
    expect(manifest.peerDependenciesMeta.typescript.optional).toBe(true);
    const readme = readFileSync(
      path.join(consumer, "node_modules", packageName, "README.md"),
      "utf8",
    );
    expect(readme).toContain("TypeScript 5.0 or later");
    expect(readme).toContain("ESM only");
  });
});

describe("the generated package from CommonJS (Node.js)", () => {
  it("import() works, and on this Node require() works too", () => {
    writeFileSync(
      path.join(consumer, "use.cjs"),
      `(async () => {
  const viaImport = await import(${JSON.stringify(packageName)});
  const viaRequire = require(${JSON.stringify(packageName)});
  console.log(JSON.stringify([viaImport.methods["blobs/put"].kind, viaRequire.methods["blobs/put"].kind, viaImport.RpcError === viaRequire.RpcError]));
})();
`,
    );
    const [major, minor] = process.versions.node.split(".").map(Number) as [number, number];
    // require(esm) is on by default from Node 20.19 and 22.12; the package engines say >= 20.
    const requireWorks =
      major > 22 || (major === 22 && minor >= 12) || (major === 20 && minor >= 19);
    expect(requireWorks).toBe(true);
    const output = execFileSync(process.execPath, ["use.cjs"], { cwd: consumer, encoding: "utf8" });
    expect(JSON.parse(output)).toEqual(["request", "request", true]);
  });
});
