#!/usr/bin/env node
// What framing costs: NDJSON against `Content-Length` headers (the LSP base protocol).
// First the decoders alone, in this process: 100,000 messages of about 1.3 KB cut into 64 KiB
// chunks, as a pipe delivers them. Then round trips of the generated package with a component
// server child (`bench/http-server.mjs`) over stdio in each framing, 64 calls in flight.
//
//   npm run bench:framing                      # 3 s per round-trip row
//   npm run bench:framing -- --seconds 10
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawnComponentServer } from "../generated/dist/node.js";
import { ContentLengthDecoder, frameContentLength, LineDecoder } from "../generated/dist/index.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const seconds = Number(args[args.indexOf("--seconds") + 1] || 3);
const input = { text: "é".repeat(50) + "x".repeat(1200), list: [1, 2, 3] };
const message = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "components/execute",
  params: { component: "/simple", input },
});

function chunks(text) {
  const bytes = Buffer.from(text, "utf8");
  const parts = [];
  for (let i = 0; i < bytes.length; i += 65536) parts.push(bytes.subarray(i, i + 65536));
  return { parts, bytes: bytes.length };
}

function decodeRate(name, framed, makeDecoder) {
  const { parts, bytes } = chunks(framed);
  let rounds = 0;
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < 2000) {
    const decoder = makeDecoder(() => count++);
    for (const part of parts) decoder.push(part);
    rounds++;
  }
  const elapsed = (performance.now() - started) / 1000;
  const perSecond = count / elapsed;
  console.log(
    `${name.padEnd(15)} ${Math.round(perSecond).toLocaleString("en").padStart(12)} messages/s ${((bytes * rounds) / elapsed / 1e6).toFixed(0).padStart(6)} MB/s`,
  );
}

const n = 100_000;
console.log(
  `decoding ${n.toLocaleString("en")} messages of ${Buffer.byteLength(message)} bytes, 64 KiB chunks`,
);
decodeRate("ndjson", (message + "\n").repeat(n), (onMessage) => new LineDecoder(onMessage));
decodeRate(
  "content-length",
  frameContentLength(message).repeat(n),
  (onMessage) =>
    new ContentLengthDecoder(onMessage, (e) => {
      throw new Error(e);
    }),
);

const runtimeHandlers = {
  blobsPut: () => ({ blob_id: "x" }),
  blobsGet: () => ({ data: null, blob_type: "data" }),
  flowsEvaluate: () => ({ outcome: "skipped" }),
};

async function roundTrips(framing) {
  const flag = framing === "content-length" ? ["--content-length"] : [];
  const server = spawnComponentServer(
    process.execPath,
    [path.join(here, "http-server.mjs"), ...flag],
    runtimeHandlers,
    { framing },
  );
  await server.componentServer.initialize({ runtime_protocol_version: 1 });
  server.componentServer.initialized();
  const params = { component: "/simple", input };
  let done = 0;
  let stop = false;
  const worker = async () => {
    while (!stop) {
      await server.componentServer.componentsExecute(params);
      done++;
    }
  };
  const measure = async (ms) => {
    done = 0;
    stop = false;
    const workers = Array.from({ length: 64 }, worker);
    await new Promise((resolve) => setTimeout(resolve, ms));
    stop = true;
    await Promise.all(workers);
    return done / (ms / 1000);
  };
  await measure(1000); // warm-up
  const rate = await measure(seconds * 1000);
  await server.close();
  console.log(
    `${framing.padEnd(15)} ${Math.round(rate).toLocaleString("en").padStart(12)} round trips/s (64 in flight, stdio)`,
  );
}

await roundTrips("ndjson");
await roundTrips("content-length");
