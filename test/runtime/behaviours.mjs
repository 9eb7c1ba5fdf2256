// Handler behaviour, described as JSON so that a test can choose it for a handler in this process
// or in a child process: what the handler returns, throws, or how a thenable it returns behaves.
// Every hostile shape here has broken a JSON-RPC engine somewhere: values that cannot be printed,
// thenables that settle twice or throw from a getter, results JSON cannot carry.
// @ts-check

/** The kinds of thrown values that are not `Error`s, or `Error`s that cannot be read. */
export const HOSTILE_THROWS = [
  "null-prototype",
  "throwing-toString",
  "throwing-message",
  "revoked-proxy",
  "string",
  "undefined",
  "symbol",
  "bigint",
  "plain-error",
];

export const THENABLE_SHAPES = [
  "then-getter-throws",
  "resolve-twice-then-reject",
  "then-throws-after-resolve",
  "reject-with-hostile",
  "resolve-with-thenable",
  "resolve-synchronously",
  "resolve-later",
  "revoked-proxy",
];

export const UNSERIALIZABLE = [
  "bigint",
  "cycle",
  "toJSON-throws",
  "getter-throws",
  "revoked-proxy",
];

/** @param {string} what */
export function hostileValue(what) {
  switch (what) {
    case "null-prototype":
      return Object.create(null);
    case "throwing-toString":
      return {
        toString() {
          throw new Error("no string");
        },
      };
    case "throwing-message": {
      const error = new Error("x");
      Object.defineProperty(error, "message", {
        get() {
          throw new Error("no message");
        },
      });
      Object.defineProperty(error, "name", {
        get() {
          throw new Error("no name");
        },
      });
      return error;
    }
    case "revoked-proxy": {
      const { proxy, revoke } = Proxy.revocable({}, {});
      revoke();
      return proxy;
    }
    case "string":
      return "a string with a secret: hunter2";
    case "undefined":
      return undefined;
    case "symbol":
      return Symbol("thrown");
    case "bigint":
      return 10n;
    default:
      return new Error("plain, secret hunter2");
  }
}

/** @param {string} what */
function unserializable(what) {
  switch (what) {
    case "bigint":
      return { output: 1n };
    case "cycle": {
      /** @type {Record<string, unknown>} */
      const value = { output: 1 };
      value["self"] = value;
      return value;
    }
    case "toJSON-throws":
      return {
        toJSON() {
          throw new Error("no JSON");
        },
      };
    case "getter-throws":
      return {
        get output() {
          throw new Error("no output");
        },
      };
    default:
      return hostileValue("revoked-proxy");
  }
}

/**
 * @param {string} shape
 * @param {unknown} value
 */
function thenable(shape, value) {
  switch (shape) {
    case "then-getter-throws":
      return Object.defineProperty({}, "then", {
        get() {
          throw new Error("no then");
        },
      });
    case "resolve-twice-then-reject":
      return {
        /** @param {(v: unknown) => void} resolve @param {(e: unknown) => void} reject */
        then(resolve, reject) {
          resolve(value);
          resolve({ second: true });
          reject(new Error("and then rejected"));
        },
      };
    case "then-throws-after-resolve":
      return {
        /** @param {(v: unknown) => void} resolve */
        then(resolve) {
          resolve(value);
          throw new Error("thrown after resolving");
        },
      };
    case "reject-with-hostile":
      return Promise.reject(hostileValue("revoked-proxy"));
    case "resolve-with-thenable":
      return Promise.resolve(thenable("resolve-twice-then-reject", value));
    case "resolve-synchronously":
      return {
        /** @param {(v: unknown) => void} resolve */
        then(resolve) {
          resolve(value);
        },
      };
    case "revoked-proxy":
      return hostileValue("revoked-proxy");
    default:
      return new Promise((resolve) => setImmediate(() => resolve(value)));
  }
}

/**
 * Runs a handler behaviour: returns, throws or hands back a thenable as `behaviour` says.
 * @param {any} behaviour
 * @param {new (code: number, message: string, data?: unknown) => Error} RpcError
 */
export function behave(behaviour, RpcError) {
  if (typeof behaviour !== "object" || behaviour === null) return { output: behaviour ?? null };
  switch (behaviour.kind) {
    case "value":
      return behaviour.value;
    case "undefined":
      return undefined;
    case "rpc-error":
      throw new RpcError(behaviour.code, behaviour.message, behaviour.data);
    case "throw":
      throw hostileValue(behaviour.what);
    case "reject":
      return Promise.reject(hostileValue(behaviour.what));
    case "thenable":
      return thenable(behaviour.shape, behaviour.value);
    case "unserializable":
      return unserializable(behaviour.what);
    case "async-throw":
      return (async () => {
        await null;
        throw hostileValue(behaviour.what);
      })();
    default:
      return { output: null };
  }
}
