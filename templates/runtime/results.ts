// Which validator checks a request's result: the method's own, or, for a method whose result is
// chosen by a value in its params, the one for that value (a call with `{"view": "summary"}` is
// answered a summary, and a full item in its place is as wrong as any other bad result).

import type { MethodSpec } from "./method.js";
import type { Validate } from "./validation.js";

/** The validator of the result of a call to `spec` with these params. */
export function resultValidatorFor(spec: MethodSpec, params: unknown): Validate | undefined {
  const choice = spec.resultByParams;
  if (choice === undefined) return spec.validateResult;
  const value = valueAt(params, choice.path);
  const results = choice.results;
  for (let i = 0; i < results.length; i++) {
    if (results[i]!.value === value) return results[i]!.validateResult;
  }
  return spec.validateResult;
}

/** The value at `path` in `value`, through own properties of plain objects only. */
export function valueAt(value: unknown, path: readonly string[]): unknown {
  let at = value;
  for (let i = 0; i < path.length; i++) {
    if (typeof at !== "object" || at === null || Array.isArray(at)) return undefined;
    const name = path[i]!;
    if (!Object.hasOwn(at, name)) return undefined;
    at = (at as Record<string, unknown>)[name];
  }
  return at;
}
