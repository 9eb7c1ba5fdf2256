// A source document that cannot be drafted from at all: not the format it was said to be, or a
// shape the drafter cannot read. Each problem names the JSON pointer where it was found.
import { InputError, type Diagnostic } from "../../core/diagnostics.js";

export class DraftProblems {
  private readonly problems: Diagnostic[] = [];

  constructor(private readonly file: string) {}

  add(pointer: string, message: string): void {
    this.problems.push({ file: this.file, pointer, message });
  }

  get count(): number {
    return this.problems.length;
  }

  /** Throws every problem found so far, if there is one. */
  throwIfAny(): void {
    if (this.problems.length > 0) throw new InputError(this.problems);
  }
}
