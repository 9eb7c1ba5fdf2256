// The generator is not tied to one protocol: a small protocol of its own (roles "client" and
// "server", a lifecycle, calls both ways, a notification each way, and a cancellation
// notification) is generated, compiled, and run over an in-memory connection.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { makeTempDir, removeTempDir, repoRoot } from "../helpers/repo.js";

// The generated package is imported at run time; its shape is checked by the assertions.
let tiny: any;
let tmp: string;

beforeAll(async () => {
  tmp = makeTempDir("tiny");
  const outDir = path.join(tmp, "tiny");
  await generate({
    schemaPath: "test/fixtures/schemas/protocol.schema.json",
    catalogPath: "test/fixtures/catalogs/protocol.catalog.json",
    outDir,
    cwd: repoRoot,
    cache: false,
  });
  tiny = await import(pathToFileURL(path.join(outDir, "dist", "index.js")).href);
}, 60_000);

afterAll(() => removeTempDir(tmp));

function connect(
  serverHandlers: Record<string, unknown>,
  clientHandlers: Record<string, unknown> = {},
) {
  const [serverSide, clientSide] = tiny.memoryTransportPair();
  const server = tiny.createServerConnection(serverSide, {
    ping: ({ message }: { message: string }) => ({ echo: message }),
    recordsPut: () => "stored",
    errorRaise: () => null,
    ...serverHandlers,
  });
  const client = tiny.createClientConnection(clientSide, {
    objectsGet: ({ value }: { value: unknown }) => [{ value }],
    ...clientHandlers,
  });
  return { server, client };
}

describe("a generated protocol other than Stepflow", () => {
  it("names its API after its own roles and methods", () => {
    expect(Object.keys(tiny.methods).sort()).toEqual([
      "$/cancel",
      "error/raise",
      "log",
      "objects/get",
      "ping",
      "records/put",
      "start",
    ]);
    expect(typeof tiny.ServerClient).toBe("function");
    expect(typeof tiny.ClientClient).toBe("function");
    expect(tiny.ErrorCodes).toEqual({ InvalidParams: -32602, NotReady: -32000, Failed: -32001 });
  });

  it("gates the server until `start`, then serves calls both ways", async () => {
    const seen: string[] = [];
    const { client } = connect(
      {
        async recordsPut(record: Record<string, string>, context: any) {
          // A handler calls back into the client and awaits the answer before it answers.
          const objects = await context.client.objectsGet({ value: record });
          context.client.log({ line: `stored ${Object.keys(record).length}` });
          return `stored ${JSON.stringify(objects)}`;
        },
      },
      { log: ({ line }: { line: string }) => seen.push(line) },
    );
    expect(await client.server.ping({ message: "hi" })).toEqual({ echo: "hi" });
    await expect(client.server.recordsPut({ a: "1" })).rejects.toMatchObject({
      code: -32000,
      message: "Not ready",
    });
    client.server.start({ value: 1 });
    expect(await client.server.recordsPut({ a: "1" })).toBe('stored [{"value":{"a":"1"}}]');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(seen).toEqual(["stored 1"]);
    await client.close();
  });

  it("answers invalid params with -32602 and the path", async () => {
    const { client } = connect({});
    await expect(client.server.ping({ message: 42 })).rejects.toMatchObject({
      code: -32602,
      data: { path: "$.message", expected: "string", received: "integer 42" },
    });
    await client.close();
  });

  it("answers a ProtocolError thrown by a handler with its code, message and data", async () => {
    const { client } = connect(
      {
        async errorRaise(_params: unknown, context: any) {
          return context.client.objectsGet({ value: 1 });
        },
      },
      {
        objectsGet: () => {
          throw new tiny.ProtocolError("Failed", "no objects here", { reason: "test" });
        },
      },
    );
    client.server.start({ value: 1 });
    // The client's handler threw; the server's handler let the error through, so it reaches the
    // first caller with the code, message and data it was thrown with.
    await expect(client.server.errorRaise({ code: 1, message: "m" })).rejects.toMatchObject({
      code: -32001,
      message: "no objects here",
      data: { reason: "test" },
    });
    await client.close();
  });

  it("sends the catalog's cancellation notification when a call is aborted, and the handler's signal aborts", async () => {
    let handlerSignal: AbortSignal | undefined;
    let release: () => void = () => {};
    const { client } = connect({
      recordsPut: (_record: unknown, context: any) => {
        handlerSignal = context.signal;
        return new Promise<string>((resolve) => {
          release = () => resolve("late");
        });
      },
    });
    client.server.start({ value: 1 });
    const controller = new AbortController();
    const call = client.server.recordsPut({ a: "1" }, { signal: controller.signal });
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(handlerSignal?.aborted).toBe(false);
    controller.abort(new Error("user gave up"));
    await expect(call).rejects.toBeInstanceOf(tiny.CallCancelledError);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(handlerSignal?.aborted).toBe(true);
    release();
    // The connection still works afterwards.
    expect(await client.server.ping({ message: "still here" })).toEqual({ echo: "still here" });
    await client.close();
  });
});
