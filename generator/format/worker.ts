// The formatter's thread: prettier runs here while the main thread compiles, and its start-up
// cost (loading and warming up prettier) overlaps with the main thread's own loading.
import { parentPort } from "node:worker_threads";
import { Memo } from "../core/memo.js";
import type { OutputFile } from "../core/options.js";
import { formatFiles, warmUp } from "./index.js";

export interface FormatRequest {
  readonly files: readonly OutputFile[];
  readonly memo: readonly (readonly [string, string])[];
}

export type FormatResponse =
  | { readonly ok: true; readonly files: OutputFile[]; readonly used: [string, string][] }
  | { readonly ok: false; readonly error: string };

const ready = warmUp();
parentPort!.on("message", async (request: FormatRequest) => {
  try {
    await ready;
    const memo = new Memo(new Map(request.memo));
    const files = await formatFiles(request.files, memo);
    parentPort!.postMessage({ ok: true, files, used: [...memo.used] } satisfies FormatResponse);
  } catch (error) {
    parentPort!.postMessage({ ok: false, error: (error as Error).stack ?? String(error) } satisfies FormatResponse);
  }
});
