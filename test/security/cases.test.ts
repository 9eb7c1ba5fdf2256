// Every way a schema or catalog was found to turn into code, read files it should not, hang or
// crash the generator: each one now fails with an input error naming the file and the place, or
// generates a package that compiles and runs nothing from the input. Cases run through the real
// command line or `generate()` on files in a temporary folder.
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../generator/core/diagnostics.js";
import { emitPackage } from "../../generator/emit/index.js";
import { generate } from "../../generator/index.js";
import { load } from "../../generator/load/index.js";
import { buildModel } from "../../generator/model/index.js";
import { hashTree, makeTempDir, removeTempDir, repoRoot, runTscAsync } from "../helpers/repo.js";

const work = makeTempDir("security-cases");
afterAll(() => removeTempDir(work));
let counter = 0;

/** A fresh folder holding the given files (objects are written as JSON). */
function folder(files: Record<string, unknown>): string {
  const dir = path.join(work, String(counter++));
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(
      path.join(dir, name),
      typeof content === "string" || content instanceof Uint8Array
        ? content
        : JSON.stringify(content),
    );
  }
  return dir;
}

/** The diagnostics `generate()` fails with, as `file#pointer: message` lines. */
async function errorsOf(
  dir: string,
  schema = "s.json",
  options: { catalog?: string; refRoot?: string; strict?: boolean } = {},
): Promise<string[]> {
  try {
    await generate({
      schemaPath: schema,
      outDir: "out",
      cwd: dir,
      cache: false,
      ...(options.catalog !== undefined && { catalogPath: options.catalog }),
      ...(options.refRoot !== undefined && { refRoot: options.refRoot }),
      ...(options.strict !== undefined && { strict: options.strict }),
    });
  } catch (error) {
    if (error instanceof InputError)
      return error.diagnostics.map(
        (d) =>
          `${d.file}${d.line !== undefined ? `:${d.line}:${d.column}` : `#${d.pointer ?? ""}`}: ${d.message}`,
      );
    throw error;
  }
  return [];
}

/** Generates into `out`, type-checks it, and imports its build in a child process. */
async function generateCompileAndImport(
  dir: string,
  catalog?: string,
): Promise<{ tsc: string; exit: number | null; stderr: string }> {
  await generate({
    schemaPath: "s.json",
    outDir: "out",
    cwd: dir,
    cache: false,
    ...(catalog && { catalogPath: catalog }),
  });
  writeFileSync(
    path.join(dir, "out", "tsconfig.check.json"),
    JSON.stringify({
      extends: "./tsconfig.json",
      compilerOptions: { noEmit: true, typeRoots: [path.join(repoRoot, "node_modules/@types")] },
    }),
  );
  const tsc = await runTscAsync(
    path.join(dir, "out", "tsconfig.check.json"),
    path.join(dir, "out"),
  );
  const child = spawnSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      `await import(${JSON.stringify(path.join(dir, "out/dist/index.js"))}); ${catalog ? `await import(${JSON.stringify(path.join(dir, "out/dist/node.js"))});` : ""}`,
    ],
    { encoding: "utf8" },
  );
  return { tsc: tsc.output, exit: child.status, stderr: child.stderr };
}

const NUMERIC_KEYWORDS = [
  ["minLength", "string"],
  ["maxLength", "string"],
  ["minItems", "array"],
  ["maxItems", "array"],
  ["minProperties", "object"],
  ["maxProperties", "object"],
  ["minimum", "number"],
  ["maximum", "number"],
  ["exclusiveMinimum", "number"],
  ["exclusiveMaximum", "number"],
  ["multipleOf", "number"],
] as const;
const CODE =
  "0) {} } (globalThis as any).process.exit(7); function x(value: unknown): unknown { if (0";

