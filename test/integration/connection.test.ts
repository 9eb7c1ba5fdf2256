// The generated package over real pipes: this process is the runtime (or, once, the component
// server) and a child process is the other side. The children are small scripts under fixtures/
// that import the generated package by relative path.

import { createHash } from "node:crypto";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CallCancelledError,
  CallTimeoutError,
  ConnectionClosedError,
  ResultValidationError,
  RpcError,
  type ComponentServerHandlers,
  type RuntimeHandlers,
} from "../../generated/dist/index.js";
import { spawnRuntime } from "../../generated/dist/node.js";
import {
  fixture,
  handshake,
  killAll,
  sleep,
  spawnServer,
  track,
  unusedRuntimeHandlers,
  until,
  within,
  type Spawned,
} from "./support.js";

const testServer = fixture("test-server.mjs");
const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The error a promise rejects with (fails if it resolves). */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (value) => {
      throw new Error("expected a rejection, got " + JSON.stringify(value));
    },
    (error: unknown) => error,
  );
}

/** A quick call that proves the connection still works. */
async function expectWorking(server: Spawned): Promise<void> {
  const input = { still: "working", at: Date.now() };
  const { output } = await server.componentServer.componentsExecute(
    { component: "/test/echo", input },
    { timeoutMs: 5_000 },
  );
  expect(output).toEqual(input);
}

/** A blob store for the runtime side, recording when each call starts and ends. */
function recordingBlobStore(delayMs: number) {
  const blobs = new Map<string, unknown>();
  const events: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const tagOf = (data: unknown): string => String((data as { tag?: unknown }).tag);
  const enter = (): void => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
  };
  const handlers: RuntimeHandlers = {
    ...unusedRuntimeHandlers,
    blobsPut: async ({ data }) => {
      events.push("put-start " + tagOf(data));
      enter();
      await sleep(delayMs);
      inFlight--;
      const blob_id = sha256(JSON.stringify(data));
      blobs.set(blob_id, data);
      events.push("put-end " + tagOf(data));
      return { blob_id };
    },
    blobsGet: async ({ blob_id }) => {
      const data = blobs.get(blob_id);
      if (data === undefined) throw new RpcError(-32008, "Blob not found");
      events.push("get-start " + tagOf(data));
      enter();
      await sleep(delayMs);
      inFlight--;
      events.push("get-end " + tagOf(data));
      return { data: data as never, blob_type: "data" };
    },
  };
  return { handlers, events, blobs, maxInFlight: () => maxInFlight };
}

afterEach(killAll);

