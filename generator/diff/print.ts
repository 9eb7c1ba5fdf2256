// Short TypeScript-like text for IR types, for change messages: `string | null`, `"a" | "b"`,
// `Item[]`, `{ id: string; count?: integer }`. Not the generator's printer: it abbreviates, and
// says `integer` where TypeScript would say `number`, because the difference matters in a report.
import type { TypeNode } from "../core/ir.js";

const MAX_PROPERTIES = 4;

export function typeText(type: TypeNode, depth = 0): string {
  switch (type.kind) {
    case "json":
      return "JsonValue";
    case "never":
      return "never";
    case "null":
    case "boolean":
    case "string":
      return type.kind;
    case "number":
      return type.integer ? "integer" : "number";
    case "literal":
      return JSON.stringify(type.value);
    case "ref":
      return type.name;
    case "array": {
      if (type.prefixItems.length > 0) {
        const items = type.prefixItems.map((item) => typeText(item, depth + 1));
        if (type.items.kind !== "never") items.push(`...${wrap(type.items, depth)}[]`);
        return `[${items.join(", ")}]`;
      }
      return `${wrap(type.items, depth)}[]`;
    }
    case "object": {
      if (depth > 1) return "{ … }";
      const shown = type.properties
        .slice(0, MAX_PROPERTIES)
        .map(
          (property) =>
            `${property.name}${property.required ? "" : "?"}: ${typeText(property.type, depth + 1)}`,
        );
      if (type.properties.length > MAX_PROPERTIES) shown.push("…");
      if (type.additional.kind === "typed")
        shown.push(`[key: string]: ${typeText(type.additional.type, depth + 1)}`);
      else if (type.additional.kind === "any" && type.additionalExplicit)
        shown.push("[key: string]: JsonValue");
      return shown.length === 0 ? "{}" : `{ ${shown.join("; ")} }`;
    }
    case "union":
      return type.members.map((member) => typeText(member, depth + 1)).join(" | ");
    case "intersection":
      return type.members.map((member) => wrap(member, depth)).join(" & ");
  }
}

function wrap(type: TypeNode, depth: number): string {
  const text = typeText(type, depth + 1);
  return type.kind === "union" || type.kind === "intersection" ? `(${text})` : text;
}

/** Backticks around code, with a longer fence when the code holds a backtick. */
export function code(text: string): string {
  const fence = text.includes("`") ? "``" : "`";
  const pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}
