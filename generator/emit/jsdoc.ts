// Turns IR docs into the text of a JSDoc comment. The order of sections is fixed (title,
// description, deprecation, default, examples, other keywords) so output is stable.
import type { Docs, JsonValue } from "../core/ir.js";

/** The comment's lines, without the `/**` frame; empty when there is nothing to say. */
export function docLines(docs: Docs, options: { omitTitle?: string } = {}): string[] {
  const paragraphs: string[] = [];
  if (docs.title !== undefined && docs.title !== options.omitTitle) paragraphs.push(docs.title);
  if (docs.description !== undefined && docs.description.trim() !== "") paragraphs.push(docs.description.trim());
  const tags: string[] = [];
  if (docs.deprecated) {
    const reason = docs.tags?.find((tag) => tag.name === "deprecated")?.value;
    tags.push(typeof reason === "string" ? `@deprecated ${reason}` : "@deprecated");
  }
  if (docs.readOnly) tags.push("@readonly");
  if (docs.writeOnly) tags.push("@writeonly");
  if (docs.default) tags.push(`@default ${showJson(docs.default.value)}`);
  for (const example of docs.examples ?? []) tags.push(`@example ${showExample(example)}`);
  for (const tag of docs.tags ?? []) {
    if (tag.name === "deprecated") continue;
    tags.push(`@${tagName(tag.name)} ${typeof tag.value === "string" ? tag.value : showJson(tag.value)}`);
  }
  const lines: string[] = [];
  for (const paragraph of paragraphs) {
    if (lines.length > 0) lines.push("");
    lines.push(...paragraph.split(/\r?\n/).map((line) => line.trimEnd()));
  }
  if (tags.length > 0 && lines.length > 0) lines.push("");
  for (const tag of tags) lines.push(...tag.split("\n").map((line) => line.trimEnd()));
  return lines.map(escapeCommentText);
}

/** A complete comment (`/** ... *\/`), or `""` when there are no docs. */
export function docComment(docs: Docs, options: { omitTitle?: string } = {}): string {
  const lines = docLines(docs, options);
  if (lines.length === 0) return "";
  if (lines.length === 1) return `/** ${lines[0]} */\n`;
  return `/**\n${lines.map((line) => (line === "" ? " *" : ` * ${line}`)).join("\n")}\n */\n`;
}

/** `*\/` would end the comment early; `*\/` shows the same text and keeps the comment whole. */
function escapeCommentText(line: string): string {
  return line.replace(/\*\//g, "*\\/");
}

function tagName(keyword: string): string {
  return keyword.replace(/[^A-Za-z0-9_$-]/g, "_");
}

function showJson(value: JsonValue): string {
  return JSON.stringify(value, null, typeof value === "object" && value !== null ? 2 : undefined);
}

function showExample(value: JsonValue): string {
  // A multi-line string example is shown as written rather than as one escaped line.
  if (typeof value === "string" && value.includes("\n")) return "\n" + value.replace(/^\n+|\s+$/g, "");
  return showJson(value);
}
