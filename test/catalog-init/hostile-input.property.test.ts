// Any JSON at all, in any of the source formats, either drafts or fails with input errors that
// name a pointer into the document; nothing else escapes (no TypeError from a shape the drafter
// did not expect). The values are built to look like each format, so that they reach deep.
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SOURCE_FORMATS, draftCatalog } from "../../generator/catalog/init/index.js";
import { InputError } from "../../generator/core/diagnostics.js";
import { repoRoot } from "../helpers/repo.js";

// `npm test` runs 1,000 cases per format and kind (200 for the meta model, whose drafts are
// slower); FAST_CHECK_RUNS (npm run test:long) sets ten times the number.
const runs = Math.max(1, Math.floor(Number(process.env["FAST_CHECK_RUNS"] ?? 10_000) / 10));

const anyJson = fc.jsonValue({ maxDepth: 4 });
/** Mostly the shape the format expects, sometimes any JSON in its place. */
const mostly = <T>(shape: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: shape, weight: 6 }, { arbitrary: anyJson, weight: 1 });
const name = fc.constantFrom(
  "method",
  "params",
  "result",
  "Ping",
  "AClientRequest",
  "BResult",
  "x",
  "__proto__",
  "constructor",
);
const type = fc.letrec((tie) => ({
  type: fc.oneof(
    { depthSize: "small" },
    fc.record({ kind: fc.constantFrom("base", "reference"), name: fc.oneof(name, anyJson) }),
    fc.record({ kind: fc.constantFrom("array"), element: tie("type") }),
    fc.record({
      kind: fc.constantFrom("or", "and", "tuple"),
      items: fc.oneof(fc.array(tie("type"), { maxLength: 3 }), anyJson),
    }),
    fc.record({ kind: fc.constantFrom("map"), key: tie("type"), value: tie("type") }),
    fc.record({
      kind: fc.constantFrom("stringLiteral", "integerLiteral", "booleanLiteral", "literal", "nope"),
      value: anyJson,
    }),
    anyJson,
  ),
})).type;

const shaped: Record<(typeof SOURCE_FORMATS)[number], fc.Arbitrary<unknown>> = {
  "json-schema": fc.record({
    $defs: fc.dictionary(
      name,
      fc.oneof(
        fc.record({
          anyOf: fc.array(
            fc.record({ $ref: fc.constantFrom("#/$defs/Ping", "#/$defs/x", "#/nowhere") }),
            { maxLength: 3 },
          ),
        }),
        fc.record(
          {
            properties: fc.record(
              {
                method: fc.record({ const: fc.oneof(fc.string(), anyJson) }),
                params: anyJson,
                id: anyJson,
              },
              { requiredKeys: [] },
            ),
            required: fc.oneof(fc.constant(["params"]), anyJson),
            "x-method": fc.oneof(fc.string(), anyJson),
            "x-side": fc.oneof(fc.constantFrom("a", "b"), anyJson),
            "x-kind": fc.oneof(fc.constantFrom("request", "notification", "result"), anyJson),
            "x-result": fc.oneof(name, anyJson),
          },
          { requiredKeys: [] },
        ),
        anyJson,
      ),
    ),
  }),
  "meta-model": fc.record(
    {
      requests: fc.array(
        fc.record(
          {
            method: mostly(fc.string()),
            messageDirection: fc.constantFrom("clientToServer", "both", "x"),
            params: fc.oneof(type, fc.array(type)),
            result: type,
          },
          { requiredKeys: [] },
        ),
        { maxLength: 3 },
      ),
      notifications: fc.oneof(
        fc.array(
          fc.record(
            {
              method: fc.string(),
              messageDirection: fc.constantFrom("serverToClient"),
              params: type,
            },
            { requiredKeys: [] },
          ),
          { maxLength: 3 },
        ),
        anyJson,
      ),
      structures: fc.array(
        fc.record(
          {
            name,
            properties: fc.oneof(
              fc.array(
                fc.record({ name: fc.oneof(fc.string(), anyJson), type, optional: anyJson }),
              ),
              anyJson,
            ),
            extends: mostly(fc.array(type)),
          },
          { requiredKeys: ["name"] },
        ),
        { maxLength: 3 },
      ),
      enumerations: fc.array(
        fc.record(
          {
            name,
            type,
            values: mostly(fc.array(fc.record({ name: fc.string(), value: anyJson }))),
            supportsCustomValues: anyJson,
          },
          { requiredKeys: [] },
        ),
        { maxLength: 2 },
      ),
      typeAliases: fc.array(fc.record({ name, type }), { maxLength: 3 }),
    },
    { requiredKeys: [] },
  ),
  openrpc: fc.record(
    {
      openrpc: fc.constant("1.3.2"),
      info: anyJson,
      methods: fc.oneof(
        fc.array(
          fc.oneof(
            fc.record(
              {
                name: fc.oneof(name, anyJson),
                paramStructure: fc.oneof(
                  fc.constantFrom("by-name", "by-position", "either"),
                  anyJson,
                ),
                params: fc.oneof(
                  fc.array(
                    fc.oneof(
                      fc.record(
                        {
                          name: fc.oneof(name, anyJson),
                          required: anyJson,
                          schema: fc.oneof(
                            fc.record({
                              $ref: fc.constantFrom(
                                "#/components/schemas/x",
                                "#/components/schemas",
                                "#/methods/0",
                                "http://x",
                              ),
                            }),
                            anyJson,
                          ),
                        },
                        { requiredKeys: [] },
                      ),
                      fc.record({
                        $ref: fc.constantFrom(
                          "#/components/contentDescriptors/x",
                          "#/methods/0/params/0",
                          "#",
                        ),
                      }),
                    ),
                  ),
                  anyJson,
                ),
                result: fc.oneof(
                  fc.record({ name: fc.string(), schema: anyJson }),
                  fc.record({
                    $ref: fc.constantFrom(
                      "#/methods/0/result",
                      "#/components/contentDescriptors/x",
                    ),
                  }),
                  anyJson,
                ),
                errors: fc.oneof(fc.array(fc.record({ code: anyJson, message: anyJson })), anyJson),
              },
              { requiredKeys: [] },
            ),
            fc.record({ $ref: fc.constantFrom("#/methods/0", "#/methods/1", "#/info") }),
          ),
          { maxLength: 3 },
        ),
        anyJson,
      ),
      components: fc.oneof(
        fc.record(
          {
            schemas: fc.dictionary(name, anyJson),
            contentDescriptors: fc.dictionary(name, anyJson),
          },
          { requiredKeys: [] },
        ),
        anyJson,
      ),
    },
    { requiredKeys: ["openrpc"] },
  ),
};

