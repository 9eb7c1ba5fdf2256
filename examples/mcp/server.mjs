#!/usr/bin/env node
// An MCP server built on the package generated from MCP's published schema (see the README's
// "Another protocol" section; `npm run -s example:mcp:generate` writes it to examples/mcp/protocol/).
//
// It serves MCP over its own stdin and stdout, with two tools:
//
//   add     {a, b}: their sum, as text and as structured content;
//   countdown {from}: counts down to zero, a step every 50 ms, reporting each step as progress
//           to a client that asked for it (a `progressToken` in the request's `_meta`).
//
// Any MCP client can use it: `node examples/mcp/sdk-client.mjs` drives it with the MCP SDK's own
// `Client`, `node examples/mcp/client.mjs -- node examples/mcp/server.mjs` with the generated one.
// stdout carries protocol messages only; log lines go to stderr. It exits when its stdin closes.
//
//   npm run -s example:mcp-server

import { RpcError } from "./protocol/dist/index.js";
import { serveServerOverStdio } from "./protocol/dist/node.js";

const INVALID_PARAMS = -32602;

const tools = [
  {
    name: "add",
    description: "Adds two numbers.",
    inputSchema: {
      type: "object",
      properties: { a: { type: "number" }, b: { type: "number" } },
      required: ["a", "b"],
    },
    outputSchema: {
      type: "object",
      properties: { sum: { type: "number" } },
      required: ["sum"],
    },
  },
  {
    name: "countdown",
    description: "Counts down from `from` to zero, reporting progress at each step.",
    inputSchema: {
      type: "object",
      properties: { from: { type: "integer", minimum: 0, maximum: 100 } },
      required: ["from"],
    },
  },
];

const sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(timer), reject(signal.reason)), {
      once: true,
    });
  });

const connection = serveServerOverStdio({
  initialize: ({ protocolVersion, clientInfo }) => {
    process.stderr.write(`mcp-server: ${clientInfo.name} ${clientInfo.version} connected\n`);
    return {
      protocolVersion,
      capabilities: { tools: {} },
      serverInfo: { name: "jsonrpc-bindgen-example-server", version: "1.0.0" },
    };
  },
  ping: () => ({}),
  toolsList: () => ({ tools }),
  async toolsCall({ name, arguments: args = {}, _meta }, context) {
    if (name === "add") {
      const { a, b } = args;
      if (typeof a !== "number" || typeof b !== "number")
        return { content: [{ type: "text", text: "a and b must be numbers" }], isError: true };
      return {
        content: [{ type: "text", text: String(a + b) }],
        structuredContent: { sum: a + b },
      };
    }
    if (name === "countdown") {
      const from = args.from;
      if (!Number.isInteger(from) || from < 0 || from > 100)
        return {
          content: [{ type: "text", text: "from must be an integer from 0 to 100" }],
          isError: true,
        };
      for (let left = from; left > 0; left--) {
        await sleep(50, context.signal);
        if (_meta?.progressToken !== undefined)
          context.client.notificationsProgress({
            progressToken: _meta.progressToken,
            progress: from - left + 1,
            total: from,
          });
      }
      return { content: [{ type: "text", text: `counted down from ${from}` }] };
    }
    throw new RpcError(INVALID_PARAMS, `no tool named ${name}`);
  },
});

connection.closed.then((reason) =>
  process.stderr.write(`mcp-server: connection ${reason.kind}, exiting\n`),
);
