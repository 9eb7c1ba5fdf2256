#!/usr/bin/env node
// Round trips per second of the generated package between two processes: the runtime here, the
// component server (`bench/http-server.mjs`) a child, over stdio and over HTTP on 127.0.0.1.
// `components/execute` with a ~1.3 KB input; "nested" makes one `blobs/put` back to the runtime
// per execution (over HTTP: an event on the execution's stream, and a POST of its answer). The
// last column is bare node:http between the same processes (keep-alive POSTs of the same input,
// echoed back, no JSON-RPC): the floor that HTTP itself sets.
//
//   npm run bench:http                       # 1 and 64 in flight, 2 s of warm-up and 3 s per row
//   npm run bench:http -- --seconds 10 --warmup 5 --conc 1,16,64
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { Agent, request } from "node:http";
import { fileURLToPath } from "node:url";
import { connectComponentServerOverHttp } from "../generated/dist/http.js";
import { spawnComponentServer } from "../generated/dist/node.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const serverScript = path.join(here, "http-server.mjs");

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index === -1 ? fallback : args[index + 1];
};
const seconds = Number(option("--seconds", "3"));
// Under load, a server process takes a few seconds of calls before its code is optimized.
const warmupSeconds = Number(option("--warmup", "2"));
const concurrencies = option("--conc", "1,64").split(",").map(Number);

/** @type {import("../generated/dist/index.js").RuntimeHandlers} */
const runtimeHandlers = {
  blobsPut: ({ data }) => ({
    blob_id: createHash("sha256").update(JSON.stringify(data)).digest("hex"),
  }),
  blobsGet: () => {
    throw new Error("not used");
  },
  flowsEvaluate: () => ({ result: { outcome: "skipped" } }),
};

// About 1.3 KB of JSON, as in the shared round-trip benchmark.
const input = {
  user: { id: 12345, name: "Ada Lovelace", tags: ["math", "engines", "poetry"] },
  items: Array.from({ length: 12 }, (_, i) => ({ sku: "item-" + i, qty: i % 4, price: 9.99 + i })),
  note: "x".repeat(300),
};

async function openStdio() {
  const server = spawnComponentServer(process.execPath, [serverScript], runtimeHandlers);
  return { connection: server, pid: server.transport.child.pid, close: () => server.close() };
}

async function startChild(flag) {
  const child = spawn(process.execPath, [serverScript, flag], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((resolve, reject) => {
    child.stdout.setEncoding("utf8").once("data", (line) => resolve(line.trim()));
    child.once("close", (code) => reject(new Error("the HTTP server exited with " + code)));
  });
  const stop = async () => {
    child.kill("SIGTERM");
    await new Promise((resolve) => child.once("close", resolve));
  };
  return { url, pid: child.pid, stop };
}

async function openHttp() {
  const { url, pid, stop } = await startChild("--http");
  const connection = connectComponentServerOverHttp(url, runtimeHandlers);
  return {
    connection,
    pid,
    close: async () => {
      await connection.close();
      await stop();
    },
  };
}

/** Bare keep-alive POSTs of the same input, answered with their body: the floor of the HTTP rows. */
async function openFloor() {
  const { url, pid, stop } = await startChild("--floor");
  const agent = new Agent({ keepAlive: true });
  const body = JSON.stringify({ component: "/simple", input });
  const post = () =>
    new Promise((resolve, reject) => {
      const req = request(url, {
        method: "POST",
        agent,
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      });
      req.on("response", (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk) => (text += chunk));
        response.on("end", () => resolve(JSON.parse(text)));
      });
      req.on("error", reject);
      req.end(body);
    });
  return {
    post,
    pid,
    close: async () => {
      agent.destroy();
      await stop();
    },
  };
}

/** Completed calls per second over `seconds`, with `inFlight` calls outstanding at all times. */
async function rate(call, inFlight, serverPid) {
  // Warm up: let the JIT and the connection pools settle.
  const warmupEnd = Date.now() + warmupSeconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (Date.now() < warmupEnd) await call();
    }),
  );
  let done = 0;
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const serverCpuStart = processCpuMicros(serverPid);
  const end = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (Date.now() < end) {
        await call();
        done++;
      }
    }),
  );
  const elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const serverCpu = processCpuMicros(serverPid) - serverCpuStart;
  // CPU time of both processes per call: steadier than rates on a machine that others share.
  return { perSecond: done / elapsed, cpuMicros: (cpu.user + cpu.system + serverCpu) / done };
}

/** User and system CPU time of a process so far, in microseconds, from /proc (Linux); NaN elsewhere. */
function processCpuMicros(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the file, in clock ticks (100 per second on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1e6) / 100;
  } catch {
    return NaN;
  }
}

const rows = [];
for (const [transport, open] of [
  ["stdio", openStdio],
  ["HTTP", openHttp],
]) {
  const { connection, pid, close } = await open();
  await connection.componentServer.initialize({ runtime_protocol_version: 1 });
  connection.componentServer.initialized();
  for (const scenario of ["simple", "nested"]) {
    for (const inFlight of concurrencies) {
      const { componentServer } = connection;
      const component = "/" + scenario;
      const { perSecond, cpuMicros } = await rate(
        () => componentServer.componentsExecute({ component, input }),
        inFlight,
        pid,
      );
      rows.push({ transport, scenario, inFlight, perSecond, cpuMicros });
      process.stderr.write(
        `${transport} ${scenario} ${inFlight} in flight: ${Math.round(perSecond)}/s\n`,
      );
    }
  }
  await close();
}

const floor = await openFloor();
const floorRates = new Map();
for (const inFlight of concurrencies) {
  floorRates.set(inFlight, await rate(floor.post, inFlight, floor.pid));
  process.stderr.write(
    `bare node:http ${inFlight} in flight: ${Math.round(floorRates.get(inFlight).perSecond)}/s\n`,
  );
}
await floor.close();

const format = (n) => Math.round(n).toLocaleString("en-US");
const find = (transport, scenario, inFlight) =>
  rows.find((r) => r.transport === transport && r.scenario === scenario && r.inFlight === inFlight);
console.log("\nRound trips per second, and CPU time of both processes per round trip (µs):\n");
console.log(
  "| scenario | in flight | stdio /s | HTTP /s | HTTP / stdio | stdio CPU µs | HTTP CPU µs | bare node:http /s | bare CPU µs |",
);
console.log(
  "| -------- | --------: | -------: | ------: | -----------: | -----------: | ----------: | ----------------: | ----------: |",
);
for (const scenario of ["simple", "nested"]) {
  for (const inFlight of concurrencies) {
    const stdio = find("stdio", scenario, inFlight);
    const http = find("HTTP", scenario, inFlight);
    const bare = floorRates.get(inFlight);
    const bareCells =
      scenario === "simple" ? `${format(bare.perSecond)} | ${format(bare.cpuMicros)}` : " | ";
    console.log(
      `| ${scenario} | ${inFlight} | ${format(stdio.perSecond)} | ${format(http.perSecond)} | ${Math.round((100 * http.perSecond) / stdio.perSecond)}% | ${format(stdio.cpuMicros)} | ${format(http.cpuMicros)} | ${bareCells} |`,
    );
  }
}
