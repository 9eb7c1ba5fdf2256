import { describe, expect, it, vi } from "vitest";
import type { HandlerContext, RequestContext } from "../../templates/runtime/index.js";
import {
  CallCancelledError,
  CallTimeoutError,
  ConnectionClosedError,
  JsonRpcError,
  JsonRpcErrorCode,
  ResultValidationError,
  RpcError,
} from "../../templates/runtime/index.js";
import {
  cancellation,
  lifecycle,
  methods,
  rawPeer,
  sleep,
  spec,
  streamPeers,
} from "./toy-protocol.js";

type AddParams = { a: number; b: number };

const add = (params: AddParams): { sum: number } => ({ sum: params.a + params.b });

describe("calls between two peers", () => {
  it("matches 200 concurrent calls answered out of order", async () => {
    const { client } = streamPeers(
      {},
      {
        methods: methods([
          spec.add,
          async (params: AddParams) => {
            await sleep(Math.floor(Math.random() * 20));
            return add(params);
          },
        ]),
      },
    );
    const calls = Array.from({ length: 200 }, (_, i) =>
      client.request(spec.add, { a: i, b: 1000 }),
    );
    const results = await Promise.all(calls);
    expect(results).toEqual(Array.from({ length: 200 }, (_, i) => ({ sum: i + 1000 })));
    await client.close();
  });

  it("runs nested calls: handlers call the other side before they answer, many at once", async () => {
    const stored = new Map<string, unknown>();
    const { client, server } = streamPeers(
      {
        methods: methods([
          spec.put,
          async (params: { key: string; value: unknown }) => {
            await sleep(Math.floor(Math.random() * 5));
            stored.set(params.key, params.value);
            return { stored: true };
          },
        ]),
      },
      {
        methods: methods([
          spec.add,
          async (params: AddParams) => {
            const result = add(params);
            // Calls back into the client, which is itself waiting on this very call.
            const put = (await server.request(spec.put, {
              key: "sum-" + params.a,
              value: result.sum,
            })) as {
              stored: boolean;
            };
            expect(put.stored).toBe(true);
            return result;
          },
        ]),
      },
    );
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => client.request(spec.add, { a: i, b: 1 })),
    );
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => ({ sum: i + 1 })));
    expect(stored.size).toBe(50);
    expect(stored.get("sum-49")).toBe(50);
    await client.close();
  });

  it("accepts handlers that answer synchronously, and answers null for undefined", async () => {
    const { client } = streamPeers(
      {},
      { methods: methods([spec.add, add], [spec.slow, () => undefined]) },
    );
    await expect(client.request(spec.add, { a: 2, b: 3 })).resolves.toEqual({ sum: 5 });
    // `null` is not `{ done: boolean }`: the result validator catches it.
    const error = await client.request(spec.slow, { ms: 0 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResultValidationError);
    expect((error as ResultValidationError).received).toBe("null");
    await client.close();
  });

  it("rejects with ResultValidationError naming the method and the path", async () => {
    const { client } = streamPeers({}, { methods: methods([spec.add, () => ({ sum: "five" })]) });
    const error = await client.request(spec.add, { a: 2, b: 3 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResultValidationError);
    expect(error).toBeInstanceOf(JsonRpcError);
    expect(error).toMatchObject({
      method: "math/add",
      path: "$.sum",
      expected: "integer",
      received: "string",
    });
    expect((error as Error).message).toBe(
      'Invalid result from "math/add" at $.sum: expected integer, received string',
    );
    await client.close();
  });

  it("rejects with the RpcError a handler threw, code, message and data kept", async () => {
    const { client } = streamPeers(
      {},
      {
        methods: methods([
          spec.fail,
          () => {
            throw new RpcError(-32001, "Component not found", { component: "/x" });
          },
        ]),
      },
    );
    const error = await client.request(spec.fail, { how: "rpc" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({
      code: -32001,
      message: "Component not found",
      data: { component: "/x" },
    });
    expect((error as RpcError).toErrorObject()).toEqual({
      code: -32001,
      message: "Component not found",
      data: { component: "/x" },
    });
    await client.close();
  });
});

describe("timeouts", () => {
  const slowServer = (): ReturnType<typeof methods> =>
    methods([
      spec.slow,
      async (params: { ms: number }) => {
        await sleep(params.ms);
        return { done: true };
      },
    ]);

  it("rejects a call that outlives its own timeout, and reports the late answer", async () => {
    const onUnknownResponse = vi.fn();
    const { client } = streamPeers({ onUnknownResponse }, { methods: slowServer() });
    const started = Date.now();
    const error = await client
      .request(spec.slow, { ms: 400 }, { timeoutMs: 30 })
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(300);
    expect(error).toBeInstanceOf(CallTimeoutError);
    expect(error).toMatchObject({ method: "work/slow", timeoutMs: 30 });
    expect((error as Error).message).toBe('Call to "work/slow" timed out after 30 ms');
    // The answer still comes, later, and finds no pending call.
    await vi.waitFor(() => expect(onUnknownResponse).toHaveBeenCalledTimes(1));
    expect(onUnknownResponse.mock.calls[0]![0]).toMatchObject({ id: 1, result: { done: true } });
    await client.close();
  });

  it("applies the connection's default timeout, which a call may override", async () => {
    const { client } = streamPeers(
      { defaultTimeoutMs: 40, onUnknownResponse: () => {} },
      { methods: slowServer() },
    );
    await expect(client.request(spec.slow, { ms: 120 })).rejects.toMatchObject({
      name: "CallTimeoutError",
      timeoutMs: 40,
    });
    await expect(client.request(spec.slow, { ms: 80 }, { timeoutMs: 1000 })).resolves.toEqual({
      done: true,
    });
    await expect(client.request(spec.slow, { ms: 80 }, { timeoutMs: Infinity })).resolves.toEqual({
      done: true,
    });
    await expect(client.request(spec.slow, { ms: 0 })).resolves.toEqual({ done: true });
    await client.close();
  });

  it("times out calls with different timeouts each at its own time", async () => {
    const { client } = streamPeers({ onUnknownResponse: () => {} }, { methods: slowServer() });
    const started = Date.now();
    const settledAt = (timeoutMs: number): Promise<number> =>
      client.request(spec.slow, { ms: 500 }, { timeoutMs }).then(
        () => -1,
        () => Date.now() - started,
      );
    const [long, short, middle] = await Promise.all([settledAt(150), settledAt(30), settledAt(90)]);
    expect(short).toBeGreaterThanOrEqual(29);
    expect(short).toBeLessThan(middle);
    expect(middle).toBeGreaterThanOrEqual(89);
    expect(middle).toBeLessThan(long);
    expect(long).toBeGreaterThanOrEqual(149);
    await client.close();
  });
});

describe("cancellation", () => {
  it("rejects at once, sending nothing, when the signal is already aborted", async () => {
    const { peer, wire } = rawPeer({ cancellation });
    const controller = new AbortController();
    controller.abort(new Error("not needed any more"));
    const error = await peer
      .request(spec.add, { a: 1, b: 2 }, { signal: controller.signal })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallCancelledError);
    expect((error as Error).cause).toBe(controller.signal.reason);
    // The next thing on the wire is the next call: the aborted one was never sent.
    void peer.request(spec.add, { a: 5, b: 6 }).catch(() => {});
    expect(await wire.nextMessage()).toMatchObject({ method: "math/add", params: { a: 5, b: 6 } });
    await peer.close();
  });

  it("rejects when the signal aborts during the call, tells the other side, whose handler sees its signal abort", async () => {
    let handlerSignal: AbortSignal | undefined;
    let resolveHandlerAborted: (reason: unknown) => void = () => {};
    const handlerAborted = new Promise<unknown>((resolve) => {
      resolveHandlerAborted = resolve;
    });
    const { client } = streamPeers(
      { cancellation, onUnknownResponse: () => {} },
      {
        cancellation,
        onHandlerError: () => {},
        methods: methods([
          spec.slow,
          (_params: unknown, context: HandlerContext) =>
            new Promise((resolve, reject) => {
              handlerSignal = context.signal;
              context.signal.addEventListener("abort", () => {
                resolveHandlerAborted(context.signal.reason);
                reject(context.signal.reason);
              });
            }),
        ]),
      },
    );
    const controller = new AbortController();
    const call = client.request(spec.slow, { ms: 10_000 }, { signal: controller.signal });
    await vi.waitFor(() => expect(handlerSignal).toBeDefined());
    const reason = new Error("user pressed stop");
    controller.abort(reason);
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CallCancelledError);
    expect(error).toMatchObject({ method: "work/slow", cause: reason });
    const serverReason = await handlerAborted;
    expect(serverReason).toBeInstanceOf(CallCancelledError);
    await client.close();
  });

  it("sends the cancel notification with the call's id", async () => {
    const { peer, wire } = rawPeer({ cancellation });
    const controller = new AbortController();
    const call = peer
      .request(spec.slow, { ms: 1 }, { signal: controller.signal })
      .catch((e: unknown) => e);
    const request = await wire.nextMessage();
    controller.abort();
    expect(await call).toBeInstanceOf(CallCancelledError);
    expect(await wire.nextLine()).toBe(
      '{"jsonrpc":"2.0","method":"$/cancel","params":{"id":' + String(request["id"]) + "}}",
    );
    await peer.close();
  });

  it("sends no cancel notification when the protocol has none", async () => {
    const { peer, wire } = rawPeer({});
    const controller = new AbortController();
    const call = peer
      .request(spec.slow, { ms: 1 }, { signal: controller.signal })
      .catch((e: unknown) => e);
    await wire.nextMessage();
    controller.abort();
    expect(await call).toBeInstanceOf(CallCancelledError);
    peer.notify(spec.ping, { text: "after" });
    expect(await wire.nextMessage()).toMatchObject({ method: "notes/ping" });
    await peer.close();
  });
});

