// `jsonrpc-bindgen diff` on the command line (run in-process through `main`): the Markdown and
// JSON reports, exit codes, --output, --bump and --write-version, usage and input errors, and the
// git form against a temporary repository.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../generator/cli/main.js";
import {
  CATALOG,
  SCHEMA,
  captureConsole,
  copyProtocol,
  editJson,
  fixturesDir,
  removeDir,
  tempDir,
  writeJson,
} from "./helpers.js";

let root: string;
/** Two copies of the real protocol: `old/` as it is, `new/` after a few edits. */
let oldDir: string;
let newDir: string;

/** Edits with breaking and compatible changes in several methods, and a description change. */
function editProtocol(dir: string): void {
  editJson(path.join(dir, SCHEMA), (schema) => {
    schema.$defs.BlobType.enum = ["data"]; // blobs/put params, blobs/get result
    schema.$defs.ComponentInfo.properties.version = { type: "string" }; // components/info, components/list results
    schema.$defs.EvaluateFlowParams.properties.timeout_ms = { type: "integer" }; // flows/evaluate params
    schema.$defs.EvaluateFlowParams.required.push("timeout_ms");
    schema.$defs.BlobId.description = "The SHA-256 of a blob, in hexadecimal."; // blobs/get, blobs/put, flows/evaluate
  });
}

async function run(
  args: readonly string[],
  cwd: string = root,
): Promise<{ code: number; out: string; err: string }> {
  const { io, out, err } = captureConsole();
  const code = await main(["diff", ...args], io, cwd);
  return { code, out: out.join("\n"), err: err.join("\n") };
}

function fixtureArgs(rule: string): string[] {
  const dir = path.join(fixturesDir, rule);
  return [
    "--old-schema",
    path.join(dir, "old.schema.json"),
    "--old-catalog",
    path.join(dir, "old.catalog.json"),
    "--new-schema",
    path.join(dir, "new.schema.json"),
    "--new-catalog",
    path.join(dir, "new.catalog.json"),
  ];
}

beforeAll(() => {
  root = tempDir("cli");
  oldDir = path.join(root, "old");
  newDir = path.join(root, "new");
  copyProtocol(oldDir);
  copyProtocol(newDir);
  editProtocol(newDir);
});

afterAll(() => removeDir(root));

