// The build of a module that holds types alone (type aliases, interfaces, `import type`): no
// compiler is needed. Its JavaScript is an empty module, as TypeScript writes one; its
// declaration file is its own text, which is already valid as one, with a declaration map that
// maps each line and word to the same place in the source. Which modules qualify is decided by
// the compiler-free scanner; when it is not sure, the module is compiled like any other.
import type { OutputFile } from "../core/options.js";
import { topLevelStatements } from "../core/top-level.js";
import { declarationMapText, encodeSegment } from "./declaration-map.js";
import { splitHeader } from "./header.js";

/** What TypeScript writes for a module whose statements all compile to nothing. */
const EMPTY_MODULE = "export {};\n";

/**
 * `dist/<base>.js`, `.d.ts` and `.d.ts.map` for the source `file` (at `path`), if it holds types
 * only; undefined otherwise.
 */
export function buildTypesOnly(file: string, base: string, path: string): OutputFile[] | undefined {
  // A line that starts a declaration with code rules the module out before it is scanned.
  if (CODE_LINE.test(file)) return undefined;
  const statements = topLevelStatements(file);
  if (statements === undefined || statements.length === 0) return undefined;
  if (!statements.every((statement) => statement.typesOnly)) return undefined;
  // A file without imports or exports is a script, whose output differs: only modules here.
  if (!statements.some((statement) => statement.isImport || statement.exported.length > 0)) {
    return undefined;
  }
  const { header } = splitHeader(file);
  // TypeScript keeps a comment that stands apart from the first statement (a blank line between
  // them) and comments after the last one; the body has neither in the modules taken here.
  const leading = file.slice(header.length, statements[0]!.start);
  const trailing = file.slice(statements[statements.length - 1]!.end);
  if (/\n[ \t]*\r?\n/.test(leading) || trailing.trim() !== "") return undefined;
  const name = base.slice(base.lastIndexOf("/") + 1);
  const source = "../".repeat(base.split("/").length - 1) + path;
  const text = file.endsWith("\n") ? file : file + "\n";
  return [
    { path: `${base}.js`, content: header + EMPTY_MODULE, role: "build" },
    {
      path: `${base}.d.ts`,
      content: `${text}//# sourceMappingURL=${name}.d.ts.map`,
      role: "build",
    },
    {
      path: `${base}.d.ts.map`,
      content: identityMap(text, header.split("\n").length - 1, `${name}.d.ts`, source),
      role: "build",
    },
  ];
}

/**
 * A source map from a file to the same text: every word and every run of punctuation of a line
 * maps to its own line and column, so that go-to-definition lands where the name is. Comment
 * lines get one mapping each, and the header none, as TypeScript's maps have.
 */
function identityMap(text: string, headerLines: number, file: string, source: string): string {
  const lines = text.split("\n");
  let previousLine = 0;
  let previousColumn = 0;
  let first = true;
  const mappings = lines.map((line, index) => {
    if (index < headerLines) return "";
    const columns: number[] = [];
    const trimmed = line.trimStart();
    if (trimmed === "") return "";
    if (/^(?:\/\/|\/\*|\*)/.test(trimmed)) columns.push(line.length - trimmed.length);
    else for (const match of line.matchAll(WORDS)) columns.push(match.index);
    let generatedColumn = 0;
    return columns
      .map((column) => {
        const segment = encodeSegment([
          column - generatedColumn,
          0,
          first ? index : index - previousLine,
          column - previousColumn,
        ]);
        first = false;
        generatedColumn = column;
        previousLine = index;
        previousColumn = column;
        return segment;
      })
      .join(",");
  });
  return declarationMapText(file, source, mappings.join(";"));
}

/**
 * A line that begins a function, class, variable or enum: code, unless it stands in a comment or
 * a string, where it only costs the module this shortcut (it is compiled then).
 */
const CODE_LINE =
  /^(?:export )?(?:default )?(?:declare )?(?:async )?(?:function|class|abstract|const|let|var|enum)\b/m;

/** Runs of name characters, and runs of anything else but spaces. */
const WORDS = /[\p{L}\p{N}_$]+|[^\s\p{L}\p{N}_$]+/gu;