describe("closing", () => {
  it("rejects every pending call at once with ConnectionClosedError, and later calls too", async () => {
    const { peer, wire } = rawPeer({});
    const calls = Array.from({ length: 20 }, (_, i) =>
      peer.request(spec.add, { a: i, b: 0 }).catch((e: unknown) => e),
    );
    await wire.nextLine();
    const started = Date.now();
    await wire.close(); // the other side goes away
    const errors = await Promise.all(calls);
    expect(Date.now() - started).toBeLessThan(500); // no call waits for a timeout
    for (const error of errors) {
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect((error as Error).message).toBe("Connection closed: the peer ended the connection");
    }
    expect(await peer.closed).toEqual({ kind: "ended" });
    expect(peer.isOpen).toBe(false);
    await expect(peer.request(spec.add, { a: 1, b: 1 })).rejects.toBeInstanceOf(
      ConnectionClosedError,
    );
  });

  it("aborts the signals of handlers still running, and sends nothing more", async () => {
    const reasons: unknown[] = [];
    const { peer, wire } = rawPeer({
      methods: methods([
        spec.slow,
        (_params: unknown, context: HandlerContext) => {
          context.signal.addEventListener("abort", () => reasons.push(context.signal.reason));
          return sleep(30).then(() => ({ done: true }));
        },
      ]),
    });
    wire.send('{"jsonrpc":"2.0","id":1,"method":"work/slow","params":{"ms":1}}');
    await sleep(5);
    await peer.close();
    expect(reasons).toHaveLength(1);
    expect(reasons[0]).toBeInstanceOf(ConnectionClosedError);
    expect(await peer.closed).toEqual({ kind: "closed" });
    await sleep(50);
    expect(wire.lines).toEqual([]);
  });
});

