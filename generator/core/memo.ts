// Results of pure text-to-text work (formatting a statement, compiling a file), by a hash of
// everything the result depends on. The cache stage carries them from one run to the next, so a
// run redoes only the work whose input changed.

export class Memo {
  /** Every entry this run needed: what the cache keeps for the next run. */
  readonly used = new Map<string, string>();
  private readonly previous: ReadonlyMap<string, string>;

  constructor(previous: ReadonlyMap<string, string> = new Map()) {
    this.previous = previous;
  }

  get(key: string): string | undefined {
    const hit = this.used.get(key) ?? this.previous.get(key);
    if (hit !== undefined) this.used.set(key, hit);
    return hit;
  }

  set(key: string, value: string): void {
    this.used.set(key, value);
  }

  getOrCompute(key: string, compute: () => string): string {
    let value = this.get(key);
    if (value === undefined) {
      value = compute();
      this.set(key, value);
    }
    return value;
  }

  async getOrComputeAsync(key: string, compute: () => Promise<string>): Promise<string> {
    let value = this.get(key);
    if (value === undefined) {
      value = await compute();
      this.set(key, value);
    }
    return value;
  }
}
