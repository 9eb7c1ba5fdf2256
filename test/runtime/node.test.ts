import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterAll, describe, expect, it, vi } from "vitest";
import type { CloseReason, MethodSpec } from "../../templates/runtime/index.js";
import { ConnectionClosedError, memoryTransportPair, Peer } from "../../templates/runtime/index.js";
import { spawnTransport, streamTransport } from "../../templates/runtime/node.js";
import { sleep } from "./toy-protocol.js";

describe("streamTransport", () => {
  it("writes one line per message and reads lines back as messages", async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const transport = streamTransport(input, output);
    const received: string[] = [];
    transport.onMessage((message) => received.push(message));
    transport.send('{"a":1}');
    transport.send('{"b":"é"}');
    await sleep(1);
    expect(output.read()?.toString()).toBe('{"a":1}\n{"b":"é"}\n');
    input.write('{"c":1}\r\n{"d":');
    input.write(Buffer.from('"€"}\n').subarray(0, 3));
    input.write(Buffer.from('"€"}\n').subarray(3));
    await sleep(1);
    expect(received).toEqual(['{"c":1}', '{"d":"€"}']);
  });

  it("closes when the input ends, after delivering a last line without newline", async () => {
    const input = new PassThrough();
    const transport = streamTransport(input, new PassThrough());
    const received: string[] = [];
    transport.onMessage((message) => received.push(message));
    const closed = new Promise<CloseReason>((resolve) => transport.onClose(resolve));
    input.end('{"last":true}');
    expect(await closed).toEqual({ kind: "ended" });
    expect(received).toEqual(['{"last":true}']);
    // A listener added after the close is still told.
    expect(await new Promise<CloseReason>((resolve) => transport.onClose(resolve))).toEqual({
      kind: "ended",
    });
  });

  it("flushes what was sent, then ends the output, on close()", async () => {
    const output = new PassThrough();
    const transport = streamTransport(new PassThrough(), output);
    const chunks: string[] = [];
    output.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    const ended = new Promise<void>((resolve) => output.on("end", resolve));
    transport.send("1");
    transport.send("2");
    await transport.close();
    transport.send("3"); // after the close: dropped
    await ended;
    expect(chunks.join("")).toBe("1\n2\n");
  });

  it("respects backpressure: all messages arrive in order, and no write happens while waiting for drain", async () => {
    const received: string[] = [];
    let writesWhileFull = 0;
    let full = false;
    let timesFull = 0;
    const slow = new Writable({
      highWaterMark: 64,
      write(chunk: Buffer, _encoding, callback) {
        received.push(chunk.toString());
        setTimeout(callback, 2); // a slow consumer
      },
    });
    const write = slow.write.bind(slow);
    const writeCalls: number[] = [];
    slow.write = ((chunk: unknown, ...rest: never[]) => {
      if (full) writesWhileFull++;
      const ok = write(chunk as string, ...rest);
      writeCalls.push(String(chunk).length);
      if (!ok) {
        full = true;
        timesFull++;
      }
      return ok;
    }) as typeof slow.write;
    slow.on("drain", () => {
      full = false;
    });

    const transport = streamTransport(new PassThrough(), slow);
    const messages = Array.from({ length: 300 }, (_, i) =>
      JSON.stringify({ n: i, pad: "x".repeat(i % 50) }),
    );
    // Several ticks' worth of sends, so that some arrive while the writable is full.
    for (let i = 0; i < messages.length; i++) {
      transport.send(messages[i]!);
      if (i % 25 === 24) await sleep(1);
    }
    await vi.waitFor(() => expect(received.join("")).toBe(messages.map((m) => m + "\n").join("")), {
      timeout: 5000,
    });
    expect(timesFull).toBeGreaterThan(0); // the test did reach the full state
    expect(writesWhileFull).toBe(0);
    // Messages sent in the same tick were joined into fewer writes.
    expect(writeCalls.length).toBeLessThan(messages.length / 5);
    await transport.close();
  });

  it("reports an over-long line and keeps reading", async () => {
    const input = new PassThrough();
    const errors: string[] = [];
    const transport = streamTransport(input, new PassThrough(), {
      maxLineLength: 16,
      onError: (e) => errors.push(e),
    });
    const received: string[] = [];
    transport.onMessage((message) => received.push(message));
    input.write('{"much":"too long for this"}\n{"ok":1}\n');
    await sleep(1);
    expect(received).toEqual(['{"ok":1}']);
    expect(errors).toHaveLength(1);
  });
});