describe("answers to broken messages", () => {
  const server = (): ReturnType<typeof rawPeer> =>
    rawPeer({
      methods: methods(
        [spec.add, add],
        [
          spec.sum,
          (params: { records: number[] }) => ({ sum: params.records.reduce((a, b) => a + b, 0) }),
        ],
        [spec.ping, () => {}],
      ),
      onProtocolError: () => {},
      onUnknownResponse: () => {},
    });
  const errorLine = (id: string, code: number, message: string): string =>
    '{"jsonrpc":"2.0","id":' +
    id +
    ',"error":{"code":' +
    code +
    ',"message":' +
    JSON.stringify(message) +
    "}}";

  it("answers -32700 with id null to a line that is not JSON, and keeps working", async () => {
    const { peer, wire } = server();
    expect(await wire.ask('{"jsonrpc":"2.0","id":1,"method":')).toBe(
      errorLine("null", -32700, "Parse error"),
    );
    expect(await wire.ask("hello")).toBe(errorLine("null", -32700, "Parse error"));
    expect(
      await wire.ask('{"jsonrpc":"2.0","id":2,"method":"math/add","params":{"a":1,"b":2}}'),
    ).toBe('{"jsonrpc":"2.0","id":2,"result":{"sum":3}}');
    await peer.close();
  });

  it.each([
    [
      "no jsonrpc member",
      '{"id":1,"method":"math/add","params":{"a":1,"b":2}}',
      "1",
      'jsonrpc must be "2.0"',
    ],
    [
      "a wrong jsonrpc version",
      '{"jsonrpc":"1.0","id":"x","method":"math/add"}',
      '"x"',
      'jsonrpc must be "2.0"',
    ],
    [
      "a method that is not a string",
      '{"jsonrpc":"2.0","id":3,"method":42}',
      "3",
      "method must be a string",
    ],
    [
      "an id that is an object",
      '{"jsonrpc":"2.0","id":{"n":1},"method":"math/add"}',
      "null",
      "id must be a string or an integer",
    ],
    [
      "an id that is a boolean",
      '{"jsonrpc":"2.0","id":true,"method":"math/add"}',
      "null",
      "id must be a string or an integer",
    ],
    [
      "an id that is null",
      '{"jsonrpc":"2.0","id":null,"method":"math/add"}',
      "null",
      "id must be a string or an integer",
    ],
    [
      "an id with a fraction",
      '{"jsonrpc":"2.0","id":1.5,"method":"math/add"}',
      "1.5",
      "id must be a string or an integer",
    ],
    [
      "a request with a result",
      '{"jsonrpc":"2.0","id":4,"method":"math/add","result":1}',
      "4",
      "a request has no result or error",
    ],
    ["an empty batch", "[]", "null", "empty batch"],
    ["a number", "42", "null", "a message must be an object"],
    ["an object with neither method nor id", '{"foo":"bar"}', "null", "no method"],
    [
      "a notification without jsonrpc",
      '{"method":"notes/ping","params":{"text":"x"}}',
      "null",
      'jsonrpc must be "2.0"',
    ],
  ])("answers -32600 to %s", async (_case, line, id, problem) => {
    const { peer, wire } = server();
    expect(await wire.ask(line)).toBe(errorLine(id, -32600, "Invalid Request: " + problem));
    await peer.close();
  });

  it("never answers what looks like a response, however broken", async () => {
    const onProtocolError = vi.fn();
    const onUnknownResponse = vi.fn();
    const { peer, wire } = rawPeer({
      methods: methods([spec.add, add]),
      onProtocolError,
      onUnknownResponse,
    });
    wire.send('{"jsonrpc":"2.0","id":7,"result":1,"error":{"code":1,"message":"x"}}');
    wire.send('{"jsonrpc":"2.0","id":8}');
    wire.send('{"id":9,"result":{}}');
    wire.send('{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"Parse error"}}');
    // The first line the peer writes answers this request: nothing was written for the above.
    expect(
      await wire.ask('{"jsonrpc":"2.0","id":10,"method":"math/add","params":{"a":1,"b":1}}'),
    ).toBe('{"jsonrpc":"2.0","id":10,"result":{"sum":2}}');
    expect(onUnknownResponse).toHaveBeenCalledTimes(3);
    expect(onProtocolError).toHaveBeenCalledWith(
      "The peer could not read a message from this side: Parse error",
    );
    await peer.close();
  });

  it("rejects a pending call whose answer is malformed", async () => {
    const { peer, wire } = rawPeer({});
    const both = peer.request(spec.add, { a: 1, b: 1 }).catch((e: unknown) => e);
    const badError = peer.request(spec.add, { a: 1, b: 1 }).catch((e: unknown) => e);
    const badVersion = peer.request(spec.add, { a: 1, b: 1 }).catch((e: unknown) => e);
    wire.send('{"jsonrpc":"2.0","id":1,"result":{"sum":2},"error":{"code":1,"message":"x"}}');
    wire.send('{"jsonrpc":"2.0","id":2,"error":{"code":"oops"}}');
    wire.send('{"jsonrpc":"1.0","id":3,"result":{"sum":2}}');
    expect(await both).toMatchObject({
      name: "ResultValidationError",
      expected: "a result or an error",
      received: "both",
    });
    expect(await badError).toMatchObject({ name: "ResultValidationError", received: "object" });
    expect(await badVersion).toMatchObject({ name: "ResultValidationError", received: "string" });
    await peer.close();
  });

  it("answers -32601 to an unknown method", async () => {
    const { peer, wire } = server();
    expect(await wire.ask('{"jsonrpc":"2.0","id":"q","method":"math/divide","params":{}}')).toBe(
      errorLine('"q"', -32601, 'Method not found: "math/divide"'),
    );
    await peer.close();
  });

  it("answers -32602 with the path of the bad param, before the handler runs", async () => {
    const handler = vi.fn(add);
    const { peer, wire } = rawPeer({
      methods: methods([spec.add, handler], [spec.sum, () => ({ sum: 0 })]),
    });
    const answer = JSON.parse(
      await wire.ask('{"jsonrpc":"2.0","id":1,"method":"math/add","params":{"a":1,"b":"2"}}'),
    );
    expect(answer).toEqual({
      jsonrpc: "2.0",
      id: 1,
      error: {
        code: -32602,
        message: "Invalid params at $.b: expected integer, received string",
        data: { path: "$.b", expected: "integer", received: "string" },
      },
    });
    const nested = JSON.parse(
      await wire.ask('{"jsonrpc":"2.0","id":2,"method":"math/sum","params":{"records":[1,2,3.5]}}'),
    );
    expect(nested.error.data).toEqual({
      path: "$.records[2]",
      expected: "integer",
      received: "number 3.5",
    });
    const missing = JSON.parse(
      await wire.ask('{"jsonrpc":"2.0","id":3,"method":"math/add","params":{"a":1}}'),
    );
    expect(missing.error.data).toEqual({ path: "$.b", expected: "integer", received: "nothing" });
    const none = JSON.parse(await wire.ask('{"jsonrpc":"2.0","id":4,"method":"math/add"}'));
    expect(none.error.data).toEqual({ path: "$", expected: "object", received: "undefined" });
    expect(handler).not.toHaveBeenCalled();
    await peer.close();
  });

  it("answers -32603 to a handler's own failure without leaking it, and reports it", async () => {
    const onHandlerError = vi.fn();
    const secret = new Error("password=hunter2 at /srv/secret/path");
    const { peer, wire } = rawPeer({
      onHandlerError,
      methods: methods([
        spec.fail,
        (params: { how: string }) => {
          if (params.how === "throw") throw secret;
          if (params.how === "reject") return Promise.reject(secret);
          return { cyclic: ((o: Record<string, unknown>) => ((o["self"] = o), o))({}) };
        },
      ]),
    });
    for (const [id, how] of [
      [1, "throw"],
      [2, "reject"],
      [3, "unserializable"],
    ] as const) {
      const line = await wire.ask(
        '{"jsonrpc":"2.0","id":' + id + ',"method":"work/fail","params":{"how":"' + how + '"}}',
      );
      expect(line).toBe(errorLine(String(id), -32603, "Internal error"));
      expect(line).not.toContain("hunter2");
    }
    expect(onHandlerError).toHaveBeenCalledTimes(3);
    expect(onHandlerError).toHaveBeenCalledWith(secret, "work/fail");
    await peer.close();
  });

  it("writes a one-line note to stderr when no onHandlerError is given", async () => {
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { peer, wire } = rawPeer({
        methods: methods([
          spec.fail,
          () => {
            throw new Error("first line\nsecond line");
          },
        ]),
      });
      await wire.ask('{"jsonrpc":"2.0","id":1,"method":"work/fail","params":{"how":"x"}}');
      expect(consoleError).toHaveBeenCalledWith(
        'jsonrpc: handler of "work/fail" failed: Error: first line second line',
      );
      await peer.close();
    } finally {
      consoleError.mockRestore();
    }
  });
});