describe("Markdown report", () => {
  it("opens with the summary and lists methods with breaking changes first, breaking rows first", async () => {
    const { code, out, err } = await run(["old/" + CATALOG, "new/" + CATALOG]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const lines = out.split("\n");
    expect(lines[0]).toBe("## API changes");
    expect(out).toContain(
      "**3 breaking changes (callers: 2, implementers: 1), 2 compatible, 1 documentation only**",
    );
    expect(out).toContain("Package version: `1.0.0` → `2.0.0` (major)");
    const headings = lines.filter((line) => line.startsWith("### "));
    expect(headings).toEqual([
      "### `blobs/get` (breaking)",
      "### `blobs/put` (breaking)",
      "### `flows/evaluate` (breaking)",
      "### `components/info`",
      "### `components/list`",
      "### Types",
    ]);
    const section = (heading: string): string[] => {
      const start = lines.indexOf(heading);
      const end = lines.findIndex((line, index) => index > start && line.startsWith("### "));
      return lines
        .slice(start, end === -1 ? undefined : end)
        .filter((line) => line.startsWith("| ") && !line.startsWith("| where"));
    };
    expect(section("### `blobs/get` (breaking)")).toEqual([
      '| result `BlobType` | enum value `"flow"` removed | compatible | **breaking** |',
    ]);
    expect(section("### `blobs/put` (breaking)")).toEqual([
      '| params `BlobType` | enum value `"flow"` removed | **breaking** | compatible |',
    ]);
    // The description change once, under the type, with its old and new text and the methods.
    expect(section("### Types")).toEqual([
      '| `BlobId` | description changed: `"Identifies a blob by its content: the SHA-256 digest of the blob, written as a hexadecimal string."` → `"The SHA-256 of a blob, in hexadecimal."`<br>used by `blobs/get`, `blobs/put`, `flows/evaluate` | docs |',
    ]);
    expect(section("### `flows/evaluate` (breaking)")[0]).toBe(
      "| params `EvaluateFlowParams.timeout_ms` | required field `timeout_ms` added: `integer` | **breaking** | compatible |",
    );
    expect(section("### `components/info`")).toEqual([
      "| result `ComponentInfo.version` | optional field `version` added: `string` | compatible | compatible |",
    ]);
    expect(out).toContain("request, component-server → runtime");
  });

  it("says so when nothing changed", async () => {
    const { code, out } = await run(["old/" + CATALOG, "old/" + CATALOG]);
    expect(code).toBe(0);
    expect(out).toContain("**No API changes**");
  });
});

describe("JSON report", () => {
  it("parses and lists every change with the parties it breaks", async () => {
    const { code, out } = await run(["--format", "json", "old/" + CATALOG, "new/" + CATALOG]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.summary).toEqual({
      breaking: 3,
      callers: 2,
      implementers: 1,
      users: 0,
      compatible: 2,
      docs: 1,
    });
    expect(report.bump).toBe("major");
    expect(report.version).toEqual({ before: "1.0.0", after: "1.0.0", next: "2.0.0" });
    expect(report.compared).toEqual({ before: "old/" + CATALOG, after: "new/" + CATALOG });
    expect(report.changes).toHaveLength(6);
    expect(report.changes).toContainEqual({
      group: "method",
      method: "flows/evaluate",
      position: "params",
      kind: "field-added-required",
      definition: "EvaluateFlowParams",
      path: "EvaluateFlowParams.timeout_ms",
      message: "required field `timeout_ms` added: `integer`",
      effect: "narrows",
      breaks: ["callers"],
      severity: "breaking",
    });
    expect(report.methods["blobs/put"]).toEqual({
      name: "blobs/put",
      kind: "request",
      from: "component-server",
      to: "runtime",
    });
  });
});

describe("exit codes and outputs", () => {
  it("--fail-on-breaking: 1 when something breaks, 0 when everything is compatible", async () => {
    expect((await run(["--fail-on-breaking", "old/" + CATALOG, "new/" + CATALOG])).code).toBe(1);
    expect((await run(["old/" + CATALOG, "new/" + CATALOG])).code).toBe(0);
    expect((await run(["--fail-on-breaking", ...fixtureArgs("field-added-optional")])).code).toBe(
      0,
    );
    expect((await run(["--fail-on-breaking", ...fixtureArgs("docs")])).code).toBe(0);
    expect((await run(["--fail-on-breaking", ...fixtureArgs("field-added-required")])).code).toBe(
      1,
    );
  });

  it("--output writes the report to a file", async () => {
    const { code, out } = await run([
      "--format",
      "json",
      "--output",
      "reports/api.json",
      "old/" + CATALOG,
      "new/" + CATALOG,
    ]);
    expect(code).toBe(0);
    expect(out).toBe("");
    expect(
      JSON.parse(readFileSync(path.join(root, "reports/api.json"), "utf8")).summary.breaking,
    ).toBe(3);
  });

  it("--bump prints the next version only", async () => {
    expect(await run(["--bump", "old/" + CATALOG, "new/" + CATALOG])).toEqual({
      code: 0,
      out: "2.0.0",
      err: "",
    });
    expect((await run(["--bump", ...fixtureArgs("field-added-optional")])).out).toBe("1.3.0");
    expect((await run(["--bump", ...fixtureArgs("docs")])).out).toBe("1.2.4");
  });

  it("--write-version writes it into the new catalog, changing nothing else", async () => {
    const dir = path.join(root, "write-version");
    cpSync(path.join(fixturesDir, "field-added-optional"), dir, { recursive: true });
    const before = readFileSync(path.join(dir, "new.catalog.json"), "utf8");
    const result = await run(["--write-version", "old.catalog.json", "new.catalog.json"], dir);
    expect(result.code).toBe(0);
    expect(result.out).toBe("1.3.0");
    expect(result.err).toBe("jsonrpc-bindgen diff: wrote version 1.3.0 into new.catalog.json");
    const after = readFileSync(path.join(dir, "new.catalog.json"), "utf8");
    expect(after).toBe(before.replace('"version": "1.2.3"', '"version": "1.3.0"'));
    // Run again: the catalog already says 1.3.0.
    expect((await run(["--write-version", "old.catalog.json", "new.catalog.json"], dir)).err).toBe(
      "jsonrpc-bindgen diff: new.catalog.json already says 1.3.0",
    );
    expect(readFileSync(path.join(dir, "new.catalog.json"), "utf8")).toBe(after);
    // A catalog already bumped further is left alone.
    writeFileSync(
      path.join(dir, "new.catalog.json"),
      before.replace('"version": "1.2.3"', '"version": "3.0.0"'),
    );
    const again = await run(["--write-version", "old.catalog.json", "new.catalog.json"], dir);
    expect(again.err).toBe(
      "jsonrpc-bindgen diff: new.catalog.json already says 3.0.0 (more than 1.3.0); left as it is",
    );
  });
});

describe("versions given as files", () => {
  it("finds each catalog's schema beside it", async () => {
    const dir = path.join(fixturesDir, "field-renamed");
    const { code, out } = await run(
      ["--format", "json", "old.catalog.json", "new.catalog.json"],
      dir,
    );
    expect(code).toBe(0);
    expect(JSON.parse(out).summary.breaking).toBe(4);
  });

  it("compares schemas alone (types only)", async () => {
    const dir = path.join(fixturesDir, "enum-value-removed");
    const { code, out } = await run(
      ["--format", "json", "old.schema.json", "new.schema.json"],
      dir,
    );
    expect(code).toBe(0);
    const changes = JSON.parse(out).changes;
    expect(
      changes.map(
        (change: { group: string; kind: string; definition: string }) =>
          `${change.group} ${change.kind} ${change.definition}`,
      ),
    ).toEqual(["types enum-value-removed Item", "types enum-value-removed Loose"]);
  });

  it("answers wrong usage with exit code 2", async () => {
    const usage = async (args: string[], message: RegExp): Promise<void> => {
      const { code, err } = await run(args);
      expect(code, args.join(" ")).toBe(2);
      expect(err).toMatch(message);
      // One line: what is wrong, and where to get help.
      expect(err.trim().split("\n")).toHaveLength(1);
      expect(err.trim()).toMatch(/^jsonrpc-bindgen diff: .+ \(see jsonrpc-bindgen diff --help\)$/);
    };
    await usage([], /no old version/);
    await usage(["old/" + CATALOG], /no new version/);
    await usage(
      ["--format", "yaml", "old/" + CATALOG, "new/" + CATALOG],
      /--format must be markdown or json/,
    );
    await usage(["--nope"], /unknown option --nope/);
    await usage(["--base", "HEAD", "old/" + CATALOG], /--base compares the working tree/);
    await usage(
      ["--schema", "old/" + SCHEMA, "old/" + CATALOG, "new/" + CATALOG],
      /--schema and --catalog go with --base/,
    );
    await usage(
      ["old/" + CATALOG, "new/" + SCHEMA],
      /give a catalog for both versions or for neither/,
    );
    await usage(
      ["--write-version", "old/" + SCHEMA, "new/" + SCHEMA],
      /--write-version needs a new catalog/,
    );
    const ambiguous = path.join(root, "ambiguous");
    mkdirSync(ambiguous);
    cpSync(path.join(fixturesDir, "docs/old.catalog.json"), path.join(ambiguous, "a.catalog.json"));
    cpSync(path.join(fixturesDir, "docs/old.schema.json"), path.join(ambiguous, "x.schema.json"));
    cpSync(path.join(fixturesDir, "docs/new.schema.json"), path.join(ambiguous, "y.schema.json"));
    await usage(
      ["ambiguous/a.catalog.json", "ambiguous/a.catalog.json"],
      /cannot tell which schema goes with ambiguous\/a\.catalog\.json \(candidates: x\.schema\.json, y\.schema\.json\); give --old-schema/,
    );
  });

  it("reports bad input like the generator does, with exit code 1", async () => {
    const dir = path.join(root, "bad-input");
    cpSync(path.join(fixturesDir, "docs"), dir, { recursive: true });
    editJson(path.join(dir, "new.catalog.json"), (catalog) => {
      catalog.methods[0].params = "Nope";
    });
    const { code, out, err } = await run(["old.catalog.json", "new.catalog.json"], dir);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err.split("\n")).toEqual([
      'error: new.catalog.json#/methods/0/params: no definition "Nope" under $defs in the schema',
      "jsonrpc-bindgen diff: nothing was compared",
    ]);
    const missing = await run(["missing.catalog.json", "new.catalog.json"], dir);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(
      "error: missing.catalog.json: cannot read the file (no such file)",
    );
    const unreadable = await run(
      ["--old-schema", "nope.schema.json", "--new-schema", "new.schema.json"],
      dir,
    );
    expect(unreadable.code).toBe(1);
    expect(unreadable.err).toContain(
      "error: nope.schema.json: cannot read the file (no such file)",
    );
  });
});

