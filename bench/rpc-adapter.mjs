// Adapter for the shared JSON-RPC round-trip benchmark (bench-rpc): the generated Stepflow package,
// used exactly as an application would use it. `bench/rpc.mjs` copies this file into the
// benchmark's adapters/ folder and points GENERATED at this repository's generated/dist/.
import { PassThrough } from "node:stream";

const GENERATED = process.env.BINDGEN_GENERATED_DIST;
const { createComponentServerConnection, createRuntimeConnection } = await import(
  `${GENERATED}/index.js`
);
const { streamTransport } = await import(`${GENERATED}/node.js`);

export const info = {
  name: "generated",
  packages: [],
  transport: "NDJSON over two PassThrough streams (the generated package's streamTransport)",
  nested: true,
  notes:
    'Generated runtime with validation on: envelope checks, params validated by method before the handler, results validated before a call resolves; lifecycle gate on. blobs/put params get blob_type "data", which the protocol requires and the workload leaves out.',
};

export async function setup({ serverMethods, clientMethods }) {
  const toServer = new PassThrough();
  const toRuntime = new PassThrough();
  const execute = serverMethods["components/execute"];
  const blobsPut = clientMethods["blobs/put"];

  let server;
  // The workload's handler calls back through `peer.request(method, params)`.
  const serverPeer = {
    request: (_method, params) => server.runtime.blobsPut({ data: params.data, blob_type: "data" }),
  };
  server = createComponentServerConnection(streamTransport(toServer, toRuntime), {
    initialize: () => ({ server_protocol_version: 1 }),
    componentsList: () => ({ components: [] }),
    componentsInfo: (params) => ({ info: { component: params.component } }),
    componentsExecute: (params) => execute(params, serverPeer),
  });
  const runtime = createRuntimeConnection(streamTransport(toRuntime, toServer), {
    blobsPut: (params) => blobsPut(params),
    blobsGet: () => {
      throw new Error("not used by the benchmark");
    },
    flowsEvaluate: () => ({ result: { outcome: "skipped" } }),
  });
  await runtime.componentServer.initialize({ runtime_protocol_version: 1 });
  runtime.componentServer.initialized();

  return {
    call: (_method, params) => runtime.componentServer.componentsExecute(params),
    async close() {
      await runtime.close();
      await server.close();
    },
  };
}
