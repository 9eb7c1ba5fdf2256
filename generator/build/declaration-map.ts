// Declaration maps (`dist/x.d.ts.map`), so that go-to-definition in a consumer's editor lands in
// the shipped `src/x.ts` rather than in the declaration file. A file's body is compiled without
// its header comment (see index.ts), so the compiler's map is moved down by the header's lines,
// on both sides: the declaration file and the source start with the same header.

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/**
 * The map for a declaration file whose body and source were both preceded by `headerLines` lines,
 * naming `source` (relative to the declaration file) as its one source.
 */
export function shiftDeclarationMap(
  mapText: string,
  headerLines: number,
  file: string,
  source: string,
): string {
  const map = JSON.parse(mapText) as { mappings: string };
  let shifted = false;
  const lines = map.mappings.split(";").map((line) =>
    line
      .split(",")
      .map((segment) => {
        if (shifted || segment === "") return segment;
        const fields = decodeSegment(segment);
        if (fields.length < 4) return segment;
        // Only the first segment's source line is absolute; every later one is relative to it.
        fields[2]! += headerLines;
        shifted = true;
        return encodeSegment(fields);
      })
      .join(","),
  );
  return declarationMapText(file, source, ";".repeat(headerLines) + lines.join(";"));
}

/** A declaration file's map: one source, no names, the given VLQ mappings. */
export function declarationMapText(file: string, source: string, mappings: string): string {
  return JSON.stringify({
    version: 3,
    file,
    sourceRoot: "",
    sources: [source],
    names: [],
    mappings,
  });
}

function decodeSegment(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    if (digit < 0) throw new Error(`not a source map segment: "${segment}"`);
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
      continue;
    }
    values.push(value & 1 ? -(value >>> 1) : value >>> 1);
    value = 0;
    shift = 0;
  }
  return values;
}

export function encodeSegment(values: readonly number[]): string {
  let text = "";
  for (const number of values) {
    let value = number < 0 ? (-number << 1) | 1 : number << 1;
    do {
      let digit = value & 31;
      value >>>= 5;
      if (value > 0) digit |= 32;
      text += BASE64[digit];
    } while (value > 0);
  }
  return text;
}

/** Line and column (from 0) of an offset into `text`. */
function lineColumns(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let i = text.indexOf("\n"); i !== -1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low, column: offset - starts[low]! };
  };
}

/** A column of a declaration file's line, and the offset into the source it maps to. */
export interface Mark {
  readonly column: number;
  readonly offset: number;
}

/**
 * A writer of a declaration map's mappings for `content`, a line at a time: each call gives the
 * segments of the next line for its marks (none: an unmapped line). Segments are relative to the
 * one before, across lines, as source maps write them.
 */
export function mappingWriter(content: string): (marks: readonly Mark[]) => string {
  const position = lineColumns(content);
  let previous = { line: 0, column: 0 };
  return (marks) => {
    let generated = 0;
    return marks
      .map(({ column, offset }) => {
        const at = position(offset);
        const segment = encodeSegment([
          column - generated,
          0,
          at.line - previous.line,
          at.column - previous.column,
        ]);
        generated = column;
        previous = at;
        return segment;
      })
      .join(",");
  };
}
