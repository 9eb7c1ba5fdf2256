#!/usr/bin/env node
// The component server of `bench/http.mjs`: `/simple` answers with its input, `/nested` stores
// its input with one `blobs/put` back to the runtime first. Served over stdio, or over HTTP with
// `--http` (it then prints its endpoint's URL on stdout).
import { serveComponentServerOverHttp } from "../generated/dist/http.js";
import { serveComponentServerOverStdio } from "../generated/dist/node.js";

/** @type {import("../generated/dist/index.js").ComponentServerHandlers} */
const handlers = {
  initialize: () => ({ server_protocol_version: 1 }),
  componentsList: () => ({ components: [{ component: "/simple" }, { component: "/nested" }] }),
  componentsInfo: ({ component }) => ({ info: { component } }),
  async componentsExecute({ component, input }, context) {
    if (component === "/nested") {
      const { blob_id } = await context.runtime.blobsPut({ data: input, blob_type: "data" });
      return { output: blob_id };
    }
    return { output: input };
  },
};

if (process.argv.includes("--http")) {
  const server = await serveComponentServerOverHttp(handlers);
  process.stdout.write(server.url + "\n");
  process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
} else {
  serveComponentServerOverStdio(handlers).closed.then(() => process.exit(0));
}