describe("a runtime connection to a spawned component server", () => {
  it("matches 200 concurrent calls answered out of order to their own results", async () => {
    const server = spawnServer(testServer, [], unusedRuntimeHandlers, { defaultTimeoutMs: 10_000 });
    await handshake(server);
    const count = 200;
    const completed: number[] = [];
    // Later calls wait less, so the answers come back roughly in reverse.
    const calls = Array.from({ length: count }, (_, i) =>
      server.componentServer
        .componentsExecute({ component: "/test/delay", input: { i, delayMs: (count - i) * 2 } })
        .then((result) => {
          completed.push(i);
          return result;
        }),
    );
    const results = await within(Promise.all(calls), 10_000, "200 answers");
    results.forEach((result, i) => expect(result).toEqual({ output: { i } }));
    expect(completed).toHaveLength(count);
    expect(completed).not.toEqual([...completed].sort((a, b) => a - b));
    expect(completed[0]).toBeGreaterThanOrEqual(count - 20); // one of the last calls answered first
    expect(completed.at(-1)).toBeLessThan(20); // one of the first calls answered last
    await expectWorking(server);
  });

  it("serves the nested calls of two executions in flight at once", async () => {
    const store = recordingBlobStore(40);
    const server = spawnServer(testServer, [], store.handlers, { defaultTimeoutMs: 5_000 });
    await handshake(server);
    const a = { tag: "A", values: [1, 2, 3] };
    const b = { tag: "B", values: { nested: true } };
    const [resultA, resultB] = await Promise.all([
      server.componentServer.componentsExecute({
        component: "/test/blob-steps",
        input: { data: a, waitMs: 100 },
      }),
      server.componentServer.componentsExecute({
        component: "/test/blob-steps",
        input: { data: b, waitMs: 100 },
      }),
    ]);
    expect(resultA.output).toEqual({ blob_id: sha256(JSON.stringify(a)), data: a });
    expect(resultB.output).toEqual({ blob_id: sha256(JSON.stringify(b)), data: b });

    const at = (event: string): number => {
      const index = store.events.indexOf(event);
      expect(index, event + " in " + store.events.join(", ")).toBeGreaterThanOrEqual(0);
      return index;
    };
    // Each execution's put came before its get...
    expect(at("put-end A")).toBeLessThan(at("get-start A"));
    expect(at("put-end B")).toBeLessThan(at("get-start B"));
    // ...and the two executions interleaved: each one's put started before the other's get.
    expect(at("put-start A")).toBeLessThan(at("get-start B"));
    expect(at("put-start B")).toBeLessThan(at("get-start A"));
    // The runtime had calls from both executions running at the same time.
    expect(store.maxInFlight()).toBe(2);
    expect(store.events).toHaveLength(8);
  });

  it("rejects a call the server never answers with CallTimeoutError, and keeps working", async () => {
    const server = spawnServer(testServer, [], unusedRuntimeHandlers);
    await handshake(server);
    const started = performance.now();
    const error = await rejection(
      server.componentServer.componentsExecute(
        { component: "/test/never", input: null },
        { timeoutMs: 200 },
      ),
    );
    const elapsed = performance.now() - started;
    expect(error).toBeInstanceOf(CallTimeoutError);
    expect((error as CallTimeoutError).timeoutMs).toBe(200);
    expect((error as CallTimeoutError).method).toBe("components/execute");
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(3_000);
    await expectWorking(server);
  });

  it("rejects a call whose signal aborts with CallCancelledError at once, and keeps working", async () => {
    const server = spawnServer(testServer, [], unusedRuntimeHandlers);
    await handshake(server);
    const controller = new AbortController();
    const call = rejection(
      server.componentServer.componentsExecute(
        { component: "/test/never", input: null },
        { signal: controller.signal, timeoutMs: 10_000 },
      ),
    );
    await sleep(50);
    const reason = new Error("the user gave up");
    const aborted = performance.now();
    controller.abort(reason);
    const error = await within(call, 2_000, "the cancelled call to reject");
    expect(performance.now() - aborted).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(CallCancelledError);
    expect((error as CallCancelledError).cause).toBe(reason);
    // A signal that has already aborted fails the call before anything is sent.
    await expect(
      server.componentServer.componentsExecute(
        { component: "/test/echo", input: 1 },
        { signal: controller.signal },
      ),
    ).rejects.toBeInstanceOf(CallCancelledError);
    await expectWorking(server);
  });

  it("rejects every pending call with ConnectionClosedError naming the signal when the server is killed", async () => {
    let arrived = 0;
    const handlers: RuntimeHandlers = {
      ...unusedRuntimeHandlers,
      blobsPut: ({ data }) => {
        arrived++;
        return { blob_id: sha256(JSON.stringify(data)) };
      },
    };
    const server = spawnServer(testServer, [], handlers);
    await handshake(server);
    const count = 10;
    const calls = Array.from({ length: count }, (_, i) =>
      rejection(
        server.componentServer.componentsExecute({ component: "/test/hold", input: { i } }),
      ),
    );
    // Each execution calls blobs/put first, so this says every call has reached the server.
    await until(() => arrived === count, 5_000, "every execution to reach the server");

    const killed = performance.now();
    server.transport.child.kill("SIGKILL");
    const errors = await within(Promise.all(calls), 5_000, "the pending calls to reject");
    expect(performance.now() - killed).toBeLessThan(1_000); // generous: it is one close event
    for (const error of errors) {
      expect(error).toBeInstanceOf(ConnectionClosedError);
      expect((error as Error).message).toMatch(/SIGKILL/);
    }
    expect(await server.closed).toEqual({ kind: "exit", code: null, signal: "SIGKILL" });
    expect(await server.transport.exited).toEqual({ code: null, signal: "SIGKILL" });
    // Calls made after the close fail at once, for the same reason.
    const late = await rejection(server.componentServer.componentsList());
    expect(late).toBeInstanceOf(ConnectionClosedError);
    expect((late as Error).message).toMatch(/SIGKILL/);
  });

  it("gets -32700 and -32600 answers to malformed lines and -32601 for an unknown method, and keeps working", async () => {
    const onProtocolError = vi.fn();
    const onUnknownResponse = vi.fn();
    const server = spawnServer(testServer, [], unusedRuntimeHandlers, {
      onProtocolError,
      onUnknownResponse,
    });
    // Every line the server writes, as it arrives.
    const received: Array<{ id?: unknown; error?: { code: number; message: string } }> = [];
    // A batch is answered with an array: its answers are counted one by one.
    server.transport.onMessage((line) => received.push(...[JSON.parse(line)].flat()));
    await handshake(server);

    /** Sends a raw line and waits for the `count` answers with id null that it provokes. */
    async function answersTo(
      line: string,
      count: number,
    ): Promise<Array<{ code: number; message: string }>> {
      const before = received.length;
      server.transport.send(line);
      await until(
        () => received.slice(before).filter((m) => m.id === null).length >= count,
        5_000,
        "an answer to " + line,
      );
      const answers = received.slice(before).filter((m) => m.id === null);
      expect(answers).toHaveLength(count);
      return answers.map((answer) => answer.error!);
    }
    const answerTo = async (line: string): Promise<{ code: number; message: string }> =>
      (await answersTo(line, 1))[0]!;

    expect(await answerTo("{not json")).toEqual({ code: -32700, message: "Parse error" });
    // A batch of two non-messages: one -32600 for each, together in one array.
    expect((await answersTo("[1, 2]", 2)).map((error) => error.code)).toEqual([-32600, -32600]);
    expect((await answerTo("42")).code).toBe(-32600);
    expect((await answerTo('{"jsonrpc":"2.0"}')).code).toBe(-32600);
    // This side heard about each of them: the answers carry no id, so they match no call.
    expect(onProtocolError).toHaveBeenCalledTimes(5);
    expect(onProtocolError).toHaveBeenCalledWith(expect.stringContaining("Parse error"));

    const unknown = await rejection(
      server.peer.request(
        { name: "no/such/method", kind: "request", validateParams: () => undefined },
        {},
        { timeoutMs: 5_000 },
      ),
    );
    expect(unknown).toBeInstanceOf(RpcError);
    expect((unknown as RpcError).code).toBe(-32601);
    expect((unknown as RpcError).message).toContain("no/such/method");

    await expectWorking(server);
    expect(onUnknownResponse).not.toHaveBeenCalled();
  });

  it("refuses requests with -32002 until initialized arrives", async () => {
    const server = spawnServer(testServer, [], unusedRuntimeHandlers, { defaultTimeoutMs: 5_000 });
    const beforeInitialize = await rejection(server.componentServer.componentsList());
    expect((beforeInitialize as RpcError).code).toBe(-32002);

    expect(await server.componentServer.initialize({ runtime_protocol_version: 1 })).toEqual({
      server_protocol_version: 1,
    });
    const beforeInitialized = await rejection(server.componentServer.componentsList());
    expect(beforeInitialized).toBeInstanceOf(RpcError);
    expect((beforeInitialized as RpcError).code).toBe(-32002);
    const execute = await rejection(
      server.componentServer.componentsExecute({ component: "/test/echo", input: 1 }),
    );
    expect((execute as RpcError).code).toBe(-32002);

    server.componentServer.initialized();
    const { components } = await server.componentServer.componentsList();
    expect(components.map((info) => info.component)).toContain("/test/echo");
  });

  it("answers invalid params with -32602 and the path of the problem", async () => {
    const server = spawnServer(testServer, [], unusedRuntimeHandlers, { defaultTimeoutMs: 5_000 });
    await handshake(server);
    const error = await rejection(
      server.componentServer.componentsExecute({ component: 42 } as any),
    );
    expect(error).toBeInstanceOf(RpcError);
    expect((error as RpcError).code).toBe(-32602);
    expect((error as RpcError).data).toMatchObject({ path: "$.component" });
    expect((error as RpcError).message).toContain("$.component");

    const missing = await rejection(server.componentServer.componentsInfo({} as any));
    expect((missing as RpcError).code).toBe(-32602);
    expect((missing as RpcError).data).toMatchObject({ path: "$.component", received: "nothing" });
    await expectWorking(server);
  });

  it("rejects a result that breaks the schema with ResultValidationError naming the path", async () => {
    const server = spawnServer(testServer, ["--bad-list"], unusedRuntimeHandlers, {
      defaultTimeoutMs: 5_000,
    });
    await handshake(server);
    const error = await rejection(server.componentServer.componentsList());
    expect(error).toBeInstanceOf(ResultValidationError);
    expect((error as ResultValidationError).method).toBe("components/list");
    expect((error as ResultValidationError).path).toBe("$.components");
    expect((error as ResultValidationError).expected).toBe("array");
    expect((error as Error).message).toContain("$.components");
    await expectWorking(server);
  });
});

