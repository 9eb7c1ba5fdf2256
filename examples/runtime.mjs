#!/usr/bin/env node
// @ts-check
// An example Stepflow runtime, built on the generated package.
//
// It spawns a component server (or, with `--http URL`, reaches one served over HTTP), opens the session (`initialize`, then `initialized`), lists and
// describes the server's components, runs the components named with `--execute` in order, and
// closes the server's stdin. While a component runs it serves the server's calls back: `blobs/put`
// and `blobs/get` from an in-memory store (a blob's id is the hex SHA-256 of its JSON text), and
// `flows/evaluate`, which this runtime cannot do (it answers with a `failed` flow result).
//
//   npm run -s example:runtime -- [--timeout-ms N] [--execute NAME=JSON ...] [--] COMMAND [ARGS...]
//   node examples/runtime.mjs --execute /example/echo='{"a":1}' node examples/component-server.mjs
//   node examples/runtime.mjs --http http://127.0.0.1:8080/ --execute /example/echo='{"a":1}'
//
// stdout gets one JSON object per line: `{"components": [...]}`, one `{"info": ...}` per component,
// then one `{"component": NAME, "output": ...}` per execution. Any failure of the server (it
// crashes, writes something that is not JSON-RPC, answers an error, speaks another protocol
// version, or does not answer within the timeout) ends the run with one line on stderr and exit
// code 1; bad arguments exit with code 2.

import { createHash } from "node:crypto";
import {
  CallTimeoutError,
  ConnectionClosedError,
  ErrorCodes,
  ResultValidationError,
  RpcError,
} from "../generated/dist/index.js";
import { connectComponentServerOverHttp, HttpRequestError } from "../generated/dist/http.js";
import { spawnComponentServer } from "../generated/dist/node.js";

/** @typedef {import("../generated/dist/index.js").BlobType} BlobType */
/** @typedef {import("../generated/dist/index.js").Value} Value */
/** @typedef {import("../generated/dist/index.js").RuntimeHandlers} RuntimeHandlers */
/** @typedef {import("../generated/dist/node.js").SpawnedComponentServer} SpawnedComponentServer */

const PROTOCOL_VERSION = 1;
const DEFAULT_TIMEOUT_MS = 30_000;
/** How long the server may take to exit once its stdin is closed, before it is terminated. */
const EXIT_GRACE_MS = 5_000;

const USAGE =
  "usage: runtime.mjs [--timeout-ms N] [--execute NAME=JSON_INPUT ...] (--http URL | [--] COMMAND [ARGS...])";

// ---- Arguments ----

/** @param {string} message */
function usageError(message) {
  process.stderr.write("runtime: " + message + "\n" + USAGE + "\n");
  process.exit(2);
}

/**
 * Options come first; the first argument that is not an option (or everything after `--`) is the
 * server's command, and the rest are its arguments, passed on untouched.
 * @param {string[]} argv
 */
