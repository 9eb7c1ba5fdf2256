// Params that JSON-RPC lets a call leave out. A method may take no params at all (its calls send
// none), or take params that may be absent on the wire; the registry wraps its validators with
// these, so that the connection checks absent params like any others.

import { issueAt, type Validate } from "./validation.js";

/** Checks the params of a method that takes none: only absent params are valid. */
export const absentParams: Validate = (value) =>
  value === undefined ? undefined : issueAt("no params (the method takes none)", value);

/** Accepts absent params, and checks present ones with `validate`. */
export function optionalParams(validate: Validate): Validate {
  return (value) => (value === undefined ? undefined : validate(value));
}
