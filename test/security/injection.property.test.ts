// Input text never becomes code. Arbitrary strings (comment terminators, quotes, backticks,
// `${`, line breaks of every kind, NUL, lone surrogates, Handlebars braces, and payloads that
// would call `process.exit(7)` or `__injected()` if they ran) go into every text position of a
// schema and a catalog at once; arbitrary JSON goes into every keyword. Each case either stops
// with an input error, or its output parses, and evaluating every module of the package runs
// nothing from the input. A sample of the outputs is type-checked under the package's strict
// settings in one compiler run.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { InputError } from "../../generator/core/diagnostics.js";
import type { OutputFile } from "../../generator/core/options.js";
import { makeTempDir, removeTempDir, repoRoot, runTscAsync } from "../helpers/repo.js";
import { BREAKERS, emitOrReject, PAYLOADS, runEmitted } from "./harness.js";

/** Cases per property; `INJECTION_RUNS` raises it for a longer run (`npm run test:security`). */
const RUNS = Number(process.env["INJECTION_RUNS"] ?? 1000);
/** Every how many generated outputs one is kept for the type-check. */
const TYPE_CHECK_EVERY = Math.max(1, Math.floor(RUNS / 12));

const hostileText = fc
  .array(
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...BREAKERS) },
      { weight: 3, arbitrary: fc.constantFrom(...PAYLOADS) },
      { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
      { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
    ),
    { minLength: 1, maxLength: 10 },
  )
  .map((parts) => parts.join(""));

/** Every place in schema and catalog where text is free, each with its own string. */
const TEXT_POSITIONS = [
  "definitionKey",
  "propertyName",
  "title",
  "description",
  "propertyDescription",
  "enumValue",
  "constValue",
  "defaultText",
  "exampleText",
  "format",
  "unknownKeyword",
  "unknownKeywordValue",
  "comment",
  "protocolTitle",
  "protocolDescription",
  "packageDescription",
  "roleDescription",
  "requestName",
  "notificationName",
  "methodDescription",
  "deprecatedReason",
  "since",
  "errorMessage",
  "errorDescription",
  "idProperty",
  "twoWayName",
  "extensionPrefix",
  "extensionDescription",
  "progressName",
  "progressTokenProperty",
] as const;
type Texts = Record<(typeof TEXT_POSITIONS)[number], string>;

const texts: fc.Arbitrary<Texts> = fc.record(
  Object.fromEntries(TEXT_POSITIONS.map((position) => [position, hostileText])) as {
    [K in keyof Texts]: fc.Arbitrary<string>;
  },
);

