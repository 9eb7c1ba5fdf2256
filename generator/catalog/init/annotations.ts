// The per-definition annotations a JSON Schema may carry to say what the schema alone cannot.
// The whole set, each on a definition under `$defs`:
//
//   x-method            string   the method's name on the wire. On a message definition (one
//                                with `properties.method`) it names that message's method; on
//                                any other definition it marks the definition as the method's
//                                params, or as its result (see x-kind).
//   x-kind              "request" | "notification" | "result"
//                                what the definition is; a definition whose name ends in
//                                `Result` or `Response` is a result unless x-kind says otherwise.
//   x-side              role id  the role that receives and handles the method (the catalog's `to`).
//   x-from              role id  the role that sends it (the catalog's `from`).
//   x-direction         "both"   either role sends it (the catalog's `bothDirections`).
//   x-result            string   the result: a definition name or a `#/` JSON pointer.
//   x-optional-params   boolean  params may be absent on the wire.
//   x-since             string   the protocol version that introduced the method.
//   x-deprecated        true or string   the method is deprecated (a string says what instead).
//
// Any other `x-` keyword is ignored (a JSON Schema may carry many). A value of the wrong type is
// a problem naming its pointer, never silently dropped.
import { childPointer } from "../../core/diagnostics.js";
import type { DraftProblems } from "./draft-error.js";
import type { JsonObject } from "./schema-document.js";

export interface Annotations {
  readonly method?: string;
  readonly kind?: "request" | "notification" | "result";
  readonly side?: string;
  readonly from?: string;
  readonly both?: true;
  readonly result?: string;
  readonly optionalParams?: boolean;
  readonly since?: string;
  readonly deprecated?: true | string;
}

const ROLE_ID = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

export function readAnnotations(
  schema: JsonObject,
  at: string,
  problems: DraftProblems,
): Annotations {
  const found: { -readonly [K in keyof Annotations]: Annotations[K] } = {};
  const wrong = (key: string, expected: string) =>
    problems.add(
      childPointer(at, key),
      `${key} must be ${expected}, found ${JSON.stringify(schema[key])}`,
    );
  const text = (key: string): string | undefined => {
    const value = schema[key];
    if (value === undefined) return undefined;
    if (typeof value === "string" && value !== "") return value;
    wrong(key, "a non-empty string");
    return undefined;
  };
  const role = (key: string): string | undefined => {
    const value = text(key);
    if (value === undefined || ROLE_ID.test(value)) return value;
    wrong(key, "a role id (lower case with dashes)");
    return undefined;
  };
  const method = text("x-method");
  if (method !== undefined) found.method = method;
  const kind = schema["x-kind"];
  if (kind === "request" || kind === "notification" || kind === "result") found.kind = kind;
  else if (kind !== undefined) wrong("x-kind", '"request", "notification" or "result"');
  const side = role("x-side");
  if (side !== undefined) found.side = side;
  const from = role("x-from");
  if (from !== undefined) found.from = from;
  const direction = schema["x-direction"];
  if (direction === "both") found.both = true;
  else if (direction !== undefined) wrong("x-direction", '"both"');
  const result = text("x-result");
  if (result !== undefined) found.result = result;
  const optional = schema["x-optional-params"];
  if (typeof optional === "boolean") found.optionalParams = optional;
  else if (optional !== undefined) wrong("x-optional-params", "true or false");
  const since = text("x-since");
  if (since !== undefined) found.since = since;
  const deprecated = schema["x-deprecated"];
  if (deprecated === true || (typeof deprecated === "string" && deprecated !== ""))
    found.deprecated = deprecated;
  else if (deprecated !== undefined && deprecated !== false)
    wrong("x-deprecated", "true or a string");
  return found;
}

/** Whether the annotations say who sends or receives the method. */
export function saysDirection(annotations: Annotations): boolean {
  return annotations.side !== undefined || annotations.from !== undefined;
}