describe("notifications", () => {
  it("are delivered, in order, and never answered, even when they fail", async () => {
    const onProtocolError = vi.fn();
    const onHandlerError = vi.fn();
    const texts: string[] = [];
    const { peer, wire } = rawPeer({
      onProtocolError,
      onHandlerError,
      methods: methods(
        [spec.add, add],
        [
          spec.ping,
          (params: { text: string }) => {
            texts.push(params.text);
            if (params.text === "throw") throw new Error("boom");
            if (params.text === "reject") return Promise.reject(new Error("async boom"));
            return undefined;
          },
        ],
      ),
    });
    wire.send('{"jsonrpc":"2.0","method":"notes/ping","params":{"text":"one"}}');
    wire.send('{"jsonrpc":"2.0","method":"notes/ping","params":{"text":"throw"}}');
    wire.send('{"jsonrpc":"2.0","method":"notes/ping","params":{"text":"reject"}}');
    wire.send('{"jsonrpc":"2.0","method":"notes/ping","params":{"text":2}}'); // invalid params
    wire.send('{"jsonrpc":"2.0","method":"notes/unknown","params":{}}'); // no such method
    wire.send('{"jsonrpc":"2.0","method":"math/add","params":{"a":1,"b":2}}'); // a request without id
    expect(
      await wire.ask('{"jsonrpc":"2.0","id":1,"method":"math/add","params":{"a":1,"b":1}}'),
    ).toBe('{"jsonrpc":"2.0","id":1,"result":{"sum":2}}');
    expect(texts).toEqual(["one", "throw", "reject"]);
    await vi.waitFor(() => expect(onHandlerError).toHaveBeenCalledTimes(2));
    expect(onProtocolError.mock.calls.map((call) => call[0])).toEqual([
      'Dropped notification "notes/ping": invalid params at $.text: expected string, received integer 2',
      'Dropped notification "notes/unknown": no such method',
      'Dropped notification "math/add": it is a request, so it needs an id',
    ]);
    await peer.close();
  });

  it("refuses a notification method called as a request", async () => {
    const ping = vi.fn();
    const { peer, wire } = rawPeer({ methods: methods([spec.ping, ping]) });
    const answer = JSON.parse(
      await wire.ask('{"jsonrpc":"2.0","id":1,"method":"notes/ping","params":{"text":"x"}}'),
    );
    expect(answer.error).toEqual({
      code: -32600,
      message: 'Invalid Request: "notes/ping" is a notification, send it without an id',
    });
    expect(ping).not.toHaveBeenCalled();
    await peer.close();
  });

  it("are sent without id", async () => {
    const { peer, wire } = rawPeer({});
    peer.notify(spec.ping, { text: "hi" });
    expect(await wire.nextLine()).toBe(
      '{"jsonrpc":"2.0","method":"notes/ping","params":{"text":"hi"}}',
    );
    await peer.close();
    peer.notify(spec.ping, { text: "after close: dropped" });
  });
});

