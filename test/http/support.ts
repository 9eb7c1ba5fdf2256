// Handlers and helpers of the HTTP tests: a component server whose components call back into the
// runtime, a runtime with an in-memory blob store, and raw POSTs for checking the wire itself.

import { createHash } from "node:crypto";
import { request } from "node:http";
import {
  ErrorCodes,
  RpcError,
  type ComponentServerHandlers,
  type RuntimeHandlers,
  type Value,
} from "../../generated/dist/index.js";
import type { HttpComponentServer } from "../../generated/dist/http.js";

/** What the component server's handlers saw, for tests to look at. */
export interface ServerLog {
  /** Reasons the signals of cancelled executions aborted with, by execution tag. */
  readonly aborted: Map<string, unknown>;
  /** Tags of executions that started. */
  readonly started: string[];
}

export function newServerLog(): ServerLog {
  return { aborted: new Map(), started: [] };
}

/**
 * Components: `/echo` (no call back), `/nested` (blobs/put, blobs/get and flows/evaluate, in one
 * execution), `/put` (one blobs/put), and `/wait` (waits until its signal aborts, and logs why).
 */
export function componentServerHandlers(log: ServerLog = newServerLog()): ComponentServerHandlers {
  return {
    initialize: () => ({ server_protocol_version: 1 }),
    componentsList: () => ({
      components: ["/echo", "/nested", "/put", "/wait"].map((component) => ({ component })),
    }),
    componentsInfo: ({ component }) => ({ info: { component, description: "about " + component } }),
    async componentsExecute({ component, input }, context) {
      switch (component) {
        case "/echo":
          return { output: input };
        case "/put": {
          const { blob_id } = await context.runtime.blobsPut({ data: input, blob_type: "data" });
          return { output: blob_id };
        }
        case "/nested": {
          const { blob_id } = await context.runtime.blobsPut({ data: input, blob_type: "data" });
          const { data } = await context.runtime.blobsGet({ blob_id });
          const { result } = await context.runtime.flowsEvaluate({ flow_id: blob_id, input: data });
          return { output: { blob_id, data, result } };
        }
        case "/wait": {
          const tag = String((input as { tag?: unknown }).tag);
          log.started.push(tag);
          const reason = await new Promise<unknown>((resolve) => {
            if (context.signal.aborted) resolve(context.signal.reason);
            context.signal.addEventListener("abort", () => resolve(context.signal.reason));
          });
          log.aborted.set(tag, reason);
          throw new RpcError(ErrorCodes.Timeout, "cancelled");
        }
        default:
          throw new RpcError(ErrorCodes.ComponentNotFound, "no component " + component);
      }
    },
  };
}

export const blobId = (data: Value): string =>
  createHash("sha256").update(JSON.stringify(data)).digest("hex");

/** A runtime whose blob store lives in memory; `flows/evaluate` succeeds with the input. */
export function runtimeHandlers(): RuntimeHandlers & { readonly blobs: Map<string, Value> } {
  const blobs = new Map<string, Value>();
  return {
    blobs,
    blobsPut({ data }) {
      const blob_id = blobId(data);
      blobs.set(blob_id, data);
      return { blob_id };
    },
    blobsGet({ blob_id }) {
      if (!blobs.has(blob_id)) throw new RpcError(ErrorCodes.BlobNotFound, "no blob " + blob_id);
      return { data: blobs.get(blob_id)!, blob_type: "data" };
    },
    flowsEvaluate({ flow_id, input }) {
      if (!blobs.has(flow_id)) throw new RpcError(ErrorCodes.BlobNotFound, "no flow " + flow_id);
      return { result: { outcome: "success", result: input } };
    },
  };
}

/** The protocol's handshake. */
export async function handshake(client: HttpComponentServer): Promise<void> {
  await client.componentServer.initialize({ runtime_protocol_version: 1 });
  client.componentServer.initialized();
}

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

/** One POST (or other method) with exactly these headers and body, read to its end. */
export function rawRequest(
  url: string,
  body: string | Buffer,
  headers: Record<string, string | number>,
  method = "POST",
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => (text += chunk));
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
      );
      response.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

export const JSON_HEADERS = {
  "content-type": "application/json",
  accept: "application/json, text/event-stream",
};

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
