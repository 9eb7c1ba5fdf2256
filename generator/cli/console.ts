// Where the command line prints: standard output and error, or a test's capture.
export interface Console {
  out(line: string): void;
  err(line: string): void;
}

export const processConsole: Console = {
  out: (line) => process.stdout.write(line + "\n"),
  err: (line) => process.stderr.write(line + "\n"),
};
