// Helpers of the integration tests: paths, bounded waits, and the bookkeeping that makes sure no
// child process outlives its test.

import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { spawnComponentServer, type SpawnedComponentServer } from "../../generated/dist/node.js";
import type { ConnectionOptions, RuntimeHandlers } from "../../generated/dist/index.js";
import { RpcError } from "../../generated/dist/index.js";

export const root = fileURLToPath(new URL("../..", import.meta.url));
export const fixture = (name: string): string =>
  fileURLToPath(new URL("./fixtures/" + name, import.meta.url));

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Rejects after `ms` with a message saying what was being waited for. */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error("timed out after " + ms + " ms waiting for " + what)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Polls `condition` until it holds; fails after `ms`. */
export async function until(condition: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out after " + ms + " ms waiting for " + what);
    await sleep(5);
  }
}

/** The children started by the running test, killed by `killAll` (in `afterEach`). */
const children = new Set<ChildProcess>();

export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once("close", () => children.delete(child));
  return child;
}

export async function killAll(): Promise<void> {
  const alive = [...children];
  children.clear();
  await Promise.all(
    alive.map((child) => {
      if (child.exitCode !== null || child.signalCode !== null) return undefined;
      const closed = new Promise((resolve) => child.once("close", resolve));
      child.kill("SIGKILL");
      return within(closed, 5_000, "a killed child to close");
    }),
  );
}

/** Blob store handlers that do nothing special, for tests that never reach them. */
export const unusedRuntimeHandlers: RuntimeHandlers = {
  blobsPut: () => {
    throw new RpcError(-32603, "unexpected blobs/put");
  },
  blobsGet: () => {
    throw new RpcError(-32603, "unexpected blobs/get");
  },
  flowsEvaluate: () => {
    throw new RpcError(-32603, "unexpected flows/evaluate");
  },
};

/** A spawned component server whose stderr is collected, so that a failure can show it. */
export interface Spawned extends SpawnedComponentServer {
  readonly stderr: () => string;
}

/** Spawns `node script ...args` as a component server, tracked for `killAll`. */
export function spawnServer(
  script: string,
  args: readonly string[],
  handlers: RuntimeHandlers,
  options: ConnectionOptions = {},
): Spawned {
  const server = spawnComponentServer(process.execPath, [script, ...args], handlers, {
    stderr: "pipe",
    exitTimeoutMs: 2_000,
    ...options,
  });
  track(server.transport.child);
  let stderr = "";
  server.transport.child.stderr!.setEncoding("utf8");
  server.transport.child.stderr!.on("data", (chunk: string) => (stderr += chunk));
  return { ...server, stderr: () => stderr };
}

/** `initialize` (checking the version), then `initialized`. */
export async function handshake(server: SpawnedComponentServer): Promise<void> {
  const result = await server.componentServer.initialize(
    { runtime_protocol_version: 1 },
    { timeoutMs: 5_000 },
  );
  if (result.server_protocol_version !== 1)
    throw new Error("server speaks protocol version " + result.server_protocol_version);
  server.componentServer.initialized();
}

/** How a command run to its end went. */
export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly elapsedMs: number;
}

/** Runs `node args...` in the repository root; kills it (and fails) if it runs longer than `limitMs`. */
export function runNode(args: readonly string[], limitMs = 15_000): Promise<Run> {
  const started = performance.now();
  const child = track(
    spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] }),
  );
  let stdout = "";
  let stderr = "";
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(
        new Error(
          "node " + args.join(" ") + " still ran after " + limitMs + " ms; stderr:\n" + stderr,
        ),
      );
    }, limitMs);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, elapsedMs: performance.now() - started });
    });
  });
}
