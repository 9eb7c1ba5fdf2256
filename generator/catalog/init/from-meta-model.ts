// Drafts a catalog and a JSON Schema from a meta model: the format of a `metaModel.json` (with
// its published `metaModel.schema.json`), which lists `requests` and `notifications` (each with
// `method`, `typeName`, `messageDirection` clientToServer / serverToClient / both, `params`,
// `result`, `documentation`, `since`, `deprecated`, `proposed`) and the types they use:
// `structures` (properties, `extends`, `mixins`), `enumerations` and `typeAliases`.
//
// The schema has one `$defs` entry per structure (extends and mixins as `allOf` of `$ref`s
// before its own properties), enumeration (`enum`, or `anyOf` with its base type when it
// supports custom values) and type alias. A method's params and result that are not a bare
// reference get a definition of their own, `<typeName>Params` / `<typeName>Result`; params by
// position (a list of types) become a tuple. What the catalog cannot carry (partial results,
// registration options, error data) is noted, per field, with every pointer.
import { childPointer } from "../../core/diagnostics.js";
import type { JsonValue } from "../../core/ir.js";
import type { CatalogMethod, CatalogRole } from "../types.js";
import { draftCallFeatures } from "./call-features.js";
import { assembleCatalog, DRAFT_MARKER } from "./catalog-frame.js";
import { Notes, type Draft, type DraftIdentity } from "./draft.js";
import { DraftProblems } from "./draft-error.js";
import { declareMethodName } from "./method-names.js";
import {
  describe,
  objectSchema,
  schemaOfType,
  withDocs,
  type TypeContext,
} from "./meta-model-types.js";
import { isObject, type JsonObject } from "./schema-document.js";

const ROLES: Readonly<Record<string, CatalogRole>> = {
  client: {
    description: "Sends the requests and notifications whose direction is clientToServer.",
  },
  server: {
    description: "Sends the requests and notifications whose direction is serverToClient.",
  },
};

const DIRECTIONS: Readonly<Record<string, { from: string; to: string; both?: true }>> = {
  clientToServer: { from: "client", to: "server" },
  serverToClient: { from: "server", to: "client" },
  both: { from: "client", to: "server", both: true },
};

/** Method fields the catalog has no place for, each noted with every pointer where it occurs. */
const NOT_CARRIED: ReadonlyArray<[string, string]> = [
  ["partialResult", "partial results (streamed by another notification) are not in the catalog"],
  ["registrationOptions", "registration options are not in the catalog"],
  ["registrationMethod", "registration methods are not in the catalog"],
  ["errorData", "the type of error data is not in the catalog"],
];

