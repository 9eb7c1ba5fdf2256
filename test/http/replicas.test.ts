// Two component server processes behind a round-robin proxy: the handlers' calls back to the
// runtime travel on the stream of the execution, and their answers, POSTed anew, reach the
// replica whose handler waits for them because the proxy routes on the `Rpc-Replica` header.

import { afterEach, describe, expect, it } from "vitest";
import {
  connectComponentServerOverHttp,
  HttpRequestError,
  type HttpComponentServer,
} from "../../generated/dist/http.js";
import { killServers, startProxy, startServer, type Proxy } from "./processes.js";
import { blobId, handshake, runtimeHandlers, within } from "./support.js";

const clients: HttpComponentServer[] = [];
const proxies: Proxy[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
  await killServers();
});

async function twoReplicasBehind(routeOnReplica: boolean) {
  const replicas = await Promise.all(
    ["a", "b"].map(async (name) => ({ name, url: (await startServer(["--replica", name])).url })),
  );
  const proxy = await startProxy(replicas, routeOnReplica);
  proxies.push(proxy);
  const runtime = runtimeHandlers();
  const client = connectComponentServerOverHttp(proxy.url, runtime, {
    defaultTimeoutMs: 10_000,
    onError: () => {},
  });
  clients.push(client);
  return { proxy, client, runtime };
}

const executions = (client: HttpComponentServer, count: number) =>
  Array.from({ length: count }, (_, i) =>
    client.componentServer.componentsExecute({
      component: "/example/blob-roundtrip",
      input: { i },
    }),
  );

describe("two replicas behind a round-robin proxy", () => {
  it("serve executions with nested calls, each answer routed to the replica that asked", async () => {
    const { proxy, client } = await twoReplicasBehind(true);
    await handshake(client);
    const outputs = await within(Promise.all(executions(client, 40)), 20_000, "40 executions");
    expect(outputs.map((result) => result.output)).toEqual(
      Array.from({ length: 40 }, (_, i) => ({ blob_id: blobId({ i }), data: { i } })),
    );
    // Each execution is one request and two answers; both replicas took their share of requests.
    expect(proxy.counts[0]! + proxy.counts[1]!).toBe(2 + 40 * 3);
    expect(Math.min(...proxy.counts)).toBeGreaterThan(20);
  });

  it("without routing on the header, answers reach the wrong replica and the executions fail, naming why", async () => {
    const { client } = await twoReplicasBehind(false);
    // The handshake holds even here: the client carries its state, so either replica serves.
    await handshake(client);
    const results = await within(
      Promise.allSettled(executions(client, 10)),
      20_000,
      "10 executions",
    );
    const failures = results.filter((result) => result.status === "rejected");
    expect(failures.length).toBeGreaterThan(0);
    const error = (failures[0] as PromiseRejectedResult).reason;
    expect(error).toBeInstanceOf(HttpRequestError);
    expect(error.message).toMatch(/was not delivered: HTTP 404/);
    expect(error.message).toMatch(/replica (a|b)/);
  });
});