describe("numeric keywords given as text", () => {
  it.each(NUMERIC_KEYWORDS)(
    "%s holding code is an input error at its pointer",
    async (keyword, type) => {
      const dir = folder({ "s.json": { $defs: { A: { type, [keyword]: CODE } } } });
      const errors = await errorsOf(dir);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(
        new RegExp(
          `^s\\.json#/\\$defs/A/${keyword}: ${keyword} must be a (non-negative integer|number)`,
        ),
      );
    },
  );

  it("a keyword of the wrong kind ({} for minItems, 5 for pattern) is an input error, not a crash", async () => {
    const dir = folder({
      "s.json": {
        $defs: {
          A: { type: "array", minItems: {} },
          B: { type: "string", pattern: 5 },
          C: { type: "string", pattern: "(" },
        },
      },
    });
    expect(await errorsOf(dir)).toEqual([
      "s.json#/$defs/A/minItems: minItems must be a non-negative integer, found an object",
      "s.json#/$defs/B/pattern: pattern must be a string, found 5",
      expect.stringMatching(/^s\.json#\/\$defs\/C\/pattern: invalid pattern \/\(\/: /),
    ]);
  });
});

describe("catalog text in comments and strings", () => {
  it("a role description, a title with a newline or U+2028 and a method name holding */ compile and run nothing", async () => {
    const dir = folder({
      "s.json": { $defs: { P: { type: "object" }, R: { type: "object" } } },
      "c.json": {
        protocol: { name: "p", title: "T\nprocess.exit(1)\u2028process.exit(2)" },
        package: { name: "p", version: "1.0.0" },
        roles: {
          client: { description: "*/ process.exit(1) /*" },
          server: {
            description: "x",
            lifecycle: {
              allowedBefore: ["*/ process.exit(3) /*"],
              readyAfter: "go*/process.exit(4)",
              notReadyError: "NotReady",
            },
          },
        },
        methods: [
          {
            name: "*/ process.exit(3) /*",
            kind: "request",
            from: "client",
            to: "server",
            params: "P",
            result: "R",
            description: "*/ process.exit(5) /*",
          },
          {
            name: "go*/process.exit(4)",
            kind: "notification",
            from: "client",
            to: "server",
            params: "P",
          },
        ],
        errors: [{ name: "NotReady", code: -32002, message: '"; process.exit(6); "' }],
      },
    });
    const { tsc, exit, stderr } = await generateCompileAndImport(dir, "c.json");
    expect(tsc).toBe("");
    expect({ exit, stderr }).toEqual({ exit: 0, stderr: "" });
  });
});

describe("$ref confinement", () => {
  const cases: [string, string, RegExp][] = [
    ["a path out of the folder (..)", "../outside.json", /outside\.json: cannot read|is outside/],
    ["an absolute path", "/etc/hostname", /\/etc\/hostname is outside /],
    ["a device", "/dev/zero", /\/dev\/zero is outside /],
    ["a file: URL", "file:///etc/passwd", /\/etc\/passwd is outside /],
    [
      "a symbolic link out of the folder",
      "link.json",
      /\(it resolves to .*outside-target\.json\) is outside /,
    ],
  ];
  it.each(cases)("%s is refused at the $ref", async (_, ref, message) => {
    const dir = folder({ "s.json": { $defs: { A: { $ref: ref } } } });
    writeFileSync(path.join(work, "outside-target.json"), JSON.stringify({ type: "string" }));
    symlinkSync(path.join(work, "outside-target.json"), path.join(dir, "link.json"));
    const errors = await errorsOf(dir);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^s\.json#\/\$defs\/A\/\$ref: \$ref ".*" points to a file that cannot be loaded: /,
    );
    expect(errors[0]).toMatch(message);
  });

  it("a device inside the allowed root is still never read", async () => {
    const dir = folder({ "s.json": { $defs: { A: { $ref: "/dev/zero" } } } });
    const errors = await errorsOf(dir, "s.json", { refRoot: "/" });
    expect(errors).toEqual([expect.stringMatching(/zero: is not a regular file/)]);
  });

  it("--ref-root widens the folder on purpose", async () => {
    const dir = folder({
      "shared/common.json": { $defs: { Id: { type: "string" } } },
      "proto/s.json": { $defs: { A: { $ref: "../shared/common.json#/$defs/Id" } } },
    });
    expect(await errorsOf(dir, "proto/s.json")).toEqual([
      expect.stringMatching(/is outside .*proto, the folder \$refs may reach/),
    ]);
    expect(await errorsOf(dir, "proto/s.json", { refRoot: "." })).toEqual([]);
  });

  it("a file over the size limit is refused before it is parsed", async () => {
    const dir = folder({
      "s.json": { $defs: { A: { $ref: "big.json" } } },
      "big.json": `{"x":"${"a".repeat(1024)}"}`,
    });
    const inputs = load({ schemaPath: "s.json", cwd: dir, maxFileBytes: 512 });
    const model = inputs.then((loaded) => buildModel(loaded));
    await expect(model).rejects.toThrow(/big\.json: is larger than 512 bytes/);
  });

  it("a malformed %-escape is an input error", async () => {
    const dir = folder({
      "s.json": { $defs: { A: { $ref: "#/$defs/%zz" }, B: { $ref: "%zz.json" } } },
    });
    const errors = await errorsOf(dir);
    expect(errors).toEqual([
      's.json#/$defs/A/$ref: $ref "#/$defs/%zz" has a malformed %-escape in its fragment',
      expect.stringMatching(/^s\.json#\/\$defs\/B\/\$ref: \$ref "%zz\.json"/),
    ]);
  });
});

describe("YAML limits", () => {
  it("an alias bomb stops at the expansion limit", async () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++) {
      const previous = String.fromCharCode(96 + i);
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${previous}`).join(", ")}]`,
      );
    }
    const dir = folder({ "s.yaml": levels.join("\n") + "\n$defs: {A: {type: string}}\n" });
    expect(await errorsOf(dir, "s.yaml")).toEqual([
      "s.yaml#: expands to more than 1,000,000 values (through aliases)",
    ]);
  });

  it("too many aliases, and a value that contains itself, are refused", async () => {
    const many = folder({ "s.yaml": "x: &x 1\nl: [" + Array(1001).fill("*x").join(", ") + "]\n" });
    expect(await errorsOf(many, "s.yaml")).toEqual([
      expect.stringMatching(/^s\.yaml:\d+:\d+: invalid YAML: aliases exceeded maxAliases \(1000\)/),
    ]);
    const cyclic = folder({ "s.yaml": "x: &x [*x]\n" });
    expect(await errorsOf(cyclic, "s.yaml")).toEqual([
      expect.stringMatching(
        /nested more than 256 levels deep \(or an alias refers to a value that contains it\)$/,
      ),
    ]);
  });

  it(".inf and .nan are not JSON numbers", async () => {
    const dir = folder({ "s.yaml": "$defs: {A: {const: .inf}, B: {enum: [.nan]}}\n" });
    expect(await errorsOf(dir, "s.yaml")).toEqual([
      expect.stringMatching(
        /^s\.yaml#\/\$defs\/(A\/const|B\/enum\/0): (Infinity|NaN) is not a JSON number$/,
      ),
    ]);
  });
});

