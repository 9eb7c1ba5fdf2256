// The emitter knows some modules' exports without reading their text: the validators module's
// are a validator and a guard per declaration. These tests read the text (the compiler-free
// scanner, itself held to TypeScript's parse) and hold the emitter to it on every fixture package.
import { describe, expect, it } from "vitest";
import { exportedNames } from "../../generator/emit/declarations.js";
import { fixturePackages, type FixturePackage } from "../helpers/fixture-packages.js";

const packages = await fixturePackages();
const fileOf = (pkg: FixturePackage, path: string) => pkg.files.find((file) => file.path === path);

/** The names `src/types.ts` declares, from its text. */
const declaredTypes = (pkg: FixturePackage) =>
  new Set(exportedNames(fileOf(pkg, "src/types.ts")!.content));

describe.each(packages.map((pkg) => [pkg.name, pkg] as const))("%s", (_name, pkg) => {
  it("the validators module exports validators and guards of the schema's types, in pairs", () => {
    const exported = exportedNames(fileOf(pkg, "src/validators.ts")!.content);
    const declared = declaredTypes(pkg);
    const validators = exported.filter((name) => name.startsWith("validate"));
    expect(validators.length).toBeGreaterThan(0);
    expect(exported.length).toBe(2 * validators.length);
    for (const validator of validators) {
      const type = validator.slice("validate".length).replace(/_\d+$/, "");
      expect(declared.has(type), validator).toBe(true);
      expect(exported).toContain(validator.replace(/^validate/, "is"));
    }
  });

  it("the entry point exports the schema's type wherever a value module exports its name", () => {
    const index = fileOf(pkg, "src/index.ts")!.content;
    const valueModules = [...index.matchAll(/^export \* from "\.\/(.+)\.js";$/gm)].map(
      (match) => `src/${match[1]}.ts`,
    );
    expect(valueModules).toContain("src/validators.ts");
    const declared = declaredTypes(pkg);
    const clashing = valueModules
      .flatMap((module) => exportedNames(fileOf(pkg, module)!.content))
      .filter((name) => declared.has(name));
    const explicit = /^export type \{ (.*) \} from "\.\/types\.js";$/m.exec(index)?.[1];
    expect(explicit?.split(", ").sort() ?? []).toEqual([...new Set(clashing)].sort());
  });
});