describe("ids", () => {
  it.each([
    ["0", "0"],
    ['""', '""'],
    ['"abc"', '"abc"'],
    ['"with \\"quotes\\" and \\u00e9"', '"with \\"quotes\\" and é"'],
    ["-7", "-7"],
    ["12345678901234567890", "12345678901234567890"],
    ["-98765432109876543210", "-98765432109876543210"],
    ["9007199254740993", "9007199254740993"],
  ])("echoes the id %s exactly", async (id, echoed) => {
    const contexts: RequestContext[] = [];
    const { peer, wire } = rawPeer({
      methods: methods([
        spec.add,
        (params: AddParams, context: HandlerContext) => {
          contexts.push(context as RequestContext);
          return add(params);
        },
      ]),
    });
    const line =
      '{"jsonrpc":"2.0","method":"math/add","params":{"id":1,"a":1,"b":2},"id":' + id + "}";
    expect(await wire.ask(line)).toBe('{"jsonrpc":"2.0","id":' + echoed + ',"result":{"sum":3}}');
    expect(contexts[0]!.id).toEqual(JSON.parse(id));
    expect(contexts[0]!.method).toBe("math/add");
    // The id also comes back exactly in errors.
    expect(await wire.ask('{"jsonrpc":"2.0","id":' + id + ',"method":"nope"}')).toBe(
      '{"jsonrpc":"2.0","id":' +
        echoed +
        ',"error":{"code":-32601,"message":"Method not found: \\"nope\\""}}',
    );
    await peer.close();
  });

  it("sends integer ids from a per-connection counter, and matches its answers only to its own calls", async () => {
    const { peer, wire } = rawPeer({
      methods: methods([spec.add, add]),
      onUnknownResponse: () => {},
    });
    const first = peer.request(spec.add, { a: 1, b: 1 });
    const second = peer.request(spec.add, { a: 2, b: 2 });
    expect(await wire.nextLine()).toBe(
      '{"jsonrpc":"2.0","id":1,"method":"math/add","params":{"a":1,"b":1}}',
    );
    expect(await wire.nextLine()).toBe(
      '{"jsonrpc":"2.0","id":2,"method":"math/add","params":{"a":2,"b":2}}',
    );
    // The other side uses the same ids for its own requests: they are requests, not answers.
    expect(
      await wire.ask('{"jsonrpc":"2.0","id":1,"method":"math/add","params":{"a":10,"b":10}}'),
    ).toBe('{"jsonrpc":"2.0","id":1,"result":{"sum":20}}');
    // A string id "2" is not the integer 2.
    wire.send('{"jsonrpc":"2.0","id":"2","result":{"sum":-1}}');
    wire.send('{"jsonrpc":"2.0","id":2,"result":{"sum":4}}');
    wire.send('{"jsonrpc":"2.0","id":1,"result":{"sum":2}}');
    await expect(second).resolves.toEqual({ sum: 4 });
    await expect(first).resolves.toEqual({ sum: 2 });
    await peer.close();
  });

  it("reports an answer with an unknown id to the hook and drops it", async () => {
    const onUnknownResponse = vi.fn();
    const { peer, wire } = rawPeer({ onUnknownResponse });
    wire.send('{"jsonrpc":"2.0","id":99,"result":{"sum":1}}');
    wire.send('{"jsonrpc":"2.0","id":"abc","error":{"code":-1,"message":"x"}}');
    await vi.waitFor(() => expect(onUnknownResponse).toHaveBeenCalledTimes(2));
    expect(onUnknownResponse.mock.calls[0]![0]).toEqual({
      jsonrpc: "2.0",
      id: 99,
      result: { sum: 1 },
    });
    expect(wire.lines).toEqual([]);
    await peer.close();
  });
});