describe("cyclic aliases", () => {
  const cases: [string, Record<string, unknown>, string][] = [
    [
      "two aliases of each other",
      { "s.json": { $defs: { A: { $ref: "#/$defs/B" }, B: { $ref: "#/$defs/A" } } } },
      "s.json#/$defs/A: A → B → A",
    ],
    [
      "a self-$ref",
      { "s.json": { $defs: { A: { $ref: "#/$defs/A" } } } },
      "s.json#/$defs/A: A → A",
    ],
    ["the root as itself", { "s.json": { title: "Root", $ref: "#" } }, "s.json#: Root → Root"],
    [
      "a cycle through allOf",
      { "s.json": { $defs: { A: { allOf: [{ $ref: "#/$defs/A" }, { type: "object" }] } } } },
      "s.json#/$defs/A: A → A",
    ],
    [
      "a cycle through anyOf",
      {
        "s.json": {
          $defs: {
            A: { anyOf: [{ type: "string" }, { $ref: "#/$defs/B" }] },
            B: { oneOf: [{ $ref: "#/$defs/A" }] },
          },
        },
      },
      "s.json#/$defs/A: A → B → A",
    ],
    [
      "a cycle across files",
      { "s.json": { $defs: { A: { $ref: "b.json" } } }, "b.json": { $ref: "s.json#/$defs/A" } },
      "s.json#/$defs/A: A → B → A",
    ],
  ];
  it.each(cases)("%s is an input error", async (_, files, expected) => {
    const errors = await errorsOf(folder(files));
    expect(errors).toEqual([
      `${expected}: a type cannot be defined as itself (put an object or an array between the references)`,
    ]);
  });

  it("recursion through an object or an array stays allowed, and validates", async () => {
    const dir = folder({
      "s.json": {
        $defs: {
          Tree: {
            type: "object",
            properties: { children: { type: "array", items: { $ref: "#/$defs/Tree" } } },
          },
          List: { anyOf: [{ type: "null" }, { type: "array", items: { $ref: "#/$defs/List" } }] },
        },
      },
    });
    const { tsc, exit } = await generateCompileAndImport(dir);
    expect(tsc).toBe("");
    expect(exit).toBe(0);
    const validators = await import(path.join(dir, "out/dist/validators.js"));
    expect(validators.isTree({ children: [{ children: [] }] })).toBe(true);
    expect(validators.isTree({ children: [{ children: [1] }] })).toBe(false);
  });
});

