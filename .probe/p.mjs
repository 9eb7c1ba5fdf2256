import fc from "fast-check";
import { serveComponentServerOverHttp } from "/work/wt-9/generated/dist/http.js";
import { request } from "node:http";

const server = await serveComponentServerOverHttp({
  initialize: () => ({ server_protocol_version: 1 }),
  componentsList: () => ({ components: [] }), componentsInfo: ({component}) => ({info:{component}}),
  componentsExecute: ({input}) => ({output: input}),
}, { maxBodyBytes: 4096, onProtocolError: () => {} });
const post = (body) => new Promise((resolve, reject) => {
  const req = request(server.url, { method: "POST", headers: {"content-type":"application/json", accept:"application/json, text/event-stream"} }, (res) => {
    let t=""; res.on("data", c => t+=c); res.on("end", () => resolve([res.statusCode, t]));
  });
  req.on("error", reject); req.end(body);
});
const nearMessage = fc.record({
  jsonrpc: fc.oneof(fc.constant("2.0"), fc.jsonValue()),
  id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.jsonValue()),
  method: fc.oneof(fc.constantFrom("initialize", "components/list", "components/execute", "blobs/put"), fc.jsonValue()),
  params: fc.jsonValue(), result: fc.jsonValue(), error: fc.jsonValue(),
}, { requiredKeys: [] });
const body = fc.oneof(fc.string({ unit: "binary" }), fc.jsonValue().map(JSON.stringify), nearMessage.map(JSON.stringify));
for (const b of fc.sample(body, 400)) {
  const r = await Promise.race([post(b), new Promise(r => setTimeout(() => r("HANG"), 1000))]);
  if (r === "HANG") { console.log("HANG", JSON.stringify(b)); break; }
}
process.exit(0);
