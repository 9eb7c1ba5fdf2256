// The example programs over HTTP, as processes: the component server listening on a port it
// prints, and the example runtime reaching it by URL.

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { killServers, startServer } from "./processes.js";
import { blobId, within } from "./support.js";

const runtime = fileURLToPath(new URL("../../examples/runtime.mjs", import.meta.url));
const server = fileURLToPath(new URL("../../examples/component-server.mjs", import.meta.url));

function run(script: string, args: readonly string[]) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return within(
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
      child.once("close", (code) => resolve({ code, stdout, stderr })),
    ),
    15_000,
    script + " to exit",
  );
}

afterEach(killServers);

describe("the examples over HTTP", () => {
  it("the runtime lists, describes and executes the components of a server given by URL", async () => {
    const { url } = await startServer(["--port", "0", "--replica", "example-1"]);
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const result = await run(runtime, [
      "--http",
      url,
      "--execute",
      '/example/echo={"a":1}',
      "--execute",
      '/example/blob-roundtrip={"x":[1,2]}',
    ]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const lines = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line));
    expect(lines[0].components.map((c: { component: string }) => c.component)).toEqual([
      "/example/echo",
      "/example/blob-roundtrip",
    ]);
    expect(lines.slice(3)).toEqual([
      { component: "/example/echo", output: { a: 1 } },
      {
        component: "/example/blob-roundtrip",
        output: { blob_id: blobId({ x: [1, 2] }), data: { x: [1, 2] } },
      },
    ]);
  });

  it("the runtime exits 1 naming the cause when nothing listens at the URL", async () => {
    const { url, child, exited } = await startServer();
    child.kill("SIGTERM");
    await exited;
    const result = await run(runtime, ["--http", url]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^runtime: initialize failed: initialize to .* connection refused/,
    );
  });

  it("bad arguments exit 2 with the usage", async () => {
    for (const args of [
      ["--http", "ftp://x/"],
      ["--http", "http://127.0.0.1:1/", "node", "server.mjs"],
    ]) {
      const result = await run(runtime, args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(/usage: runtime\.mjs/);
    }
    for (const args of [["--port", "80"], ["--http", "--port", "99999"], ["--what"]]) {
      const result = await run(server, args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(/usage: component-server\.mjs/);
    }
  });

  it("the server answers the health check and stops on SIGTERM", async () => {
    const { url, child, exited } = await startServer(["--replica", "r1"]);
    const health = await fetch(new URL("/health", url));
    expect(await health.json()).toEqual({ status: "ok", replica: "r1", openExchanges: 0 });
    child.kill("SIGTERM");
    await within(exited, 5_000, "the server to stop");
    expect(child.exitCode).toBe(0);
  });
});
