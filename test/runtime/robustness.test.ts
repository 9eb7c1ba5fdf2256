// Regression tests for the engine's robustness: each one a way a hostile peer or a misbehaving
// handler once crashed the process, lost an answer, sent several, or made memory or the log grow
// without bound.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CallTimeoutError,
  memoryTransportPair,
  Peer,
  ResultValidationError,
  RpcError,
} from "../../templates/runtime/index.js";
import { HOSTILE_THROWS, behave } from "./behaviours.mjs";
import { methods, rawPeer, sleep, spec } from "./toy-protocol.js";

const fail = { ...spec.fail, validateParams: () => undefined };

afterEach(() => {
  vi.restoreAllMocks();
});

describe("batches past the limit", () => {
  it("answer a batch of six million numbers (11.4 MiB) with one error, not a crash", async () => {
    const onProtocolError = vi.fn();
    const { peer, wire } = rawPeer({
      onProtocolError,
      methods: methods([spec.add, () => ({ sum: 0 })]),
    });
    wire.send("[" + "1,".repeat(5_999_999) + "1]");
    const answer = await wire.nextMessage();
    expect(answer).toEqual({
      jsonrpc: "2.0",
      id: null,
      error: {
        code: -32600,
        message: "Invalid Request: a batch of 6000000 messages, more than the 1000 allowed",
        data: { maxBatchLength: 1000 },
      },
    });
    expect(onProtocolError).toHaveBeenCalledTimes(1);
    // Still serving.
    expect(
      await wire.ask('{"jsonrpc":"2.0","id":1,"method":"math/add","params":{"a":1,"b":2}}'),
    ).toBe('{"jsonrpc":"2.0","id":1,"result":{"sum":0}}');
    await peer.close();
  });

  it("answer a batch of a million non-objects with one short error, none of its members handled", async () => {
    const { peer, wire } = rawPeer({ onProtocolError: () => {}, maxBatchLength: 10 });
    wire.send("[" + "1,".repeat(999_999) + "1]");
    const line = await wire.nextLine();
    expect(line.length).toBeLessThan(200);
    expect(JSON.parse(line)).toMatchObject({
      id: null,
      error: { code: -32600, data: { maxBatchLength: 10 } },
    });
    // A batch at the limit is handled member by member.
    const answer = JSON.parse(await wire.ask("[" + "1,".repeat(9) + "1]")) as unknown[];
    expect(answer).toHaveLength(10);
    await sleep(10);
    expect(wire.lines).toHaveLength(2);
    await peer.close();
  });
});