describe("input that was silently accepted", () => {
  const cases: [string, Record<string, unknown>, string, RegExp][] = [
    [
      "invalid UTF-8",
      { "s.json": Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d]) },
      "s.json",
      /^s\.json:1:3: invalid UTF-8 \(byte 0xc3 at offset 2\)$/,
    ],
    [
      "a duplicate key in the schema",
      { "s.json": '{"$defs": {"A": {"type": "string", "type": "number"}}}' },
      "s.json",
      /^s\.json:1:36: duplicate key "type": only one is allowed \(at \/\$defs\/A\/type\)$/,
    ],
    [
      "a root that is null",
      { "s.json": "null" },
      "s.json",
      /^s\.json#: the schema must be an object, found null$/,
    ],
    [
      "a root that is an array",
      { "s.json": "[]" },
      "s.json",
      /^s\.json#: the schema must be an object, found an array$/,
    ],
    [
      "a root that is a string",
      { "s.json": '"x"' },
      "s.json",
      /^s\.json#: the schema must be an object, found the string "x"$/,
    ],
    [
      "$defs that is an array",
      { "s.json": { $defs: [] } },
      "s.json",
      /^s\.json#\/\$defs: \$defs must be an object of schemas, found an array$/,
    ],
    [
      "type: {}",
      { "s.json": { $defs: { A: { type: {} } } } },
      "s.json",
      /^s\.json#\/\$defs\/A\/type: type must be a type name or an array of them, found an object$/,
    ],
    [
      "prefixItems: 5",
      { "s.json": { $defs: { A: { prefixItems: 5 } } } },
      "s.json",
      /^s\.json#\/\$defs\/A\/prefixItems: prefixItems must be an array of schemas, found 5$/,
    ],
    [
      "const: 1e400",
      { "s.json": '{"$defs": {"A": {"const": 1e400}}}' },
      "s.json",
      /^s\.json:1:27: number 1e400 is too large for a double \(at \/\$defs\/A\/const\)$/,
    ],
  ];
  it.each(cases)("%s is an input error", async (_, files, schema, expected) => {
    const errors = await errorsOf(folder(files), schema);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(expected);
  });

  it("a duplicate key in the catalog is an input error", async () => {
    const dir = folder({
      "s.json": { $defs: {} },
      "c.json": '{"protocol": {"name": "a", "name": "b", "title": "T"}}',
    });
    expect(await errorsOf(dir, "s.json", { catalog: "c.json" })).toContain(
      'c.json:1:28: duplicate key "name": only one is allowed (at /protocol/name)',
    );
  });

  it("every problem of a schema is reported in one run", async () => {
    const dir = folder({
      "s.json": {
        $defs: {
          A: { type: "string", minLength: "x" },
          B: { type: "wrong" },
          C: { items: 3, type: "array" },
        },
      },
    });
    expect(await errorsOf(dir)).toHaveLength(3);
  });
});

