// Progress in the engine, fed raw text by a hostile peer: whatever a progress notification holds
// (no params, a token that is an object, an inherited property, a token of a call that ended),
// the engine neither crashes nor mixes calls up, and the token goes where it should in params the
// caller gave, whatever their shape. fast-check sends random reports while calls wait.
//
// `npm test` runs 10,000 cases; FAST_CHECK_RUNS=100000 (npm run test:long) runs more.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { MethodSpec } from "../../templates/runtime/index.js";
import { issueAt } from "../../templates/runtime/index.js";
import { methods, rawPeer } from "./toy-protocol.js";

const runs = Number(process.env["FAST_CHECK_RUNS"] ?? 10_000);

const none = () => undefined;
const work: MethodSpec = {
  name: "work",
  kind: "request",
  validateParams: none,
  progressToken: { path: ["_meta", "token"], type: "number" },
};
const named: MethodSpec = {
  name: "named",
  kind: "request",
  validateParams: none,
  progressToken: { path: ["__proto__"], type: "string" },
};
const report: MethodSpec = {
  name: "progress",
  kind: "notification",
  validateParams: (value) =>
    typeof (value as { done?: unknown } | null)?.done === "number"
      ? undefined
      : issueAt("{ done: number }", value),
};

function setup() {
  const ordinary: unknown[] = [];
  const notes: string[] = [];
  const { peer, wire } = rawPeer({
    methods: methods([report, (params: unknown) => void ordinary.push(params)]),
    progress: { method: "progress", tokenPath: ["token"], validateParams: report.validateParams },
    onProtocolError: (note) => void notes.push(note),
  });
  return { peer, wire, ordinary, notes };
}

describe("progress in the engine", () => {
  it("puts the token into a copy of the params, creating what is missing, never touching the caller's", async () => {
    const { peer, wire } = setup();
    const params = { a: 1, _meta: { keep: true } };
    const ignore = () => {};
    void peer.request(work, params, { onProgress: () => {} }).catch(ignore);
    void peer.request(work, undefined, { onProgress: () => {} }).catch(ignore);
    void peer.request(named, { x: 1 }, { onProgress: () => {} }).catch(ignore);
    const sent = [await wire.nextMessage(), await wire.nextMessage(), await wire.nextMessage()];
    expect(sent[0]!["params"]).toEqual({ a: 1, _meta: { keep: true, token: 1 } });
    expect(sent[1]!["params"]).toEqual({ _meta: { token: 2 } });
    // "__proto__" is an own property on the wire, not the copy's prototype.
    expect(JSON.parse(JSON.stringify(sent[2]!["params"]))).toEqual(
      JSON.parse('{"x":1,"__proto__":"3"}'),
    );
    expect(params).toEqual({ a: 1, _meta: { keep: true } });
    await peer.close();
  });

  it("refuses params where the token cannot go", async () => {
    const { peer } = setup();
    const follow = { onProgress: () => {} };
    await expect(peer.request(work, [1, 2], follow)).rejects.toThrow(
      'Cannot follow the progress of "work": params at the top are not an object',
    );
    await expect(peer.request(work, { _meta: "x" }, follow)).rejects.toThrow(
      'Cannot follow the progress of "work": params at "/_meta" are not an object',
    );
    await expect(peer.request(work, {}, { onProgress: 5 as never })).rejects.toThrow(
      "onProgress is not a function",
    );
    expect(peer.pendingCalls).toBe(0);
    await peer.close();
  });

  it("leaves reports it cannot tie to a call to the handlers, and ends a call's reports with it", async () => {
    const { peer, wire, ordinary, notes } = setup();
    const got: unknown[] = [];
    const call = peer.request(work, {}, { onProgress: (params) => got.push(params) });
    await wire.nextMessage();
    const hostile = [
      '{"jsonrpc":"2.0","method":"progress"}',
      '{"jsonrpc":"2.0","method":"progress","params":null}',
      '{"jsonrpc":"2.0","method":"progress","params":[1]}',
      '{"jsonrpc":"2.0","method":"progress","params":{"token":{"n":1},"done":1}}',
      '{"jsonrpc":"2.0","method":"progress","params":{"token":"1","done":2}}',
      '{"jsonrpc":"2.0","method":"progress","params":{"token":2,"done":3}}',
      '{"jsonrpc":"2.0","method":"progress","params":{"token":1,"done":4}}',
      '{"jsonrpc":"2.0","method":"progress","params":{"token":1,"done":"x"}}',
      '{"jsonrpc":"2.0","id":9,"method":"progress","params":{"token":1,"done":5}}',
    ];
    for (const text of hostile) wire.send(text);
    await new Promise((resolve) => setTimeout(resolve, 10));
    // Only the well-formed report with the call's token reached the call.
    expect(got).toEqual([{ token: 1, done: 4 }]);
    expect(ordinary).toEqual([
      { token: { n: 1 }, done: 1 },
      { token: "1", done: 2 },
      { token: 2, done: 3 },
    ]);
    expect(notes.some((note) => note.includes('for the pending call to "work"'))).toBe(true);
    wire.sendJson({ jsonrpc: "2.0", id: 1, result: {} });
    await call;
    wire.send('{"jsonrpc":"2.0","method":"progress","params":{"token":1,"done":6}}');
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(got).toHaveLength(1);
    expect(ordinary).toContainEqual({ token: 1, done: 6 });
    await peer.close();
  });

  it(`ties random reports only to the call whose token they carry (${runs} cases)`, async () => {
    const { peer, wire, ordinary } = setup();
    const got = new Map<number, number[]>();
    for (let i = 1; i <= 5; i++) {
      got.set(i, []);
      void peer
        .request(work, {}, { onProgress: (p: any) => got.get(i)!.push(p.done) })
        .catch(() => {});
    }
    for (let i = 0; i < 5; i++) await wire.nextMessage();
    const expected = new Map<number, number[]>([...got.keys()].map((key) => [key, []]));
    let toHandlers = 0;
    const token = fc.oneof(
      fc.integer({ min: -2, max: 8 }),
      fc.constantFrom("1", "2", null, true, {}, [], 1.5),
      fc.string(),
    );
    fc.assert(
      fc.property(token, fc.integer(), (t, done) => {
        wire.sendJson({ jsonrpc: "2.0", method: "progress", params: { token: t, done } });
        if (typeof t === "number" && expected.has(t)) expected.get(t)!.push(done);
        else toHandlers++;
      }),
      { numRuns: runs },
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(got).toEqual(expected);
    expect(ordinary).toHaveLength(toHandlers);
    await peer.close();
  });
});