function protocolWith(t: Texts): { schema: unknown; catalog: unknown } {
  const schema = {
    $comment: t.comment,
    $defs: {
      Params: {
        type: "object",
        title: t.title,
        description: t.description,
        properties: {
          // First, so that a clash with another hostile name keeps that one's schema.
          [t.progressTokenProperty]: { type: ["string", "integer"] },
          [t.propertyName]: {
            type: "string",
            description: t.propertyDescription,
            format: t.format,
          },
          kind: { enum: ["fixed", t.enumValue] },
          tag: { const: t.constValue },
          [t.idProperty]: { type: ["string", "integer"] },
        },
        required: ["tag"],
        default: { tag: t.defaultText },
        examples: [{ tag: t.exampleText }],
        [t.unknownKeyword]: t.unknownKeywordValue,
      },
      Result: { type: "object", properties: { ok: { type: "boolean" } } },
      FixedResult: { type: "object", required: ["ok"], properties: { ok: { type: "boolean" } } },
      ProgressParams: {
        type: "object",
        required: [t.progressTokenProperty],
        properties: { [t.progressTokenProperty]: { type: ["string", "integer"] } },
      },
      [t.definitionKey]: {
        description: t.description,
        type: "object",
        properties: { [t.propertyName]: { $ref: "#/$defs/Params" } },
      },
    },
  };
  const catalog = {
    protocol: { name: "hostile", title: t.protocolTitle, description: t.protocolDescription },
    package: { name: "hostile-protocol", version: "1.0.0", description: t.packageDescription },
    roles: {
      client: { description: t.roleDescription },
      server: {
        description: t.roleDescription,
        lifecycle: {
          allowedBefore: [t.requestName],
          readyAfter: t.notificationName,
          notReadyError: "NotReady",
        },
      },
    },
    methods: [
      {
        name: t.requestName,
        kind: "request",
        from: "client",
        to: "server",
        params: "Params",
        result: "Result",
        errors: ["NotReady"],
        description: t.methodDescription,
        deprecated: t.deprecatedReason,
        since: t.since,
        // The result chosen by a hostile enum value.
        resultByParams: {
          pointer: "/kind",
          results: [
            { value: "fixed", result: "FixedResult" },
            { value: t.enumValue, result: "Result" },
          ],
        },
      },
      {
        name: t.notificationName,
        kind: "notification",
        from: "client",
        to: "server",
        params: "Params",
        description: t.methodDescription,
      },
      { name: "$/cancel", kind: "notification", from: "client", to: "server", params: "Params" },
      {
        // Under a prefix of its own, so that its generated name rarely clashes with the others'.
        name: `progress/${t.progressName}`,
        kind: "notification",
        from: "server",
        to: "client",
        params: "ProgressParams",
      },
      {
        // Params by JSON pointer through hostile keys (declared under a name made from the
        // method's), absent params allowed, handled by both roles.
        name: t.twoWayName,
        kind: "request",
        from: "server",
        to: "client",
        bothDirections: true,
        params: `#/$defs/${pointerToken(t.definitionKey)}/properties/${pointerToken(t.propertyName)}`,
        optionalParams: true,
        result: "Result",
        cancellable: false,
      },
    ],
    extensions: [{ prefix: t.extensionPrefix, description: t.extensionDescription }],
    errors: [
      { name: "NotReady", code: -32002, message: t.errorMessage, description: t.errorDescription },
    ],
    cancellation: { method: "$/cancel", idProperty: t.idProperty },
    // Progress tied to requests by a token under a hostile property name.
    progress: {
      method: `progress/${t.progressName}`,
      tokenPointer: `/${jsonPointerToken(t.progressTokenProperty)}`,
      requestTokenPointer: `/${jsonPointerToken(t.progressTokenProperty)}`,
    },
  };
  return { schema, catalog };
}

/** A JSON pointer token for a key, as the catalog writes it (`%` escaped: pointers are URI fragments). */
function pointerToken(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1").replace(/%/g, "%25");
}