describe("git form: --base REV", () => {
  let repo: string;
  const git = (...args: string[]): string => {
    const result = spawnSync(
      "git",
      [
        "-c",
        "user.name=Test",
        "-c",
        "user.email=test@example.com",
        "-c",
        "commit.gpgsign=false",
        ...args,
      ],
      {
        cwd: repo,
        encoding: "utf8",
      },
    );
    if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
    return result.stdout;
  };

  beforeAll(() => {
    repo = path.join(root, "repo");
    copyProtocol(repo);
    // A second protocol whose schema takes its item type from another file.
    const external = path.join(repo, "other");
    mkdirSync(path.join(external, "common"), { recursive: true });
    const fixture = path.join(fixturesDir, "docs");
    const schema = JSON.parse(readFileSync(path.join(fixture, "old.schema.json"), "utf8"));
    writeJson(path.join(external, "common/item.json"), {
      $defs: { Item: schema.$defs.Item, Code: schema.$defs.Code, Owner: schema.$defs.Owner },
    });
    for (const name of ["Item", "Code", "Owner"]) delete schema.$defs[name];
    const text = JSON.stringify(schema, null, 2).replace(
      /"#\/\$defs\/(Item|Code|Owner)"/g,
      '"./common/item.json#/$defs/$1"',
    );
    writeFileSync(
      path.join(external, "demo.schema.json"),
      text.replace("./common/item.json#/$defs/Code", "#/$defs/Code") + "\n",
    );
    // Loose refers to Code: keep a local Code too, so that both files are used.
    editJson(path.join(external, "demo.schema.json"), (value) => {
      value.$defs.Code = { type: "string" };
    });
    cpSync(path.join(fixture, "old.catalog.json"), path.join(external, "demo.catalog.json"));
    git("init", "-q");
    git("add", ".");
    git("commit", "-q", "-m", "protocol");
    editProtocol(repo);
  });

  it("compares the working tree with a revision, finding schema/ by itself", async () => {
    const { code, out, err } = await run(["--base", "HEAD"], repo);
    expect(err).toBe("");
    expect(code).toBe(0);
    expect(out).toContain("Compared `HEAD` → `working tree`.");
    expect(out).toContain(
      "**3 breaking changes (callers: 2, implementers: 1), 2 compatible, 1 documentation only**",
    );
    expect(out).toContain(
      '| params `BlobType` | enum value `"flow"` removed | **breaking** | compatible |',
    );
    expect((await run(["--base", "HEAD", "--fail-on-breaking"], repo)).code).toBe(1);
    // From a subfolder, with explicit paths.
    const sub = path.join(repo, "schema");
    const explicit = await run(
      ["--base", "HEAD", "--catalog", "stepflow.catalog.json", "--format", "json"],
      sub,
    );
    expect(explicit.code).toBe(0);
    expect(JSON.parse(explicit.out).summary.breaking).toBe(3);
    // Nothing changed since the last commit: no changes.
    git("stash", "-q");
    try {
      expect((await run(["--base", "HEAD"], repo)).out).toContain("**No API changes**");
    } finally {
      git("stash", "pop", "-q");
    }
  });

  it("reads the files a schema's $refs reach at the revision", async () => {
    editJson(path.join(repo, "other/common/item.json"), (value) => {
      value.$defs.Item.required.push("count");
    });
    const { code, out, err } = await run(
      ["--base", "HEAD", "--catalog", "other/demo.catalog.json", "--format", "json"],
      repo,
    );
    expect(err).toBe("");
    expect(code).toBe(0);
    const changes = JSON.parse(out).changes as {
      method?: string;
      position: string;
      kind: string;
      breaks: string[];
    }[];
    expect(
      changes
        .map(
          (change) =>
            `${change.method} ${change.position} ${change.kind} ${change.breaks.join("+")}`,
        )
        .sort(),
    ).toEqual([
      "items/get params field-now-required callers",
      "items/get result field-now-required implementers",
      "items/list result field-now-required implementers",
    ]);
  });

  it("fails with exit code 1 on an unknown revision or a file the revision does not have", async () => {
    const unknown = await run(["--base", "no-such-branch"], repo);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toBe('jsonrpc-bindgen diff: unknown revision "no-such-branch"');
    mkdirSync(path.join(repo, "later"));
    cpSync(
      path.join(fixturesDir, "docs/old.schema.json"),
      path.join(repo, "later/demo.schema.json"),
    );
    const absent = await run(["--base", "HEAD", "--schema", "later/demo.schema.json"], repo);
    expect(absent.code).toBe(1);
    expect(absent.err).toMatch(/^error: HEAD:later\/demo\.schema\.json: /);
    expect(existsSync(path.join(repo, "later/demo.schema.json"))).toBe(true);
  });
});
