// The model stage on its own: what the IR records beyond the printed types (discriminators,
// source locations, the protocol read from a catalog), and how names are made from schema keys.
import { describe, expect, it } from "vitest";
import type { Declaration, Model, TypeNode } from "../../generator/core/ir.js";
import { load } from "../../generator/load/index.js";
import { buildModel } from "../../generator/model/index.js";
import { camelCase, NameAllocator, pascalCase } from "../../generator/model/naming.js";
import { repoRoot, stepflowCatalog, stepflowSchema } from "../helpers/repo.js";

async function modelOf(schema: string, catalog?: string): Promise<Model> {
  const inputs = await load({
    schemaPath: schema,
    ...(catalog !== undefined && { catalogPath: catalog }),
    cwd: repoRoot,
  });
  return buildModel(inputs);
}

function find(model: Model, name: string): Declaration {
  const found = model.declarations.find((declaration) => declaration.name === name);
  if (!found) throw new Error(`no declaration ${name}`);
  return found;
}

function discriminatorOf(type: TypeNode): unknown {
  return type.kind === "union" ? type.discriminator : undefined;
}

describe("discriminators", () => {
  it("are found with a mapping, without one, and from `const` tags alone", async () => {
    const model = await modelOf("test/fixtures/schemas/discriminator.schema.json");
    const catOrDog = {
      propertyName: "kind",
      mapping: [
        { value: "cat", member: 0 },
        { value: "dog", member: 1 },
      ],
    };
    expect(discriminatorOf(find(model, "PetWithMapping").type)).toEqual(catOrDog);
    expect(discriminatorOf(find(model, "PetWithoutMapping").type)).toEqual(catOrDog);
    expect(discriminatorOf(find(model, "PetByConstOnly").type)).toEqual(catOrDog);
    expect(discriminatorOf(find(model, "InlineTagged").type)).toEqual({
      propertyName: "op",
      mapping: [
        { value: "add", member: 0 },
        { value: "clear", member: 1 },
      ],
    });
  });

  it("take a member's value from the mapping when the member has no constant", async () => {
    const model = await modelOf("test/fixtures/schemas/discriminator.schema.json");
    expect(discriminatorOf(find(model, "MappingOnly").type)).toEqual({
      propertyName: "kind",
      mapping: [
        { value: "cat", member: 0 },
        { value: "other", member: 1 },
      ],
    });
  });

  it("are not invented when the members share no tag", async () => {
    const model = await modelOf("test/fixtures/schemas/unions.schema.json");
    expect(discriminatorOf(find(model, "Shape").type)).toBeUndefined();
  });

  it("FlowResult is told apart by outcome", async () => {
    const model = await modelOf(stepflowSchema);
    expect(discriminatorOf(find(model, "FlowResult").type)).toEqual({
      propertyName: "outcome",
      mapping: [
        { value: "success", member: 0 },
        { value: "skipped", member: 1 },
        { value: "failed", member: 2 },
      ],
    });
  });
});

describe("declarations", () => {
  it("are sorted by name and point back to their source", async () => {
    const model = await modelOf("test/fixtures/schemas/external-refs.schema.json");
    const names = model.declarations.map((declaration) => declaration.name);
    expect(names).toEqual([...names].sort());
    expect(find(model, "Id").source).toEqual({
      file: "test/fixtures/schemas/external-refs.schema.json",
      pointer: "/$defs/Id",
    });
    expect(find(model, "Id_2").source).toEqual({
      file: "test/fixtures/schemas/external/common.json",
      pointer: "/$defs/Id",
    });
    expect(find(model, "Point").source).toEqual({
      file: "test/fixtures/schemas/external/point.json",
      pointer: "",
    });
    // A definition of the second file that nothing references is not declared.
    expect(names).not.toContain("Unused");
  });

  it("the JSON helper takes the first free name after the schema's own names", async () => {
    expect(
      (await modelOf("test/fixtures/schemas/required-optional.schema.json")).jsonValueName,
    ).toBe("JsonValue");
    expect((await modelOf("test/fixtures/schemas/shadowing-names.schema.json")).jsonValueName).toBe(
      "JsonValue_2",
    );
  });
});