describe("a component server connection to a spawned runtime that sends raw lines", () => {
  it("answers garbage with -32700, each member of a batch of non-messages with -32600, an unknown method with -32601, and serves the rest", async () => {
    const executed = vi.fn();
    const handlers: ComponentServerHandlers = {
      initialize: () => ({ server_protocol_version: 1 }),
      componentsList: () => ({ components: [{ component: "/raw/echo" }] }),
      componentsInfo: ({ component }) => ({ info: { component } }),
      componentsExecute: ({ component, input }) => {
        executed(component, input);
        return { output: input };
      },
    };
    const runtime = spawnRuntime(process.execPath, [fixture("raw-runtime.mjs")], handlers, {
      stderr: "pipe",
      onProtocolError: vi.fn(),
    });
    track(runtime.transport.child);
    let stderr = "";
    runtime.transport.child
      .stderr!.setEncoding("utf8")
      .on("data", (chunk: string) => (stderr += chunk));

    expect(await within(runtime.transport.exited, 5_000, "the raw runtime to finish")).toEqual({
      code: 0,
      signal: null,
    });
    const { answers } = JSON.parse(stderr) as {
      answers: Array<{ id: unknown; result?: unknown; error?: { code: number } }>;
    };
    const byId = (id: unknown) => answers.filter((answer) => answer.id === id);
    expect(byId(null).map((answer) => answer.error?.code)).toEqual([-32700, -32600, -32600]); // in the order sent
    expect(byId(1)).toEqual([{ jsonrpc: "2.0", id: 1, result: { server_protocol_version: 1 } }]);
    expect(byId(2)).toMatchObject([{ id: 2, error: { code: -32601 } }]);
    expect(byId(3)).toEqual([{ jsonrpc: "2.0", id: 3, result: { output: { n: 3 } } }]);
    expect(executed).toHaveBeenCalledWith("/raw/echo", { n: 3 });
    expect(await runtime.closed).toEqual({ kind: "exit", code: 0, signal: null });
  });
});
