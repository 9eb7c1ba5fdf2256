// Prints a report: Markdown for a pull-request comment (a summary line, then one section per
// method, sections with breaking changes first), or JSON for tools.
import type { Change, DiffReport, Summary } from "./report.js";
import { code } from "./print.js";

export interface RenderOptions {
  /** How the two versions are named, e.g. `origin/main` and `working tree`. */
  readonly before?: string;
  readonly after?: string;
}

export function summaryLine(summary: Summary): string {
  const { breaking, callers, implementers, users, compatible, docs } = summary;
  if (breaking + compatible + docs === 0) return "No API changes";
  const parties = [`callers: ${callers}`, `implementers: ${implementers}`];
  if (users > 0) parties.push(`users of types: ${users}`);
  const parts = [
    `${breaking} breaking change${breaking === 1 ? "" : "s"} (${parties.join(", ")})`,
    `${compatible} compatible`,
  ];
  if (docs > 0) parts.push(`${docs} documentation only`);
  return parts.join(", ");
}

export function renderMarkdown(report: DiffReport, options: RenderOptions = {}): string {
  const lines: string[] = ["## API changes", ""];
  if (options.before !== undefined && options.after !== undefined) {
    lines.push(`Compared ${code(options.before)} → ${code(options.after)}.`, "");
  }
  lines.push(`**${summaryLine(report.summary)}**`, "");
  if (report.changes.length === 0) return lines.join("\n");
  const { before, after, next } = report.version;
  const declared =
    after !== before && after !== next ? ` (the new catalog says ${code(after)})` : "";
  lines.push(`Package version: ${code(before)} → ${code(next)} (${report.bump})${declared}`, "");

  for (const group of groups(report.changes)) {
    const first = group[0]!;
    const breaking = group.some((change) => change.severity === "breaking");
    const mark = breaking ? " (breaking)" : "";
    if (first.group === "method") {
      const method = report.methods[first.method!];
      lines.push(`### ${code(first.method!)}${mark}`, "");
      if (method) lines.push(`${method.kind}, ${method.from} → ${method.to}`, "");
      lines.push("| where | change | callers | implementers |", "|---|---|---|---|");
      for (const change of group) {
        lines.push(
          row([
            where(change),
            text(change),
            verdict(change, "callers"),
            verdict(change, "implementers"),
          ]),
        );
      }
    } else if (first.group === "types") {
      lines.push(
        `### Types${mark}`,
        "",
        "Definitions added, removed or renamed, changes to definitions no method uses, and documentation changes (with the methods that use the definition).",
        "",
      );
      lines.push("| where | change | users of the type |", "|---|---|---|");
      for (const change of group)
        lines.push(row([where(change), text(change), verdict(change, "users")]));
    } else {
      lines.push(`### Protocol${mark}`, "");
      lines.push("| change | callers | implementers |", "|---|---|---|");
      for (const change of group)
        lines.push(
          row([text(change), verdict(change, "callers"), verdict(change, "implementers")]),
        );
    }
    lines.push("");
  }
  return lines.join("\n");
}

export function renderJson(report: DiffReport, options: RenderOptions = {}): string {
  const compared =
    options.before !== undefined && options.after !== undefined
      ? { compared: { before: options.before, after: options.after } }
      : {};
  return JSON.stringify(
    {
      ...compared,
      summary: report.summary,
      bump: report.bump,
      version: report.version,
      methods: report.methods,
      changes: report.changes,
    },
    null,
    2,
  );
}

function groups(changes: readonly Change[]): Change[][] {
  const result: Change[][] = [];
  let key: string | undefined;
  for (const change of changes) {
    const next = `${change.group}\u0000${change.method ?? ""}`;
    if (next !== key) result.push([]);
    key = next;
    result[result.length - 1]!.push(change);
  }
  return result;
}

function where(change: Change): string {
  const position =
    change.position === "params" || change.position === "result" ? change.position : "";
  const place = change.path ?? change.definition;
  return (
    [position, place === undefined ? "" : code(place)].filter((part) => part !== "").join(" ") ||
    "method"
  );
}

function text(change: Change): string {
  const details = change.details?.map((detail) => `<br>• ${detail}`).join("") ?? "";
  const users =
    change.methods && change.methods.length > 0
      ? `<br>used by ${change.methods.map((name) => code(name)).join(", ")}`
      : "";
  return change.message + details + users;
}

function verdict(change: Change, party: "callers" | "implementers" | "users"): string {
  if (change.breaks.includes(party)) return "**breaking**";
  return change.severity === "docs" ? "docs" : "compatible";
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replace(/\|/g, "\\|").replace(/\n/g, " ")).join(" | ")} |`;
}