describe("the protocol read from a catalog", () => {
  it("methods are sorted by wire name, named in camelCase, and refer to declared types", async () => {
    const model = await modelOf(
      "test/fixtures/schemas/protocol.schema.json",
      "test/fixtures/catalogs/protocol.catalog.json",
    );
    const methods = model.protocol!.methods.map((method) => [
      method.name,
      method.valueName,
      method.params?.name ?? null,
      method.result?.name ?? null,
    ]);
    expect(methods).toEqual([
      ["$/cancel", "cancel", "CancelParams", null],
      ["error/raise", "errorRaise", "Error", "JsonValue"],
      ["log", "log", "LogParams", null],
      ["objects/get", "objectsGet", "Object", "Array"],
      ["ping", "ping", "PingParams", "PingResult"],
      ["records/put", "recordsPut", "Record", "Promise"],
      ["start", "start", "Object", null],
    ]);
    // By code, descending: -32000 first.
    expect(model.protocol!.errors.map((error) => error.code)).toEqual([-32000, -32001, -32602]);
    expect(model.protocol!.roles.map((role) => [role.id, role.typeName, role.valueName])).toEqual([
      ["client", "Client", "client"],
      ["server", "Server", "server"],
    ]);
    expect(model.protocol!.cancellation).toEqual({ method: "$/cancel", idProperty: "id" });
  });

  it("the real catalog: every method's types exist, the component server has a lifecycle", async () => {
    const model = await modelOf(stepflowSchema, stepflowCatalog);
    const names = new Set(model.declarations.map((declaration) => declaration.name));
    for (const method of model.protocol!.methods) {
      expect(names.has(method.params!.name), method.name).toBe(true);
      if (method.kind === "request") expect(names.has(method.result!.name), method.name).toBe(true);
    }
    const server = model.protocol!.roles.find((role) => role.id === "component-server")!;
    expect(server.lifecycle).toMatchObject({
      allowedBefore: ["initialize"],
      readyAfter: "initialized",
    });
  });
});

describe("naming", () => {
  it.each([
    ["ComponentInfo", "ComponentInfo"],
    ["blob-type", "BlobType"],
    ["blob.store_v2", "BlobStoreV2"],
    ["componentInfo", "ComponentInfo"],
    ["2d", "_2d"],
    ["2d point", "_2dPoint"],
    ["class", "Class"],
    ["foo-bar", "FooBar"],
    ["with/slash", "WithSlash"],
    ["Größe", "Größe"],
    ["Grösse", "Grösse"],
    ["größe", "Größe"],
    ["名前", "名前"],
    ["データ型", "データ型"],
    ["🎉", "Type"],
    ["", "Type"],
  ])("pascalCase(%j) is %j", (key, expected) => {
    expect(pascalCase(key)).toBe(expected);
  });

  it.each([
    ["components/execute", "componentsExecute"],
    ["$/cancelRequest", "cancelRequest"],
    ["initialize", "initialize"],
    ["delete", "delete_"],
    ["class", "class_"],
    ["Größe/messen", "größeMessen"],
  ])("camelCase(%j) is %j", (key, expected) => {
    expect(camelCase(key)).toBe(expected);
  });

  it("every name made from a key is a valid identifier", () => {
    for (const key of [
      "a-b",
      "0",
      "1.5",
      "a b",
      "é",
      "ñandú",
      "x\u0301",
      "٣d",
      "Ⅻ",
      "_",
      "$x",
      "x$y",
      "naïve café",
    ]) {
      const name = pascalCase(key);
      expect(
        () => new Function(`let ${name} = 1; return ${name};`),
        `${key} -> ${name}`,
      ).not.toThrow();
    }
  });

  it("the allocator hands out suffixed names for repeats, in order", () => {
    const names = new NameAllocator();
    expect([
      names.allocate("FlowOutcome"),
      names.allocate("FlowOutcome"),
      names.allocate("FlowOutcome"),
    ]).toEqual(["FlowOutcome", "FlowOutcome_2", "FlowOutcome_3"]);
    expect(names.allocate("FlowOutcome_2")).toBe("FlowOutcome_2_2");
  });
});