describe("memoryTransportPair", () => {
  it("carries messages both ways, asynchronously, and ends the other side on close", async () => {
    const [a, b] = memoryTransportPair();
    const atB: string[] = [];
    b.onMessage((message) => atB.push(message));
    const bClosed = new Promise<CloseReason>((resolve) => b.onClose(resolve));
    a.send("1");
    a.send("2");
    expect(atB).toEqual([]);
    await a.close();
    expect(await bClosed).toEqual({ kind: "ended" });
    expect(atB).toEqual(["1", "2"]);
  });
});

describe("spawnTransport", () => {
  // A plain-JS NDJSON server, so that the child needs no TypeScript: `echo` answers its params,
  // `hang` is never answered, and it exits when its stdin ends.
  const dir = mkdtempSync(join(tmpdir(), "jsonrpc-runtime-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, "echo-server.mjs");
  writeFileSync(
    script,
    `
let buffer = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  buffer += chunk;
  let newline;
  while ((newline = buffer.indexOf("\\n")) !== -1) {
    const message = JSON.parse(buffer.slice(0, newline));
    buffer = buffer.slice(newline + 1);
    if (message.method === "echo") {
      process.stdout.write(JSON.stringify({ jsonrpc: "2.0", id: message.id, result: message.params }) + "\\n");
    } else if (message.method === "exit") {
      process.exit(message.params.code);
    }
  }
});
process.stdin.on("end", () => process.exit(0));
`,
  );

  const echo: MethodSpec = {
    name: "echo",
    kind: "request",
    validateParams: () => undefined,
    validateResult: () => undefined,
  };
  const hang: MethodSpec = { name: "hang", kind: "request", validateParams: () => undefined };
  const exit: MethodSpec = { name: "exit", kind: "notification", validateParams: () => undefined };

  it("round-trips a call with a child process", async () => {
    const transport = spawnTransport(process.execPath, [script]);
    const peer = new Peer(transport);
    expect(await peer.request(echo, { text: "héllo 😀", n: 42 })).toEqual({
      text: "héllo 😀",
      n: 42,
    });
    const many = await Promise.all(
      Array.from({ length: 100 }, (_, i) => peer.request(echo, { i })),
    );
    expect(many).toEqual(Array.from({ length: 100 }, (_, i) => ({ i })));
    // close() closes the child's stdin, which asks it to exit.
    await peer.close();
    expect(await transport.exited).toEqual({ code: 0, signal: null });
  });

  it("rejects a pending call promptly when the child is killed, naming the signal", async () => {
    const transport = spawnTransport(process.execPath, [script]);
    const peer = new Peer(transport);
    await peer.request(echo, {}); // the child is up
    const pending = peer.request(hang, {}).catch((e: unknown) => e);
    await sleep(20);
    const killedAt = Date.now();
    transport.child.kill("SIGKILL");
    const error = await pending;
    expect(Date.now() - killedAt).toBeLessThan(1000);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toBe(
      "Connection closed: peer process was killed by signal SIGKILL",
    );
    expect(await peer.closed).toEqual({ kind: "exit", code: null, signal: "SIGKILL" });
  });

  it("closes with the exit code when the child exits on its own", async () => {
    const peer = new Peer(spawnTransport(process.execPath, [script]));
    const pending = peer.request(hang, {}).catch((e: unknown) => e);
    peer.notify(exit, { code: 3 });
    const error = await pending;
    expect((error as Error).message).toBe("Connection closed: peer process exited with code 3");
  });

  it("closes with an error when the command cannot be started", async () => {
    const peer = new Peer(spawnTransport(join(dir, "no-such-command")));
    const error = await peer.request(echo, {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect((error as Error).message).toContain("ENOENT");
    expect((await peer.closed).kind).toBe("error");
  });
});