describe("the lifecycle gate", () => {
  it("refuses requests other than the allowed ones until the ready notification arrived", async () => {
    const onProtocolError = vi.fn();
    const pings: string[] = [];
    const { peer, wire } = rawPeer({
      lifecycle,
      onProtocolError,
      methods: methods(
        [spec.hello, (params: { version: number }) => ({ version: params.version })],
        [spec.ready, () => {}],
        [spec.add, add],
        [spec.ping, (params: { text: string }) => void pings.push(params.text)],
      ),
    });
    // The error's data says what to send first.
    const notReady = {
      code: -32002,
      message: "Server not initialized",
      data: {
        reason: 'the connection is not ready: send "session/hello", then "session/ready" first',
        allowedBefore: ["session/hello"],
        readyAfter: "session/ready",
      },
    };
    expect(
      JSON.parse(
        await wire.ask('{"jsonrpc":"2.0","id":1,"method":"math/add","params":{"a":1,"b":1}}'),
      ),
    ).toEqual({ jsonrpc: "2.0", id: 1, error: notReady });
    // Unknown methods are refused the same way before ready.
    expect(JSON.parse(await wire.ask('{"jsonrpc":"2.0","id":2,"method":"nope"}'))).toEqual({
      jsonrpc: "2.0",
      id: 2,
      error: notReady,
    });
    wire.send('{"jsonrpc":"2.0","method":"notes/ping","params":{"text":"early"}}');
    expect(
      await wire.ask('{"jsonrpc":"2.0","id":3,"method":"session/hello","params":{"version":1}}'),
    ).toBe('{"jsonrpc":"2.0","id":3,"result":{"version":1}}');
    // Right after the ready notification, in the same breath, requests are accepted.
    wire.send('{"jsonrpc":"2.0","method":"session/ready","params":{}}');
    expect(
      await wire.ask('{"jsonrpc":"2.0","id":4,"method":"math/add","params":{"a":1,"b":1}}'),
    ).toBe('{"jsonrpc":"2.0","id":4,"result":{"sum":2}}');
    wire.send('{"jsonrpc":"2.0","method":"notes/ping","params":{"text":"late"}}');
    await vi.waitFor(() => expect(pings).toEqual(["late"]));
    expect(onProtocolError).toHaveBeenCalledWith(
      'Dropped notification "notes/ping": the connection is not ready yet',
    );
    await peer.close();
  });

  it("stays closed when the ready notification has invalid params", async () => {
    const { peer, wire } = rawPeer({
      lifecycle,
      onProtocolError: () => {},
      methods: methods([spec.ready, () => {}], [spec.add, add]),
    });
    wire.send('{"jsonrpc":"2.0","method":"session/ready","params":[]}');
    expect(
      JSON.parse(
        await wire.ask('{"jsonrpc":"2.0","id":1,"method":"math/add","params":{"a":1,"b":1}}'),
      ).error.code,
    ).toBe(-32002);
    await peer.close();
  });
});

