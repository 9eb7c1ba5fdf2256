// The generated package as another project consumes it: packed with `npm pack`, installed from
// the tarball into a fresh project, imported by Node, and type-checked by the pinned TypeScript.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { typescriptBlocks } from "../helpers/readme.js";

const root = path.resolve(import.meta.dirname, "../..");
const generated = path.join(root, "generated");
const tsc = path.join(root, "node_modules/.bin/tsc");
let work: string;
let consumer: string;
let packageName: string;

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), "bindgen-pack-"));
  const manifest = JSON.parse(readFileSync(path.join(generated, "package.json"), "utf8")) as {
    name: string;
  };
  packageName = manifest.name;
  const output = execFileSync("npm", ["pack", "--json", "--pack-destination", work], {
    cwd: generated,
    encoding: "utf8",
  });
  const [{ filename }] = JSON.parse(output) as [{ filename: string }];
  consumer = path.join(work, "consumer");
  execFileSync("mkdir", ["-p", consumer]);
  writeFileSync(
    path.join(consumer, "package.json"),
    JSON.stringify({ name: "consumer", private: true, type: "module" }),
  );
  execFileSync(
    "npm",
    ["install", "--no-audit", "--no-fund", "--offline", path.join(work, filename)],
    { cwd: consumer, stdio: "pipe" },
  );
}, 120_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("the packed package", () => {
  it("holds the compiled JavaScript, the declarations and the sources, and no runtime dependency", () => {
    const installed = path.join(consumer, "node_modules", packageName);
    const manifest = JSON.parse(
      readFileSync(path.join(installed, "package.json"), "utf8"),
    ) as Record<string, unknown>;
    expect(manifest["dependencies"]).toBeUndefined();
    for (const file of [
      "dist/index.js",
      "dist/index.d.ts",
      "dist/node.js",
      "dist/types.d.ts",
      "src/types.ts",
    ]) {
      expect(() => readFileSync(path.join(installed, file))).not.toThrow();
    }
  });

  it("imports in Node and works over an in-memory connection", () => {
    const script = `
      import { methods, memoryTransportPair, createComponentServerConnection, createRuntimeConnection, validateBlobType } from ${JSON.stringify(packageName)};
      import { streamTransport } from ${JSON.stringify(packageName + "/node")};
      const [a, b] = memoryTransportPair();
      createComponentServerConnection(a, {
        initialize: () => ({ server_protocol_version: 1 }),
        componentsList: () => ({ components: [{ component: "/x" }] }),
        componentsInfo: ({ component }) => ({ info: { component } }),
        componentsExecute: ({ input }) => ({ output: input }),
      });
      const runtime = createRuntimeConnection(b, {
        blobsPut: () => ({ blob_id: "0" }), blobsGet: () => ({ data: null, blob_type: "data" }),
        flowsEvaluate: () => ({ result: { outcome: "skipped" } }),
      });
      const init = await runtime.componentServer.initialize({ runtime_protocol_version: 1 });
      runtime.componentServer.initialized();
      const executed = await runtime.componentServer.componentsExecute({ component: "/x", input: [1, "two"] });
      console.log(JSON.stringify({ kind: methods["blobs/put"].kind, init, executed, issue: validateBlobType("text"), stream: typeof streamTransport }));
      await runtime.close();
    `;
    writeFileSync(path.join(consumer, "use.mjs"), script);
    const output = JSON.parse(
      execFileSync(process.execPath, ["use.mjs"], { cwd: consumer, encoding: "utf8" }),
    ) as Record<string, unknown>;
    expect(output).toEqual({
      kind: "request",
      init: { server_protocol_version: 1 },
      executed: { output: [1, "two"] },
      issue: { path: "$", expected: '"flow" | "data"', received: "string" },
      stream: "function",
    });
  });

  it("the README's examples (a server and a client per role) type-check as written", () => {
    const readme = readFileSync(
      path.join(consumer, "node_modules", packageName, "README.md"),
      "utf8",
    );
    const examples = typescriptBlocks(readme);
    // A server and a client for each of the two roles.
    expect(examples).toHaveLength(4);
    const files = examples.map((code, index) => {
      writeFileSync(path.join(consumer, `readme-${index}.ts`), code + "\nexport {};\n");
      return `readme-${index}.ts`;
    });
    writeFileSync(
      path.join(consumer, "tsconfig.readme.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          types: ["node"],
          typeRoots: [path.join(root, "node_modules/@types")],
        },
        files,
      }),
    );
    const result = spawnSync(tsc, ["-p", "tsconfig.readme.json", "--pretty", "false"], {
      cwd: consumer,
      encoding: "utf8",
    });
    expect(`${result.stdout}${result.stderr}`).toBe("");
    expect(result.status).toBe(0);
  });

  it("type-checks a TypeScript consumer against the shipped declarations", () => {
    writeFileSync(
      path.join(consumer, "use.ts"),
      `import type { FlowResult, ComponentServerHandlers } from ${JSON.stringify(packageName)};
       import { spawnComponentServer } from ${JSON.stringify(packageName + "/node")};
       export function describe(result: FlowResult): string {
         switch (result.outcome) {
           case "success": return "ok";
           case "skipped": return "skipped";
           case "failed": return result.error.message;
         }
       }
       export type Spawn = typeof spawnComponentServer;
       export type Handlers = ComponentServerHandlers;
       // @ts-expect-error the package does not export what the schema does not define
       import type { Nope } from ${JSON.stringify(packageName)};
      `,
    );
    writeFileSync(
      path.join(consumer, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          module: "NodeNext",
          moduleResolution: "NodeNext",
          target: "ES2022",
          types: ["node"],
          typeRoots: [path.join(root, "node_modules/@types")],
        },
        files: ["use.ts"],
      }),
    );
    // The Node entry point's declarations use Node's stream types: the consumer has @types/node.
    const result = (() => {
      try {
        return execFileSync(tsc, ["-p", "tsconfig.json"], { cwd: consumer, encoding: "utf8" });
      } catch (error) {
        return String((error as { stdout?: string }).stdout ?? error);
      }
    })();
    expect(result).toBe("");
  });
});
