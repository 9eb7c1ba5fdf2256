// A toy two-role protocol, written by hand the way the generator would write it: a "client" that
// calls `math/add` and `work/*`, a "server" that calls back `store/put` while it works, and a few
// notifications. Its validators are tiny but follow the generated ones' contract.

import { PassThrough } from "node:stream";
import type {
  IncomingMethod,
  MethodSpec,
  PeerOptions,
  Transport,
  Validate,
} from "../../templates/runtime/index.js";
import {
  issueAt,
  memoryTransportPair,
  missingProperty,
  Peer,
  prependPath,
} from "../../templates/runtime/index.js";
import { streamTransport } from "../../templates/runtime/node.js";

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** A validator for an object whose listed properties are all required. */
function objectOf(
  properties: Record<string, [expected: string, check: (value: unknown) => boolean]>,
): Validate {
  return (value) => {
    if (!isObject(value)) return issueAt("object", value);
    for (const name of Object.keys(properties)) {
      const [expected, check] = properties[name]!;
      const property = value[name];
      if (property === undefined) return missingProperty(name, expected);
      if (!check(property)) return prependPath(issueAt(expected, property), name);
    }
    return undefined;
  };
}

const integer = ["integer", Number.isInteger] as [string, (value: unknown) => boolean];
const string = ["string", (v: unknown) => typeof v === "string"] as [
  string,
  (value: unknown) => boolean,
];
const boolean = ["boolean", (v: unknown) => typeof v === "boolean"] as [
  string,
  (value: unknown) => boolean,
];
const anything = ["any JSON value", () => true] as [string, (value: unknown) => boolean];
const idLike = [
  "string or integer",
  (v: unknown) => typeof v === "string" || Number.isInteger(v),
] as [string, (value: unknown) => boolean];

/** Items of `records` must be integers: to test paths like `$.records[2]`. */
const validateSumParams: Validate = (value) => {
  if (!isObject(value)) return issueAt("object", value);
  const records = value["records"];
  if (!Array.isArray(records)) return prependPath(issueAt("array", records), "records");
  for (let i = 0; i < records.length; i++) {
    if (!Number.isInteger(records[i]))
      return prependPath(prependPath(issueAt("integer", records[i]), i), "records");
  }
  return undefined;
};

export const spec = {
  add: {
    name: "math/add",
    kind: "request",
    validateParams: objectOf({ a: integer, b: integer }),
    validateResult: objectOf({ sum: integer }),
  },
  sum: {
    name: "math/sum",
    kind: "request",
    validateParams: validateSumParams,
    validateResult: objectOf({ sum: integer }),
  },
  slow: {
    name: "work/slow",
    kind: "request",
    validateParams: objectOf({ ms: integer }),
    validateResult: objectOf({ done: boolean }),
  },
  fail: {
    name: "work/fail",
    kind: "request",
    validateParams: objectOf({ how: string }),
    validateResult: objectOf({}),
  },
  put: {
    name: "store/put",
    kind: "request",
    validateParams: objectOf({ key: string, value: anything }),
    validateResult: objectOf({ stored: boolean }),
  },
  hello: {
    name: "session/hello",
    kind: "request",
    validateParams: objectOf({ version: integer }),
    validateResult: objectOf({ version: integer }),
  },
  ready: { name: "session/ready", kind: "notification", validateParams: objectOf({}) },
  ping: { name: "notes/ping", kind: "notification", validateParams: objectOf({ text: string }) },
  cancel: { name: "$/cancel", kind: "notification", validateParams: objectOf({ id: idLike }) },
} as const satisfies Record<string, MethodSpec>;

export const cancellation = { method: "$/cancel", idProperty: "id" } as const;

export const lifecycle = {
  allowedBefore: new Set(["session/hello"]),
  readyAfter: "session/ready",
  notReadyCode: -32002,
  notReadyMessage: "Server not initialized",
} as const;

/** A method table from `[spec, handler]` pairs. */
export function methods(
  ...entries: Array<[MethodSpec, IncomingMethod["handler"]]>
): Map<string, IncomingMethod> {
  return new Map(
    entries.map(([methodSpec, handler]) => [methodSpec.name, { spec: methodSpec, handler }]),
  );
}

export const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

/** Two peers over NDJSON on a pair of in-memory streams: the real framing and write path. */
export function streamPeers(
  clientOptions: PeerOptions,
  serverOptions: PeerOptions,
): { client: Peer; server: Peer } {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  return {
    client: new Peer(streamTransport(toClient, toServer), clientOptions),
    server: new Peer(streamTransport(toServer, toClient), serverOptions),
  };
}

/**
 * A peer under test, and the other end of its transport driven line by line by the test: what the
 * peer writes lands in `lines`, and `send` feeds it raw text.
 */
export function rawPeer(options: PeerOptions): { peer: Peer; wire: RawWire } {
  const [mine, theirs] = memoryTransportPair();
  return { peer: new Peer(mine, options), wire: new RawWire(theirs) };
}

export class RawWire {
  readonly lines: string[] = [];
  readonly #transport: Transport;
  #waiters: Array<() => void> = [];
  #read = 0;

  constructor(transport: Transport) {
    this.#transport = transport;
    transport.onMessage((line) => {
      this.lines.push(line);
      const waiters = this.#waiters;
      this.#waiters = [];
      for (const wake of waiters) wake();
    });
  }

  send(text: string): void {
    this.#transport.send(text);
  }

  sendJson(value: unknown): void {
    this.#transport.send(JSON.stringify(value));
  }

  /** The next line the peer writes (lines are consumed in order). */
  async nextLine(timeoutMs = 2000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (this.#read >= this.lines.length) {
      if (Date.now() > deadline)
        throw new Error("no line from the peer within " + timeoutMs + " ms");
      await new Promise<void>((resolve) => {
        this.#waiters.push(resolve);
        setTimeout(resolve, 20);
      });
    }
    return this.lines[this.#read++]!;
  }

  async nextMessage(): Promise<Record<string, unknown>> {
    return JSON.parse(await this.nextLine()) as Record<string, unknown>;
  }

  /** Sends a request and returns the raw answer line. */
  async ask(text: string): Promise<string> {
    this.send(text);
    return this.nextLine();
  }

  close(): Promise<void> {
    return this.#transport.close();
  }
}
