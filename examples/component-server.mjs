#!/usr/bin/env node
// @ts-check
// An example Stepflow component server, built on the generated package.
//
// It serves the component protocol over its own stdin and stdout (one JSON-RPC message per line),
// or with `--http` over HTTP, and hosts two components:
//
//   /example/echo           outputs its input unchanged;
//   /example/blob-roundtrip stores its input as a blob in the runtime (`blobs/put`), reads it back
//                           (`blobs/get`) and outputs `{ "blob_id": ..., "data": <what it read> }`.
//
// stdout carries protocol messages only; every log line goes to stderr. The server exits when its
// stdin closes, which is how a runtime asks it to stop.
//
//   npm run -s example:component-server
//   node examples/component-server.mjs
//   node examples/component-server.mjs --http [--port N] [--host H] [--replica NAME]
//
// Over HTTP it listens on port N (default 0: any free port) of host H (default 127.0.0.1), prints
// the endpoint's URL as the one line of its stdout, and stops on SIGTERM or SIGINT. `--replica`
// names it in the `Rpc-Replica` header, for a load balancer in front of several of them.

import { ErrorCodes, RpcError } from "../generated/dist/index.js";
import { serveComponentServerOverHttp } from "../generated/dist/http.js";
import { serveComponentServerOverStdio } from "../generated/dist/node.js";

/** @typedef {import("../generated/dist/index.js").ComponentInfo} ComponentInfo */
/** @typedef {import("../generated/dist/index.js").ComponentServerContext} ComponentServerContext */
/** @typedef {import("../generated/dist/index.js").Value} Value */

/** @param {string} message */
function log(message) {
  process.stderr.write("component-server: " + message + "\n");
}

/**
 * One component: what `components/info` says about it, and what runs it.
 * @typedef {{ info: ComponentInfo, run: (input: Value, context: ComponentServerContext) => Promise<Value> | Value }} Component
 */

/** @type {Component[]} */
const hosted = [
  {
    info: {
      component: "/example/echo",
      description: "Outputs its input unchanged.",
      input_schema: { description: "Any JSON value." },
      output_schema: { description: "The input, unchanged." },
    },
    run: (input) => input,
  },
  {
    info: {
      component: "/example/blob-roundtrip",
      description:
        "Stores its input in the runtime's blob store, reads it back by the id the runtime gave, and outputs both.",
      input_schema: { description: "Any JSON value: the data to store." },
      output_schema: {
        type: "object",
        properties: {
          blob_id: { type: "string", description: "The id the runtime stored the data under." },
          data: { description: "The data as read back from the runtime." },
        },
        required: ["blob_id", "data"],
        additionalProperties: false,
      },
    },
    run: async (input, context) => {
      const { blob_id } = await context.runtime.blobsPut({ data: input, blob_type: "data" });
      const { data } = await context.runtime.blobsGet({ blob_id });
      return { blob_id, data };
    },
  },
];

/** The components by path. */
const components = new Map(hosted.map((component) => [component.info.component, component]));

/** @param {string} name */
function find(name) {
  const component = components.get(name);
  if (component === undefined) {
    throw new RpcError(ErrorCodes.ComponentNotFound, "Component not found: " + name, {
      component: name,
    });
  }
  return component;
}

// A component's calls back into the runtime (blobs/put, blobs/get) give up after this long, so
// that a runtime that never answers cannot hold an execution forever.
const NESTED_CALL_TIMEOUT_MS = 30_000;

/** @type {import("../generated/dist/index.js").ComponentServerHandlers} */
const handlers = {
  initialize({ runtime_protocol_version }) {
    log("initialize: the runtime speaks protocol version " + runtime_protocol_version);
    return { server_protocol_version: 1 };
  },
  initialized() {
    log("initialized");
  },
  componentsList() {
    return { components: [...components.values()].map((component) => component.info) };
  },
  componentsInfo({ component }) {
    return { info: find(component).info };
  },
  async componentsExecute({ component, input }, context) {
    const { run } = find(component);
    return { output: await run(input, context) };
  },
};

const USAGE = "usage: component-server.mjs [--http [--port N] [--host H] [--replica NAME]]";

/** @param {string} message */
function usageError(message) {
  process.stderr.write("component-server: " + message + "\n" + USAGE + "\n");
  process.exit(2);
}

/** @param {string[]} argv */
function parseArguments(argv) {
  const options = {
    http: false,
    port: 0,
    host: "127.0.0.1",
    replica: /** @type {string | undefined} */ (undefined),
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    const [flag, inline] =
      arg.startsWith("--") && arg.includes("=")
        ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)]
        : [arg, undefined];
    const value = () => {
      if (inline !== undefined) return inline;
      i++;
      if (i >= argv.length) usageError(flag + " needs a value");
      return /** @type {string} */ (argv[i]);
    };
    if (flag === "--http") options.http = true;
    else if (flag === "--port") {
      const text = value();
      options.port = Number(text);
      if (!/^\d+$/.test(text) || options.port > 65535)
        usageError("--port wants a port number, got " + text);
    } else if (flag === "--host") options.host = value();
    else if (flag === "--replica") options.replica = value();
    else if (flag === "-h" || flag === "--help") {
      process.stdout.write(USAGE + "\n");
      process.exit(0);
    } else usageError("unknown argument " + arg);
  }
  if (!options.http && (options.port !== 0 || options.replica !== undefined))
    usageError("--port, --host and --replica go with --http");
  return options;
}

const options = parseArguments(process.argv.slice(2));

if (options.http) {
  const server = await serveComponentServerOverHttp(handlers, {
    nestedCallTimeoutMs: NESTED_CALL_TIMEOUT_MS,
    port: options.port,
    host: options.host,
    ...(options.replica !== undefined && { replicaId: options.replica }),
  }).catch((error) => {
    log("cannot listen on " + options.host + ":" + options.port + ": " + String(error));
    process.exit(1);
  });
  log("replica " + server.replicaId + " listening on " + server.url);
  process.stdout.write(server.url + "\n");
  const stop = () => {
    log("stopping");
    server.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
} else {
  const connection = serveComponentServerOverStdio(handlers, {
    nestedCallTimeoutMs: NESTED_CALL_TIMEOUT_MS,
  });
  connection.closed.then((reason) => {
    if (reason.kind === "error") {
      log("connection failed: " + String(reason.error));
      process.exit(1);
    }
    log("stdin closed, exiting");
    process.exit(0);
  });
}
