// Types of behaviours.mjs, which child processes load as plain JavaScript.
export const HOSTILE_THROWS: readonly string[];
export const THENABLE_SHAPES: readonly string[];
export const UNSERIALIZABLE: readonly string[];
export function hostileValue(what: string): unknown;
export function behave(
  behaviour: unknown,
  RpcError: new (code: number, message: string, data?: unknown) => Error,
): unknown;
