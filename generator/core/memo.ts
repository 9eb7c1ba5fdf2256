// Results of pure text-to-text work (formatting a statement, compiling a file), by a hash of
// everything the result depends on. The cache stage carries them from one run to the next, so a
// run redoes only the work whose input changed.

export class Memo {
  /** Every entry this run needed but those `shipped` gave: what the cache keeps for the next run. */
  readonly used = new Map<string, string>();
  private readonly previous: ReadonlyMap<string, string>;
  private readonly shipped: ReadonlyMap<string, string>;

  /**
   * `previous`: the entries of the last run. `shipped`: entries every run has (the runtime files
   * compiled by the generator's own build), so the cache need not keep them.
   */
  constructor(
    previous: ReadonlyMap<string, string> = new Map(),
    shipped: ReadonlyMap<string, string> = new Map(),
  ) {
    this.previous = previous;
    this.shipped = shipped;
  }

  get(key: string): string | undefined {
    const shipped = this.shipped.get(key);
    if (shipped !== undefined) return shipped;
    const hit = this.used.get(key) ?? this.previous.get(key);
    if (hit !== undefined) this.used.set(key, hit);
    return hit;
  }

  /** Whether `get` would find the key (without counting it as used). */
  has(key: string): boolean {
    return this.shipped.has(key) || this.used.has(key) || this.previous.has(key);
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