describe("output that exited 0 but did not compile or validate", () => {
  it("format: constructor and a discriminator named constructor compile and validate", async () => {
    const dir = folder({
      "s.json": {
        $defs: {
          N: { type: "integer", format: "constructor" },
          U: {
            oneOf: [{ $ref: "#/$defs/X" }, { $ref: "#/$defs/Y" }],
            discriminator: { propertyName: "constructor" },
          },
          X: {
            type: "object",
            properties: { constructor: { const: "x" } },
            required: ["constructor"],
          },
          Y: {
            type: "object",
            properties: { constructor: { const: "y" } },
            required: ["constructor"],
          },
        },
      },
    });
    const { tsc, exit } = await generateCompileAndImport(dir);
    expect(tsc).toBe("");
    expect(exit).toBe(0);
    const validators = await import(path.join(dir, "out/dist/validators.js"));
    expect(validators.isN(3)).toBe(true);
    expect(validators.isU({ constructor: "x" })).toBe(true);
    expect(validators.isU({})).toBe(false);
    expect(validators.validateU({ constructor: "z" })?.path).toBe("$.constructor");
  });

  it("a constant whose strings end in a backslash or hold /* prints as written", async () => {
    const dir = folder({
      "s.json": {
        $defs: {
          C: { const: ["\\", "*/ process.exit(7) /*", "/*"] },
          D: { type: "string", default: "\\", description: "/* not a comment" },
        },
      },
    });
    const { tsc, exit, stderr } = await generateCompileAndImport(dir);
    expect(tsc).toBe("");
    expect({ exit, stderr }).toEqual({ exit: 0, stderr: "" });
    const validators = await import(path.join(dir, "out/dist/validators.js"));
    expect(validators.isC(["\\", "*/ process.exit(7) /*", "/*"])).toBe(true);
  });

  it("a schema file name holding a newline generates, with the name kept on one comment line", async () => {
    const dir = folder({ "a\nprocess.exit(9).json": { $defs: { A: { type: "string" } } } });
    await generate({
      schemaPath: "a\nprocess.exit(9).json",
      outDir: "out",
      cwd: dir,
      cache: false,
    });
    const child = spawnSync(
      process.execPath,
      ["-e", `import(${JSON.stringify(path.join(dir, "out/dist/index.js"))})`],
      { encoding: "utf8" },
    );
    expect(child.status).toBe(0);
  });

  it(
    "an enum of 100,000 values generates and its validator checks membership",
    { timeout: 120_000 },
    async () => {
      const values = Array.from({ length: 100_000 }, (_, i) => `v${i}`);
      const dir = folder({ "s.json": { $defs: { E: { enum: values } } } });
      const files = emitPackage(buildModel(await load({ schemaPath: "s.json", cwd: dir })));
      const validators = files.find((file) => file.path === "src/validators.ts")!.content;
      expect(validators).toContain("const EValues1: ReadonlySet<unknown> = new Set([");
      expect(validators.length).toBeLessThan(2_000_000);
    },
  );
});