describe("exactly one answer per request", () => {
  it.each(HOSTILE_THROWS)(
    "when a handler throws %s: one -32603, and the default reporter does not throw",
    async (what) => {
      const logged = vi.spyOn(console, "error").mockImplementation(() => {});
      const unhandled = vi.fn();
      process.on("unhandledRejection", unhandled);
      try {
        const { peer, wire } = rawPeer({
          methods: methods([fail, () => behave({ kind: "throw", what }, RpcError)]),
        });
        wire.send('{"jsonrpc":"2.0","id":1,"method":"work/fail","params":{}}');
        wire.send('{"jsonrpc":"2.0","id":2,"method":"work/fail","params":{}}');
        expect(await wire.nextMessage()).toEqual({
          jsonrpc: "2.0",
          id: 1,
          error: { code: -32603, message: "Internal error" },
        });
        expect(await wire.nextMessage()).toMatchObject({ id: 2, error: { code: -32603 } });
        await sleep(10);
        expect(wire.lines).toHaveLength(2);
        // The note names the method, says something about the value, and leaks nothing to the peer.
        expect(logged).toHaveBeenCalledTimes(2);
        expect(String(logged.mock.calls[0]![0])).toMatch(
          /^jsonrpc: handler of "work\/fail" failed: ./,
        );
        expect(unhandled).not.toHaveBeenCalled();
        await peer.close();
      } finally {
        process.off("unhandledRejection", unhandled);
      }
    },
  );

  it("when a returned thenable's `then` getter throws: one -32603", async () => {
    const onHandlerError = vi.fn();
    const { peer, wire } = rawPeer({
      onHandlerError,
      methods: methods([
        fail,
        () => behave({ kind: "thenable", shape: "then-getter-throws" }, RpcError),
      ]),
    });
    expect(
      JSON.parse(await wire.ask('{"jsonrpc":"2.0","id":1,"method":"work/fail","params":{}}')),
    ).toMatchObject({
      id: 1,
      error: { code: -32603 },
    });
    expect(onHandlerError).toHaveBeenCalledTimes(1);
    await peer.close();
  });

  it("when a thenable resolves twice and then rejects: one answer, with the first value", async () => {
    const { peer, wire } = rawPeer({
      onHandlerError: () => {},
      methods: methods([
        fail,
        () =>
          behave(
            { kind: "thenable", shape: "resolve-twice-then-reject", value: { first: true } },
            RpcError,
          ),
      ]),
    });
    expect(await wire.ask('{"jsonrpc":"2.0","id":1,"method":"work/fail","params":{}}')).toBe(
      '{"jsonrpc":"2.0","id":1,"result":{"first":true}}',
    );
    await sleep(20);
    expect(wire.lines).toHaveLength(1);
    await peer.close();
  });

  it("when an RpcError's own members cannot be read: one -32603", async () => {
    const hostile = new RpcError(1, "x");
    Object.defineProperty(hostile, "message", {
      get() {
        throw new Error("no message");
      },
    });
    const { peer, wire } = rawPeer({
      onHandlerError: () => {},
      methods: methods([
        fail,
        () => {
          throw hostile;
        },
      ]),
    });
    expect(
      JSON.parse(await wire.ask('{"jsonrpc":"2.0","id":1,"method":"work/fail","params":{}}')),
    ).toMatchObject({
      id: 1,
      error: { code: -32603, message: "Internal error" },
    });
    await peer.close();
  });

  it("a hook that throws does not cost the answer", async () => {
    const { peer, wire } = rawPeer({
      onHandlerError: () => {
        throw new Error("the hook failed too");
      },
      methods: methods([
        fail,
        () => {
          throw new Error("handler failed");
        },
      ]),
    });
    expect(
      JSON.parse(await wire.ask('{"jsonrpc":"2.0","id":1,"method":"work/fail","params":{}}')),
    ).toMatchObject({
      id: 1,
      error: { code: -32603 },
    });
    await peer.close();
  });
});

describe("requests in flight", () => {
  it("past maxRunningRequests are answered at once with an error, and accepted again once some finish", async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { peer, wire } = rawPeer({
      maxRunningRequests: 2,
      onProtocolError: () => {},
      methods: methods([spec.slow, async () => (await gate, { done: true })]),
    });
    for (let id = 1; id <= 3; id++)
      wire.send(`{"jsonrpc":"2.0","id":${id},"method":"work/slow","params":{"ms":0}}`);
    expect(await wire.nextMessage()).toEqual({
      jsonrpc: "2.0",
      id: 3,
      error: {
        code: -32603,
        message: "Server busy: 2 requests are running already, try again later",
        data: { maxRunningRequests: 2 },
      },
    });
    expect(peer.runningRequests).toBe(2);
    release();
    expect((await wire.nextMessage())["id"]).toBe(1);
    expect((await wire.nextMessage())["id"]).toBe(2);
    expect(await wire.ask('{"jsonrpc":"2.0","id":4,"method":"work/slow","params":{"ms":0}}')).toBe(
      '{"jsonrpc":"2.0","id":4,"result":{"done":true}}',
    );
    await peer.close();
  });
});

describe("the log under attack", () => {
  it("100,000 answers to unknown ids cost a few lines and one summary, not 100,000 lines", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const { peer, wire } = rawPeer({});
    for (let i = 0; i < 100_000; i++) wire.send(`{"jsonrpc":"2.0","id":${i + 1000},"result":null}`);
    await sleep(50);
    expect(logged.mock.calls.length).toBe(10);
    expect(logged.mock.calls[0]![0]).toBe(
      "jsonrpc: dropped an answer to no pending call (id 1000)",
    );
    await peer.close();
    // Closing writes the summary of what was left out.
    expect(logged.mock.calls.length).toBe(11);
    expect(logged.mock.calls[10]![0]).toMatch(
      /^jsonrpc: left out 99990 more note\(s\) of the kind "unknown-response" in the last \d+ s$/,
    );
  });

  it("a note quoting what the peer sent (a method name of 100,000 characters) is cut short", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const { peer, wire } = rawPeer({});
    wire.send(JSON.stringify({ jsonrpc: "2.0", method: "n".repeat(100_000) }));
    await sleep(20);
    expect(logged).toHaveBeenCalledTimes(1);
    const line = String(logged.mock.calls[0]![0]);
    expect(line.startsWith('jsonrpc: Dropped notification "nnn')).toBe(true);
    expect(line.length).toBeLessThanOrEqual(1001);
    await peer.close();
  });

  it("a line that is not JSON is quoted by its start only", async () => {
    const notes: string[] = [];
    const { peer, wire } = rawPeer({ onProtocolError: (description) => notes.push(description) });
    wire.send("x".repeat(1_000_000));
    await wire.nextLine();
    expect(notes).toHaveLength(1);
    expect(notes[0]!.length).toBeLessThan(200);
    expect(notes[0]).toBe(
      `received a line that is not JSON (answered -32700): "${"x".repeat(80)}"… (1000000 characters)`,
    );
    await peer.close();
  });
});

