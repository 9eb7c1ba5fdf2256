// The load stage skips the ref parser for a schema whose `$ref`s cannot reach another file
// (load/index.ts, mayReachOtherFiles). Held to the ref parser itself: for every fixture schema
// and hand-made ones the skip takes, the ref parser, given a resolver that records what it is
// asked to read, asks for nothing; and the skip is not taken where it would ask.
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import $RefParser from "@apidevtools/json-schema-ref-parser";
import { describe, expect, it } from "vitest";
import { mayReachOtherFiles } from "../../generator/load/index.js";
import { repoRoot } from "../helpers/repo.js";

/** The files the ref parser asks to read when resolving `schema` as `file`. */
async function readsOf(schema: unknown, file: string): Promise<string[]> {
  const reads: string[] = [];
  try {
    await new $RefParser().resolve(
      file,
      structuredClone(schema) as never,
      {
        continueOnError: true,
        resolve: {
          file: false,
          http: false,
          recorder: {
            order: 1,
            canRead: true,
            read: (requested: { url: string }) => {
              reads.push(requested.url);
              return {};
            },
          },
        },
        parse: {
          json: false,
          yaml: false,
          text: false,
          binary: false,
          parsed: { order: 1, canParse: true, parse: (f: { data: unknown }) => f.data },
        },
      } as never,
    );
  } catch {
    // Failures are the model's to report; what was asked for is what counts here.
  }
  return reads;
}

const fixtureSchemas = [
  ...readdirSync(path.join(repoRoot, "test/fixtures/schemas"))
    .filter((name) => name.endsWith(".json"))
    .map((name) => `test/fixtures/schemas/${name}`),
  "schema/stepflow-protocol.schema.json",
  "test/fixtures/protocols/mcp-2025-11-25/schema.json",
  "test/protocols/fixtures/features.schema.json",
];

const handMade: [string, unknown][] = [
  ["a relative root $id", { $id: "sub/other.json", $defs: { A: { $ref: "#/$defs/B" }, B: {} } }],
  [
    "an absolute root $id",
    {
      $id: "https://example.com/s.json",
      properties: { a: { $ref: "#/$defs/A" } },
      $defs: { A: {} },
    },
  ],
  ["a draft-04 root id", { id: "urn:x", definitions: { A: { $ref: "#/definitions/B" }, B: {} } }],
  ["an embedded $id", { $defs: { A: { $id: "other.json", $ref: "#/x" } } }],
  ["a $ref to a file", { $defs: { A: { $ref: "other.json#/B" } } }],
  ["a $ref that is not a string", { $defs: { A: { $ref: 3 } } }],
  ["an empty $ref", { $defs: { A: { $ref: "" } } }],
  ["a $ref in data", { examples: [{ $ref: "data.json" }] }],
];

describe("schemas whose $refs stay in the file", () => {
  it.each([
    ...fixtureSchemas.map((file): [string, unknown] => [
      file,
      JSON.parse(readFileSync(path.join(repoRoot, file), "utf8")),
    ]),
    ...handMade,
  ])("%s: the ref parser reads nothing when the skip is taken", async (_name, schema) => {
    const reads = await readsOf(schema, path.join(repoRoot, "schema", "given.json"));
    if (!mayReachOtherFiles(schema)) expect(reads).toEqual([]);
  });

  it("the skip is taken for most fixtures and not for schemas that reference files", async () => {
    const skipped = fixtureSchemas.filter(
      (file) => !mayReachOtherFiles(JSON.parse(readFileSync(path.join(repoRoot, file), "utf8"))),
    );
    expect(skipped.length).toBeGreaterThan(fixtureSchemas.length / 2);
    expect(skipped).toContain("schema/stepflow-protocol.schema.json");
    expect(skipped).not.toContain("test/fixtures/schemas/external-refs.schema.json");
    for (const [name, schema] of handMade.slice(3)) {
      expect(mayReachOtherFiles(schema), name).toBe(true);
    }
    // Where the skip is not taken, the ref parser does ask for a file in these cases.
    expect(await readsOf(handMade[4]![1], path.join(repoRoot, "schema", "given.json"))).not.toEqual(
      [],
    );
  });
});