function parseArguments(argv) {
  /** @type {Array<{ component: string, input: Value }>} */
  const executions = [];
  let timeoutMs = DEFAULT_TIMEOUT_MS;
  /** @type {string | undefined} */
  let url;
  let i = 0;
  /** @param {string} flag */
  const valueOf = (flag) => {
    const arg = /** @type {string} */ (argv[i]);
    if (arg.startsWith(flag + "=")) return arg.slice(flag.length + 1);
    i++;
    if (i >= argv.length) usageError(flag + " needs a value");
    return /** @type {string} */ (argv[i]);
  };
  for (; i < argv.length; i++) {
    const arg = /** @type {string} */ (argv[i]);
    if (arg === "--") {
      i++;
      break;
    }
    if (arg === "-h" || arg === "--help") {
      process.stdout.write(USAGE + "\n");
      process.exit(0);
    } else if (arg === "--execute" || arg.startsWith("--execute=")) {
      const spec = valueOf("--execute");
      const equals = spec.indexOf("=");
      if (equals <= 0) usageError("--execute wants NAME=JSON_INPUT, got " + JSON.stringify(spec));
      const component = spec.slice(0, equals);
      const text = spec.slice(equals + 1);
      /** @type {Value} */
      let input;
      try {
        input = JSON.parse(text);
      } catch (error) {
        usageError("the input of " + component + " is not JSON: " + errorMessage(error));
        return undefined; // not reached
      }
      executions.push({ component, input });
    } else if (arg === "--timeout-ms" || arg.startsWith("--timeout-ms=")) {
      const text = valueOf("--timeout-ms");
      timeoutMs = Number(text);
      if (!/^\d+$/.test(text) || timeoutMs <= 0)
        usageError("--timeout-ms wants a positive whole number of milliseconds, got " + text);
    } else if (arg === "--http" || arg.startsWith("--http=")) {
      url = valueOf("--http");
      if (!/^https?:\/\//.test(url))
        usageError("--http wants an http:// or https:// URL, got " + url);
    } else if (arg.startsWith("-")) {
      usageError("unknown option " + arg);
    } else {
      break;
    }
  }
  const command = argv[i];
  if (url !== undefined) {
    if (command !== undefined) usageError("give either --http URL or a command, not both");
    return { executions, timeoutMs, url, command: "", args: [] };
  }
  if (command === undefined) usageError("no component server command given");
  return {
    executions,
    timeoutMs,
    url,
    command: /** @type {string} */ (command),
    args: argv.slice(i + 1),
  };
}

// ---- Failing ----

/** @param {unknown} error */
function errorMessage(error) {
  return error instanceof Error ? error.message : String(error);
}

/** Describes a failed call in one line, with the code of an error answer. */
function describeFailure(/** @type {unknown} */ error) {
  if (error instanceof RpcError) {
    const name = Object.keys(ErrorCodes).find(
      (key) => ErrorCodes[/** @type {keyof typeof ErrorCodes} */ (key)] === error.code,
    );
    let text = "the server answered error " + error.code + (name ? " (" + name + ")" : "");
    text += ": " + error.message;
    if (error.data !== undefined) text += " " + truncate(JSON.stringify(error.data), 200);
    return text;
  }
  if (error instanceof ConnectionClosedError)
    return "the component server is gone: " + error.message;
  if (error instanceof CallTimeoutError) return error.message;
  if (error instanceof HttpRequestError) return error.message;
  if (error instanceof ResultValidationError) return error.message;
  return errorMessage(error);
}

/** @param {string} text @param {number} length */
function truncate(text, length) {
  return text.length <= length ? text : text.slice(0, length) + "...";
}

/** @param {string} text */
function oneLine(text) {
  return text.replace(/\s*\n\s*/g, " ");
}

/** @type {SpawnedComponentServer | import("../generated/dist/http.js").HttpComponentServer | undefined} */
let server;
let failing = false;

/**
 * Ends the run: one line on stderr, the server stopped (asked, then forced), exit code 1.
 * @param {string} message
 * @returns {Promise<never>}
 */
async function fail(message) {
  if (!failing) {
    failing = true;
    process.stderr.write("runtime: " + oneLine(message) + "\n");
    // A broken server gets little grace: its stdin closes, and soon after it is terminated.
    if (server !== undefined) {
      if ("child" in server.transport)
        await stopServer(/** @type {SpawnedComponentServer} */ (server), 200);
      else await server.close();
    }
    process.exit(1);
  }
  return new Promise(() => {}); // the first failure is already ending the process
}

/**
 * Closes the server's stdin and waits for it to exit; terminates it if it lingers, and kills it if
 * that does not help either. Resolves with how it exited, or `undefined` if even that did not end it.
 * @param {SpawnedComponentServer} server
 * @param {number} graceMs
 */
async function stopServer(server, graceMs) {
  const { child, exited } = server.transport;
  /** @param {number} ms */
  const within = (ms) =>
    Promise.race([exited, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
  void server.close(); // closes stdin; rejects every call still waiting
  let exit = await within(graceMs);
  if (exit === undefined) {
    child.kill("SIGTERM");
    exit = await within(1_000);
  }
  if (exit === undefined) {
    child.kill("SIGKILL");
    exit = await within(1_000);
  }
  return /** @type {import("../generated/dist/node.js").ProcessExit | undefined} */ (exit);
}

// ---- The runtime's side of the protocol ----

/** Blobs by id: what `blobs/put` stored. */
/** @type {Map<string, { data: Value, blob_type: BlobType }>} */
const blobs = new Map();

/** @type {RuntimeHandlers} */
const handlers = {
  blobsPut({ data, blob_type }) {
    const blob_id = createHash("sha256").update(JSON.stringify(data)).digest("hex");
    blobs.set(blob_id, { data, blob_type });
    return { blob_id };
  },
  blobsGet({ blob_id }) {
    const blob = blobs.get(blob_id);
    if (blob === undefined)
      throw new RpcError(ErrorCodes.BlobNotFound, "Blob not found: " + blob_id, { blob_id });
    return { data: blob.data, blob_type: blob.blob_type };
  },
  flowsEvaluate({ flow_id }) {
    if (!blobs.has(flow_id))
      throw new RpcError(ErrorCodes.BlobNotFound, "Blob not found: " + flow_id, {
        blob_id: flow_id,
      });
    return {
      result: {
        outcome: "failed",
        error: {
          code: ErrorCodes.EvaluationFailed,
          message: "flow evaluation is not supported by this runtime",
        },
      },
    };
  },
};

/** @param {unknown} value */
function print(value) {
  process.stdout.write(JSON.stringify(value) + "\n");
}

/**
 * Runs one step of the session; a failure ends the run with a message saying which step failed.
 * @template T
 * @param {string} what
 * @param {() => Promise<T>} call
 * @returns {Promise<T>}
 */
async function step(what, call) {
  try {
    return await call();
  } catch (error) {
    return fail(what + " failed: " + describeFailure(error));
  }
}

async function main() {
  const { executions, timeoutMs, url, command, args } =
    /** @type {NonNullable<ReturnType<typeof parseArguments>>} */ (
      parseArguments(process.argv.slice(2))
    );

  const connectionOptions = {
    defaultTimeoutMs: timeoutMs,
    // Answers to no call we made (late, or with a made-up id) mean the server lost track.
    onUnknownResponse: (message) =>
      void fail(
        "the component server sent an answer to no pending request: " +
          truncate(JSON.stringify(message), 200),
      ),
    // Messages dropped without an answer, e.g. a notification this runtime does not know.
    onProtocolError: (/** @type {string} */ description) =>
      process.stderr.write("runtime: warning: " + oneLine(description) + "\n"),
  };
  const spawned =
    url === undefined
      ? spawnComponentServer(command, args, handlers, {
          ...connectionOptions,
          exitTimeoutMs: EXIT_GRACE_MS,
        })
      : undefined;
  const connected =
    spawned ??
    connectComponentServerOverHttp(/** @type {string} */ (url), handlers, connectionOptions);
  server = connected;
  const { componentServer, transport } = connected;

  // The connection answers a line that is not a JSON-RPC message with an error (id null) and reads
  // on, but nothing that reaches this side's calls says so, and they would wait for their timeout.
  // A component server must write protocol messages only to stdout, so one that does not is broken.
  transport.onMessage((line) => {
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      void fail(
        "the component server wrote a line that is not JSON: " +
          truncate(JSON.stringify(line), 200),
      );
      return;
    }
    if (
      typeof message !== "object" ||
      message === null ||
      Array.isArray(message) ||
      message.jsonrpc !== "2.0"
    )
      void fail(
        "the component server wrote a line that is not a JSON-RPC 2.0 message: " +
          truncate(line, 200),
      );
  });

  const { server_protocol_version } = await step("initialize", () =>
    componentServer.initialize({ runtime_protocol_version: PROTOCOL_VERSION }),
  );
  if (server_protocol_version !== PROTOCOL_VERSION) {
    await fail(
      "the component server speaks protocol version " +
        server_protocol_version +
        ", this runtime speaks version " +
        PROTOCOL_VERSION,
    );
  }
  componentServer.initialized();

  const { components } = await step("components/list", () => componentServer.componentsList());
  print({ components });
  for (const { component } of components) {
    const { info } = await step("components/info " + component, () =>
      componentServer.componentsInfo({ component }),
    );
    print({ info });
  }

  for (const { component, input } of executions) {
    const { output } = await step("components/execute " + component, () =>
      componentServer.componentsExecute({ component, input }),
    );
    print({ component, output });
  }

  if (spawned === undefined) {
    // Over HTTP the server is not this process's to stop: only the connections close.
    await connected.close();
    process.stdout.write("", () => process.exit(0));
    return;
  }
  const exit = await stopServer(spawned, EXIT_GRACE_MS);
  if (exit === undefined) await fail("the component server did not exit, even when killed");
  else if (exit.code !== 0) {
    const how =
      exit.signal !== null
        ? "was killed by signal " + exit.signal
        : "exited with code " + exit.code;
    await fail("the component server " + how + " after its stdin was closed");
  }
  // Exit once everything printed has been written.
  process.stdout.write("", () => process.exit(0));
}

process.on(
  "unhandledRejection",
  (error) => void fail("unexpected failure: " + errorMessage(error)),
);
// A reader of our stdout that goes away (`| head`) is not the server's fault: just stop.
process.stdout.on("error", () => process.exit(1));

main().catch((error) => fail("unexpected failure: " + errorMessage(error)));
