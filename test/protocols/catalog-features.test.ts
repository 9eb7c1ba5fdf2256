// What a catalog can say beyond "a method with params and a result", generated from
// test/protocols/fixtures/features.* and run over an in-memory connection, one side of which is
// often the bare transport, so that the test sees the exact wire text:
// params that may be absent or that a method never takes, a method either side may call, types
// named by JSON pointer into the schema, a request that must not be cancelled, extension methods
// found by prefix, and deprecated/since in the docs.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { makeTempDir, removeTempDir, repoRoot, runTsc, writeUseProject } from "../helpers/repo.js";

// The generated package is imported at run time; its shape is checked by the assertions.
let pkg: any;
let tmp: string;
let outDir: string;

beforeAll(async () => {
  tmp = makeTempDir("features");
  outDir = path.join(tmp, "features");
  await generate({
    schemaPath: "test/protocols/fixtures/features.schema.json",
    catalogPath: "test/protocols/fixtures/features.catalog.json",
    outDir,
    cwd: repoRoot,
    cache: false,
  });
  pkg = await import(pathToFileURL(path.join(outDir, "dist", "index.js")).href);
}, 60_000);

afterAll(() => removeTempDir(tmp));

const serverHandlers = {
  initialize: ({ version }: { version: string }) => ({ version }),
  ping: () => ({}),
  toolsCall: ({ name }: { name: string }) => ({ content: [name] }),
  slow: ({ ms }: { ms: number }) => new Promise((resolve) => setTimeout(() => resolve(null), ms)),
  shutdown: () => null,
};

