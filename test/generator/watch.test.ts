// `--watch` over real file edits: the compiled command line runs as a child process; the test
// edits the schema on disk and reads what it prints. Each run prints one line; a broken save
// prints the error and the watcher waits for the next edit; SIGTERM ends it with exit code 0.
import { spawn, type ChildProcess } from "node:child_process";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cliBin, ensureBuilt, makeTempDir, removeTempDir, repoRoot } from "../helpers/repo.js";

let dir: string;
let child: ChildProcess;
const lines: { stream: "out" | "err"; text: string }[] = [];
let waiters: (() => void)[] = [];

/** Resolves when a line matching `pattern` has been printed after the first `after` lines. */
function lineMatching(pattern: RegExp, after: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(
      () =>
        reject(
          new Error(
            `no line matching ${pattern}; got:\n${lines.map((line) => line.text).join("\n")}`,
          ),
        ),
      20_000,
    );
    const check = (): void => {
      const found = lines.slice(after).find((line) => pattern.test(line.text));
      if (found === undefined) return;
      clearTimeout(timeout);
      waiters = waiters.filter((waiter) => waiter !== check);
      resolve(found.text);
    };
    waiters.push(check);
    check();
  });
}

function collect(stream: NodeJS.ReadableStream, name: "out" | "err"): void {
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffered += chunk;
    let newline;
    while ((newline = buffered.indexOf("\n")) >= 0) {
      lines.push({ stream: name, text: buffered.slice(0, newline) });
      buffered = buffered.slice(newline + 1);
    }
    for (const waiter of [...waiters]) waiter();
  });
}

const schemaFile = () => path.join(dir, "kv.schema.json");

beforeAll(() => {
  ensureBuilt();
  dir = makeTempDir("watch");
  copyFileSync(path.join(repoRoot, "test/fixtures/schemas/protocol.schema.json"), schemaFile());
  copyFileSync(
    path.join(repoRoot, "test/fixtures/catalogs/protocol.catalog.json"),
    path.join(dir, "kv.catalog.json"),
  );
  child = spawn(
    process.execPath,
    [
      cliBin,
      "--watch",
      "--schema",
      "kv.schema.json",
      "--catalog",
      "kv.catalog.json",
      "--out",
      "pkg",
    ],
    {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  collect(child.stdout!, "out");
  collect(child.stderr!, "err");
});

afterAll(() => {
  if (child.exitCode === null) child.kill("SIGKILL");
  removeTempDir(dir);
});

describe("--watch", () => {
  it("generates, regenerates on an edit, survives a broken edit, and stops on SIGTERM", async () => {
    await lineMatching(/^jsonrpc-bindgen: wrote pkg\/ \(/, 0);
    await lineMatching(/^jsonrpc-bindgen: watching 2 input files/, 0);

    let mark = lines.length;
    const schema = JSON.parse(readFileSync(schemaFile(), "utf8"));
    schema.$defs.WatchedAddition = { type: "string", description: "Added while watching." };
    writeFileSync(schemaFile(), JSON.stringify(schema, null, 2));
    const rewritten = await lineMatching(/^jsonrpc-bindgen: wrote pkg\/ \(/, mark);
    expect(rewritten).toMatch(/source files? changed/);
    expect(readFileSync(path.join(dir, "pkg/src/types.ts"), "utf8")).toContain(
      "export type WatchedAddition = string;",
    );
    // One run, one line.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(lines.slice(mark).map((line) => line.text)).toEqual([rewritten]);

    mark = lines.length;
    writeFileSync(schemaFile(), '{ "$defs": { "Broken": ');
    const error = await lineMatching(/^error: kv\.schema\.json/, mark);
    expect(error).toMatch(/kv\.schema\.json:1:\d+: /);
    await lineMatching(/^jsonrpc-bindgen: nothing was written$/, mark);
    expect(child.exitCode).toBeNull();
    expect(readFileSync(path.join(dir, "pkg/src/types.ts"), "utf8")).toContain("WatchedAddition");

    mark = lines.length;
    delete schema.$defs.WatchedAddition;
    schema.$defs.AfterTheBreak = { type: "integer" };
    writeFileSync(schemaFile(), JSON.stringify(schema, null, 2));
    await lineMatching(/^jsonrpc-bindgen: wrote pkg\/ \(/, mark);
    const types = readFileSync(path.join(dir, "pkg/src/types.ts"), "utf8");
    expect(types).toContain("export type AfterTheBreak = number;");
    expect(types).not.toContain("WatchedAddition");

    const exited = new Promise<number | null>((resolve) =>
      child.on("exit", (code) => resolve(code)),
    );
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  }, 60_000);
});
