// The output folder cannot be written safely: it holds files the generator did not write where it
// would write, or it is not a generated folder at all. Raised before anything is touched.
export class OutputFolderError extends Error {
  /** What is wrong, relative to the output folder (the command line prefixes the folder's name). */
  readonly reason: string;

  constructor(reason: string) {
    super(reason);
    this.name = "OutputFolderError";
    this.reason = reason;
  }
}