/** A JSON pointer token (RFC 6901) for a key inside params. */
function jsonPointerToken(key: string): string {
  return key.replace(/~/g, "~0").replace(/\//g, "~1");
}

/**
 * Lets the test runner's worker answer its own messages between cases: a property that runs
 * for a minute without yielding makes the worker miss them on a loaded machine.
 */
function yieldToRunner(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Outputs kept for the batched type-check. */
const kept: OutputFile[][] = [];
const work = makeTempDir("injection");
afterAll(() => removeTempDir(work));

interface Tally {
  generated: number;
  rejected: number;
}

/** Generates, and when that succeeds, runs every module: nothing from the input may run. */
function checkCase(
  schema: unknown,
  catalog: unknown,
  tally: Tally,
  { mustGenerate = false } = {},
): void {
  const result = emitOrReject(schema, catalog);
  if (result instanceof InputError) {
    if (mustGenerate) throw result;
    tally.rejected++;
    expect(result.diagnostics.length).toBeGreaterThan(0);
    return;
  }
  tally.generated++;
  const { exits, injected } = runEmitted(result);
  expect({ exits, injected }).toEqual({ exits: [], injected: 0 });
  if (tally.generated % TYPE_CHECK_EVERY === 1) kept.push(result);
}

describe("text from schema and catalog", () => {
  it(`never becomes code, in any of ${TEXT_POSITIONS.length} positions (${RUNS} cases)`, async () => {
    const tally: Tally = { generated: 0, rejected: 0 };
    await fc.assert(
      fc.asyncProperty(texts, async (t) => {
        await yieldToRunner();
        const { schema, catalog } = protocolWith(t);
        checkCase(schema, catalog, tally);
      }),
      { numRuns: RUNS },
    );
    // Most cases must get through to the output, or the property proves little.
    expect(tally.generated).toBeGreaterThan(RUNS * 0.8);
    console.info(`text positions: ${tally.generated} generated, ${tally.rejected} rejected`);
  }, 600_000);
});

/** Keywords whose value the generator reads; each gets arbitrary JSON in its own definition. */
const KEYWORDS = [
  "type",
  "minLength",
  "maxLength",
  "pattern",
  "format",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "multipleOf",
  "minItems",
  "maxItems",
  "uniqueItems",
  "items",
  "prefixItems",
  "additionalItems",
  "minProperties",
  "maxProperties",
  "properties",
  "required",
  "additionalProperties",
  "patternProperties",
  "enum",
  "const",
  "oneOf",
  "anyOf",
  "allOf",
  "discriminator",
  "$ref",
  "default",
  "examples",
  "deprecated",
  "title",
  "description",
];

const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  hostileText,
  fc.array(hostileText, { maxLength: 4 }),
  fc.dictionary(hostileText, fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
  fc.constantFrom(-1, 0, 1.5, 1e308, -1e308, 2 ** 53 + 2, "0) { __injected(); } if (0"),
);

/**
 * One definition per keyword, each with arbitrary JSON for it. The model reports every problem
 * of a schema in one run, so each case first learns which definitions are refused (by the
 * pointers of the errors); the definitions it accepted must then generate together without
 * error, and the package must run nothing from the input.
 */
describe("arbitrary JSON in every keyword", () => {
  it(`is refused with an error at its place, or generates code that runs nothing (${RUNS} cases, ${KEYWORDS.length} keywords each)`, async () => {
    const tally: Tally = { generated: 0, rejected: 0 };
    const accepted = new Map<string, number>(KEYWORDS.map((keyword) => [keyword, 0]));
    const caseArbitrary = fc.record(
      Object.fromEntries(
        KEYWORDS.map((keyword) => [
          keyword,
          fc.record({
            value: anyJson,
            type: fc.constantFrom("string", "integer", "array", "object"),
          }),
        ]),
      ) as Record<string, fc.Arbitrary<{ value: unknown; type: string }>>,
    );
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (values) => {
        await yieldToRunner();
        const definitions = Object.fromEntries(
          KEYWORDS.map((keyword) => [
            `K_${keyword}`,
            { type: values[keyword]!.type, [keyword]: values[keyword]!.value },
          ]),
        );
        const first = emitOrReject({ $defs: definitions });
        const refused = new Set<string>();
        if (first instanceof InputError) {
          for (const diagnostic of first.diagnostics) {
            // Every error names the file and a place inside one definition.
            expect(diagnostic.file).toBe("protocol.schema.json");
            const match = /^\/\$defs\/(K_[^/]+)/.exec(diagnostic.pointer ?? "");
            expect(match, `${diagnostic.pointer}: ${diagnostic.message}`).not.toBeNull();
            refused.add(match![1]!);
          }
        }
        const kept = Object.fromEntries(
          Object.entries(definitions).filter(([name]) => !refused.has(name)),
        );
        for (const name of Object.keys(kept)) {
          const keyword = name.slice(2);
          accepted.set(keyword, accepted.get(keyword)! + 1);
        }
        tally.rejected += refused.size;
        checkCase({ $defs: kept }, undefined, tally, { mustGenerate: true });
      }),
      { numRuns: RUNS },
    );
    const summary = KEYWORDS.map((keyword) => `${keyword} ${accepted.get(keyword)}/${RUNS}`);
    console.info(`keywords accepted: ${summary.join(", ")}`);
  }, 600_000);
});

describe("a sample of the outputs", () => {
  it("type-checks under the package's strict settings", async () => {
    expect(kept.length).toBeGreaterThan(10);
    kept.forEach((files, index) => {
      for (const file of files) {
        if (!file.path.startsWith("src/")) continue;
        const target = path.join(work, "packages", String(index), file.path);
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, file.content);
      }
    });
    writeFileSync(
      path.join(work, "tsconfig.json"),
      JSON.stringify({
        compilerOptions: {
          target: "ES2022",
          lib: ["ES2022"],
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noUncheckedIndexedAccess: true,
          exactOptionalPropertyTypes: true,
          skipLibCheck: true,
          types: ["node"],
          typeRoots: [path.join(repoRoot, "node_modules/@types")],
        },
        include: ["packages/*/src/**/*.ts"],
      }),
    );
    const tsc = await runTscAsync(path.join(work, "tsconfig.json"), work);
    expect(tsc.output).toBe("");
    expect(tsc.code).toBe(0);
  }, 300_000);
});