export function draftFromMetaModel(
  document: unknown,
  file: string,
  identity: DraftIdentity,
): Draft {
  const problems = new DraftProblems(file);
  const notes = new Notes();
  if (!isObject(document)) {
    problems.add("", "a meta model must be an object");
    problems.throwIfAny();
  }
  const model = document as JsonObject;
  const list = (key: string): JsonObject[] => {
    const value = model[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      problems.add("/" + key, `${key} must be an array`);
      return [];
    }
    return value.flatMap((entry, index) => {
      if (isObject(entry)) return [entry];
      problems.add(`/${key}/${index}`, `each entry of ${key} must be an object`);
      return [];
    });
  };
  const requests = list("requests");
  const notifications = list("notifications");
  const structures = list("structures");
  const enumerations = list("enumerations");
  const aliases = list("typeAliases");
  if (requests.length + notifications.length === 0)
    problems.add("", "a meta model needs `requests` or `notifications`");
  problems.throwIfAny();

  // Every name a reference may use, each defined once.
  const names = new Map<string, string>();
  const named = (group: string, entries: readonly JsonObject[]) =>
    entries.forEach((entry, index) => {
      const at = `/${group}/${index}`;
      const name = entry["name"];
      if (typeof name !== "string" || !/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) {
        problems.add(
          childPointer(at, "name"),
          `a type name must be an identifier, found ${JSON.stringify(name)}`,
        );
        return;
      }
      const first = names.get(name);
      if (first !== undefined)
        problems.add(childPointer(at, "name"), `"${name}" is already defined at ${first}`);
      else names.set(name, at);
    });
  named("structures", structures);
  named("enumerations", enumerations);
  named("typeAliases", aliases);
  problems.throwIfAny();
  const context: TypeContext = { names: new Set(names.keys()), problems, notes };
  const byName = new Map<string, { group: string; entry: JsonObject }>();
  for (const [group, entries] of [
    ["structures", structures],
    ["enumerations", enumerations],
    ["typeAliases", aliases],
  ] as const)
    for (const entry of entries)
      if (typeof entry["name"] === "string") byName.set(entry["name"], { group, entry });

  const defs: Record<string, JsonValue> = {};
  structures.forEach((structure, index) => {
    const at = `/structures/${index}`;
    const properties = Array.isArray(structure["properties"]) ? structure["properties"] : [];
    if (!Array.isArray(structure["properties"]))
      problems.add(childPointer(at, "properties"), "a structure needs a properties array");
    const own = objectSchema(properties, childPointer(at, "properties"), context);
    const bases = (["extends", "mixins"] as const).flatMap((key) => {
      const value = structure[key];
      if (value === undefined) return [];
      if (!Array.isArray(value)) {
        problems.add(childPointer(at, key), `${key} must be an array of types`);
        return [];
      }
      return value.map((base, baseIndex) =>
        schemaOfType(base, childPointer(at, key, baseIndex), context),
      );
    });
    const schema = bases.length === 0 ? own : { allOf: [...bases, own] };
    defs[structure["name"] as string] = withDocs(schema, structure);
  });
  enumerations.forEach((enumeration, index) => {
    defs[enumeration["name"] as string] = enumerationSchema(
      enumeration,
      `/enumerations/${index}`,
      context,
    );
  });
  aliases.forEach((alias, index) => {
    const at = `/typeAliases/${index}`;
    defs[alias["name"] as string] = withDocs(
      schemaOfType(alias["type"], childPointer(at, "type"), context),
      alias,
    );
  });

  const notCarried = new Map<string, string[]>();
  const methods: CatalogMethod[] = [];
  const seen = new Map<string, string>();
  const entries = [
    ...requests.map((entry, index) => ({
      entry,
      kind: "request" as const,
      at: `/requests/${index}`,
    })),
    ...notifications.map((entry, index) => ({
      entry,
      kind: "notification" as const,
      at: `/notifications/${index}`,
    })),
  ];
  for (const { entry, kind, at } of entries) {
    const method = declareMethodName(entry, "method", at, seen, problems);
    if (method === undefined) continue;
    const direction =
      typeof entry["messageDirection"] === "string"
        ? DIRECTIONS[entry["messageDirection"]]
        : undefined;
    if (
      direction === undefined ||
      !Object.hasOwn(DIRECTIONS, entry["messageDirection"] as string)
    ) {
      problems.add(
        childPointer(at, "messageDirection"),
        `messageDirection must be one of ${Object.keys(DIRECTIONS).join(", ")}, found ${JSON.stringify(entry["messageDirection"])}`,
      );
      continue;
    }
    const typeName =
      typeof entry["typeName"] === "string" && /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(entry["typeName"])
        ? entry["typeName"]
        : undefined;
    const ownName = (suffix: "Params" | "Result"): string => {
      let name = (typeName ?? pascal(method)) + suffix;
      while (Object.hasOwn(defs, name)) name += "_";
      return name;
    };
    const typeOf = (
      field: "params" | "result",
      suffix: "Params" | "Result",
    ): string | undefined => {
      const value = entry[field];
      if (value === undefined) return undefined;
      const where = childPointer(at, field);
      if (
        isObject(value) &&
        value["kind"] === "reference" &&
        typeof value["name"] === "string" &&
        names.has(value["name"])
      )
        return value["name"];
      const name = ownName(suffix);
      if (Array.isArray(value)) {
        notes.add(where, `"${method}" takes its params by position: drafted as the tuple ${name}`);
        defs[name] = schemaOfType({ kind: "tuple", items: value }, where, context);
      } else defs[name] = schemaOfType(value, where, context);
      return name;
    };
    let params = typeOf("params", "Params");
    if (params !== undefined && !Array.isArray(entry["params"])) {
      // JSON-RPC 2.0 (section 4.2) allows only objects and arrays as params.
      const structured = structuredPart(entry["params"], byName, new Set());
      if (structured === undefined) {
        notes.add(
          childPointer(at, "params"),
          `"${method}" params admit no object or array, which JSON-RPC 2.0 requires: drafted as taking no params`,
        );
        params = undefined;
      } else if (structured !== entry["params"]) {
        const referenced = isObject(entry["params"]) && entry["params"]["kind"] === "reference";
        const name = referenced ? ownName("Params") : params;
        notes.add(
          childPointer(at, "params"),
          `"${method}" params admit values other than objects and arrays: narrowed to the objects and arrays among them, as JSON-RPC 2.0 requires (${name})`,
        );
        defs[name] = schemaOfType(structured, childPointer(at, "params"), context);
        params = name;
      }
    }
    const out: Record<string, unknown> = {
      name: method,
      kind,
      from: direction.from,
      to: direction.to,
    };
    if (direction.both) out["bothDirections"] = true;
    if (params !== undefined) out["params"] = params;
    if (kind === "request") {
      const result = typeOf("result", "Result");
      if (result === undefined) {
        notes.add(at, `request "${method}" has no result: drafted as answering null`);
        const name = ownName("Result");
        defs[name] = { type: "null" };
        out["result"] = name;
      } else out["result"] = result;
    }
    const description = methodDescription(entry);
    if (description !== undefined) out["description"] = description;
    if (typeof entry["deprecated"] === "string") out["deprecated"] = entry["deprecated"];
    if (typeof entry["since"] === "string") out["since"] = entry["since"];
    for (const [field] of NOT_CARRIED)
      if (entry[field] !== undefined)
        notCarried.set(field, [...(notCarried.get(field) ?? []), childPointer(at, field)]);
    methods.push(out as unknown as CatalogMethod);
  }
  problems.throwIfAny();
  for (const [field, message] of NOT_CARRIED) {
    const pointers = notCarried.get(field);
    if (pointers !== undefined)
      notes.add(
        pointers[0]!,
        `${message}: ${field} of ${pointers.length} methods is left out (${pointers.join(", ")})`,
      );
  }
  const features = draftCallFeatures(
    {
      root: { $defs: defs },
      section: "$defs",
      methods,
      methodPointer: (name) => seen.get(name) ?? "",
      // A place in the drafted schema comes from the type of the same name.
      sourcePointer: (pointer) => {
        const name = /^\/\$defs\/([^/]*)/.exec(pointer)?.[1];
        return (name === undefined ? undefined : names.get(unescapeToken(name))) ?? "";
      },
    },
    notes,
  );
  notePrefixes(methods, seen, notes);
  notes.add(
    "",
    "not inferred (a meta model does not say): role lifecycles, which enumerations are error codes, extension prefixes",
  );

  const version = isObject(model["metaData"]) ? model["metaData"]["version"] : undefined;
  const fileName = file.split(/[\\/]/).pop() ?? file;
  const catalog = assembleCatalog(identity, {
    ...(typeof version === "string" && { sourceVersion: version }),
    fileName,
    from: `the meta model ${fileName}`,
    roles: ROLES,
    methods: features.methods,
    ...(features.cancellation && { cancellation: features.cancellation }),
    ...(features.progress && { progress: features.progress }),
    noteCount: notes.list.length,
  });
  const schema: JsonValue = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $comment: `${DRAFT_MARKER} from the meta model ${fileName}, for review.`,
    ...(typeof version === "string" && { title: `${catalog.protocol.title} ${version}` }),
    $defs: defs,
  };
  return { catalog, schema, notes: notes.list };
}

