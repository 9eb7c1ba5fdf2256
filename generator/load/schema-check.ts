// Checks a JSON document against a JSON Schema, for the generator's own input formats (the
// method catalog). It interprets the subset of draft 2020-12 those schemas use and reports every
// problem with the JSON pointer of the offending value.
import { childPointer, type Diagnostic } from "../core/diagnostics.js";

type Schema = { readonly [keyword: string]: unknown } | boolean;

export function checkAgainstSchema(value: unknown, schema: Schema, file: string): Diagnostic[] {
  const root = schema;
  const problems: Diagnostic[] = [];
  const report = (pointer: string, message: string): void => {
    problems.push({ file, pointer, message });
  };

  const resolve = (ref: string): Schema => {
    const match = /^#\/\$defs\/(.+)$/.exec(ref);
    const defs =
      typeof root === "object" ? (root["$defs"] as Record<string, Schema> | undefined) : undefined;
    const target = match && defs ? defs[match[1]!] : undefined;
    if (target === undefined) throw new Error(`schema-check: unsupported $ref ${ref}`);
    return target;
  };

  const visit = (v: unknown, s: Schema, pointer: string): void => {
    if (s === true) return;
    if (s === false) return report(pointer, "no value is allowed here");
    if (typeof s["$ref"] === "string") visit(v, resolve(s["$ref"]), pointer);

    const type = s["type"];
    if (type !== undefined) {
      const allowed = Array.isArray(type) ? (type as string[]) : [type as string];
      if (!allowed.some((t) => hasType(v, t))) {
        return report(pointer, `expected ${allowed.join(" or ")}, found ${jsonTypeOf(v)}`);
      }
    }
    if (Array.isArray(s["enum"]) && !s["enum"].some((option) => option === v)) {
      return report(
        pointer,
        `expected one of ${s["enum"].map((o) => JSON.stringify(o)).join(", ")}, found ${JSON.stringify(v)}`,
      );
    }
    if (typeof v === "string") {
      if (typeof s["minLength"] === "number" && v.length < s["minLength"]) {
        report(pointer, `expected at least ${s["minLength"]} character(s)`);
      }
      if (typeof s["pattern"] === "string" && !new RegExp(s["pattern"], "u").test(v)) {
        report(pointer, `${JSON.stringify(v)} does not match the pattern ${s["pattern"]}`);
      }
    }
    if (Array.isArray(v) && s["items"] !== undefined) {
      v.forEach((item, index) => visit(item, s["items"] as Schema, childPointer(pointer, index)));
    }
    if (isPlainObject(v)) visitObject(v, s, pointer);
  };

  const visitObject = (
    v: Record<string, unknown>,
    s: { readonly [keyword: string]: unknown },
    pointer: string,
  ): void => {
    const properties = (s["properties"] ?? {}) as Record<string, Schema>;
    for (const name of (s["required"] ?? []) as string[]) {
      if (!Object.hasOwn(v, name)) report(pointer, `missing required property "${name}"`);
    }
    const keys = Object.keys(v);
    if (typeof s["minProperties"] === "number" && keys.length < s["minProperties"]) {
      report(
        pointer,
        `expected at least ${s["minProperties"]} propert${s["minProperties"] === 1 ? "y" : "ies"}`,
      );
    }
    for (const key of keys) {
      const at = childPointer(pointer, key);
      if (s["propertyNames"] !== undefined) visit(key, s["propertyNames"] as Schema, at);
      if (Object.hasOwn(properties, key)) visit(v[key], properties[key]!, at);
      else if (s["additionalProperties"] === false) report(at, `unknown property "${key}"`);
      else if (s["additionalProperties"] !== undefined)
        visit(v[key], s["additionalProperties"] as Schema, at);
    }
  };

  visit(value, schema, "");
  return problems;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function hasType(v: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return isPlainObject(v);
    case "array":
      return Array.isArray(v);
    case "integer":
      return typeof v === "number" && Number.isInteger(v);
    case "null":
      return v === null;
    default:
      return typeof v === type;
  }
}

function jsonTypeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number" && Number.isInteger(v)) return "integer";
  return typeof v;
}
