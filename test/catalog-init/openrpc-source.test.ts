// Drafting from OpenRPC documents: params by name and by position, content descriptors and
// errors by $ref, results named or inline, checked with ajv; malformed documents; and every
// document of the `@open-rpc/examples` package drafted, generated and type-checked.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { draftCatalog } from "../../generator/catalog/init/index.js";
import { InputError } from "../../generator/core/diagnostics.js";
import { makeTempDir, removeTempDir } from "../helpers/repo.js";
import { catalogSchemaErrors, generateDraft } from "./draft-helpers.js";

const draft = (document: unknown) =>
  draftCatalog({ format: "openrpc", document, file: "doc.json", identity: {} });

const small = {
  openrpc: "1.3.2",
  info: { title: "Small Calc", version: "2.1.0" },
  methods: [
    {
      name: "add",
      summary: "Adds.",
      paramStructure: "by-position",
      params: [
        { name: "a", required: true, schema: { type: "integer" } },
        { name: "b", schema: { type: "integer" } },
      ],
      result: { name: "sum", schema: { type: "integer" } },
      errors: [{ $ref: "#/components/errors/Overflow" }],
    },
    {
      name: "store",
      paramStructure: "by-name",
      params: [
        { $ref: "#/components/contentDescriptors/Key" },
        { name: "value", schema: { $ref: "#/components/schemas/Value" } },
      ],
      result: { name: "stored", schema: { $ref: "#/components/schemas/Value" } },
      deprecated: true,
      errors: [{ code: 7, message: "disk full" }, { $ref: "#/components/errors/Overflow" }],
    },
    {
      name: "list",
      params: [],
      result: { name: "keys", schema: { type: "array", items: { type: "string" } } },
      tags: [{ name: "x" }],
    },
    { name: "log", params: [{ name: "text", required: true, schema: { type: "string" } }] },
  ],
  components: {
    schemas: {
      Value: { type: "object", properties: { n: { $ref: "#/components/schemas/Num" } } },
      Num: { type: "number" },
    },
    contentDescriptors: { Key: { name: "key", required: true, schema: { type: "string" } } },
    errors: { Overflow: { code: 100, message: "too big" } },
  },
};

describe("drafting from an OpenRPC document", () => {
  const result = draft(small);
  const byName = Object.fromEntries(result.catalog.methods.map((method) => [method.name, method]));
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema(result.schema as object, "draft");
  const valid = (name: string, value: unknown) => ajv.validate(`draft#/$defs/${name}`, value);

  it("drafts the identity, methods, params, results and errors", () => {
    expect(result.catalog.protocol).toEqual({ name: "small-calc", title: "Small Calc" });
    expect(result.catalog.package).toEqual({ name: "small-calc", version: "2.1.0" });
    expect(byName["add"]).toEqual({
      name: "add",
      kind: "request",
      from: "client",
      to: "server",
      params: "AddParams",
      result: "AddResult",
      errors: ["TooBig"],
      description: "Adds.",
    });
    expect(byName["store"]).toMatchObject({
      params: "StoreParams",
      result: "Value",
      errors: ["DiskFull", "TooBig"],
      deprecated: true,
    });
    expect(byName["store"]!.optionalParams).toBeUndefined();
    expect(byName["list"]).toMatchObject({ params: "ListParams", optionalParams: true });
    expect(byName["log"]).toMatchObject({ kind: "notification" });
    expect(byName["log"]).not.toHaveProperty("result");
    expect(result.catalog.errors.slice(5)).toEqual([
      { code: 100, name: "TooBig", message: "too big" },
      { code: 7, name: "DiskFull", message: "disk full" },
    ]);
    expect(catalogSchemaErrors(result.catalog)).toEqual([]);
  });

  it("params by position are a tuple with the optional ones last; by name an object; references rewritten", () => {
    expect(valid("AddParams", [1])).toBe(true);
    expect(valid("AddParams", [1, 2])).toBe(true);
    expect(valid("AddParams", [])).toBe(false);
    expect(valid("AddParams", [1, 2, 3])).toBe(false);
    expect(valid("AddParams", { a: 1 })).toBe(false);
    expect(valid("StoreParams", { key: "k", value: { n: 1 } })).toBe(true);
    expect(valid("StoreParams", { value: {} })).toBe(false);
    expect(valid("StoreParams", { key: "k", other: 1 })).toBe(false);
    expect(valid("StoreParams", { key: "k", value: { n: "one" } })).toBe(false);
    expect(valid("ListParams", {})).toBe(true);
  });

  it("notes what it could not infer, with pointers", () => {
    const notes = result.notes.map((note) => `${note.pointer}: ${note.message}`);
    expect(notes).toContainEqual(
      '/methods/3: "log" has no result: drafted as a notification (OpenRPC 1.3); if it is answered, add its result and make it a request',
    );
    expect(notes).toContainEqual(
      '/methods/3: "log" takes params by name or by position: drafted by name (LogParams); a caller that sends them by position is refused',
    );
    expect(notes).toContainEqual(
      "/methods/2/tags: tags of 1 methods are not carried into the catalog (/methods/2/tags)",
    );
  });
});