describe("results that break the schema", () => {
  it("are sent as they are, and the handler's side says why", async () => {
    const onHandlerError = vi.fn();
    const { peer, wire } = rawPeer({
      onHandlerError,
      methods: methods([spec.add, () => ({ sum: "five" })]),
    });
    expect(
      await wire.ask('{"jsonrpc":"2.0","id":1,"method":"math/add","params":{"a":1,"b":2}}'),
    ).toBe('{"jsonrpc":"2.0","id":1,"result":{"sum":"five"}}');
    expect(onHandlerError).toHaveBeenCalledTimes(1);
    const [error, method] = onHandlerError.mock.calls[0]!;
    expect(method).toBe("math/add");
    expect(error).toBeInstanceOf(ResultValidationError);
    expect((error as Error).message).toBe(
      'Invalid result from "math/add" at $.sum: expected integer, received string',
    );
    await peer.close();
  });
});

describe("calls from plain JavaScript", () => {
  it("reject with a TypeError naming what is wrong, rather than failing inside", async () => {
    const [a] = memoryTransportPair();
    const peer = new Peer(a);
    await expect(peer.request(undefined as never, {})).rejects.toThrow(
      new TypeError("Cannot send a request: no method was given (undefined)"),
    );
    await expect(peer.request(spec.ready, {})).rejects.toThrow(
      new TypeError('Cannot send a request: "session/ready" is not a request'),
    );
    expect(() => peer.notify(spec.add, {})).toThrow(
      new TypeError('Cannot send a notification: "math/add" is not a notification'),
    );
    await peer.close();
  });
});

describe("deadlines", () => {
  it("a timeout mentions an error this side answered the peer meanwhile", async () => {
    // The peer asks something, is refused with -32602, and goes quiet: the refusal is the clue.
    const [mine, theirs] = memoryTransportPair();
    const peer = new Peer(mine, { methods: methods([spec.add, () => ({ sum: 0 })]) });
    const lines: string[] = [];
    theirs.onMessage((line) => lines.push(line));
    const call = peer.request(spec.slow, { ms: 1 }, { timeoutMs: 80 });
    await sleep(5);
    theirs.send('{"jsonrpc":"2.0","id":7,"method":"math/add","params":{"a":"one"}}');
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallTimeoutError);
    expect((error as Error).message).toMatch(
      /^Call to "work\/slow" timed out after 80 ms \(meanwhile this side answered the peer's request 7 with -32602 "Invalid params at \$\.a: expected integer, received string", \d+ ms ago\)$/,
    );
    // A refusal before the call was made is not mentioned.
    const later = await peer
      .request(spec.slow, { ms: 1 }, { timeoutMs: 20 })
      .catch((e: unknown) => e);
    expect((later as Error).message).toBe('Call to "work/slow" timed out after 20 ms');
    await peer.close();
  });

  it("calls made through nestedCalls get nestedCallTimeoutMs when they set none", async () => {
    const [mine] = memoryTransportPair();
    const peer = new Peer(mine, { defaultTimeoutMs: 10_000, nestedCallTimeoutMs: 30 });
    const nested = await peer.nestedCalls.request(spec.slow, { ms: 1 }).catch((e: unknown) => e);
    expect(nested).toBeInstanceOf(CallTimeoutError);
    expect((nested as CallTimeoutError).timeoutMs).toBe(30);
    // Their own timeout wins.
    const own = await peer.nestedCalls
      .request(spec.slow, { ms: 1 }, { timeoutMs: 10 })
      .catch((e: unknown) => e);
    expect((own as CallTimeoutError).timeoutMs).toBe(10);
    await peer.close();
  });
});
