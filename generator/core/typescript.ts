// TypeScript's compiler API (the JavaScript TypeScript that ts-morph carries), loaded on first use.
// Loading it costs about half a second, more than a run that changed one description needs in
// all: the generator's common paths do without it (core/top-level.ts, the build's types-only
// files), and only what they cannot decide, or a file that must really be compiled, loads it.
import { createRequire } from "node:module";
import type { ts } from "ts-morph";

export type TypeScript = typeof ts;

let loaded: TypeScript | undefined;

export function typescript(): TypeScript {
  loaded ??= (createRequire(import.meta.url)("ts-morph") as { ts: TypeScript }).ts;
  return loaded;
}
