// Command line manners: --version, one-line usage errors that say what is wrong and where to get
// help, and --help for every command.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import { captureConsole, repoRoot } from "../helpers/repo.js";

async function cli(...argv: string[]) {
  const { io, out, err } = captureConsole();
  const code = await main(argv, io, repoRoot);
  return { code, out, err };
}

const version = (
  JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }
).version;

describe("the command line", () => {
  it("--version prints the package's version", async () => {
    expect(await cli("--version")).toEqual({ code: 0, out: [version], err: [] });
  });

  it.each([
    [["--nope"], "jsonrpc-bindgen: unknown option --nope (see jsonrpc-bindgen --help)"],
    [
      ["--schema"],
      "jsonrpc-bindgen: --schema needs a value (--schema FILE) (see jsonrpc-bindgen --help)",
    ],
    [["--schema", "a.json"], "jsonrpc-bindgen: --out is required (see jsonrpc-bindgen --help)"],
    [["--check=yes"], "jsonrpc-bindgen: --check takes no value (see jsonrpc-bindgen --help)"],
    [
      ["--out", "a", "--out", "b"],
      "jsonrpc-bindgen: --out is given twice (see jsonrpc-bindgen --help)",
    ],
    [["stray"], 'jsonrpc-bindgen: unexpected argument "stray" (see jsonrpc-bindgen --help)'],
    [
      ["--watch", "--check"],
      "jsonrpc-bindgen: --watch and --check do not go together (see jsonrpc-bindgen --help)",
    ],
    [
      ["--version", "--check"],
      "jsonrpc-bindgen: --version takes no other argument (see jsonrpc-bindgen --help)",
    ],
    [
      ["catalog-schema", "--x"],
      "jsonrpc-bindgen catalog-schema: unknown option --x (see jsonrpc-bindgen catalog-schema --help)",
    ],
    [
      ["help", "nope"],
      'jsonrpc-bindgen: no command "nope" (commands: catalog-schema, config-schema, catalog, diff) (see jsonrpc-bindgen --help)',
    ],
    [
      ["diff", "--nope"],
      "jsonrpc-bindgen diff: unknown option --nope (see jsonrpc-bindgen diff --help)",
    ],
  ])("%j is a one-line usage error with exit code 2", async (argv, line) => {
    expect(await cli(...argv)).toEqual({ code: 2, out: [], err: [line] });
  });

  it("--help, and help per command", async () => {
    const top = await cli("--help");
    expect(top.code).toBe(0);
    expect(top.out[0]).toMatch(/^Usage: jsonrpc-bindgen \[--schema FILE --out DIR\] \[options\]/);
    for (const flag of [
      "--schema FILE",
      "--catalog FILE",
      "--out DIR",
      "--config FILE",
      "--check",
      "--watch",
      "--no-cache",
      "--version",
    ])
      expect(top.out[0]).toContain(flag);
    expect((await cli("help")).out).toEqual(top.out);
    for (const command of ["catalog-schema", "config-schema", "diff"]) {
      const own = await cli(command, "--help");
      expect(own.code).toBe(0);
      expect(own.out[0]).toMatch(new RegExp(`^Usage: jsonrpc-bindgen ${command}`));
      expect((await cli("help", command)).out).toEqual(own.out);
    }
  });
});
