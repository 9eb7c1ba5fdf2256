// Validators for whole JSON-RPC messages, for code that handles messages outside a connection
// (logging, proxies, tests): the envelope, then the params or result for the method, through the
// method's spec. Connections do the same checks on their own hot path.

import type { MethodSpec } from "./method.js";
import {
  describeValue,
  issueAt,
  missingProperty,
  prependPath,
  type ValidationIssue,
} from "./validation.js";

/** Finds the spec of a method by name (`undefined`: not a method of this direction). */
export type MethodLookup = (method: string) => MethodSpec | undefined;

type Fields = { readonly [key: string]: unknown };

/** A request (`kind: "request"`) or a notification, with its params checked for its method. */
export function validateCallMessage(
  value: unknown,
  lookup: MethodLookup,
  kind: MethodSpec["kind"],
): ValidationIssue | undefined {
  const envelope = checkEnvelope(value);
  if (envelope !== undefined) return envelope;
  const message = value as Fields;
  if (kind === "request") {
    if (message["id"] === undefined) return missingProperty("id", "string or integer");
    const idIssue = checkId(message["id"]);
    if (idIssue !== undefined) return prependPath(idIssue, "id");
  } else if (message["id"] !== undefined) {
    return prependPath(issueAt("no id (a notification has none)", message["id"]), "id");
  }
  const method = message["method"];
  if (method === undefined) return missingProperty("method", "string");
  if (typeof method !== "string") return prependPath(issueAt("string", method), "method");
  const spec = lookup(method);
  if (spec === undefined || spec.kind !== kind) {
    return {
      path: "$.method",
      expected: `the name of a ${kind} of this direction`,
      received: JSON.stringify(method),
    };
  }
  const issue = spec.validateParams(message["params"]);
  return issue === undefined ? undefined : prependPath(issue, "params");
}

/** An answer to a request for `spec`: a success with a valid result, or a well-formed error. */
export function validateResponseMessage(
  value: unknown,
  spec: MethodSpec,
): ValidationIssue | undefined {
  const envelope = checkEnvelope(value);
  if (envelope !== undefined) return envelope;
  const message = value as Fields;
  if (!Object.hasOwn(message, "id")) return missingProperty("id", "string, integer or null");
  if (message["id"] !== null) {
    const idIssue = checkId(message["id"]);
    if (idIssue !== undefined) return prependPath(idIssue, "id");
  }
  const hasResult = Object.hasOwn(message, "result");
  const hasError = Object.hasOwn(message, "error");
  if (hasResult === hasError) {
    return {
      path: "$",
      expected: "exactly one of result and error",
      received: hasResult ? "both" : "neither",
    };
  }
  if (hasError) {
    const issue = checkErrorObject(message["error"]);
    return issue === undefined ? undefined : prependPath(issue, "error");
  }
  if (message["id"] === null) return prependPath(issueAt("string or integer", null), "id");
  const issue =
    spec.validateResult === undefined ? undefined : spec.validateResult(message["result"]);
  return issue === undefined ? undefined : prependPath(issue, "result");
}

function checkEnvelope(value: unknown): ValidationIssue | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return issueAt("object", value);
  const jsonrpc = (value as Fields)["jsonrpc"];
  if (jsonrpc === undefined) return missingProperty("jsonrpc", '"2.0"');
  if (jsonrpc !== "2.0")
    return prependPath(
      { path: "$", expected: '"2.0"', received: describeValue(jsonrpc) },
      "jsonrpc",
    );
  return undefined;
}

function checkId(id: unknown): ValidationIssue | undefined {
  if (typeof id === "string" || (typeof id === "number" && Number.isInteger(id))) return undefined;
  return issueAt("string or integer", id);
}

function checkErrorObject(error: unknown): ValidationIssue | undefined {
  if (typeof error !== "object" || error === null || Array.isArray(error))
    return issueAt("object", error);
  const fields = error as Fields;
  const code = fields["code"];
  if (code === undefined) return missingProperty("code", "integer");
  if (typeof code !== "number" || !Number.isInteger(code))
    return prependPath(issueAt("integer", code), "code");
  const message = fields["message"];
  if (message === undefined) return missingProperty("message", "string");
  if (typeof message !== "string") return prependPath(issueAt("string", message), "message");
  return undefined;
}
