#!/usr/bin/env node
// The component server of `bench/http.mjs`: `/simple` answers with its input, `/nested` stores
// its input with one `blobs/put` back to the runtime first. Served over stdio (NDJSON, or
// `Content-Length` framed with `--content-length`), or over HTTP with
// `--http` (it then prints its endpoint's URL on stdout). `--floor` serves bare node:http instead,
// answering each POST with its body: what HTTP itself costs, without JSON-RPC.
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

if (process.argv.includes("--floor")) {
  // The floor: bare node:http, answering each POST with its body, no JSON-RPC at all.
  const { createServer } = await import("node:http");
  const server = createServer((request, response) => {
    const chunks = [];
    request.on("data", (chunk) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks);
      response.writeHead(200, {
        "content-type": "application/json",
        "content-length": body.length,
      });
      response.end(body);
    });
  });
  server.listen(0, "127.0.0.1", () =>
    process.stdout.write("http://127.0.0.1:" + server.address().port + "/\n"),
  );
  process.once("SIGTERM", () => process.exit(0));
} else if (process.argv.includes("--http")) {
  const server = await serveComponentServerOverHttp(handlers);
  process.stdout.write(server.url + "\n");
  process.once("SIGTERM", () => void server.close().then(() => process.exit(0)));
} else {
  // `--content-length` frames messages with headers (LSP's base protocol) instead of NDJSON.
  const framing = process.argv.includes("--content-length") ? "content-length" : "ndjson";
  serveComponentServerOverStdio(handlers, { framing }).closed.then(() => process.exit(0));
}
