// Limits that need real processes and pipes: a peer that never reads is made to wait (reading
// pauses while output is blocked) with memory measured before and after; a transport gives up when
// too much waits to be written; a pending call keeps the process alive until it settles.
import { spawn, execFile } from "node:child_process";
import { PassThrough } from "node:stream";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { CloseReason } from "../../templates/runtime/index.js";
import { ConnectionClosedError, Peer } from "../../templates/runtime/index.js";
import { ChildProcessTransport, streamTransport } from "../../templates/runtime/node.js";
import { methods, sleep, spec } from "./toy-protocol.js";

const fixture = (name: string): string =>
  fileURLToPath(new URL("./fixtures/" + name, import.meta.url));
const generatedIndex = new URL("../../generated/dist/index.js", import.meta.url).href;

function heapAfterGc(): number {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
  return process.memoryUsage().heapUsed;
}

describe("a peer that sends 100,000 requests and never reads the answers", () => {
  it("is made to wait: reading pauses, memory stays bounded, and every answer goes out once it reads", async () => {
    const child = spawn(process.execPath, [fixture("never-reading-peer.mjs"), "100000"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    let handled = 0;
    const before = heapAfterGc();
    const peer = new Peer(new ChildProcessTransport(child), {
      methods: methods([
        spec.add,
        ({ a, b }: { a: number; b: number }) => {
          handled++;
          return { sum: a + b };
        },
      ]),
    });
    // Wait until requests come in, then until their count stops moving: reading has paused.
    while (handled === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    let last = -1;
    while (handled !== last) {
      last = handled;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
    const readBeforePause = handled;
    const paused = heapAfterGc();
    console.log(
      `never-reading peer: ${readBeforePause} of 100000 requests read before reading paused; heap +${((paused - before) / 1048576).toFixed(1)} MiB`,
    );
    expect(readBeforePause).toBeLessThan(100_000);
    expect(paused - before).toBeLessThan(16 * 1024 * 1024);

    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGUSR1");
    expect(await exited).toBe(0);
    expect(handled).toBe(100_000);
    expect(stderr).toBe("answers: 100000\n");
    await peer.close();
  }, 60_000);
});

describe("a line over maxLineLength", () => {
  it("is answered with an error (id null), since its sender may wait for it, and reading goes on", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const notes: string[] = [];
    const peer = new Peer(streamTransport(input, output, { maxLineLength: 100 }), {
      onProtocolError: (description) => notes.push(description),
      methods: methods([spec.add, ({ a, b }: { a: number; b: number }) => ({ sum: a + b })]),
    });
    const long =
      '{"jsonrpc":"2.0","id":1,"method":"math/add","params":{"a":1,"b":2,"pad":"' +
      "x".repeat(200) +
      '"}}';
    input.write(long + "\n");
    input.write('{"jsonrpc":"2.0","id":2,"method":"math/add","params":{"a":1,"b":2}}\n');
    await sleep(20);
    expect(
      String(output.read())
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line)),
    ).toEqual([
      {
        jsonrpc: "2.0",
        id: null,
        error: {
          code: -32600,
          message: `Invalid Request: Dropped an incoming line longer than 100 characters (${long.length})`,
        },
      },
      { jsonrpc: "2.0", id: 2, result: { sum: 3 } },
    ]);
    expect(notes).toEqual([
      `Dropped an incoming line longer than 100 characters (${long.length}) (answered -32600)`,
    ]);
    await peer.close();
  });
});

describe("bytes queued for writing", () => {
  it("past maxQueuedBytes, the transport closes with a reason saying the peer does not read", async () => {
    const output = new PassThrough({ highWaterMark: 1024 });
    const transport = streamTransport(new PassThrough(), output, { maxQueuedBytes: 20_000 });
    const closed = new Promise<CloseReason>((resolve) => transport.onClose(resolve));
    const peer = new Peer(transport);
    const call = peer
      .request(spec.put, { key: "k", value: "v".repeat(100) })
      .catch((e: unknown) => e);
    for (let i = 0; i < 300; i++) peer.notify(spec.ping, { text: "x".repeat(100) });
    await sleep(10);
    const reason = await closed;
    expect(reason.kind).toBe("error");
    expect(String((reason as { error: Error }).error.message)).toBe(
      "the peer does not read: more than 20000 bytes wait to be written to it",
    );
    const error = await call;
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toContain("the peer does not read");
  });

  it("reading pauses while the output is blocked, and resumes when it drains", async () => {
    const input = new PassThrough();
    const output = new PassThrough({ highWaterMark: 1024 });
    const peer = new Peer(streamTransport(input, output, { pauseReadingAbove: 4096 }), {
      methods: methods([spec.add, ({ a, b }: { a: number; b: number }) => ({ sum: a + b })]),
    });
    for (let id = 1; id <= 2000; id++)
      input.write(`{"jsonrpc":"2.0","id":${id},"method":"math/add","params":{"a":${id},"b":0}}\n`);
    await sleep(50);
    expect(input.isPaused()).toBe(true);
    // Reading the answers lets the rest be read and answered.
    let answers = 0;
    output.on("data", (chunk: Buffer) => (answers += chunk.toString().split("\n").length - 1));
    for (let i = 0; i < 100 && answers < 2000; i++) await sleep(10);
    expect(answers).toBe(2000);
    expect(input.isPaused()).toBe(false);
    await peer.close();
  });
});

describe("a pending call's deadline", () => {
  it("keeps the process alive until the call times out, and no longer", async () => {
    // Over an in-memory pair nothing else keeps the process alive: before, it exited with code 13
    // (an unsettled top-level await) and the call never rejected.
    const script = `
      import { memoryTransportPair, Peer } from ${JSON.stringify(generatedIndex)};
      const [a] = memoryTransportPair();
      const peer = new Peer(a);
      const spec = { name: "never/answered", kind: "request", validateParams: () => undefined };
      const started = performance.now();
      const error = await peer.request(spec, {}, { timeoutMs: 50 }).catch((e) => e);
      console.log(error.name, performance.now() - started >= 49);
    `;
    const { code, stdout } = await new Promise<{ code: number | null; stdout: string }>(
      (resolve) => {
        const child = execFile(
          process.execPath,
          ["--input-type=module", "-e", script],
          (error, out) =>
            resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: out }),
        );
        child.stdin?.end();
      },
    );
    expect(stdout).toBe("CallTimeoutError true\n");
    expect(code).toBe(0);
  });
});
