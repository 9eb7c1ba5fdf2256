#!/usr/bin/env node
// An MCP client built on the package generated from MCP's published schema (see the README's
// "Another protocol" section; `npm run -s example:mcp:generate` writes it to examples/mcp/protocol/).
//
// It spawns an MCP server (by default the reference server `@modelcontextprotocol/server-everything`,
// a dev dependency of this repository), initializes the session, lists the server's tools, calls
// the tools named with `--call`, and closes the server's stdin.
//
//   npm run -s example:mcp-client -- [--call NAME=JSON ...] [--] [COMMAND [ARGS...]]
//   node examples/mcp/client.mjs --call echo='{"message":"hi"}' --call get-sum='{"a":2,"b":40}'
//   node examples/mcp/client.mjs --call add='{"a":1,"b":2}' -- node examples/mcp/server.mjs
//
// stdout gets one JSON object per line: `{"server": <serverInfo>}`, `{"tools": [<name>, ...]}`,
// then one `{"tool": NAME, "result": <CallToolResult>}` per call. Progress the server reports for
// a call goes to stderr. A failure ends the run with one line on stderr and exit code 1; bad
// arguments exit with code 2.

import { createRequire } from "node:module";
import path from "node:path";
import { ConnectionClosedError, RpcError } from "./protocol/dist/index.js";
import { spawnServer } from "./protocol/dist/node.js";

const PROTOCOL_VERSION = "2025-11-25";
const TIMEOUT_MS = 30_000;

function usage(message) {
  process.stderr.write(`mcp-client: ${message}\n`);
  process.stderr.write("usage: client.mjs [--call NAME=JSON ...] [--] [COMMAND [ARGS...]]\n");
  process.exit(2);
}

/** `--call NAME=JSON` options, then the server command (default: the reference server). */
function parseArguments(argv) {
  const calls = [];
  let index = 0;
  for (; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === "--") {
      index++;
      break;
    }
    if (!argument.startsWith("--")) break;
    const value = argument.startsWith("--call=")
      ? argument.slice(7)
      : argument === "--call"
        ? argv[++index]
        : undefined;
    if (value === undefined) usage(`unknown option ${argument}`);
    const equals = value.indexOf("=");
    if (equals <= 0) usage(`--call needs NAME=JSON, got ${JSON.stringify(value)}`);
    let args;
    try {
      args = JSON.parse(value.slice(equals + 1));
    } catch {
      usage(`the arguments of --call ${value.slice(0, equals)} are not JSON`);
    }
    calls.push({ name: value.slice(0, equals), arguments: args });
  }
  const command = argv.slice(index);
  if (command.length > 0) return { calls, command: command[0], args: command.slice(1) };
  const require = createRequire(import.meta.url);
  const everything = path.join(
    path.dirname(require.resolve("@modelcontextprotocol/server-everything/package.json")),
    "dist",
    "index.js",
  );
  return { calls, command: process.execPath, args: [everything, "stdio"] };
}

const { calls, command, args } = parseArguments(process.argv.slice(2));
const print = (value) => process.stdout.write(JSON.stringify(value) + "\n");

// What the server may ask of this client, and the notifications it may send.
const server = spawnServer(
  command,
  args,
  {
    ping: () => ({}),
    rootsList: () => ({ roots: [] }),
    notificationsMessage: ({ level, data }) =>
      process.stderr.write(`mcp-client: server log (${level}): ${JSON.stringify(data)}\n`),
  },
  { defaultTimeoutMs: TIMEOUT_MS, stderr: "inherit" },
);

try {
  const { serverInfo } = await server.server.initialize({
    protocolVersion: PROTOCOL_VERSION,
    capabilities: {},
    clientInfo: { name: "jsonrpc-bindgen-example", version: "1.0.0" },
  });
  server.server.notificationsInitialized();
  print({ server: serverInfo });

  const { tools } = await server.server.toolsList();
  print({ tools: tools.map((tool) => tool.name) });

  for (const call of calls) {
    const result = await server.server.toolsCall(call, {
      onProgress: ({ progress, total }) =>
        process.stderr.write(
          `mcp-client: ${call.name}: ${progress}${total === undefined ? "" : "/" + total}\n`,
        ),
    });
    print({ tool: call.name, result });
  }
  await server.close();
} catch (error) {
  const what =
    error instanceof RpcError
      ? `the server answered ${error.code} ${error.message}`
      : error instanceof ConnectionClosedError
        ? `the connection closed: ${error.message}`
        : String(error?.message ?? error);
  process.stderr.write(`mcp-client: ${what}\n`);
  await server.close();
  process.exit(1);
}