describe("keywords the validators do not enforce", () => {
  it("are warnings naming the place, and errors with --strict", async () => {
    const dir = folder({
      "s.json": {
        $defs: {
          A: { type: "object", propertyNames: { pattern: "^a" }, not: { required: ["b"] } },
        },
      },
    });
    const result = await generate({ schemaPath: "s.json", outDir: "out", cwd: dir, cache: false });
    expect(result.warnings.map((w) => `${w.pointer}: ${w.message}`)).toEqual([
      "/$defs/A/not: not is not enforced: the generated validators accept values it would refuse",
      "/$defs/A/propertyNames: propertyNames is not enforced: the generated validators accept values it would refuse",
    ]);
    // A second run that the cache answers says them again.
    const cached = await generate({ schemaPath: "s.json", outDir: "out", cwd: dir });
    const again = await generate({ schemaPath: "s.json", outDir: "out", cwd: dir });
    expect(again).toMatchObject({ status: "up-to-date", cached: true });
    expect(again.warnings).toEqual(cached.warnings);
    expect(again.warnings).toHaveLength(2);
    const before = hashTree(path.join(dir, "out"));
    expect(await errorsOf(dir, "s.json", { strict: true })).toHaveLength(2);
    expect(hashTree(path.join(dir, "out"))).toEqual(before);
  });
});

describe("a catalog of 10,000 methods", () => {
  it("generates a protocol layer that compiles", { timeout: 300_000 }, async () => {
    const methods = Array.from({ length: 10_000 }, (_, i) => ({
      name: `group${i % 50}/method${i}`,
      kind: i % 3 === 0 ? "notification" : "request",
      from: i % 2 ? "a" : "b",
      to: i % 2 ? "b" : "a",
      params: "P",
      ...(i % 3 === 0 ? {} : { result: "R" }),
    }));
    const dir = folder({
      "s.json": {
        $defs: {
          P: { type: "object", properties: { x: { type: "string" } } },
          R: { type: "object" },
        },
      },
      "c.json": {
        protocol: { name: "big", title: "Big" },
        package: { name: "big", version: "1.0.0" },
        roles: { a: {}, b: {} },
        methods,
        errors: [],
      },
    });
    // Emitted without formatting (the compiler reads it the same), to keep the suite quick, and
    // in a child process of the built generator, so that the test worker is not blocked meanwhile.
    const script = `
      import { mkdirSync, writeFileSync } from "node:fs";
      import path from "node:path";
      import { load } from ${JSON.stringify(path.join(repoRoot, "dist/generator/load/index.js"))};
      import { buildModel } from ${JSON.stringify(path.join(repoRoot, "dist/generator/model/index.js"))};
      import { emitPackage } from ${JSON.stringify(path.join(repoRoot, "dist/generator/emit/index.js"))};
      const dir = process.argv[1];
      const files = emitPackage(buildModel(await load({ schemaPath: "s.json", catalogPath: "c.json", cwd: dir })));
      for (const file of files) {
        mkdirSync(path.dirname(path.join(dir, "out", file.path)), { recursive: true });
        writeFileSync(path.join(dir, "out", file.path), file.content);
      }`;
    const emitted = await new Promise<number | null>((resolve) =>
      spawn(process.execPath, ["--input-type=module", "-e", script, dir], { stdio: "inherit" }).on(
        "close",
        resolve,
      ),
    );
    expect(emitted).toBe(0);
    writeFileSync(
      path.join(dir, "out", "tsconfig.check.json"),
      JSON.stringify({
        extends: "./tsconfig.json",
        compilerOptions: { noEmit: true, typeRoots: [path.join(repoRoot, "node_modules/@types")] },
      }),
    );
    const tsc = await runTscAsync(
      path.join(dir, "out", "tsconfig.check.json"),
      path.join(dir, "out"),
    );
    expect(tsc.output).toBe("");
    expect(tsc.code).toBe(0);
  });
});
