// The generated connections' share of robustness: calls by name from plain JavaScript, the
// timeout of calls handlers make, and the lifecycle gate's error saying what to send first.
import { describe, expect, it } from "vitest";
import {
  createComponentServerConnection,
  createRuntimeConnection,
  memoryTransportPair,
  type ComponentServerHandlers,
  type RuntimeHandlers,
} from "../../generated/dist/index.js";

const never = <T>(): Promise<T> => new Promise<T>(() => {});

function connect(
  serverHandlers: Partial<ComponentServerHandlers>,
  runtimeHandlers: Partial<RuntimeHandlers>,
  serverOptions = {},
) {
  const [a, b] = memoryTransportPair();
  const server = createComponentServerConnection(
    b,
    {
      initialize: () => ({ server_protocol_version: 1 }),
      componentsList: () => ({ components: [] }),
      componentsInfo: ({ component }) => ({ info: { component } }),
      componentsExecute: ({ input }) => ({ output: input }),
      ...serverHandlers,
    },
    serverOptions,
  );
  const runtime = createRuntimeConnection(a, {
    blobsPut: () => never(),
    blobsGet: () => never(),
    flowsEvaluate: () => never(),
    ...runtimeHandlers,
  });
  return { server, runtime };
}

describe("generated clients called by name from plain JavaScript", () => {
  it("reject an unknown method with a TypeError naming it and the methods there are", async () => {
    const { runtime, server } = connect({}, {});
    const client = runtime.componentServer as unknown as {
      request(method: unknown, params: unknown): Promise<unknown>;
      notify(method: unknown, params: unknown): void;
    };
    const error = await client.request("no/such", {}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toBe(
      'Cannot send "no/such": it is not a request this client sends (components/execute, components/info, components/list, initialize)',
    );
    // A name inherited by every object is no method either, nor is a notification's.
    await expect(client.request("toString", {})).rejects.toThrow(/^Cannot send "toString"/);
    await expect(client.request("initialized", {})).rejects.toThrow(/^Cannot send "initialized"/);
    expect(() => client.notify("initialize", {})).toThrow(
      'Cannot send "initialize": it is not a notification this client sends (initialized)',
    );
    await runtime.close();
    await server.close();
  });
});

describe("calls a handler makes through its context", () => {
  it("time out after nestedCallTimeoutMs when the other side never answers", async () => {
    const { runtime, server } = connect(
      {
        async componentsExecute(_params, context) {
          const error = await context.runtime
            .blobsPut({ data: 1, blob_type: "data" })
            .catch((e: unknown) => e as Error);
          return { output: (error as Error).message };
        },
      },
      {},
      { nestedCallTimeoutMs: 50 },
    );
    await runtime.componentServer.initialize({ runtime_protocol_version: 1 });
    runtime.componentServer.initialized();
    const { output } = await runtime.componentServer.componentsExecute({
      component: "/x",
      input: null,
    });
    expect(output).toBe('Call to "blobs/put" timed out after 50 ms');
    // The connection's own clients are not affected: no default timeout there.
    await runtime.close();
    await server.close();
  });
});

describe("the lifecycle gate", () => {
  it("refuses a request before initialize with data saying what to send first", async () => {
    const { runtime, server } = connect({}, {});
    const error = await runtime.componentServer.componentsList({}).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: -32002,
      data: {
        reason: 'the connection is not ready: send "initialize", then "initialized" first',
        allowedBefore: ["initialize"],
        readyAfter: "initialized",
      },
    });
    await runtime.close();
    await server.close();
  });
});
