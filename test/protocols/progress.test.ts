// Progress tied to a request, generated from test/protocols/fixtures/progress.* and run over the
// pipes of a real child process: the generated client makes a token, puts it where the catalog
// says, and tells `onProgress` of each report while the call waits; reports extend the timeout on
// request; late reports, tokens of the wrong type and reports for no call reach the ordinary
// handler; a flood of reports and thousands of finished calls leave nothing behind. Also the
// types (`onProgress` typed by the notification's params, only for requests that report
// progress) and the catalog's errors for pointers that do not resolve.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate, InputError } from "../../generator/index.js";
import {
  makeTempDir,
  removeTempDir,
  repoRoot,
  runTscAsync,
  writeUseProject,
} from "../helpers/repo.js";

// The generated package is imported at run time; its shape is checked by the assertions.
let pkg: any;
let node: any;
let tmp: string;
let outDir: string;
let serverScript: string;

beforeAll(async () => {
  tmp = makeTempDir("progress");
  outDir = path.join(tmp, "progress");
  await generate({
    schemaPath: "test/protocols/fixtures/progress.schema.json",
    catalogPath: "test/protocols/fixtures/progress.catalog.json",
    outDir,
    cwd: repoRoot,
    cache: false,
  });
  pkg = await import(pathToFileURL(path.join(outDir, "dist", "index.js")).href);
  node = await import(pathToFileURL(path.join(outDir, "dist", "node.js")).href);
  serverScript = path.join(tmp, "server.mjs");
  writeFileSync(
    serverScript,
    `import { serveServerOverStdio } from ${JSON.stringify(pathToFileURL(path.join(outDir, "dist", "node.js")).href)};
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const seen = [];
serveServerOverStdio({
  async workRun({ steps, delayMs, how = "normal", _meta }, context) {
    const token = _meta?.progressToken;
    const report = (progress, progressToken = token) =>
      context.client.notificationsProgress({ progressToken, progress, total: steps });
    if (how === "replay") {
      for (const old of seen.splice(0)) report(0, old);
      return { done: 0, token };
    }
    if (token !== undefined) seen.push(token);
    if (how === "flood") {
      for (let i = 0; i < steps; i++) report(i);
      return { done: steps, token };
    }
    for (let i = 1; i <= steps; i++) {
      await sleep(delayMs);
      if (token === undefined) continue;
      if (how === "wrong-token-type") report(i, typeof token === "number" ? String(token) : 1);
      else if (how === "invalid-report") context.client.notificationsProgress({ progressToken: token, progress: "lots" });
      else report(i);
    }
    // A report after the answer: no call waits for it any more.
    if (how === "late-report") setTimeout(() => report(steps + 1), 30);
    return token === undefined ? { done: steps } : { done: steps, token };
  },
  textScan({ text, workDoneToken }, context) {
    const words = text.split(" ").filter(Boolean);
    words.forEach((word, i) =>
      context.client.notificationsProgress({ progressToken: workDoneToken, progress: i + 1, message: word }),
    );
    return { words: words.length };
  },
  quiet: () => ({}),
});
`,
  );
}, 120_000);

afterAll(() => removeTempDir(tmp));

/** A client connection to a server in a child process, with what its handlers and hooks got. */
function spawnServer(options: object = {}) {
  const ordinary: any[] = [];
  const protocolErrors: string[] = [];
  const handlerErrors: unknown[] = [];
  const connection = node.spawnServer(
    process.execPath,
    [serverScript],
    { notificationsProgress: (params: unknown) => void ordinary.push(params) },
    {
      onProtocolError: (note: string) => void protocolErrors.push(note),
      onHandlerError: (error: unknown) => void handlerErrors.push(error),
      ...options,
    },
  );
  return { connection, ordinary, protocolErrors, handlerErrors };
}

