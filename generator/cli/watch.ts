// `--watch`: generates every protocol once, then again whenever one of the files it read
// changes. Each run prints its usual one line (or its errors, then waits for the next edit: a
// broken intermediate save is not the end). The folders holding the inputs are watched rather
// than the files, because editors often save by writing a new file and renaming it over the old.
import { watch as watchFolder, type FSWatcher } from "node:fs";
import path from "node:path";
import type { ProtocolConfig } from "./config.js";
import type { Console } from "./console.js";
import { runOnce, type RunFlags } from "./run-once.js";

/** Changes closer together than this make one run (an editor's save is often several events). */
const SETTLE_MS = 100;

export async function watch(
  protocols: readonly ProtocolConfig[],
  flags: RunFlags,
  io: Console,
  cwd: string,
  stop: AbortSignal = stopOnSignals(),
): Promise<number> {
  /** The files each protocol read on its last run (absolute). */
  const inputsOf = new Map<ProtocolConfig, Set<string>>();
  const watchers = new Map<string, FSWatcher>();
  const pending = new Set<ProtocolConfig>();
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const run = async (protocol: ProtocolConfig): Promise<void> => {
    const outcome = await runOnce(protocol, flags, io, cwd);
    const named = [protocol.schema, protocol.catalog].flatMap((file) =>
      file === undefined ? [] : [path.resolve(cwd, file)],
    );
    // A failed run read only part of its inputs: keep watching what the last good one read.
    const files = new Set([...named, ...(outcome.inputs ?? inputsOf.get(protocol) ?? [])]);
    inputsOf.set(protocol, files);
    for (const file of files) watchFolderOf(file);
  };
  const watchFolderOf = (file: string): void => {
    const dir = path.dirname(file);
    if (watchers.has(dir) || stop.aborted) return;
    try {
      const watcher = watchFolder(dir, (_event, name) => changed(dir, name));
      watcher.on("error", () => {});
      watchers.set(dir, watcher);
    } catch {
      // A folder that does not exist (yet) is retried after the next run.
    }
  };
  const changed = (dir: string, name: string | Buffer | null): void => {
    for (const [protocol, files] of inputsOf) {
      const hit =
        name === null
          ? [...files].some((file) => path.dirname(file) === dir)
          : files.has(path.join(dir, name.toString()));
      if (hit) pending.add(protocol);
    }
    if (pending.size === 0) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      const batch = protocols.filter((protocol) => pending.has(protocol));
      pending.clear();
      running = running.then(async () => {
        for (const protocol of batch) if (!stop.aborted) await run(protocol);
      });
    }, SETTLE_MS);
  };

  for (const protocol of protocols) await run(protocol);
  if (!flags.quiet)
    io.out(`jsonrpc-bindgen: watching ${countFiles(inputsOf)} input files (Ctrl-C stops)`);
  await new Promise<void>((resolve) => {
    if (stop.aborted) resolve();
    else stop.addEventListener("abort", () => resolve(), { once: true });
  });
  clearTimeout(timer);
  for (const watcher of watchers.values()) watcher.close();
  await running;
  return 0;
}

function countFiles(inputsOf: ReadonlyMap<ProtocolConfig, ReadonlySet<string>>): number {
  return new Set([...inputsOf.values()].flatMap((files) => [...files])).size;
}

function stopOnSignals(): AbortSignal {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  return controller.signal;
}
