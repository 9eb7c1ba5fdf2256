// The MCP examples of examples/mcp/ as a user runs them: `npm run example:mcp:generate` generates
// the package from MCP's published schema and the example's catalog (which must be what
// `catalog init` drafts, with the README's review step), then the generated client lists and
// calls the tools of the reference server, the MCP SDK's client uses the generated server, and
// the generated client uses the generated server.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, removeTempDir } from "../helpers/repo.js";
import { killAll, root, runNode, track } from "../integration/support.js";
import { mcpInitArgs, mcpSchema, reviewMcpDraft, runCli, type CatalogJson } from "./support.js";

const client = join(root, "examples/mcp/client.mjs");
const server = join(root, "examples/mcp/server.mjs");
const sdkClient = join(root, "examples/mcp/sdk-client.mjs");

/** The stdout of an example, one JSON value per line. */
function jsonLines(stdout: string): any[] {
  const lines = stdout.split("\n");
  expect(lines.pop()).toBe(""); // every line ends with a newline
  return lines.map((line) => JSON.parse(line));
}

beforeAll(async () => {
  const child = track(
    spawn("npm", ["run", "-s", "example:mcp:generate"], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
  let output = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  const code = await new Promise((resolve) => child.once("close", resolve));
  if (code !== 0) throw new Error(`npm run example:mcp:generate failed (${code}):\n${output}`);
}, 120_000);

afterEach(killAll);

describe("the MCP examples", () => {
  it("use catalog init's draft of the published schema, with the review the README shows", async () => {
    const tmp = makeTempDir("mcp-example-draft");
    try {
      const draftPath = join(tmp, "mcp.catalog.json");
      const init = await runCli([
        "catalog",
        "init",
        mcpSchema,
        "--catalog",
        draftPath,
        ...mcpInitArgs,
      ]);
      expect(init.code).toBe(0);
      const draft = JSON.parse(readFileSync(draftPath, "utf8")) as CatalogJson;
      const example = JSON.parse(readFileSync(join(root, "examples/mcp/mcp.catalog.json"), "utf8"));
      expect(example).toEqual(reviewMcpDraft(draft, init));
    } finally {
      removeTempDir(tmp);
    }
  });

  it("the generated client lists and calls the tools of @modelcontextprotocol/server-everything, with progress", async () => {
    const run = await runNode(
      [
        client,
        "--call",
        'echo={"message":"hi"}',
        '--call=get-sum={"a":2,"b":40}',
        "--call",
        'trigger-long-running-operation={"duration":0.2,"steps":2}',
      ],
      30_000,
    );
    expect(run.stderr).not.toMatch(/^mcp-client: (?!trigger-long-running-operation: )/m);
    expect(run.code).toBe(0);
    const [hello, list, ...calls] = jsonLines(run.stdout);
    expect(hello.server.name).toMatch(/everything/);
    expect(list.tools).toEqual(expect.arrayContaining(["echo", "get-sum"]));
    expect(calls.map((call) => call.tool)).toEqual([
      "echo",
      "get-sum",
      "trigger-long-running-operation",
    ]);
    expect(calls[0].result.content).toEqual([{ type: "text", text: "Echo: hi" }]);
    expect(calls[1].result.content[0].text).toContain("42");
    // Progress for the long-running tool, reported to the call that asked for it.
    expect(run.stderr).toContain("mcp-client: trigger-long-running-operation: 1/2\n");
    expect(run.stderr).toContain("mcp-client: trigger-long-running-operation: 2/2\n");
  });

  it("the MCP SDK's client uses the generated server: tools, a call, and progress", async () => {
    const run = await runNode([sdkClient], 30_000);
    expect(run.code).toBe(0);
    const [hello, list, add, countdown] = jsonLines(run.stdout);
    expect(hello).toEqual({ server: { name: "jsonrpc-bindgen-example-server", version: "1.0.0" } });
    expect(list).toEqual({ tools: ["add", "countdown"] });
    expect(add).toEqual({
      tool: "add",
      result: { content: [{ type: "text", text: "42" }], structuredContent: { sum: 42 } },
    });
    expect(countdown.result.content).toEqual([{ type: "text", text: "counted down from 3" }]);
    expect(run.stderr).toContain("mcp-sdk-client: countdown 1/3\n");
    expect(run.stderr).toContain("mcp-server: mcp-sdk-example-client 1.0.0 connected\n");
    expect(run.stderr).toContain("mcp-server: connection ended, exiting\n");
  });

  it("the generated client uses the generated server, and refuses bad arguments with exit code 2", async () => {
    const run = await runNode(
      [
        client,
        "--call",
        'add={"a":1,"b":2}',
        "--call",
        'countdown={"from":2}',
        "--",
        process.execPath,
        server,
      ],
      30_000,
    );
    expect(run.code).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines.slice(2)).toEqual([
      {
        tool: "add",
        result: { content: [{ type: "text", text: "3" }], structuredContent: { sum: 3 } },
      },
      { tool: "countdown", result: { content: [{ type: "text", text: "counted down from 2" }] } },
    ]);
    expect(run.stderr).toContain("mcp-client: countdown: 2/2\n");

    const bad = await runNode([client, "--call", "add=not json"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("the arguments of --call add are not JSON");
  });
});