// The published documents, each with one value somewhere inside replaced by any JSON: nearly
// valid input, which reaches every step of the drafter.
const read = (file: string): unknown => JSON.parse(readFileSync(file, "utf8"));
const openRpcDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve("@open-rpc/examples/package.json")),
  "build/service-descriptions",
);
const published: Record<(typeof SOURCE_FORMATS)[number], unknown[]> = {
  "json-schema": [read(path.join(repoRoot, "test/fixtures/protocols/mcp-2025-11-25/schema.json"))],
  "meta-model": [read(path.join(repoRoot, "test/fixtures/protocols/lsp-3.18/metaModel.json"))],
  openrpc: readdirSync(openRpcDir).map((file) => read(path.join(openRpcDir, file))),
};

/** Every path to a value inside `value`. */
function paths(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => paths(item, [...prefix, index], out));
  else if (typeof value === "object" && value !== null)
    for (const [key, item] of Object.entries(value)) paths(item, [...prefix, key], out);
  return out;
}

/** `value` with the value at `where` replaced, copying only what lies on the way. */
function replaced(value: unknown, where: readonly (string | number)[], by: unknown): unknown {
  if (where.length === 0) return by;
  const [head, ...rest] = where;
  const copy: any = Array.isArray(value) ? [...value] : { ...(value as object) };
  copy[head!] = replaced((value as any)[head!], rest, by);
  return copy;
}

const corrupted = (format: (typeof SOURCE_FORMATS)[number]) => {
  const documents = published[format].map((document) => ({ document, paths: paths(document) }));
  return fc.tuple(fc.nat(), fc.nat(), anyJson).map(([which, at, by]) => {
    const { document, paths } = documents[which % documents.length]!;
    return replaced(document, paths[at % paths.length]!, by);
  });
};

describe.each(SOURCE_FORMATS)("%s drafting on hostile input", (format) => {
  it("a published document with one value replaced drafts, or fails with errors naming pointers", () => {
    fc.assert(
      fc.property(corrupted(format), (document) => {
        try {
          JSON.stringify(draftCatalog({ format, document, file: "in.json", identity: {} }));
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          for (const diagnostic of error.diagnostics)
            expect(diagnostic.pointer).toMatch(/^(\/.*)?$/);
        }
      }),
      // A draft of the meta model takes milliseconds: fewer of them.
      { numRuns: format === "meta-model" ? Math.ceil(runs / 5) : runs },
    );
  });

  it("drafts, or fails with errors that each name a pointer", () => {
    fc.assert(
      fc.property(mostly(shaped[format]), (document) => {
        try {
          const draft = draftCatalog({
            format,
            document,
            file: "in.json",
            identity: { name: "p" },
          });
          for (const note of draft.notes) expect(typeof note.pointer).toBe("string");
          JSON.stringify(draft);
        } catch (error) {
          if (!(error instanceof InputError)) throw error;
          for (const diagnostic of error.diagnostics)
            expect(diagnostic.pointer).toMatch(/^(\/.*)?$/);
        }
      }),
      { numRuns: runs },
    );
    console.log(format, (globalThis as any).__ok);
    (globalThis as any).__ok = 0;
  });
});
