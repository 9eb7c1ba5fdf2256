// The HTTP transport is generated from the catalog, so a protocol other than Stepflow gets it too:
// the small test protocol (roles "client" and "server", a lifecycle ended by `start`, calls and
// notifications both ways, a cancellation notification) served and called over loopback HTTP.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../generator/index.js";
import { makeTempDir, removeTempDir, repoRoot } from "../helpers/repo.js";
import { until } from "./support.js";

// The generated package is imported at run time; its shape is checked by the assertions.
let tiny: any;
let http: any;
let tmp: string;

beforeAll(async () => {
  tmp = makeTempDir("tiny-http");
  const outDir = path.join(tmp, "tiny");
  await generate({
    schemaPath: "test/fixtures/schemas/protocol.schema.json",
    catalogPath: "test/fixtures/catalogs/protocol.catalog.json",
    outDir,
    cwd: repoRoot,
    cache: false,
  });
  tiny = await import(pathToFileURL(path.join(outDir, "dist", "index.js")).href);
  http = await import(pathToFileURL(path.join(outDir, "dist", "http.js")).href);
}, 60_000);

afterAll(() => removeTempDir(tmp));

describe("another generated protocol over HTTP", () => {
  it("gates until `start`, carries calls and notifications back on the stream, and cancels", async () => {
    let handlerSignal: AbortSignal | undefined;
    const server = await http.serveServerOverHttp({
      ping: ({ message }: { message: string }) => ({ echo: message }),
      async recordsPut(record: Record<string, string>, context: any) {
        if (record["wait"] !== undefined) {
          handlerSignal = context.signal;
          return new Promise(() => {}); // until cancelled
        }
        const objects = await context.client.objectsGet({ value: record });
        context.client.log({ line: "stored " + Object.keys(record).length });
        return "stored " + JSON.stringify(objects);
      },
      errorRaise: () => null,
    });
    const seen: string[] = [];
    const client = http.connectServerOverHttp(server.url, {
      objectsGet: ({ value }: { value: unknown }) => [{ value }],
      log: ({ line }: { line: string }) => seen.push(line),
    });
    try {
      expect(await client.server.ping({ message: "hi" })).toEqual({ echo: "hi" });
      await expect(client.server.recordsPut({ a: "1" })).rejects.toMatchObject({ code: -32000 });
      client.server.start({ value: 1 });
      expect(await client.server.recordsPut({ a: "1" })).toBe('stored [{"value":{"a":"1"}}]');
      expect(seen).toEqual(["stored 1"]);

      const controller = new AbortController();
      const call = client.server.recordsPut({ wait: "1" }, { signal: controller.signal });
      await until(() => handlerSignal !== undefined, 5_000, "the handler to start");
      controller.abort(new Error("user gave up"));
      await expect(call).rejects.toBeInstanceOf(tiny.CallCancelledError);
      await until(() => handlerSignal!.aborted, 5_000, "the handler's signal to abort");
      expect(await client.server.ping({ message: "still here" })).toEqual({ echo: "still here" });
    } finally {
      await client.close();
      await server.close();
    }
  });
});
