// Facts about the repository the generator's tests rely on: the catalog schema copy in schema/ is
// what the command line prints, and the generator itself knows nothing of any one protocol.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { captureConsole, listFiles, repoRoot } from "../helpers/repo.js";

describe("schema/catalog.schema.json", () => {
  it("is exactly what `jsonrpc-bindgen catalog-schema` prints", async () => {
    const { io, out, err } = captureConsole();
    const code = await main(["catalog-schema"], io);
    expect(code).toBe(0);
    expect(err).toEqual([]);
    const printed = out.join("\n") + "\n";
    expect(readFileSync(path.join(repoRoot, "schema/catalog.schema.json"), "utf8")).toBe(printed);
    // And it is a JSON Schema document.
    expect(JSON.parse(printed)).toMatchObject({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
    });
  });
});

describe("the generator is protocol-neutral", () => {
  it('no file under generator/ mentions "Stepflow" (in any case)', () => {
    const files = listFiles(path.join(repoRoot, "generator"));
    expect(files.length).toBeGreaterThan(10);
    const mentions = files.flatMap((file) =>
      readFileSync(path.join(repoRoot, "generator", file), "utf8")
        .split("\n")
        .flatMap((line, index) =>
          /stepflow/i.test(line) ? [`generator/${file}:${index + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(mentions).toEqual([]);
  });
});
