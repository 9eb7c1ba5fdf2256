// Reads the generator's input files, and nothing else. A schema often comes from elsewhere, so a
// `$ref` in it may name only a regular file inside the schema's own folder (or the folder the
// user names with `--ref-root`), after symbolic links are followed; every file is size-limited
// and must be valid UTF-8. Devices, FIFOs, folders and files outside the root are refused
// before a byte is read from them.
import { open, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { InputError } from "../core/diagnostics.js";

/** The largest input file read, by default: far beyond any real schema, far below harm. */
export const DEFAULT_MAX_FILE_BYTES = 16 * 1024 * 1024;

export interface InputFilesOptions {
  /** The folder `$ref`s may reach into (absolute). */
  readonly refRoot: string;
  readonly maxFileBytes?: number;
  /** How a file is named in messages. */
  readonly displayPath: (file: string) => string;
}

export class InputFiles {
  private readonly refRoot: Promise<string>;
  private readonly maxFileBytes: number;
  private readonly displayPath: (file: string) => string;

  constructor(options: InputFilesOptions) {
    // The root itself may be reached through a link; compare real paths with real paths.
    this.refRoot = realpath(options.refRoot).catch(() => path.resolve(options.refRoot));
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
    this.displayPath = options.displayPath;
  }

  /** A file named on the command line: no folder limit, the other checks all the same. */
  readGiven(file: string): Promise<string> {
    return this.read(file, false);
  }

  /** A file a `$ref` reaches: it must lie inside the reference root. */
  readReferenced(file: string): Promise<string> {
    return this.read(file, true);
  }

  private async read(file: string, confined: boolean): Promise<string> {
    const shown = this.displayPath(file);
    const fail = (message: string): never => {
      throw new InputError([{ file: shown, message }]);
    };
    let real: string;
    try {
      real = await realpath(file);
    } catch (error) {
      return fail(`cannot read the file (${describeIoError(error)})`);
    }
    if (confined) {
      const root = await this.refRoot;
      const relative = path.relative(root, real);
      if (relative.startsWith("..") || path.isAbsolute(relative)) {
        const resolved = real === path.resolve(file) ? "" : ` (it resolves to ${real})`;
        fail(
          `${real}${resolved} is outside ${root}, the folder $refs may reach; name another with --ref-root`,
        );
      }
    }
    const info = await stat(real).catch((error: unknown) =>
      fail(`cannot read the file (${describeIoError(error)})`),
    );
    if (info.isDirectory()) fail("cannot read the file (it is a folder)");
    if (!info.isFile()) fail("is not a regular file (a device, socket or pipe is never read)");
    if (info.size > this.maxFileBytes) fail(`is larger than ${formatBytes(this.maxFileBytes)}`);
    const bytes = await readAtMost(real, this.maxFileBytes + 1).catch((error: unknown) =>
      fail(`cannot read the file (${describeIoError(error)})`),
    );
    // The size is checked again on what was read: the file may have grown since `stat`.
    if (bytes.length > this.maxFileBytes) fail(`is larger than ${formatBytes(this.maxFileBytes)}`);
    return decodeUtf8(bytes, shown);
  }
}

async function readAtMost(file: string, limit: number): Promise<Buffer> {
  const handle = await open(file, "r");
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    while (total < limit) {
      const chunk = Buffer.alloc(Math.min(64 * 1024, limit - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
    }
    return Buffer.concat(chunks);
  } finally {
    await handle.close();
  }
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });

/** The file's text; a byte sequence that is not UTF-8 is an error naming its line and column. */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const offset = firstInvalidUtf8(bytes);
    const before = new TextDecoder().decode(bytes.subarray(0, offset));
    const lines = before.split("\n");
    throw new InputError([
      {
        file,
        line: lines.length,
        column: [...lines[lines.length - 1]!].length + 1,
        message: `invalid UTF-8 (byte 0x${bytes[offset]?.toString(16).padStart(2, "0")} at offset ${offset})`,
      },
    ]);
  }
}

/** The offset of the first byte that does not begin or continue a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const b = bytes[i]!;
    const length =
      b < 0x80
        ? 1
        : b >= 0xc2 && b < 0xe0
          ? 2
          : b >= 0xe0 && b < 0xf0
            ? 3
            : b >= 0xf0 && b < 0xf5
              ? 4
              : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      strictUtf8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return bytes.length;
}

function formatBytes(bytes: number): string {
  return bytes % (1024 * 1024) === 0 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}

export function describeIoError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EISDIR") return "it is a folder";
  if (code === "EACCES") return "permission denied";
  if (code === "ELOOP") return "too many symbolic links";
  return code ?? String(error);
}
