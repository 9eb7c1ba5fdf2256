#!/usr/bin/env node
// A component server whose handlers behave as each request asks (test/runtime/behaviours.mjs):
// the far end of the property test that drives a connection over real pipes. `input.behaviour`
// of components/execute (and `behaviour` of the initialized notification) says what the handler
// does; the behaviour "memory" answers with this process's heap after a garbage collection.
// @ts-check
import { RpcError } from "../../generated/dist/index.js";
import { serveComponentServerOverStdio } from "../../generated/dist/node.js";
import { behave } from "./behaviours.mjs";

serveComponentServerOverStdio(
  {
    initialize: () => ({ server_protocol_version: 1 }),
    initialized: (params) => {
      behave(/** @type {any} */ (params).behaviour, RpcError);
    },
    componentsList: () => ({ components: [] }),
    componentsInfo: ({ component }) => ({ info: { component } }),
    componentsExecute: ({ input }) => {
      const behaviour = /** @type {any} */ (input)?.behaviour;
      if (behaviour === "memory") {
        /** @type {any} */ (globalThis).gc?.();
        return { output: process.memoryUsage().heapUsed };
      }
      return /** @type {any} */ (behave(behaviour, RpcError));
    },
  },
  { maxBatchLength: 4 },
);