describe("malformed OpenRPC documents", () => {
  const problems = (document: unknown) => {
    try {
      draft(document);
    } catch (error) {
      if (error instanceof InputError)
        return error.diagnostics.map((d) => `${d.pointer}: ${d.message}`);
      throw error;
    }
    throw new Error("no error");
  };
  const doc = (...methods: unknown[]) => ({
    openrpc: "1.3.2",
    info: { title: "t", version: "1" },
    methods,
  });

  it("names the pointer of each problem", () => {
    expect(problems({ info: {} })).toEqual([
      "/openrpc: an OpenRPC document is an object with an `openrpc` version string",
    ]);
    expect(problems({ openrpc: "1" })).toEqual([
      "/methods: an OpenRPC document needs a methods array",
    ]);
    expect(problems(doc({ name: 3 }))).toEqual([
      "/methods/0/name: a method name must be a non-empty string, found 3",
    ]);
    expect(
      problems(doc({ name: "a", params: [{ $ref: "#/components/contentDescriptors/Nope" }] })),
    ).toEqual([
      '/methods/0/params/0/$ref: $ref "#/components/contentDescriptors/Nope" points to nothing',
    ]);
    expect(
      problems(
        doc({ name: "a", params: [{ name: "x", schema: { $ref: "https://elsewhere/x.json" } }] }),
      ),
    ).toEqual([
      '/methods/0/params/0/schema/$ref: $ref "https://elsewhere/x.json": only references to components.schemas are drafted',
    ]);
    expect(
      problems(
        doc({ name: "a", result: { name: "r", schema: { $ref: "#/components/schemas/Gone" } } }),
      ),
    ).toEqual([
      '/methods/0/result/schema/$ref: $ref "#/components/schemas/Gone" points to no schema of components.schemas',
    ]);
    expect(
      problems(
        doc({
          name: "a",
          paramStructure: "by-position",
          params: [
            { name: "x", schema: {} },
            { name: "y", required: true, schema: {} },
          ],
        }),
      ),
    ).toEqual(["/methods/0/params: by position, required params must come before optional ones"]);
    expect(problems(doc({ name: "a" }, { name: "a" }))).toEqual([
      '/methods/1/name: method "a" is already defined at /methods/0',
    ]);
    expect(problems({ ...doc({ $ref: "#/methods/0" }) })).toEqual([
      "/methods/0/$ref: $refs that never end",
    ]);
  });
});

// Each document of the package, as the package ships it.
const examplesDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@open-rpc/examples/package.json")),
  "build/service-descriptions",
);
const examples = readdirSync(examplesDir)
  .filter((file) => file.endsWith(".json"))
  .sort();

describe("the documents of @open-rpc/examples", () => {
  let dir: string;
  beforeAll(() => (dir = makeTempDir("init-openrpc")));
  afterAll(() => removeTempDir(dir));

  it("are all found", () => {
    expect(examples.length).toBeGreaterThanOrEqual(6);
  });

  it.each(examples)(
    "%s drafts a catalog that generates and type-checks",
    async (file) => {
      const document = JSON.parse(readFileSync(path.join(examplesDir, file), "utf8"));
      const result = draftCatalog({ format: "openrpc", document, file, identity: {} });
      expect(result.catalog.methods.map((method) => method.name)).toEqual(
        document.methods.map((method: { name: string }) => method.name),
      );
      expect(catalogSchemaErrors(result.catalog)).toEqual([]);
      const { tsc } = await generateDraft(path.join(dir, file), result);
      expect(tsc.output).toBe("");
      expect(tsc.code).toBe(0);
    },
    120_000,
  );
});
