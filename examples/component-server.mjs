#!/usr/bin/env node
// @ts-check
// An example Stepflow component server, built on the generated package.
//
// It serves the component protocol over its own stdin and stdout (one JSON-RPC message per line)
// and hosts two components:
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

import { ErrorCodes, RpcError } from "../generated/dist/index.js";
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

const connection = serveComponentServerOverStdio(
  {
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
  },
  { nestedCallTimeoutMs: NESTED_CALL_TIMEOUT_MS },
);

connection.closed.then((reason) => {
  if (reason.kind === "error") {
    log("connection failed: " + String(reason.error));
    process.exit(1);
  }
  log("stdin closed, exiting");
  process.exit(0);
});
