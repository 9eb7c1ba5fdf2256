// The example programs as real processes: the example runtime spawning the example component
// server (and servers that misbehave), and the example server driven by the generated package.

import { createHash } from "node:crypto";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  ConnectionClosedError,
  RpcError,
  type RuntimeHandlers,
} from "../../generated/dist/index.js";
import { fixture, handshake, killAll, root, runNode, spawnServer, within } from "./support.js";

const runtime = join(root, "examples/runtime.mjs");
const server = join(root, "examples/component-server.mjs");

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The stdout of the example runtime, one JSON value per line. */
function jsonLines(stdout: string): unknown[] {
  const lines = stdout.split("\n");
  expect(lines.pop()).toBe(""); // every line ends with a newline
  return lines.map((line) => JSON.parse(line));
}

afterEach(killAll);

describe("the example runtime with the example component server", () => {
  it("lists, describes and executes the components, then closes the server and exits 0", async () => {
    const run = await runNode([
      runtime,
      "--execute",
      '/example/echo={"a":1}',
      "--execute",
      '/example/blob-roundtrip={"x":[1,2]}',
      "node",
      server,
    ]);
    expect(run.stderr).not.toMatch(/^runtime:/m);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(1 + 2 + 2);

    const [list, ...rest] = lines as [{ components: Array<{ component: string }> }, ...unknown[]];
    expect(list.components.map((info) => info.component).sort()).toEqual([
      "/example/blob-roundtrip",
      "/example/echo",
    ]);
    const infos = rest.slice(0, 2) as Array<{
      info: { component: string; input_schema: unknown; output_schema: unknown };
    }>;
    expect(infos.map(({ info }) => info.component).sort()).toEqual([
      "/example/blob-roundtrip",
      "/example/echo",
    ]);
    for (const { info } of infos) {
      expect(info.input_schema).toBeTypeOf("object");
      expect(info.output_schema).toBeTypeOf("object");
    }

    expect(rest.slice(2)).toEqual([
      { component: "/example/echo", output: { a: 1 } },
      {
        component: "/example/blob-roundtrip",
        output: { blob_id: sha256(JSON.stringify({ x: [1, 2] })), data: { x: [1, 2] } },
      },
    ]);
    // The server's log (on the shared stderr) shows that it left because its stdin closed.
    expect(run.stderr).toContain("component-server: stdin closed, exiting");
  });

  it("takes its options in the NAME=VALUE form, and the server command after --", async () => {
    const run = await runNode([
      runtime,
      "--timeout-ms=5000",
      '--execute=/example/echo=[true,null,"s"]',
      "--",
      process.execPath,
      server,
    ]);
    expect(run.code).toBe(0);
    expect(jsonLines(run.stdout).at(-1)).toEqual({
      component: "/example/echo",
      output: [true, null, "s"],
    });
  });

  it("works with another component server, and serves its blob and flow calls", async () => {
    const flow = { steps: [{ id: "one" }] };
    const run = await runNode([
      runtime,
      "--execute",
      "/test/flow=" + JSON.stringify({ flow, input: { n: 1 } }),
      "--execute",
      "/test/echo=5",
      "node",
      fixture("test-server.mjs"),
    ]);
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    const components = (lines[0] as { components: Array<{ component: string }> }).components;
    expect(components.map((info) => info.component)).toContain("/test/flow");
    expect(lines).toHaveLength(1 + components.length + 2);
    expect(lines.slice(-2)).toEqual([
      {
        component: "/test/flow",
        output: {
          stored: { result: { data: flow, blob_type: "flow" } },
          evaluated: {
            result: {
              result: {
                outcome: "failed",
                error: {
                  code: -32009,
                  message: "flow evaluation is not supported by this runtime",
                },
              },
            },
          },
          unknown_flow: { error: -32008 },
          unknown_blob: { error: -32008 },
        },
      },
      { component: "/test/echo", output: 5 },
    ]);
  });

  it("fails, naming -32001, when asked to execute a component the server does not host", async () => {
    const run = await runNode([runtime, "--execute", "/example/nope=1", "node", server]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^runtime: .*-32001.*\n/m);
    expect(run.stderr).toContain("/example/nope");
    // What came before the failure was still printed.
    expect((jsonLines(run.stdout)[0] as { components: unknown[] }).components).toHaveLength(2);
  });

  it("fails promptly, naming the exit code, when the server crashes at start", async () => {
    const run = await runNode([runtime, "node", "-e", "process.exit(3)"]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^runtime: .*exited with code 3/m);
    expect(run.stdout).toBe("");
    expect(run.elapsedMs).toBeLessThan(5_000); // far below the 30 s default call timeout
  });

  it("fails promptly when the server writes something that is not JSON to stdout", async () => {
    const garbage = 'process.stdout.write("this is not JSON\\n"); setInterval(() => {}, 1000)';
    const run = await runNode([runtime, "node", "-e", garbage]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^runtime: .*not JSON.*this is not JSON/m);
    expect(run.elapsedMs).toBeLessThan(5_000); // the server never exits by itself: it was stopped
  });

  it("fails when the server speaks another protocol version", async () => {
    const run = await runNode([
      runtime,
      "node",
      fixture("test-server.mjs"),
      "--protocol-version",
      "2",
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^runtime: .*protocol version 2/m);
    expect(run.stdout).toBe("");
  });

  it("fails after --timeout-ms when the server never answers", async () => {
    const run = await runNode([
      runtime,
      "--timeout-ms",
      "300",
      "node",
      "-e",
      "setInterval(() => {}, 1000)",
    ]);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/^runtime: initialize failed: .*timed out after 300 ms/m);
    expect(run.elapsedMs).toBeLessThan(5_000);
  });

  it("fails with a usage message (exit 2) when no server command is given", async () => {
    const run = await runNode([runtime, "--execute", "/example/echo=1"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no component server command/);
  });
});

describe("the example component server driven by the generated package", () => {
  it("answers only with JSON-RPC lines, refuses unknown components with -32001, and exits 0 when its stdin closes", async () => {
    const blobs = new Map<string, unknown>();
    const handlers: RuntimeHandlers = {
      blobsPut: ({ data }) => {
        const blob_id = sha256(JSON.stringify(data));
        blobs.set(blob_id, data);
        return { blob_id };
      },
      blobsGet: ({ blob_id }) => {
        if (!blobs.has(blob_id)) throw new RpcError(-32008, "Blob not found");
        return { data: blobs.get(blob_id) as never, blob_type: "data" };
      },
      flowsEvaluate: () => ({ result: { outcome: "skipped" } }),
    };
    const connection = spawnServer(server, [], handlers, { defaultTimeoutMs: 5_000 });
    const lines: string[] = [];
    connection.transport.onMessage((line) => lines.push(line));

    await handshake(connection);
    const { components } = await connection.componentServer.componentsList();
    expect(components.map((info) => info.component).sort()).toEqual([
      "/example/blob-roundtrip",
      "/example/echo",
    ]);

    const unknown = await connection.componentServer
      .componentsInfo({ component: "/nope" })
      .catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(RpcError);
    expect((unknown as RpcError).code).toBe(-32001);
    const unknownRun = await connection.componentServer
      .componentsExecute({ component: "/nope", input: null })
      .catch((e: unknown) => e);
    expect((unknownRun as RpcError).code).toBe(-32001);

    const data = { nested: { list: [1, "two", null] } };
    const [echo, roundtrip] = await Promise.all([
      connection.componentServer.componentsExecute({ component: "/example/echo", input: data }),
      connection.componentServer.componentsExecute({
        component: "/example/blob-roundtrip",
        input: data,
      }),
    ]);
    expect(echo.output).toEqual(data);
    expect(roundtrip.output).toEqual({ blob_id: sha256(JSON.stringify(data)), data });

    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: "2.0" });

    await within(connection.close(), 5_000, "the server to exit");
    expect(await connection.transport.exited).toEqual({ code: 0, signal: null });
    expect(await connection.closed).toEqual({ kind: "closed" });
    const after = await connection.componentServer.componentsList().catch((e: unknown) => e);
    expect(after).toBeInstanceOf(ConnectionClosedError);
  });
});
