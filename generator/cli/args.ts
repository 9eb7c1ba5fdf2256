// Parses a command's arguments against its table of flags. Every problem is one short sentence
// (the command line adds where to get help), never the whole usage text.

export interface FlagSpec {
  /** Long name without dashes: `schema` for `--schema`. */
  readonly name: string;
  readonly short?: string;
  /** A flag that takes a value names it here (`FILE`); a boolean flag has none. */
  readonly value?: string;
  readonly help: string;
}

export interface ParsedArgs {
  readonly values: ReadonlyMap<string, string | true>;
  readonly positionals: readonly string[];
}

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

export function parseArguments(argv: readonly string[], flags: readonly FlagSpec[]): ParsedArgs {
  const byName = new Map(flags.map((flag) => [flag.name, flag]));
  const byShort = new Map(flags.flatMap((flag) => (flag.short ? [[flag.short, flag]] : [])));
  const values = new Map<string, string | true>();
  const positionals: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]!;
    if (arg === "--") {
      positionals.push(...argv.slice(index + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const [written, inline] = splitInline(arg);
    const flag = written.startsWith("--")
      ? byName.get(written.slice(2))
      : byShort.get(written.slice(1));
    if (flag === undefined) throw new UsageError(`unknown option ${written}`);
    if (values.has(flag.name)) throw new UsageError(`--${flag.name} is given twice`);
    if (flag.value === undefined) {
      if (inline !== undefined) throw new UsageError(`--${flag.name} takes no value`);
      values.set(flag.name, true);
      continue;
    }
    const value = inline ?? argv[++index];
    if (value === undefined || (inline === undefined && value.startsWith("-")))
      throw new UsageError(`--${flag.name} needs a value (--${flag.name} ${flag.value})`);
    values.set(flag.name, value);
  }
  return { values, positionals };
}

function splitInline(arg: string): [string, string | undefined] {
  const equals = arg.indexOf("=");
  return arg.startsWith("--") && equals > 0
    ? [arg.slice(0, equals), arg.slice(equals + 1)]
    : [arg, undefined];
}

/** The `Options:` lines of a usage text, aligned. */
export function describeFlags(flags: readonly FlagSpec[]): string {
  const left = flags.map(
    (flag) =>
      (flag.short ? `-${flag.short}, ` : "") +
      `--${flag.name}` +
      (flag.value ? ` ${flag.value}` : ""),
  );
  const width = Math.max(...left.map((text) => text.length)) + 2;
  return flags.map((flag, index) => `  ${left[index]!.padEnd(width)}${flag.help}`).join("\n");
}