describe("a method table given as a function", () => {
  it("is asked for each incoming method", async () => {
    const lookup = vi.fn((name: string) =>
      name === "math/add" ? { spec: spec.add, handler: add } : undefined,
    );
    const { peer, wire } = rawPeer({ methods: lookup });
    expect(
      await wire.ask('{"jsonrpc":"2.0","id":1,"method":"math/add","params":{"a":4,"b":4}}'),
    ).toBe('{"jsonrpc":"2.0","id":1,"result":{"sum":8}}');
    expect(JSON.parse(await wire.ask('{"jsonrpc":"2.0","id":2,"method":"x"}')).error.code).toBe(
      JsonRpcErrorCode.MethodNotFound,
    );
    expect(lookup.mock.calls.map((call) => call[0])).toEqual(["math/add", "x"]);
    await peer.close();
  });
});

describe("context fields", () => {
  it("gives every handler context the fields set with setContextFields, besides id, method and signal", async () => {
    const seen: Array<{ id: unknown; method: string; extra: unknown; aborted: boolean }> = [];
    const record = (context: HandlerContext): void => {
      seen.push({
        id: "id" in context ? context.id : undefined,
        method: context.method,
        extra: (context as unknown as { extra: unknown }).extra,
        aborted: context.signal.aborted,
      });
    };
    const { peer, wire } = rawPeer({
      methods: methods(
        [spec.add, (params: AddParams, context: HandlerContext) => (record(context), add(params))],
        [spec.ping, (_params: unknown, context: HandlerContext) => record(context)],
      ),
    });
    const extra = { client: "the other side" };
    peer.setContextFields({ extra });
    wire.send('{"jsonrpc":"2.0","method":"notes/ping","params":{"text":"x"}}');
    await wire.ask('{"jsonrpc":"2.0","id":"r1","method":"math/add","params":{"a":1,"b":1}}');
    expect(seen).toEqual([
      { id: undefined, method: "notes/ping", extra, aborted: false },
      { id: "r1", method: "math/add", extra, aborted: false },
    ]);
    await peer.close();
  });
});

