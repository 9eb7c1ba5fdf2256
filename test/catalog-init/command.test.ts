// `jsonrpc-bindgen catalog init` on the command line: what it prints, and the files it will not
// write: an existing file is refused, `--force` replaces only earlier drafts, an input is never
// an output, and a refused run leaves every file as it was.
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { captureConsole, makeTempDir, removeTempDir } from "../helpers/repo.js";

const schema = {
  $defs: {
    ClientRequest: { anyOf: [{ $ref: "#/$defs/GoRequest" }] },
    ServerNotification: { anyOf: [{ $ref: "#/$defs/DoneNotification" }] },
    GoRequest: { properties: { method: { const: "go" }, params: { type: "object" } } },
    GoResult: { type: "object" },
    DoneNotification: { properties: { method: { const: "done" } } },
  },
};

let dir: string;
beforeEach(() => {
  dir = makeTempDir("init-cli");
  writeFileSync(path.join(dir, "in.schema.json"), JSON.stringify(schema));
});
afterEach(() => removeTempDir(dir));

async function run(...args: string[]) {
  const { io, out, err } = captureConsole();
  const code = await main(["catalog", "init", ...args], io, dir);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

describe("catalog init", () => {
  it("writes formatted JSON and prints each note with its pointer, then a summary", async () => {
    const { code, err } = await run("in.schema.json", "--catalog", "a.catalog.json");
    expect(code).toBe(0);
    expect(err).toContain(
      'note: in.schema.json#/$defs/DoneNotification/properties: "done" has no `params` property: drafted as taking no params',
    );
    expect(err).toMatch(/drafted 2 methods \(1 requests, 1 notifications; roles client, server\)/);
    const text = readFileSync(path.join(dir, "a.catalog.json"), "utf8");
    expect(text).toBe(JSON.stringify(JSON.parse(text), null, 2) + "\n");
    expect(JSON.parse(text).methods[0]).toMatchObject({ name: "go", result: "GoResult" });
  });

  it("makes the folders a draft goes into", async () => {
    const written = await run("in.schema.json", "--catalog", "protocol/drafts/a.catalog.json");
    expect(written.code).toBe(0);
    const text = readFileSync(path.join(dir, "protocol/drafts/a.catalog.json"), "utf8");
    expect(JSON.parse(text).methods.map((method: { name: string }) => method.name)).toEqual([
      "go",
      "done",
    ]);
    expect(readdirSync(path.join(dir, "protocol/drafts"))).toEqual(["a.catalog.json"]);
  });

  it("refuses to overwrite a file, and with --force replaces only an earlier draft", async () => {
    const target = path.join(dir, "a.catalog.json");
    writeFileSync(target, '{"mine": true}');
    let result = await run("in.schema.json", "--catalog", "a.catalog.json");
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/a\.catalog\.json: exists; refusing to overwrite it/);
    result = await run("in.schema.json", "--catalog", "a.catalog.json", "--force");
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/is not a draft of catalog init/);
    expect(readFileSync(target, "utf8")).toBe('{"mine": true}');

    writeFileSync(
      target,
      JSON.stringify({ $comment: "Drafted by jsonrpc-bindgen catalog init from x" }),
    );
    result = await run("in.schema.json", "--catalog", "a.catalog.json", "--force");
    expect(result.code).toBe(0);
    expect(JSON.parse(readFileSync(target, "utf8")).methods).toHaveLength(2);
    // Nothing is left beside it.
    expect(readdirSync(dir).sort()).toEqual(["a.catalog.json", "in.schema.json", "node_modules"]);
  });

  it("drafts the same bytes each time; a meta model draft writes its schema too", async () => {
    const model = {
      requests: [
        {
          method: "go",
          messageDirection: "clientToServer",
          result: { kind: "base", name: "null" },
        },
      ],
    };
    writeFileSync(path.join(dir, "model.json"), JSON.stringify(model));
    expect((await run("model.json", "--catalog", "m.catalog.json")).err).toBe(
      "jsonrpc-bindgen catalog init: --schema FILE is required: a meta-model draft includes a JSON Schema (see jsonrpc-bindgen catalog init --help)",
    );
    expect(
      (await run("model.json", "--catalog", "m.catalog.json", "--schema", "m.schema.json")).code,
    ).toBe(0);
    const first = ["m.catalog.json", "m.schema.json"].map((file) =>
      readFileSync(path.join(dir, file), "utf8"),
    );
    expect(JSON.parse(first[1]!).$defs).toEqual({ GoResult: { type: "null" } });
    expect(
      (
        await run(
          "model.json",
          "--catalog",
          "m.catalog.json",
          "--schema",
          "m.schema.json",
          "--force",
        )
      ).code,
    ).toBe(0);
    expect(
      ["m.catalog.json", "m.schema.json"].map((file) => readFileSync(path.join(dir, file), "utf8")),
    ).toEqual(first);
    // One refused file stops both: the catalog is not written beside a schema that is not a draft.
    writeFileSync(path.join(dir, "other.json"), "{}");
    expect(
      (
        await run(
          "model.json",
          "--catalog",
          "new.catalog.json",
          "--schema",
          "other.json",
          "--force",
        )
      ).code,
    ).toBe(1);
    expect(existsSync(path.join(dir, "new.catalog.json"))).toBe(false);
  });

  it("never writes over its input", async () => {
    const result = await run("in.schema.json", "--catalog", "in.schema.json", "--force");
    expect(result.code).toBe(1);
    expect(JSON.parse(readFileSync(path.join(dir, "in.schema.json"), "utf8"))).toEqual(schema);
  });

  it("bad input names the file and the pointer, and writes nothing", async () => {
    writeFileSync(
      path.join(dir, "bad.json"),
      '{"$defs": {"A": {"properties": {"method": {"const": 1}}}}}',
    );
    const result = await run("bad.json", "--catalog", "b.json");
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      "error: bad.json#/$defs/A/properties/method/const: a method name must be a non-empty string, found 1",
    );
    expect(existsSync(path.join(dir, "b.json"))).toBe(false);
    writeFileSync(path.join(dir, "broken.json"), '{"$defs": ');
    expect((await run("broken.json", "--catalog", "b.json")).err).toMatch(
      /^error: broken\.json:1:/,
    );
  });

  it("usage errors and help", async () => {
    expect((await run("in.schema.json")).err).toBe(
      "jsonrpc-bindgen catalog init: --catalog FILE is required (see jsonrpc-bindgen catalog init --help)",
    );
    expect((await run("in.schema.json", "--catalog", "x", "--unions", "A=b")).code).toBe(2);
    expect((await run("in.schema.json", "--catalog", "x", "--from", "nope")).code).toBe(2);
    const help = await run("--help");
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: jsonrpc-bindgen catalog init INPUT --catalog FILE/);
  });
});
