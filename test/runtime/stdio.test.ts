// End to end over real pipes: this process spawns a child that serves with `stdioTransport`, and the
// child's handler calls back into this process before it answers (the nested calls of a
// bidirectional protocol). The child runs the runtime compiled to JavaScript by `tsc`.

import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ContentLengthDecoder, frameContentLength, Peer } from "../../templates/runtime/index.js";
import { spawnTransport } from "../../templates/runtime/node.js";
import { methods, spec } from "./toy-protocol.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "jsonrpc-stdio-"));

beforeAll(() => {
  const runtimeDir = join(root, "templates/runtime");
  const runtimeFiles = readdirSync(runtimeDir).filter((name) => name.endsWith(".ts"));
  execFileSync(process.execPath, [
    join(root, "node_modules/typescript/lib/tsc.js"),
    "--ignoreConfig",
    "--outDir",
    join(dir, "runtime"),
    "--target",
    "ES2022",
    "--module",
    "NodeNext",
    "--moduleResolution",
    "NodeNext",
    "--types",
    "node",
    "--skipLibCheck",
    ...runtimeFiles.map((name) => join(runtimeDir, name)),
  ]);
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  writeFileSync(
    join(dir, "server.js"),
    `
import { Peer } from "./runtime/index.js";
import { stdioTransport } from "./runtime/node.js";

const none = () => undefined;
const add = { name: "math/add", kind: "request", validateParams: none, validateResult: none };
const put = { name: "store/put", kind: "request", validateParams: none, validateResult: none };

// The framing is the first argument: "ndjson" (the default) or "content-length".
const framing = process.argv[2] ?? "ndjson";
const peer = new Peer(stdioTransport({ framing, maxContentLength: 4096 }), {
  methods: new Map([[add.name, {
    spec: add,
    handler: async (params) => {
      const sum = params.a + params.b;
      const { stored } = await peer.request(put, { key: "sum-" + params.a, value: sum });
      return { sum, stored };
    },
  }]]),
});
// No process.exit: when stdin ends, the transport closes and nothing keeps the process alive.
peer.closed.then((reason) => console.error("server closed: " + reason.kind));
`,
  );
}, 60_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("stdioTransport in a spawned server", () => {
  it.each(["ndjson", "content-length"] as const)(
    "serves nested calls over real pipes in %s framing, and exits by itself when its stdin closes",
    async (framing) => {
      const stored = new Map<string, unknown>();
      const onProtocolError = vi.fn();
      const transport = spawnTransport(process.execPath, [join(dir, "server.js"), framing], {
        stderr: "pipe",
        framing,
      });
      let stderr = "";
      transport.child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const client = new Peer(transport, {
        onProtocolError,
        onUnknownResponse: onProtocolError,
        methods: methods([
          spec.put,
          (params: { key: string; value: unknown }) => {
            stored.set(params.key, params.value);
            return { stored: true };
          },
        ]),
      });
      const addWithStore = { ...spec.add, validateResult: undefined };
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => client.request(addWithStore, { a: i, b: 1 })),
      );
      expect(results).toEqual(
        Array.from({ length: 100 }, (_, i) => ({ sum: i + 1, stored: true })),
      );
      expect(stored.size).toBe(100);

      await client.close();
      expect(await transport.exited).toEqual({ code: 0, signal: null });
      expect(stderr).toBe("server closed: ended\n");
      expect(onProtocolError).not.toHaveBeenCalled();
    },
  );

  it("answers an oversized Content-Length body over a real pipe, then closes on a malformed header", async () => {
    const child = spawn(process.execPath, [join(dir, "server.js"), "content-length"], {
      stdio: ["pipe", "pipe", "pipe"],
    });
    const messages: string[] = [];
    const decoder = new ContentLengthDecoder(
      (body) => messages.push(body),
      (description) => messages.push("malformed: " + description),
    );
    child.stdout.on("data", (chunk: Buffer) => decoder.push(chunk));
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
    // A body over the server's 4096-byte limit, cut into small writes: refused from its header.
    const big = "Content-Length: 100000\r\n\r\n" + "x".repeat(100_000);
    for (let i = 0; i < big.length; i += 7000) child.stdin.write(big.slice(i, i + 7000));
    child.stdin.write(frameContentLength('{"jsonrpc":"2.0","id":"after","method":"nope"}'));
    await vi.waitFor(() => expect(messages).toHaveLength(2), { timeout: 10_000 });
    expect(JSON.parse(messages[0]!)).toMatchObject({
      id: null,
      error: {
        code: -32600,
        message: expect.stringContaining("100000 bytes, longer than the 4096 allowed"),
      },
    });
    expect(JSON.parse(messages[1]!)).toMatchObject({ id: "after", error: { code: -32601 } });
    // A header that cannot be read: the server closes its connection and exits.
    child.stdin.write("Content-Length: 12\r\nContent-Length: 12\r\n\r\n");
    await vi.waitFor(() => expect(stderr).toContain("server closed: error"), { timeout: 10_000 });
    child.stdin.end();
    expect(await exited).toBe(0);
    expect(messages).toHaveLength(2);
  });
});
