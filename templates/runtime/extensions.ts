// Extension methods: names a protocol reserves by prefix (`$/` in some, `_` in others) for
// calls it does not define. Their params and results are arbitrary JSON, so their specs accept
// any value; the registry lists the prefixes, and connections pass such calls to one handler.

import type { MethodSpec } from "./method.js";
import type { Validate } from "./validation.js";

const anyValue: Validate = () => undefined;

/** The spec of an extension method: any params, any result, never cancelled by name alone. */
export function extensionSpec(name: string, kind: MethodSpec["kind"]): MethodSpec {
  return kind === "request"
    ? { name, kind, validateParams: anyValue, validateResult: anyValue }
    : { name, kind, validateParams: anyValue };
}

/** Whether `name` starts with one of `prefixes`. */
export function hasPrefix(name: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => name.startsWith(prefix));
}
