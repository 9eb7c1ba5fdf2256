#!/usr/bin/env node
// The MCP SDK's own client (`@modelcontextprotocol/sdk`, a dev dependency of this repository)
// using the generated MCP server of examples/mcp/server.mjs: it spawns the server over stdio,
// pings it, lists its tools, calls `add` and `countdown` (printing the progress it reports),
// and closes.
//
//   npm run -s example:mcp-sdk-client
//
// stdout gets one JSON object per line: `{"server": ...}`, `{"tools": [...]}`, then one
// `{"tool": NAME, "result": ...}` per call; a failure ends the run with exit code 1.

import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { fileURLToPath } from "node:url";

const serverScript = fileURLToPath(new URL("./server.mjs", import.meta.url));
const print = (value) => process.stdout.write(JSON.stringify(value) + "\n");

const client = new Client({ name: "mcp-sdk-example-client", version: "1.0.0" });
try {
  await client.connect(
    new StdioClientTransport({ command: process.execPath, args: [serverScript] }),
  );
  print({ server: client.getServerVersion() });
  await client.ping();
  const { tools } = await client.listTools();
  print({ tools: tools.map((tool) => tool.name) });
  print({
    tool: "add",
    result: await client.callTool({ name: "add", arguments: { a: 2, b: 40 } }),
  });
  const countdown = await client.callTool(
    { name: "countdown", arguments: { from: 3 } },
    undefined,
    {
      onprogress: ({ progress, total }) =>
        process.stderr.write(`mcp-sdk-client: countdown ${progress}/${total}\n`),
    },
  );
  print({ tool: "countdown", result: countdown });
  await client.close();
} catch (error) {
  process.stderr.write(`mcp-sdk-client: ${error?.message ?? error}\n`);
  await client.close();
  process.exit(1);
}
