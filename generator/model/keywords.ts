// Reads the value of one schema keyword as the type the keyword takes, or reports what is wrong
// with it. A keyword's value reaches generated code only after passing here: a bound is a
// finite number, a length a non-negative integer, a pattern a regular expression that compiles.
import { describeValue } from "../core/diagnostics.js";

export { describeValue };

type SchemaObject = Readonly<Record<string, unknown>>;

/** Says what is wrong with the keyword's value; the converter adds the place. */
export type KeywordProblem = (keyword: string, message: string) => void;

export class KeywordReader {
  constructor(
    private readonly schema: SchemaObject,
    private readonly problem: KeywordProblem,
  ) {}

  /** `minLength`, `maxItems`, ...: a whole number, zero or more. */
  count(keyword: string): number | undefined {
    const value = this.schema[keyword];
    if (value === undefined) return undefined;
    if (typeof value === "number" && Number.isInteger(value) && value >= 0) return value;
    return this.wrong(keyword, "a non-negative integer");
  }

  /** `minimum`, `exclusiveMaximum`, ...: any finite number. */
  bound(keyword: string): number | undefined {
    const value = this.schema[keyword];
    if (value === undefined) return undefined;
    if (typeof value === "number" && Number.isFinite(value)) return value;
    return this.wrong(keyword, "a number");
  }

  /** `multipleOf`: a number above zero. */
  divisor(keyword: string): number | undefined {
    const value = this.schema[keyword];
    if (value === undefined) return undefined;
    if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
    return this.wrong(keyword, "a number greater than 0");
  }

  text(keyword: string): string | undefined {
    const value = this.schema[keyword];
    if (value === undefined) return undefined;
    if (typeof value === "string") return value;
    return this.wrong(keyword, "a string");
  }

  flag(keyword: string): boolean | undefined {
    const value = this.schema[keyword];
    if (value === undefined) return undefined;
    if (typeof value === "boolean") return value;
    return this.wrong(keyword, "true or false");
  }

  /** `pattern`: ECMAScript regular expression source, in Unicode mode as validators use it. */
  pattern(keyword: string): string | undefined {
    const source = this.text(keyword);
    if (source === undefined) return undefined;
    const reason = regExpProblem(source);
    if (reason === undefined) return source;
    this.problem(keyword, `invalid pattern /${source}/: ${reason}`);
    return undefined;
  }

  private wrong(keyword: string, expected: string): undefined {
    this.problem(
      keyword,
      `${keyword} must be ${expected}, found ${describeValue(this.schema[keyword])}`,
    );
    return undefined;
  }
}

/** Why `source` is not a regular expression the validators can compile, if it is not. */
export function regExpProblem(source: string): string | undefined {
  try {
    new RegExp(source, "u");
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
