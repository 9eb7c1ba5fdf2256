// Turns IR docs into the text of a JSDoc comment. The order of sections is fixed (title,
// description, deprecation, default, examples, other keywords) so output is stable.
import type { Docs, JsonValue } from "../core/ir.js";
import { blockComment, blockCommentLines, type Printed } from "./printed.js";

/** The comment's lines, without the `/**` frame; empty when there is nothing to say. */
export function docLines(docs: Docs, options: { omitTitle?: string } = {}): string[] {
  const paragraphs: string[] = [];
  if (docs.title !== undefined && docs.title !== options.omitTitle) paragraphs.push(docs.title);
  if (docs.description !== undefined && docs.description.trim() !== "")
    paragraphs.push(docs.description.trim());
  const tags: string[] = [];
  const tag = (name: string, value?: string): void => {
    tags.push(value === undefined ? `@${name}` : `@${name} ${escapeTagStarts(value)}`);
  };
  if (docs.deprecated) {
    const reason = docs.tags?.find((entry) => entry.name === "deprecated")?.value;
    tag("deprecated", typeof reason === "string" ? reason : undefined);
  }
  if (docs.readOnly) tag("readonly");
  if (docs.writeOnly) tag("writeonly");
  if (docs.default) tag("default", showJson(docs.default.value));
  for (const example of docs.examples ?? []) tag("example", showExample(example));
  for (const entry of docs.tags ?? []) {
    if (entry.name === "deprecated") continue;
    tag(tagName(entry.name), typeof entry.value === "string" ? entry.value : showJson(entry.value));
  }
  // Every line terminator (U+2028 and U+2029 too) starts a new comment line, and `*/` is
  // broken up, so nothing in the docs can end the comment early.
  const lines: string[] = [];
  for (const paragraph of paragraphs) {
    if (lines.length > 0) lines.push("");
    lines.push(...blockCommentLines(escapeTagStarts(paragraph)).map((line) => line.trimEnd()));
  }
  if (tags.length > 0 && lines.length > 0) lines.push("");
  for (const text of tags) lines.push(...blockCommentLines(text).map((line) => line.trimEnd()));
  return lines;
}

export interface CommentOptions {
  /** Leave the title out when it only repeats this name. */
  readonly omitTitle?: string;
  /** Write the comment over several lines even when its text is one line. */
  readonly block?: boolean;
}

/** A complete comment (`/** ... *\/` and a line break), or `undefined` when there are no docs. */
export function docComment(docs: Docs, options: CommentOptions = {}): Printed | undefined {
  const text = docCommentText(docs, options);
  return text === "" ? undefined : blockComment(text);
}

/** The same comment as text, for printers that compose code themselves; `""` without docs. */
export function docCommentText(docs: Docs, options: CommentOptions = {}): string {
  const lines = docLines(docs, options);
  if (lines.length === 0) return "";
  if (lines.length === 1 && !options.block) return `/** ${lines[0]} */\n`;
  return `/**\n${lines.map((line) => (line === "" ? " *" : ` * ${line}`)).join("\n")}\n */\n`;
}

/**
 * An `@` at the start of a word begins a JSDoc tag wherever it stands (even inside backticks of
 * the description), so a description such as "@deprecated is not meant as a tag" would deprecate
 * the type. `\@` is the TSDoc escape: editors show `@`, and no tag starts.
 */
function escapeTagStarts(text: string): string {
  return text.replace(/(^|\s)@(?=\S)/g, "$1\\@");
}

function tagName(keyword: string): string {
  return keyword.replace(/[^A-Za-z0-9_$-]/g, "_");
}

function showJson(value: JsonValue): string {
  return JSON.stringify(value, null, typeof value === "object" && value !== null ? 2 : undefined);
}

function showExample(value: JsonValue): string {
  // A multi-line string example is shown as written rather than as one escaped line.
  if (typeof value === "string" && value.includes("\n"))
    return "\n" + value.replace(/^\n+|\s+$/g, "");
  return showJson(value);
}
