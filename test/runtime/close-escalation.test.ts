// Closing a connection to a child process must end, whatever the child does; and a peer that
// writes something other than JSON is reported to the application, not only answered.
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { spawnTransport } from "../../templates/runtime/node.js";
import { Peer } from "../../templates/runtime/peer.js";
import { memoryTransportPair } from "../../templates/runtime/memory.js";

describe("ChildProcessTransport.close()", () => {
  it("escalates to SIGKILL when the child ignores its closed stdin and SIGTERM", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bindgen-stubborn-"));
    const script = path.join(dir, "stubborn.mjs");
    writeFileSync(
      script,
      'process.on("SIGTERM", () => {}); process.stdin.resume(); setInterval(() => {}, 1000); console.error("ready");',
    );
    const transport = spawnTransport(process.execPath, [script], {
      exitTimeoutMs: 150,
      stderr: "pipe",
    });
    await new Promise((resolve) => transport.child.stderr!.once("data", resolve));
    const started = Date.now();
    await transport.close();
    const exit = await transport.exited;
    expect(exit.signal).toBe("SIGKILL");
    // Two waits of 150 ms; a generous bound only guards against waiting forever.
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe("a line that is not JSON", () => {
  it("is answered -32700 and reported through onProtocolError", async () => {
    const [ours, theirs] = memoryTransportPair();
    const reports: string[] = [];
    new Peer(ours, { onProtocolError: (description) => reports.push(description) });
    const answers: string[] = [];
    theirs.onMessage((line) => answers.push(line));
    theirs.send("{not json");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answers.map((line) => JSON.parse(line))).toEqual([
      { jsonrpc: "2.0", id: null, error: { code: -32700, message: "Parse error" } },
    ]);
    // The note quotes the start of the line, so that the culprit can be found.
    expect(reports).toEqual(['received a line that is not JSON (answered -32700): "{not json"']);
  });
});