describe("batches (JSON-RPC 2.0, section 6)", () => {
  const slowAdd = async (params: AddParams): Promise<{ sum: number }> => {
    await sleep(params.a);
    return add(params);
  };
  const server = (): ReturnType<typeof rawPeer> =>
    rawPeer({
      methods: methods([spec.add, slowAdd], [spec.ping, () => {}]),
      onProtocolError: () => {},
    });

  it("answers the requests of a batch together, in one array, once all are answered", async () => {
    const { peer, wire } = server();
    wire.send(
      "[" +
        '{"jsonrpc":"2.0","id":1,"method":"math/add","params":{"a":30,"b":1}},' +
        '{"jsonrpc":"2.0","method":"notes/ping","params":{"text":"hi"}},' +
        '{"jsonrpc":"2.0","id":"two","method":"math/add","params":{"a":1,"b":1}},' +
        '{"jsonrpc":"2.0","id":3,"method":"no/such"}' +
        "]",
    );
    const answer = JSON.parse(await wire.nextLine()) as Array<Record<string, unknown>>;
    expect(Array.isArray(answer)).toBe(true);
    // One answer per request, none for the notification; the slow one comes last.
    expect(answer).toEqual([
      { jsonrpc: "2.0", id: 3, error: { code: -32601, message: 'Method not found: "no/such"' } },
      { jsonrpc: "2.0", id: "two", result: { sum: 2 } },
      { jsonrpc: "2.0", id: 1, result: { sum: 31 } },
    ]);
    await sleep(20);
    expect(wire.lines).toHaveLength(1);
    await peer.close();
  });

  it("answers each member that is not a message with its own -32600", async () => {
    const { peer, wire } = server();
    expect(JSON.parse(await wire.ask("[1,2]"))).toEqual([
      {
        jsonrpc: "2.0",
        id: null,
        error: { code: -32600, message: "Invalid Request: a message must be an object" },
      },
      {
        jsonrpc: "2.0",
        id: null,
        error: { code: -32600, message: "Invalid Request: a message must be an object" },
      },
    ]);
    await peer.close();
  });

  it("answers nothing to a batch of notifications", async () => {
    const { peer, wire } = server();
    wire.send(
      '[{"jsonrpc":"2.0","method":"notes/ping","params":{"text":"a"}},{"jsonrpc":"2.0","method":"notes/ping","params":{"text":"b"}}]',
    );
    // The next answer is the one to this request: the batch got none.
    expect(
      JSON.parse(
        await wire.ask('{"jsonrpc":"2.0","id":9,"method":"math/add","params":{"a":1,"b":2}}'),
      ),
    ).toEqual({
      jsonrpc: "2.0",
      id: 9,
      result: { sum: 3 },
    });
    await peer.close();
  });

  it("serves the members of a batch and single messages side by side", async () => {
    const { peer, wire } = server();
    wire.send('[{"jsonrpc":"2.0","id":1,"method":"math/add","params":{"a":40,"b":0}}]');
    expect(
      JSON.parse(
        await wire.ask('{"jsonrpc":"2.0","id":2,"method":"math/add","params":{"a":0,"b":5}}'),
      ),
    ).toEqual({
      jsonrpc: "2.0",
      id: 2,
      result: { sum: 5 },
    });
    expect(JSON.parse(await wire.nextLine())).toEqual([
      { jsonrpc: "2.0", id: 1, result: { sum: 40 } },
    ]);
    await peer.close();
  });
});
