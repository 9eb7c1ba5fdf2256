// Component servers as processes of their own (the example server with `--http`), and a reverse
// proxy in front of several of them, as a load balancer would be.

import { spawn, type ChildProcess } from "node:child_process";
import { createServer, request, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { fileURLToPath } from "node:url";
import { within } from "./support.js";

const exampleServer = fileURLToPath(
  new URL("../../examples/component-server.mjs", import.meta.url),
);

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly exited: Promise<void>;
}

const children = new Set<ChildProcess>();

/** Starts the example component server over HTTP; resolves once it printed its endpoint. */
export async function startServer(args: readonly string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [exampleServer, "--http", ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  void exited.then(() => children.delete(child));
  let stderr = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const url = await within(
    new Promise<string>((resolve, reject) => {
      let stdout = "";
      child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
        stdout += chunk;
        if (stdout.includes("\n")) resolve(stdout.trim());
      });
      child.once("close", (code) =>
        reject(new Error("the server exited with " + code + ": " + stderr)),
      );
    }),
    10_000,
    "the component server to listen",
  );
  return { child, url, exited };
}

/** Kills every server process still running. */
export async function killServers(): Promise<void> {
  await Promise.all(
    [...children].map((child) => {
      const closed = new Promise((resolve) => child.once("close", resolve));
      child.kill("SIGKILL");
      return within(closed, 5_000, "a killed server to close");
    }),
  );
}

/** A proxy in front of several upstreams; `counts` says how many POSTs each received. */
export interface Proxy {
  readonly url: string;
  readonly counts: number[];
  close(): Promise<void>;
}

/**
 * A reverse proxy that sends each request to the next upstream in turn, except, when `routeOnReplica`
 * is set, requests carrying an `Rpc-Replica` header, which go to the upstream of that name. Bodies
 * and responses are piped as they come, so event streams pass through unbuffered.
 */
export async function startProxy(
  upstreams: ReadonlyArray<{ readonly name: string; readonly url: string }>,
  routeOnReplica: boolean,
): Promise<Proxy> {
  const counts = upstreams.map(() => 0);
  let next = 0;
  const server: Server = createServer((incoming, outgoing) => {
    const replica = incoming.headers["rpc-replica"];
    let index = routeOnReplica ? upstreams.findIndex((upstream) => upstream.name === replica) : -1;
    if (index === -1) index = next++ % upstreams.length;
    counts[index]!++;
    const target = new URL(incoming.url ?? "/", upstreams[index]!.url);
    const forwarded = request(
      target,
      { method: incoming.method, headers: incoming.headers },
      (response: IncomingMessage) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
        response.on("error", () => outgoing.destroy());
      },
    );
    forwarded.on("error", () => {
      if (!outgoing.headersSent) outgoing.writeHead(502).end("upstream failed");
      else outgoing.destroy();
    });
    outgoing.on("close", () => {
      if (!outgoing.writableFinished) forwarded.destroy(); // the client went away: so does the upstream request
    });
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: "http://127.0.0.1:" + port + "/",
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