function unescapeToken(token: string): string {
  return token.replace(/~1/g, "/").replace(/~0/g, "~");
}

/**
 * Method names that begin with a segment of no letters or digits (`$/…`) look like a prefix the
 * protocol keeps for itself or for extensions, but a meta model has no field that says which:
 * noted, never drafted as `extensions`.
 */
function notePrefixes(
  methods: readonly CatalogMethod[],
  at: ReadonlyMap<string, string>,
  notes: Notes,
): void {
  const byPrefix = new Map<string, string[]>();
  for (const method of methods) {
    const slash = method.name.indexOf("/");
    if (slash === -1 || /[A-Za-z0-9]/.test(method.name.slice(0, slash))) continue;
    const prefix = method.name.slice(0, slash + 1);
    byPrefix.set(prefix, [...(byPrefix.get(prefix) ?? []), method.name]);
  }
  for (const [prefix, names] of byPrefix)
    notes.add(
      at.get(names[0]!) ?? "",
      `${names.length} methods begin with "${prefix}" (${names.join(", ")}): the meta model does not say whether the prefix is reserved, so no \`extensions\` entry is drafted`,
    );
}

type Named = ReadonlyMap<string, { group: string; entry: JsonObject }>;

/**
 * The part of a type that is an object or an array: the type itself when it is only that,
 * the structured members of an `or` (through type aliases) when it is partly that, undefined
 * when none of it is.
 */