const waitFor = async (check: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe("onProgress over a child process's pipes", () => {
  it("tells each report of the call, in order, with a number token put into a copy of the params", async () => {
    const { connection, ordinary } = spawnServer();
    const reports: any[] = [];
    const params = { steps: 3, delayMs: 1, _meta: { trace: "t1" } };
    const result = await connection.server.workRun(params, {
      onProgress: (report: unknown) => reports.push(report),
    });
    expect(typeof result.token).toBe("number");
    expect(reports).toEqual(
      [1, 2, 3].map((progress) => ({ progressToken: result.token, progress, total: 3 })),
    );
    // The caller's params are left as they were; their other members went out.
    expect(params).toEqual({ steps: 3, delayMs: 1, _meta: { trace: "t1" } });
    expect(ordinary).toEqual([]);
    // Without onProgress, no token is sent.
    await expect(connection.server.workRun({ steps: 1, delayMs: 1 })).resolves.toEqual({ done: 1 });
    await connection.close();
  });

  it("makes a string token where the schema admits only strings, at the method's own pointer", async () => {
    const { connection } = spawnServer();
    const words: string[] = [];
    const result = await connection.server.textScan(
      { text: "one two three" },
      {
        onProgress: (report: { message: string; progressToken: unknown }) => {
          expect(typeof report.progressToken).toBe("string");
          words.push(report.message);
        },
      },
    );
    expect(result).toEqual({ words: 3 });
    expect(words).toEqual(["one", "two", "three"]);
    await connection.close();
  });

  it("gives each call its own token: concurrent calls get only their own reports", async () => {
    const { connection, ordinary } = spawnServer();
    const seen = Array.from({ length: 20 }, () => [] as number[]);
    const results = await Promise.all(
      seen.map((list, i) =>
        connection.server.workRun(
          { steps: 1 + (i % 4), delayMs: 1 },
          { onProgress: (report: { progress: number }) => list.push(report.progress) },
        ),
      ),
    );
    expect(new Set(results.map((result: any) => result.token)).size).toBe(20);
    seen.forEach((list, i) =>
      expect(list).toEqual(Array.from({ length: 1 + (i % 4) }, (_, k) => k + 1)),
    );
    expect(ordinary).toEqual([]);
    await connection.close();
  });

  it("with resetTimeoutOnProgress, reports keep a long call alive; without, it times out", async () => {
    const { connection } = spawnServer();
    // The child is started first, so that its start-up does not count against the timeouts.
    await connection.server.quiet({});
    // Eight steps 100 ms apart: 800 ms in all, against a 400 ms timeout.
    const work = { steps: 8, delayMs: 100 };
    const kept = connection.server.workRun(work, {
      timeoutMs: 400,
      resetTimeoutOnProgress: true,
      onProgress: () => {},
    });
    const dropped = connection.server.workRun(work, { timeoutMs: 400, onProgress: () => {} });
    const capped = connection.server.workRun(work, {
      timeoutMs: 400,
      resetTimeoutOnProgress: true,
      maxTotalTimeoutMs: 450,
      onProgress: () => {},
    });
    const [keptResult, droppedResult, cappedResult] = await Promise.allSettled([
      kept,
      dropped,
      capped,
    ]);
    expect(keptResult).toMatchObject({ status: "fulfilled", value: { done: 8 } });
    expect(droppedResult.status).toBe("rejected");
    expect(cappedResult.status).toBe("rejected");
    await expect(dropped).rejects.toThrow('Call to "work/run" timed out after 400 ms');
    await expect(capped).rejects.toThrow(
      'Call to "work/run" timed out after 450 ms (its maxTotalTimeoutMs, which progress does not extend)',
    );
    await connection.close();
  });

  it("sends reports for no pending call (late, wrong token type) to the ordinary handler", async () => {
    const { connection, ordinary } = spawnServer();
    const reports: unknown[] = [];
    const late = await connection.server.workRun(
      { steps: 1, delayMs: 1, how: "late-report" },
      { onProgress: (report: unknown) => reports.push(report) },
    );
    await waitFor(() => ordinary.length === 1);
    expect(reports).toEqual([{ progressToken: late.token, progress: 1, total: 1 }]);
    expect(ordinary).toEqual([{ progressToken: late.token, progress: 2, total: 1 }]);

    const wrong = await connection.server.workRun(
      { steps: 2, delayMs: 1, how: "wrong-token-type" },
      { onProgress: (report: unknown) => reports.push(report) },
    );
    await waitFor(() => ordinary.length === 3);
    expect(reports).toHaveLength(1);
    expect(ordinary.slice(1)).toEqual([
      { progressToken: String(wrong.token), progress: 1, total: 2 },
      { progressToken: String(wrong.token), progress: 2, total: 2 },
    ]);
    await connection.close();
  });

  it("drops a report of a pending call whose params are invalid, and says so", async () => {
    const { connection, ordinary, protocolErrors } = spawnServer();
    const reports: unknown[] = [];
    await expect(
      connection.server.workRun(
        { steps: 2, delayMs: 1, how: "invalid-report" },
        { onProgress: (report: unknown) => reports.push(report) },
      ),
    ).resolves.toMatchObject({ done: 2 });
    expect(reports).toEqual([]);
    expect(ordinary).toEqual([]);
    expect(protocolErrors).toHaveLength(2);
    expect(protocolErrors[0]).toMatch(
      /^Dropped "notifications\/progress" for the pending call to "work\/run": invalid params at \$\.progress/,
    );
    await connection.close();
  });

  it("survives an onProgress that throws: reported, and the call still resolves", async () => {
    const { connection, handlerErrors } = spawnServer();
    await expect(
      connection.server.workRun(
        { steps: 2, delayMs: 1 },
        {
          onProgress: () => {
            throw new Error("listener broke");
          },
        },
      ),
    ).resolves.toMatchObject({ done: 2 });
    expect(handlerErrors.map(String)).toEqual(["Error: listener broke", "Error: listener broke"]);
    await connection.close();
  });

  it("takes a flood of reports, and keeps no token of a finished call", async () => {
    const { connection, ordinary } = spawnServer();
    let count = 0;
    const result = await connection.server.workRun(
      { steps: 50_000, delayMs: 0, how: "flood" },
      { onProgress: () => void count++ },
    );
    expect(count).toBe(50_000);
    // 2,000 calls with onProgress come and go; then reports carrying each of their tokens all
    // reach the ordinary handler, so none of them is still held.
    const done = await Promise.all(
      Array.from({ length: 2000 }, () =>
        connection.server.workRun({ steps: 0, delayMs: 0 }, { onProgress: () => {} }),
      ),
    );
    expect(connection.peer.pendingCalls).toBe(0);
    const tokens = [result.token, ...done.map((answer: any) => answer.token)];
    // The server sends one report for every token it has seen; this call's own onProgress gets
    // none of them, and the ordinary handler gets all.
    const replayed: unknown[] = [];
    const replay = await connection.server.workRun(
      { steps: 0, delayMs: 0, how: "replay" },
      { onProgress: (report: unknown) => replayed.push(report) },
    );
    expect(replayed).toEqual([]);
    expect(tokens).not.toContain(replay.token);
    await waitFor(() => ordinary.length === tokens.length);
    expect(ordinary.map((report) => report.progressToken)).toEqual(tokens);
    await connection.close();
  });

  it("refuses onProgress for a request that reports no progress, and a token already in the params", async () => {
    const { connection } = spawnServer();
    await expect(connection.server.quiet({}, { onProgress: () => {} })).rejects.toThrow(
      'Cannot follow the progress of "quiet": the protocol gives it no progress token',
    );
    await expect(
      connection.server.workRun(
        { steps: 1, delayMs: 1, _meta: { progressToken: 7 } },
        { onProgress: () => {} },
      ),
    ).rejects.toThrow(
      'Cannot follow the progress of "work/run": params already hold a progress token at "/_meta/progressToken": leave it out when passing onProgress',
    );
    await connection.close();
  });
});

describe("types", () => {
  it("onProgress is typed by the notification's params, and offered only where progress is reported", async () => {
    writeFileSync(
      path.join(tmp, "use.ts"),
      `import { createClientConnection, memoryTransportPair, type CallOptionsOf, type ProgressParams } from "./progress/src/index.js";
const connection = createClientConnection(memoryTransportPair()[0], {});
void connection.server.workRun({ steps: 1, delayMs: 0 }, {
  timeoutMs: 10,
  resetTimeoutOnProgress: true,
  maxTotalTimeoutMs: 100,
  onProgress: (report) => {
    const done: number = report.progress;
    const token: string | number = report.progressToken;
    const message: string | undefined = report.message;
    void done; void token; void message;
  },
});
void connection.server.request("text/scan", { text: "a b" }, { onProgress: (report: ProgressParams) => void report });
const options: CallOptionsOf<"work/run"> = { onProgress: () => {} };
void options;
// @ts-expect-error quiet reports no progress
void connection.server.quiet({}, { onProgress: () => {} });
// @ts-expect-error by name too
void connection.server.request("quiet", {}, { onProgress: () => {} });
// @ts-expect-error the report's progress is a number
void connection.server.workRun({ steps: 1, delayMs: 0 }, { onProgress: (report) => { const text: string = report.progress; void text; } });
// @ts-expect-error onProgress takes the notification's params, not a string
void connection.server.workRun({ steps: 1, delayMs: 0 }, { onProgress: (report: string) => void report });
`,
    );
    const result = await runTscAsync(
      writeUseProject(tmp, { exactOptionalPropertyTypes: true }),
      tmp,
    );
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  }, 60_000);
});

describe("catalog errors", () => {
  const catalogFile = path.join(repoRoot, "test/protocols/fixtures/progress.catalog.json");

  /** Generates from the fixture's catalog with `edit` applied, and returns the diagnostics. */
  async function diagnosticsOf(edit: (catalog: any) => void) {
    const catalog = JSON.parse(readFileSync(catalogFile, "utf8"));
    delete catalog.$schema;
    edit(catalog);
    const file = path.join(tmp, "edited.catalog.json");
    writeFileSync(file, JSON.stringify(catalog));
    try {
      await generate({
        schemaPath: path.join(repoRoot, "test/protocols/fixtures/progress.schema.json"),
        catalogPath: file,
        outDir: path.join(tmp, "never"),
        cwd: repoRoot,
        cache: false,
      });
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      return (error as InputError).diagnostics.map((d) => ({
        file: path.basename(d.file),
        pointer: d.pointer,
        message: d.message,
      }));
    }
    throw new Error("generate accepted the catalog");
  }

  it.each([
    [
      "a notification token pointer that resolves to nothing",
      (c: any) => (c.progress.tokenPointer = "/token"),
      "/progress/tokenPointer",
      'pointer "/token" does not resolve: the schema defines no property at "/token" (in the params of "notifications/progress", ProgressParams)',
    ],
    [
      "a method's own pointer that stops half-way",
      (c: any) => (c.methods[1].progressTokenPointer = "/workDoneToken/inner"),
      "/methods/1/progressTokenPointer",
      'pointer "/workDoneToken/inner" does not resolve: the schema defines no property at "/workDoneToken/inner" (in the params of "text/scan", ScanParams)',
    ],
    [
      "a pointer to a place no token fits",
      (c: any) => {
        c.methods[0].progressTokenPointer = "/_meta";
        delete c.progress.requestTokenPointer;
      },
      "/methods/0/progressTokenPointer",
      'pointer "/_meta" names a property that admits neither strings nor numbers, so no token fits it (in the params of "work/run", WorkParams)',
    ],
    [
      "a default pointer that fits no request",
      (c: any) => (c.progress.requestTokenPointer = "/meta/token"),
      "/progress/requestTokenPointer",
      'pointer "/meta/token" resolves in the params of no request that does not name its own',
    ],
    [
      "a request as the progress method",
      (c: any) => (c.progress.method = "quiet"),
      "/progress/method",
      'progress must be a notification, "quiet" is a request',
    ],
    [
      "an unknown progress method",
      (c: any) => (c.progress.method = "notifications/nope"),
      "/progress/method",
      'unknown method "notifications/nope"',
    ],
    [
      "a pointer with a stray ~",
      (c: any) => (c.methods[1].progressTokenPointer = "/a~2b"),
      "/methods/1/progressTokenPointer",
      'pointer "/a~2b" has a "~" not followed by 0 or 1 (write "~0" for "~", "~1" for "/") (in the params of "text/scan", ScanParams)',
    ],
    [
      "progressTokenPointer true",
      (c: any) => (c.methods[1].progressTokenPointer = true),
      "/methods/1/progressTokenPointer",
      "progressTokenPointer is a JSON pointer, or false for no progress",
    ],
    [
      "a progress token without a progress notification",
      (c: any) => delete c.progress,
      "/methods/1/progressTokenPointer",
      '"text/scan" names a progress token, but the catalog declares no "progress"',
    ],
  ])("%s is an input error naming file and pointer", async (_, edit, pointer, message) => {
    expect(await diagnosticsOf(edit)).toEqual([{ file: "edited.catalog.json", pointer, message }]);
  });

  it("a pointer that does not start with / is refused by the catalog's schema", async () => {
    const found = await diagnosticsOf((c) => (c.progress.tokenPointer = "progressToken"));
    expect(found).toEqual([
      expect.objectContaining({ pointer: "/progress/tokenPointer", file: "edited.catalog.json" }),
    ]);
  });
});
