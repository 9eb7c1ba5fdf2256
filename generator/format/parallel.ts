// Formats on a second thread: started before the heavy loading begins, so that prettier is warm
// by the time there is code to format, and the main thread compiles while it formats. When the
// generator runs from its TypeScript sources (tests), it formats on the main thread instead.
import { Worker } from "node:worker_threads";
import type { Memo } from "../core/memo.js";
import type { OutputFile } from "../core/options.js";
import type { FormatRequest, FormatResponse } from "./worker.js";

export interface Formatter {
  format(files: readonly OutputFile[], memo: Memo): Promise<OutputFile[]>;
  close(): Promise<void>;
}

export function startFormatter(): Formatter {
  const workerUrl = new URL("./worker.js", import.meta.url);
  if (!import.meta.url.endsWith(".js")) return inProcessFormatter();
  const worker = new Worker(workerUrl);
  const failed = new Promise<never>((_, reject) => worker.once("error", reject));
  failed.catch(() => {});
  return {
    async format(files, memo) {
      const request: FormatRequest = { files, memo: [...memo.entries()] };
      const answer = new Promise<FormatResponse>((resolve) => worker.once("message", resolve));
      worker.postMessage(request);
      const response = await Promise.race([answer, failed]);
      if (!response.ok) throw new Error(`formatting failed: ${response.error}`);
      for (const [key, value] of response.used) memo.set(key, value);
      return response.files;
    },
    async close() {
      await worker.terminate();
    },
  };
}

function inProcessFormatter(): Formatter {
  return {
    async format(files, memo) {
      const { formatFiles } = await import("./index.js");
      return formatFiles(files, memo);
    },
    async close() {},
  };
}