function structuredPart(type: unknown, named: Named, visiting: Set<string>): unknown {
  if (!isObject(type)) return undefined;
  switch (type["kind"]) {
    case "array":
    case "tuple":
    case "map":
    case "literal":
    case "and":
      return type;
    case "reference": {
      const found = named.get(type["name"] as string);
      if (found === undefined || found.group === "enumerations") return undefined;
      if (found.group === "structures") return type;
      if (visiting.has(type["name"] as string)) return type;
      visiting.add(type["name"] as string);
      const inner = structuredPart(found.entry["type"], named, visiting);
      return inner === found.entry["type"] ? type : inner;
    }
    case "or": {
      const items = Array.isArray(type["items"]) ? type["items"] : [];
      const kept = items
        .map((item) => structuredPart(item, named, visiting))
        .filter((item) => item !== undefined);
      if (kept.length === 0) return undefined;
      if (kept.length === items.length && kept.every((item, index) => item === items[index]))
        return type;
      return kept.length === 1 ? kept[0] : { kind: "or", items: kept };
    }
    default:
      return undefined;
  }
}

function enumerationSchema(enumeration: JsonObject, at: string, context: TypeContext): JsonValue {
  const base = schemaOfType(enumeration["type"], childPointer(at, "type"), context);
  const values = Array.isArray(enumeration["values"]) ? enumeration["values"] : [];
  const listed: JsonValue[] = [];
  const lines: string[] = [];
  values.forEach((value, index) => {
    if (
      !isObject(value) ||
      (typeof value["value"] !== "string" && typeof value["value"] !== "number")
    ) {
      context.problems.add(
        childPointer(at, "values", index),
        "an enumeration value needs a string or number `value`",
      );
      return;
    }
    listed.push(value["value"]);
    const docs = describe(value);
    lines.push(
      `- \`${String(value["name"])}\` (${JSON.stringify(value["value"])})${docs === undefined ? "" : ": " + docs.replace(/\n+/g, " ")}`,
    );
  });
  if (listed.length === 0)
    context.problems.add(childPointer(at, "values"), "an enumeration needs values");
  const docs = [describe(enumeration), lines.join("\n")].filter(
    (part) => part !== undefined && part !== "",
  );
  const schema: JsonValue =
    enumeration["supportsCustomValues"] === true
      ? { anyOf: [{ enum: listed }, base] }
      : { ...(base as object), enum: listed };
  return withDocs(
    schema,
    docs.length === 0
      ? {}
      : {
          documentation: docs.join("\n\n"),
          ...(enumeration["deprecated"] !== undefined && { deprecated: enumeration["deprecated"] }),
        },
  );
}

/** The method's documentation with its capabilities, which say when a peer may send it. */
function methodDescription(entry: JsonObject): string | undefined {
  const parts: string[] = [];
  if (typeof entry["documentation"] === "string") parts.push(entry["documentation"]);
  if (entry["proposed"] === true) parts.push("Proposed: not yet final.");
  const capabilities: string[] = [];
  if (typeof entry["clientCapability"] === "string")
    capabilities.push(`client capability \`${entry["clientCapability"]}\``);
  if (typeof entry["serverCapability"] === "string")
    capabilities.push(`server capability \`${entry["serverCapability"]}\``);
  if (capabilities.length > 0) parts.push(`Governed by the ${capabilities.join(" and the ")}.`);
  return parts.length === 0 ? undefined : parts.join("\n\n");
}

function pascal(method: string): string {
  return (
    method
      .split(/[^A-Za-z0-9]+/)
      .filter((part) => part !== "")
      .map((part) => part[0]!.toUpperCase() + part.slice(1))
      .join("") || "Method"
  );
}
