// Declaration maps: every exported declaration in the generated package's `dist/*.d.ts` maps
// (read with source-map-js, an independent decoder) to the line of `src/*.ts` that declares it,
// so that go-to-definition in a consumer's editor lands in the shipped sources.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { SourceMapConsumer } from "source-map-js";
import { describe, expect, it } from "vitest";
import { listFiles, repoRoot } from "../helpers/repo.js";

const generated = path.join(repoRoot, "generated");
const declarationFiles = listFiles(path.join(generated, "dist")).filter((file) =>
  file.endsWith(".d.ts"),
);

const DECLARATION =
  /^export (?:declare )?(?:function|class|const|interface|type|abstract class|declare abstract class) ([A-Za-z_$][\w$]*)/;

describe("declaration maps of the generated package", () => {
  it("there is one beside every declaration file, and the package ships the sources they name", () => {
    expect(declarationFiles.length).toBeGreaterThan(10);
    const packageJson = JSON.parse(readFileSync(path.join(generated, "package.json"), "utf8"));
    expect(packageJson.files).toEqual(expect.arrayContaining(["dist", "src"]));
    for (const file of declarationFiles) {
      const text = readFileSync(path.join(generated, "dist", file), "utf8");
      const mapName = `${path.posix.basename(file)}.map`;
      expect(text.trimEnd().endsWith(`//# sourceMappingURL=${mapName}`), file).toBe(true);
      const map = JSON.parse(readFileSync(path.join(generated, "dist", `${file}.map`), "utf8"));
      expect(map.sources).toHaveLength(1);
      const source = path.resolve(generated, "dist", path.posix.dirname(file), map.sources[0]);
      expect(source).toBe(path.join(generated, "src", file.replace(/\.d\.ts$/, ".ts")));
      expect(existsSync(source)).toBe(true);
    }
  });

  it("maps each exported declaration to the source line that declares it", () => {
    let checked = 0;
    for (const file of declarationFiles) {
      const lines = readFileSync(path.join(generated, "dist", file), "utf8").split("\n");
      const consumer = new SourceMapConsumer(
        JSON.parse(readFileSync(path.join(generated, "dist", `${file}.map`), "utf8")),
      );
      const sourceLines = readFileSync(
        path.join(generated, "src", file.replace(/\.d\.ts$/, ".ts")),
        "utf8",
      ).split("\n");
      lines.forEach((line, index) => {
        const name = DECLARATION.exec(line)?.[1];
        if (name === undefined) return;
        const column = line.indexOf(name);
        const original = consumer.originalPositionFor({
          line: index + 1,
          column,
          bias: SourceMapConsumer.LEAST_UPPER_BOUND,
        });
        expect(original.line, `${file}:${index + 1} ${name}`).not.toBeNull();
        const target = sourceLines[original.line! - 1]!;
        expect(target, `${file}:${index + 1} ${name}`).toMatch(
          new RegExp(`\\b${name.replace(/\$/g, "\\$")}\\b`),
        );
        checked++;
      });
    }
    expect(checked).toBeGreaterThan(100);
  });
});
