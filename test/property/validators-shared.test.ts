// Shared checks against unshared ones: the validators as generated (a shape found in several
// places checked by one function, a body the same as an earlier one replaced by a call of it, a
// required property's absence reported by its type's first test, issues made with the known end
// of their path) and the plain printing of every check where it is used (printValidators with
// `share: false`) must give the same verdict and the same issue, as plain data, on every value.
// Values come from each definition's schema (test/helpers/schema-values.ts), near misses and
// arbitrary JSON mixed in, for every fixture schema (among them shared-checks.schema.json, with
// property names such as `constructor`, `__proto__`, `*/ end`, a newline and the empty string)
// and the protocol's schema.
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir, repoRoot, stepflowSchema } from "../helpers/repo.js";
import { loadValidators, type Validators } from "../helpers/validators-module.js";
import { valuesFor, type Resolve, type SchemaDocument } from "../helpers/schema-values.js";

const runs = Math.max(150, Math.round(Number(process.env["FAST_CHECK_RUNS"] ?? 0) / 100));

const fixtureDir = path.join(repoRoot, "test/fixtures/schemas");
const schemas = [
  ...readdirSync(fixtureDir)
    .filter((name) => name.endsWith(".schema.json"))
    .map((name) => `test/fixtures/schemas/${name}`),
  stepflowSchema,
];

interface Subject {
  readonly schema: string;
  readonly declaration: string;
  readonly shared: (value: unknown) => unknown;
  readonly plain: (value: unknown) => unknown;
  readonly values: fc.Arbitrary<unknown>;
}

let tmp: string;
const subjects: Subject[] = [];
/** The source of each schema's validators module, shared and plain. */
const sources = new Map<string, { shared: Validators; plain: Validators }>();

beforeAll(async () => {
  tmp = makeTempDir("validators-shared");
  for (const [index, schemaPath] of schemas.entries()) {
    const shared = await loadValidators(schemaPath, path.join(tmp, `${index}-shared`));
    const plain = await loadValidators(schemaPath, path.join(tmp, `${index}-plain`), {
      validators: { share: false },
    });
    sources.set(schemaPath, { shared: shared.validators, plain: plain.validators });
    const documents = new Map<string, SchemaDocument>();
    for (const [file, root] of shared.inputs.schema.documents) {
      const ownId = (root as { $id?: unknown }).$id;
      const url = typeof ownId === "string" ? ownId : pathToFileURL(file).href;
      const document = { root: root as SchemaDocument["root"], url };
      documents.set(url, document);
      documents.set(pathToFileURL(file).href, document);
    }
    const resolve: Resolve = (ref, from) => {
      const target = new URL(ref, from.url);
      const document = documents.get(target.href.replace(/#.*$/, ""))!;
      let schema: unknown = document.root;
      const pointer = decodeURIComponent(target.hash.slice(1));
      for (const token of pointer.split("/").slice(1))
        schema = (schema as Record<string, unknown>)[token.replace(/~1/g, "/").replace(/~0/g, "~")];
      return { schema: schema as SchemaDocument["root"], document };
    };
    for (const declaration of shared.model.declarations) {
      const name = `validate${declaration.name}`;
      const file = pathToFileURL(path.resolve(repoRoot, declaration.source.file)).href;
      const { schema, document } = resolve(
        documents.get(file)!.url + "#" + declaration.source.pointer,
        documents.get(file)!,
      );
      expect(shared.validators[name], `${name} in ${schemaPath}`).toBeTypeOf("function");
      expect(plain.validators[name], `${name} in ${schemaPath}, plain`).toBeTypeOf("function");
      subjects.push({
        schema: schemaPath,
        declaration: declaration.name,
        shared: shared.validators[name]!,
        plain: plain.validators[name]!,
        values: valuesFor(schema, document, resolve),
      });
    }
  }
}, 120_000);

afterAll(() => removeTempDir(tmp));

describe("shared validator checks", () => {
  it("give the verdict and the issue the plain checks give, on every definition", () => {
    expect(subjects.length).toBeGreaterThan(100);
    let cases = 0;
    let invalid = 0;
    let missing = 0;
    let throughIndex = 0;
    const differences: string[] = [];
    const seen = new Set<Subject>();
    for (const subject of subjects) {
      fc.assert(
        fc.property(subject.values, (value) => {
          cases++;
          const shared = subject.shared(value) as { path: string; received: string } | undefined;
          const plain = subject.plain(value);
          if (shared !== undefined) {
            invalid++;
            if (shared.received === "nothing") missing++;
            if (/\[[0-9]+\]|\["/.test(shared.path)) throughIndex++;
          }
          // As plain data: equal as objects and as the JSON a caller would send.
          const same =
            JSON.stringify(shared) === JSON.stringify(plain) &&
            (shared === undefined) === (plain === undefined);
          if (!same && !seen.has(subject)) {
            seen.add(subject);
            differences.push(
              `${subject.schema} ${subject.declaration}: ${JSON.stringify(value)}: shared ${JSON.stringify(shared)}, plain ${JSON.stringify(plain)}`,
            );
          }
          if (same) expect(shared).toEqual(plain);
        }),
        { numRuns: runs },
      );
    }
    console.log(
      `shared vs plain validators: ${subjects.length} definitions, ${cases} values, ${invalid} invalid ` +
        `(${missing} for a missing property, ${throughIndex} at a path through an index or key)`,
    );
    expect(differences).toEqual([]);
    // Both answers, absent properties and paths with a prefix known only when checking must be
    // common, or the comparison says little about what sharing changed.
    expect(invalid).toBeGreaterThan(cases / 10);
    expect(cases - invalid).toBeGreaterThan(cases / 10);
    expect(missing).toBeGreaterThan(cases / 100);
    expect(throughIndex).toBeGreaterThan(cases / 100);
  }, 180_000);

  it("print definitions that differ only in what validation does not read as one check", () => {
    const { shared } = sources.get("test/fixtures/schemas/shared-checks.schema.json")!;
    // The later definition's validator is a call of the earlier one's: its source says so.
    expect(String(shared["validateOtherOrgParams"])).toContain("return validateOrgParams(value)");
    expect(String(shared["validateSameRepoParams"])).toContain("return validateRepoParams(value)");
    expect(String(shared["validateSameAccount"])).toContain("return validateAccount(value)");
    // A required property of a scalar type is tested once, for absence and type together.
    expect(String(shared["validateRepoParams"])).not.toContain("=== undefined");
  });
});
