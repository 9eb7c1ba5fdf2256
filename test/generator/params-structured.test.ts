// JSON-RPC 2.0 section 4.2: params, when present, are an object or an array. A catalog whose
// method names a params definition that admits anything else (a string, null, any value) is
// refused, naming the method's params in the catalog and what the definition admits.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InputError } from "../../generator/index.js";
import { load } from "../../generator/load/index.js";
import { buildModel } from "../../generator/model/index.js";
import { makeTempDir, removeTempDir } from "../helpers/repo.js";

let root: string;
let caseCount = 0;
beforeAll(() => {
  root = makeTempDir("params");
});
afterAll(() => removeTempDir(root));

const DEFS = {
  Text: { type: "string" },
  TextAlias: { $ref: "#/$defs/Text" },
  Anything: {},
  Nullable: { anyOf: [{ type: "object" }, { type: "null" }] },
  Choice: { enum: ["a", "b"] },
  Count: { type: "integer" },
  Flag: { type: "boolean" },
  Point: { type: "object", properties: { x: { type: "number" } } },
  Pair: { type: "array", prefixItems: [{ type: "string" }, { type: "number" }], items: false },
  Shapes: { oneOf: [{ $ref: "#/$defs/Point" }, { type: "array", items: { type: "number" } }] },
  Described: { allOf: [{ $ref: "#/$defs/Point" }, { description: "A point, described." }] },
  Tree: {
    type: "object",
    properties: { children: { type: "array", items: { $ref: "#/$defs/Tree" } } },
  },
  Done: { type: "object" },
};

/** Generates a catalog whose one method takes `params`; resolves with the messages, if refused. */
async function tryParams(params: string): Promise<string[] | "ok"> {
  const dir = path.join(root, `case-${++caseCount}`);
  mkdirSync(dir);
  writeFileSync(path.join(dir, "s.schema.json"), JSON.stringify({ $defs: DEFS }));
  writeFileSync(
    path.join(dir, "s.catalog.json"),
    JSON.stringify({
      protocol: { name: "p", title: "P" },
      package: { name: "p", version: "1.0.0" },
      roles: { a: {}, b: {} },
      methods: [{ name: "call", kind: "request", from: "a", to: "b", params, result: "Done" }],
      errors: [],
    }),
  );
  try {
    // The model stage is where the catalog meets the schema; nothing later can refuse it.
    buildModel(
      await load({ schemaPath: "s.schema.json", catalogPath: "s.catalog.json", cwd: dir }),
    );
    return "ok";
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    return error.diagnostics.map(
      (diagnostic) => `${diagnostic.file}#${diagnostic.pointer}: ${diagnostic.message}`,
    );
  }
}

const refusal = (params: string, admits: string): string[] => [
  `s.catalog.json#/methods/0/params: params "${params}" admits ${admits}; JSON-RPC 2.0 (section 4.2) allows only an object or an array as params`,
];

describe("params must be an object or an array", () => {
  it.each([
    ["Text", "a string"],
    ["TextAlias", "a string"],
    ["Anything", "any JSON value"],
    ["Nullable", "null"],
    ["Choice", 'the value "a"'],
    ["Count", "an integer"],
    ["Flag", "a boolean"],
  ])("refuses %s, which admits %s", async (params, admits) => {
    expect(await tryParams(params)).toEqual(refusal(params, admits));
  });

  it.each(["Point", "Pair", "Shapes", "Described", "Tree"])("accepts %s", async (params) => {
    expect(await tryParams(params)).toBe("ok");
  });
});