/** A server connection, and the bare transport of its other side with what arrived on it. */
function serverAndWire(handlers: Record<string, unknown> = {}, options: object = {}) {
  const [serverSide, wire] = pkg.memoryTransportPair();
  const notes: string[] = [];
  const server = pkg.createServerConnection(
    serverSide,
    { ...serverHandlers, ...handlers },
    { onProtocolError: (note: string) => notes.push(note), ...options },
  );
  const received: any[] = [];
  wire.onMessage((text: string) => received.push(JSON.parse(text)));
  const answer = async (id: number) => {
    for (let i = 0; i < 200; i++) {
      const found = received.find((message) => message.id === id);
      if (found) return found;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    throw new Error(`no answer to ${id}`);
  };
  return { server, wire, received, notes, answer };
}

/** A client connection, and the bare transport of its other side. */
function clientAndWire(handlers: Record<string, unknown> = {}, options: object = {}) {
  const [clientSide, wire] = pkg.memoryTransportPair();
  const client = pkg.createClientConnection(clientSide, { ping: () => ({}), ...handlers }, options);
  const sent: any[] = [];
  wire.onMessage((text: string) => sent.push(JSON.parse(text)));
  return { client, wire, sent };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe("params that may be absent", () => {
  it("a request whose params are optional is answered with or without them", async () => {
    const { wire, answer } = serverAndWire();
    wire.send('{"jsonrpc":"2.0","id":1,"method":"ping"}');
    wire.send('{"jsonrpc":"2.0","id":2,"method":"ping","params":{}}');
    wire.send('{"jsonrpc":"2.0","id":3,"method":"ping","params":{"_meta":{"trace":"t"}}}');
    for (const id of [1, 2, 3])
      expect(await answer(id)).toEqual({ jsonrpc: "2.0", id, result: {} });
  });

  it("present optional params are still checked against their schema", async () => {
    const { wire, answer } = serverAndWire();
    wire.send('{"jsonrpc":"2.0","id":1,"method":"ping","params":3}');
    wire.send('{"jsonrpc":"2.0","id":2,"method":"ping","params":{"_meta":{"trace":1}}}');
    wire.send('{"jsonrpc":"2.0","id":3,"method":"ping","params":{"other":true}}');
    for (const id of [1, 2, 3]) expect((await answer(id)).error.code).toBe(-32602);
    expect((await answer(2)).error.data.path).toBe("$._meta.trace");
  });

  it("a method that takes no params refuses params, and its calls send none", async () => {
    const { wire, answer } = serverAndWire();
    wire.send('{"jsonrpc":"2.0","id":1,"method":"shutdown"}');
    wire.send('{"jsonrpc":"2.0","id":2,"method":"shutdown","params":{}}');
    expect(await answer(1)).toEqual({ jsonrpc: "2.0", id: 1, result: null });
    expect((await answer(2)).error).toMatchObject({
      code: -32602,
      data: { expected: "no params (the method takes none)", received: "object" },
    });

    const { client, sent } = clientAndWire();
    void client.server.shutdown();
    client.server.exit();
    void client.server.ping();
    // By name, the same.
    void client.server.request("shutdown");
    client.server.notify("exit");
    void client.server.request("ping");
    void client.server.request("ping", { _meta: { trace: "t" } });
    await settle();
    expect(sent.map((message) => Object.keys(message).sort())).toEqual([
      ["id", "jsonrpc", "method"],
      ["jsonrpc", "method"],
      ["id", "jsonrpc", "method"],
      ["id", "jsonrpc", "method"],
      ["jsonrpc", "method"],
      ["id", "jsonrpc", "method"],
      ["id", "jsonrpc", "method", "params"],
    ]);
  });

  it("required params stay required: absent ones are refused", async () => {
    const { wire, answer } = serverAndWire();
    wire.send('{"jsonrpc":"2.0","id":1,"method":"tools/call"}');
    expect((await answer(1)).error).toMatchObject({
      code: -32602,
      data: { received: "undefined" },
    });
  });

  it("absent params pass to the handler as undefined, and the notification handler runs", async () => {
    const seen: unknown[] = [];
    const { wire, notes } = serverAndWire({ exit: (params: unknown) => seen.push(params) });
    wire.send('{"jsonrpc":"2.0","method":"exit"}');
    wire.send('{"jsonrpc":"2.0","method":"exit","params":[]}');
    await settle();
    expect(seen).toEqual([undefined]);
    expect(notes).toEqual([expect.stringContaining('Dropped notification "exit": invalid params')]);
  });
});

describe("a method either side may call", () => {
  it("both roles handle ping, and both clients send it", async () => {
    const [a, b] = pkg.memoryTransportPair();
    let clientPinged = 0;
    let serverPinged = 0;
    const server = pkg.createServerConnection(a, {
      ...serverHandlers,
      ping: () => (serverPinged++, {}),
    });
    const client = pkg.createClientConnection(b, { ping: () => (clientPinged++, {}) });
    expect(await client.server.ping()).toEqual({});
    expect(await server.client.ping({ _meta: { trace: "x" } })).toEqual({});
    expect([clientPinged, serverPinged]).toEqual([1, 1]);
    expect(pkg.methods.ping).toMatchObject({ from: "client", to: "server", bothDirections: true });
  });

  it("the cancellation notification goes both ways: the client's handler is cancelled too", async () => {
    let aborted = false;
    const { wire } = clientAndWire({
      ping: (_params: unknown, context: any) =>
        new Promise((resolve) =>
          context.signal.addEventListener("abort", () => {
            aborted = true;
            resolve({});
          }),
        ),
    });
    wire.send('{"jsonrpc":"2.0","id":7,"method":"ping"}');
    await settle();
    expect(aborted).toBe(false);
    wire.send('{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":7}}');
    await settle();
    expect(aborted).toBe(true);
  });
});

describe("types named by JSON pointer", () => {
  it("inline params are declared under the method's name and checked by their inline schema", async () => {
    const types = readFileSync(path.join(outDir, "src/types.ts"), "utf8");
    expect(types).toMatch(/export type ToolsCallParams = \{/);
    expect(types).toMatch(/export type PingParams = \{/);
    expect(pkg.methods["tools/call"]).toMatchObject({
      paramsType: "ToolsCallParams",
      // A pointer at a bare `$ref` names what it refers to.
      resultType: "CallToolResult",
    });
    const { wire, answer } = serverAndWire();
    wire.send('{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x"}}');
    wire.send('{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"arguments":{}}}');
    expect((await answer(1)).result).toEqual({ content: ["x"] });
    expect((await answer(2)).error.data).toMatchObject({ path: "$.name", received: "nothing" });
  });

  it("a pointer to nowhere, or through a broken $ref, is an error naming the catalog entry", async () => {
    const catalog = JSON.parse(
      readFileSync(path.join(repoRoot, "test/protocols/fixtures/features.catalog.json"), "utf8"),
    );
    catalog.methods[2].params = "#/$defs/CallToolRequest/properties/nothing";
    catalog.methods[2].result = "#/$defs/Meta/properties/trace/type";
    const file = path.join(tmp, "broken.catalog.json");
    writeFileSync(file, JSON.stringify(catalog));
    await expect(
      generate({
        schemaPath: "test/protocols/fixtures/features.schema.json",
        catalogPath: file,
        outDir: path.join(tmp, "broken"),
        cwd: repoRoot,
        cache: false,
      }),
    ).rejects.toThrow(
      /\/methods\/2\/params: no schema at "#\/\$defs\/CallToolRequest\/properties\/nothing"[\s\S]*\/methods\/2\/result: "#\/\$defs\/Meta\/properties\/trace\/type" points at the string/,
    );
  });
});

describe("requests that must not be cancelled", () => {
  it("a timed-out initialize sends no cancellation; a timed-out cancellable call does", async () => {
    const { client, sent } = clientAndWire();
    await expect(
      client.server.initialize({ version: "1" }, { timeoutMs: 5 }),
    ).rejects.toBeInstanceOf(pkg.CallTimeoutError);
    const controller = new AbortController();
    const slow = client.server.slow({ ms: 1000 }, { signal: controller.signal });
    controller.abort();
    await expect(slow).rejects.toBeInstanceOf(pkg.CallCancelledError);
    await settle();
    expect(sent.map((message) => message.method)).toEqual([
      "initialize",
      "slow",
      "notifications/cancelled",
    ]);
    expect(sent[2].params).toEqual({ requestId: sent[1].id });
    expect(pkg.methods.initialize.cancellable).toBe(false);
    expect(pkg.methods.slow.cancellable).toBeUndefined();
  });
});

describe("extension methods", () => {
  it("names with the prefix reach the one extension handler, typed or not", async () => {
    const calls: unknown[] = [];
    const { wire, answer, notes } = serverAndWire({
      extensionRequest: (method: string, params: unknown, context: any) => {
        calls.push([method, params, context.id]);
        return { echoed: params ?? null };
      },
      extensionNotification: (method: string, params: unknown) => calls.push([method, params]),
    });
    wire.send('{"jsonrpc":"2.0","id":1,"method":"$/custom/echo","params":[1,"two"]}');
    wire.send('{"jsonrpc":"2.0","method":"$/setTrace","params":{"value":"off"}}');
    wire.send('{"jsonrpc":"2.0","id":2,"method":"custom/echo"}');
    expect(await answer(1)).toEqual({ jsonrpc: "2.0", id: 1, result: { echoed: [1, "two"] } });
    expect((await answer(2)).error.code).toBe(-32601);
    expect(calls).toEqual([
      ["$/custom/echo", [1, "two"], 1],
      ["$/setTrace", { value: "off" }],
    ]);
    expect(notes).toEqual([]);
  });

  it("without an extension handler, requests are not found and notifications are ignored quietly", async () => {
    const { wire, answer, notes } = serverAndWire();
    wire.send('{"jsonrpc":"2.0","method":"$/progress","params":{}}');
    wire.send('{"jsonrpc":"2.0","id":1,"method":"$/anything"}');
    expect((await answer(1)).error).toMatchObject({ code: -32601 });
    expect(notes).toEqual([]);
  });

  it("a catalog method with the prefix keeps its own type and handler", async () => {
    const got: unknown[] = [];
    const [a, b] = pkg.memoryTransportPair();
    const server = pkg.createServerConnection(a, serverHandlers);
    const notes: string[] = [];
    pkg.createClientConnection(
      b,
      {
        ping: () => ({}),
        known: (params: unknown) => got.push(["known", params]),
        extensionNotification: (method: string) => got.push(["extension", method]),
      },
      { onProtocolError: (note: string) => notes.push(note) },
    );
    server.client.known({ trace: "a" });
    server.client.notifyExtension("$/other", 1);
    // Checked as the catalog says: a wrong `$/known` is dropped, not passed on as an extension.
    server.peer.notify(
      { name: "$/known", kind: "notification", validateParams: () => undefined },
      5,
    );
    await settle();
    expect(got).toEqual([
      ["known", { trace: "a" }],
      ["extension", "$/other"],
    ]);
    expect(notes).toEqual([expect.stringContaining('"$/known": invalid params')]);
  });

  it("clients send extension calls by name, and refuse names without the prefix", async () => {
    const { client, sent, wire } = clientAndWire();
    const call = client.server.requestExtension("$/x", { a: 1 });
    await settle();
    wire.send(JSON.stringify({ jsonrpc: "2.0", id: sent[0].id, result: "anything" }));
    expect(await call).toBe("anything");
    await expect(client.server.requestExtension("x")).rejects.toThrow(
      'Cannot send "x" as an extension method: its name must start with "$/"',
    );
    // A protocol method is not an extension, even with the prefix.
    expect(() => client.server.notifyExtension("$/known")).toThrow(TypeError);
    expect(pkg.isExtensionMethodName("$/a")).toBe(true);
    expect(pkg.isExtensionMethodName("$/known")).toBe(false);
  });
});

describe("a result chosen by the params", () => {
  const full = { id: "a", name: "A", body: "all of it" };
  const summary = { id: "a", name: "A" };

  it("checks the answer as the result the params choose, and as the union otherwise", async () => {
    // The server answers whatever it was told to, to show what the client accepts.
    const [clientSide, serverSide] = pkg.memoryTransportPair();
    const answers: unknown[] = [];
    const handlerErrors: unknown[] = [];
    pkg.createServerConnection(
      serverSide,
      { ...serverHandlers, itemsGet: () => answers.shift() },
      { onHandlerError: (error: unknown) => void handlerErrors.push(error) },
    );
    const client = pkg.createClientConnection(clientSide, { ping: () => ({}) });
    const get = (params: object, answer: unknown) => {
      answers.push(answer);
      return client.server.itemsGet(params);
    };
    await expect(get({ id: "a", view: "full" }, full)).resolves.toEqual(full);
    await expect(get({ id: "a", view: "summary" }, summary)).resolves.toEqual(summary);
    // Valid for the union, but not what these params ask for.
    await expect(get({ id: "a", view: "summary" }, full)).rejects.toMatchObject({
      name: "ResultValidationError",
    });
    await expect(get({ id: "a", view: "full" }, summary)).rejects.toThrow(/body/);
    // No view: either is right.
    await expect(get({ id: "a" }, full)).resolves.toEqual(full);
    await expect(get({ id: "a" }, summary)).resolves.toEqual(summary);
    await expect(get({ id: "a" }, { id: 1 })).rejects.toMatchObject({
      name: "ResultValidationError",
    });
    // The server's side says what was wrong with the two answers that did not fit their params.
    expect(handlerErrors.map((error: any) => error.name)).toEqual([
      "ResultValidationError",
      "ResultValidationError",
      "ResultValidationError",
    ]);
    // By name, the same validation.
    answers.push(full);
    await expect(
      client.server.request("items/get", { id: "a", view: "summary" }),
    ).rejects.toMatchObject({
      name: "ResultValidationError",
    });
  });

  it("refuses values the params do not allow, and pointers that do not resolve", async () => {
    const catalog = JSON.parse(
      readFileSync(path.join(repoRoot, "test/protocols/fixtures/features.catalog.json"), "utf8"),
    );
    delete catalog.$schema;
    const method = catalog.methods.find((entry: any) => entry.name === "items/get");
    const index = catalog.methods.indexOf(method);
    method.resultByParams.results.push({ value: "brief", result: "SummaryItem" });
    method.resultByParams.results.push({ value: "full", result: "Nope" });
    const file = path.join(tmp, "bad-choice.catalog.json");
    writeFileSync(file, JSON.stringify(catalog));
    const attempt = () =>
      generate({
        schemaPath: path.join(repoRoot, "test/protocols/fixtures/features.schema.json"),
        catalogPath: file,
        outDir: path.join(tmp, "never"),
        cwd: repoRoot,
        cache: false,
      });
    const messages = async () => {
      try {
        await attempt();
      } catch (error: any) {
        return error.diagnostics.map((d: any) => `${d.pointer}: ${d.message}`);
      }
      throw new Error("accepted");
    };
    expect(await messages()).toEqual([
      `/methods/${index}/resultByParams/results/2/value: value "brief" is not one the params allow at "/view" ("full", "summary")`,
      `/methods/${index}/resultByParams/results/3/value: value "full" chooses a result twice`,
    ]);
    method.resultByParams.results.splice(2);
    method.resultByParams.pointer = "/mode";
    writeFileSync(file, JSON.stringify(catalog));
    expect(await messages()).toEqual([
      `/methods/${index}/resultByParams/pointer: pointer "/mode" does not resolve: the schema defines no property at "/mode" (in the params of "items/get", GetItemParams)`,
    ]);
    method.resultByParams.pointer = "/view";
    method.resultByParams.results[1].result = "Nope";
    writeFileSync(file, JSON.stringify(catalog));
    expect(await messages()).toEqual([
      `/methods/${index}/resultByParams/results/1/result: no definition "Nope" under $defs in the schema`,
    ]);
  });
});

describe("docs", () => {
  it("deprecated and since reach the JSDoc of clients and handlers", () => {
    const clients = readFileSync(path.join(outDir, "src/clients.ts"), "utf8");
    const connections = readFileSync(path.join(outDir, "src/connections.ts"), "utf8");
    for (const source of [clients, connections]) {
      expect(source).toMatch(/@deprecated Close the connection instead\.\s*\*\/\s*shutdown\(/);
      expect(source).toMatch(/@since 2\.1\s*\*\/\s*toolsCall\(/);
      expect(source).toMatch(/@deprecated\s*\*\/\s*exit\??\(/);
    }
  });
});

describe("types", () => {
  it("optional params are optional arguments; absent ones are no argument; extension names are typed", () => {
    writeFileSync(
      path.join(tmp, "use.ts"),
      `import { createClientConnection, memoryTransportPair, type ServerHandlers, type ExtensionMethodName, type RequestMessage, type NotificationMessage } from "./features/src/index.js";
const connection = createClientConnection(memoryTransportPair()[0], { ping: () => ({}) });
void connection.server.ping();
void connection.server.ping({ _meta: { trace: "t" } });
void connection.server.shutdown({ timeoutMs: 5 });
connection.server.exit();
void connection.server.requestExtension("$/x");
const name: ExtensionMethodName = "$/anything";
void name;
// By name, params may be left out where the method's may, and where it takes none.
void connection.server.request("ping");
void connection.server.request("ping", undefined, { timeoutMs: 5 });
void connection.server.request("shutdown");
connection.server.notify("exit");
// @ts-expect-error by name, tools/call needs params too
void connection.server.request("tools/call");
// @ts-expect-error shutdown takes no params, by name neither
void connection.server.request("shutdown", { force: true });
// Messages: params optional where they may be absent, absent where the method takes none.
const pingMessage: RequestMessage<"ping"> = { jsonrpc: "2.0", id: 1, method: "ping" };
const exitMessage: NotificationMessage<"exit"> = { jsonrpc: "2.0", method: "exit" };
void [pingMessage, exitMessage];
// @ts-expect-error tools/call messages carry params
export const toolsMessage: RequestMessage<"tools/call"> = { jsonrpc: "2.0", id: 1, method: "tools/call" };
// @ts-expect-error shutdown messages carry none
export const shutdownMessage: RequestMessage<"shutdown"> = { jsonrpc: "2.0", id: 1, method: "shutdown", params: {} };
// A result chosen by the params: each view's own type, the union otherwise.
export async function items(view: "full" | "summary" | undefined): Promise<void> {
  const whole = await connection.server.itemsGet({ id: "a", view: "full" });
  const body: string = whole.body;
  const brief = await connection.server.itemsGet({ id: "a", view: "summary" });
  // @ts-expect-error a summary has no body
  void brief.body;
  const either = await connection.server.itemsGet(view === undefined ? { id: "a" } : { id: "a", view });
  // @ts-expect-error the union may lack a body
  const maybe: string = either.body;
  void [body, maybe];
}
// @ts-expect-error tools/call needs params
void connection.server.toolsCall();
// @ts-expect-error shutdown takes no params
void connection.server.shutdown({ force: true }, {});
// @ts-expect-error extension names start with "$/"
void connection.server.requestExtension("x");
// @ts-expect-error exit takes no params
connection.server.exit({});
export const handlers: ServerHandlers = {
  initialize: ({ version }) => ({ version }),
  ping: (params) => { const trace: string | undefined = params?._meta?.trace; void trace; return {}; },
  toolsCall: ({ name }) => ({ content: [name] }),
  slow: () => null,
  shutdown: (params) => { const none: undefined = params; void none; return null; },
  itemsGet: ({ id, view }) => (view === "summary" ? { id, name: id } : { id, name: id, body: "" }),
};
`,
    );
    const result = runTsc(writeUseProject(tmp), tmp);
    expect(result.output).toBe("");
    expect(result.code).toBe(0);
  });
});
