// Drafts a catalog and a JSON Schema from an OpenRPC document. OpenRPC describes what one server
// answers, so there are two roles, `client` and `server`, and every method goes from client to
// server; a method without `result` is a notification (OpenRPC 1.3), with a note.
//
// The schema holds `components.schemas` under `$defs` (their `$ref`s rewritten from
// `#/components/schemas/X` to `#/$defs/X`) and, per method, `<Method>Params` and (unless the
// result is a bare `$ref` to a component) `<Method>Result`. Params by name become an object with
// one property per content descriptor (`required` as the descriptors say, no other property);
// params by position (`"paramStructure": "by-position"`) a tuple, the optional ones last;
// `"either"`, OpenRPC's default, is drafted by name, with a note saying that callers by position
// are refused. A method without params takes optional, empty params (callers often send `{}`).
// Method errors become catalog error codes named from their messages. Examples, links, tags and
// servers are noted as not carried.
import { childPointer } from "../../core/diagnostics.js";
import type { JsonValue } from "../../core/ir.js";
import type { CatalogErrorCode, CatalogMethod, CatalogRole } from "../types.js";
import { draftCallFeatures } from "./call-features.js";
import { assembleCatalog, DRAFT_MARKER } from "./catalog-frame.js";
import { Notes, type Draft, type DraftIdentity } from "./draft.js";
import { DraftProblems } from "./draft-error.js";
import { declareMethodName } from "./method-names.js";
import { isObject, type JsonObject } from "./schema-document.js";

const ROLES: Readonly<Record<string, CatalogRole>> = {
  client: { description: "Calls the methods the document describes." },
  server: { description: "Serves the methods the document describes." },
};

const COMPONENT_SCHEMA = "#/components/schemas/";

/** Method fields the catalog has no place for. */
const NOT_CARRIED = ["examples", "links", "tags", "servers", "externalDocs"] as const;

export function draftFromOpenRpc(document: unknown, file: string, identity: DraftIdentity): Draft {
  const problems = new DraftProblems(file);
  const notes = new Notes();
  if (!isObject(document) || typeof document["openrpc"] !== "string") {
    problems.add(
      isObject(document) ? "/openrpc" : "",
      "an OpenRPC document is an object with an `openrpc` version string",
    );
    problems.throwIfAny();
  }
  const root = document as JsonObject;
  if (!Array.isArray(root["methods"]))
    problems.add("/methods", "an OpenRPC document needs a methods array");
  problems.throwIfAny();
  const info = isObject(root["info"]) ? root["info"] : {};

  /** A local `$ref` resolved (once; a reference to a reference is followed up to a limit). */
  const resolve = (value: unknown, at: string): { value: unknown; at: string } => {
    let current = value;
    let where = at;
    for (let hops = 0; isObject(current) && typeof current["$ref"] === "string"; hops++) {
      const ref = current["$ref"];
      if (hops > 32 || !ref.startsWith("#/")) {
        problems.add(
          childPointer(where, "$ref"),
          hops > 32 ? "$refs that never end" : `$ref "${ref}" is not local to the document`,
        );
        return { value: undefined, at: where };
      }
      where = ref.slice(1);
      current = valueAt(root, where);
      if (current === undefined) {
        problems.add(childPointer(at, "$ref"), `$ref "${ref}" points to nothing`);
        return { value: undefined, at: where };
      }
    }
    return { value: current, at: where };
  };
  /** A schema as the drafted document holds it: references to components rewritten. */
  const rewrite = (schema: unknown, at: string): JsonValue => {
    if (Array.isArray(schema))
      return schema.map((item, index) => rewrite(item, childPointer(at, index)));
    if (!isObject(schema)) return schema as JsonValue;
    const out: Record<string, JsonValue> = {};
    for (const [key, value] of Object.entries(schema)) {
      if (key === "$ref" && typeof value === "string") {
        if (
          value.startsWith(COMPONENT_SCHEMA) &&
          !value.slice(COMPONENT_SCHEMA.length).includes("/")
        ) {
          const name = decodeURIComponent(value.slice(COMPONENT_SCHEMA.length));
          if (!isObject(components) || !Object.hasOwn(schemas, name))
            problems.add(
              childPointer(at, "$ref"),
              `$ref "${value}" points to no schema of components.schemas`,
            );
          out[key] = "#/$defs/" + value.slice(COMPONENT_SCHEMA.length);
        } else {
          problems.add(
            childPointer(at, "$ref"),
            `$ref "${value}": only references to components.schemas are drafted`,
          );
          out[key] = value;
        }
      } else out[key] = rewrite(value, childPointer(at, key));
    }
    return out;
  };

  const components = isObject(root["components"]) ? root["components"] : {};
  const schemas = isObject(components["schemas"]) ? components["schemas"] : {};
  const defs: Record<string, JsonValue> = {};
  for (const [name, schema] of Object.entries(schemas))
    defs[name] = rewrite(schema, childPointer("/components/schemas", name));
  const ownName = (base: string): string => {
    let name = base;
    while (Object.hasOwn(defs, name)) name += "_";
    return name;
  };

  const errors = new Map<number, CatalogErrorCode>();
  const errorNames = new Set<string>();
  const notCarried = new Map<string, string[]>();
  const methods: CatalogMethod[] = [];
  const seen = new Map<string, string>();
  (root["methods"] as unknown[]).forEach((raw, index) => {
    const { value, at } = resolve(raw, `/methods/${index}`);
    if (!isObject(value)) {
      if (value !== undefined) problems.add(at, "a method must be an object");
      return;
    }
    const name = declareMethodName(value, "name", at, seen, problems);
    if (name === undefined) return;
    const typeBase = pascal(name);
    const entry: Record<string, unknown> = {
      name,
      kind: value["result"] === undefined ? "notification" : "request",
      from: "client",
      to: "server",
    };

    // Params.
    const structure = value["paramStructure"] ?? "either";
    if (structure !== "by-name" && structure !== "by-position" && structure !== "either")
      problems.add(
        childPointer(at, "paramStructure"),
        `paramStructure must be by-name, by-position or either, found ${JSON.stringify(structure)}`,
      );
    const descriptors: Array<{
      name: string;
      schema: JsonValue;
      required: boolean;
      description?: string;
    }> = [];
    const params = value["params"] ?? [];
    if (!Array.isArray(params))
      problems.add(childPointer(at, "params"), "params must be an array of content descriptors");
    else
      params.forEach((param, paramIndex) => {
        const found = resolve(param, childPointer(at, "params", paramIndex));
        const descriptor = found.value;
        if (
          !isObject(descriptor) ||
          typeof descriptor["name"] !== "string" ||
          !Object.hasOwn(descriptor, "schema")
        ) {
          if (found.value !== undefined)
            problems.add(found.at, "a content descriptor needs a string `name` and a `schema`");
          return;
        }
        if (descriptors.some((other) => other.name === descriptor["name"]))
          problems.add(
            childPointer(found.at, "name"),
            `param "${descriptor["name"]}" is named twice`,
          );
        const description =
          typeof descriptor["description"] === "string"
            ? descriptor["description"]
            : typeof descriptor["summary"] === "string"
              ? descriptor["summary"]
              : undefined;
        descriptors.push({
          name: descriptor["name"],
          schema: rewrite(descriptor["schema"], childPointer(found.at, "schema")),
          required: descriptor["required"] === true,
          ...(description !== undefined && { description }),
        });
      });
    const paramsName = ownName(typeBase + "Params");
    const documented = (param: (typeof descriptors)[number]): JsonValue =>
      param.description === undefined || !isObject(param.schema)
        ? param.schema
        : { ...(param.schema as Record<string, JsonValue>), description: param.description };
    if (structure === "by-position") {
      const firstOptional = descriptors.findIndex((param) => !param.required);
      if (firstOptional !== -1 && descriptors.slice(firstOptional).some((param) => param.required))
        problems.add(
          childPointer(at, "params"),
          "by position, required params must come before optional ones",
        );
      defs[paramsName] = {
        type: "array",
        prefixItems: descriptors.map(documented),
        minItems: firstOptional === -1 ? descriptors.length : firstOptional,
        maxItems: descriptors.length,
      };
    } else {
      if (structure === "either" && descriptors.length > 0)
        notes.add(
          at,
          `"${name}" takes params by name or by position: drafted by name (${paramsName}); a caller that sends them by position is refused`,
        );
      defs[paramsName] = {
        type: "object",
        properties: Object.fromEntries(descriptors.map((param) => [param.name, documented(param)])),
        ...(descriptors.some((param) => param.required) && {
          required: descriptors.filter((param) => param.required).map((param) => param.name),
        }),
        additionalProperties: false,
      };
    }
    entry["params"] = paramsName;
    if (!descriptors.some((param) => param.required)) entry["optionalParams"] = true;

    // Result.
    if (value["result"] === undefined)
      notes.add(
        at,
        `"${name}" has no result: drafted as a notification (OpenRPC 1.3); if it is answered, add its result and make it a request`,
      );
    else {
      const found = resolve(value["result"], childPointer(at, "result"));
      const descriptor = found.value;
      if (!isObject(descriptor) || !Object.hasOwn(descriptor, "schema")) {
        if (found.value !== undefined)
          problems.add(found.at, "a result content descriptor needs a `schema`");
      } else {
        const schema = rewrite(descriptor["schema"], childPointer(found.at, "schema"));
        const component = bareComponentRef(descriptor["schema"]);
        if (component !== undefined && Object.hasOwn(defs, component)) entry["result"] = component;
        else {
          const resultName = ownName(typeBase + "Result");
          defs[resultName] = schema;
          entry["result"] = resultName;
        }
      }
    }

    // Errors, named from their messages.
    const methodErrors = Array.isArray(value["errors"]) ? value["errors"] : [];
    const errorRefs: string[] = [];
    methodErrors.forEach((raw, errorIndex) => {
      const found = resolve(raw, childPointer(at, "errors", errorIndex));
      const error = found.value;
      if (
        !isObject(error) ||
        !Number.isInteger(error["code"]) ||
        typeof error["message"] !== "string"
      ) {
        if (found.value !== undefined)
          problems.add(found.at, "an error needs an integer `code` and a string `message`");
        return;
      }
      const code = error["code"] as number;
      let known = errors.get(code);
      if (known === undefined) {
        let errorName = pascal(error["message"]) || `Error${Math.abs(code)}`;
        if (!/^[A-Za-z_$]/.test(errorName)) errorName = "Error" + errorName;
        while (errorNames.has(errorName)) errorName += "_";
        errorNames.add(errorName);
        known = { code, name: errorName, message: error["message"] };
        errors.set(code, known);
      } else if (known.message !== error["message"])
        notes.add(
          found.at,
          `error ${code} is "${known.message}" elsewhere: drafted with that message`,
        );
      errorRefs.push(known.name);
    });
    if (errorRefs.length > 0) entry["errors"] = errorRefs;

    const description = [value["summary"], value["description"]]
      .filter((text): text is string => typeof text === "string")
      .join("\n\n");
    if (description !== "") entry["description"] = description;
    if (value["deprecated"] === true) entry["deprecated"] = true;
    for (const field of NOT_CARRIED)
      if (value[field] !== undefined)
        notCarried.set(field, [...(notCarried.get(field) ?? []), childPointer(at, field)]);
    methods.push(entry as unknown as CatalogMethod);
  });
  problems.throwIfAny();
  for (const field of NOT_CARRIED) {
    const pointers = notCarried.get(field);
    if (pointers !== undefined)
      notes.add(
        pointers[0]!,
        `${field} of ${pointers.length} methods are not carried into the catalog (${pointers.join(", ")})`,
      );
  }
  const features = draftCallFeatures(
    {
      root: { $defs: defs },
      section: "$defs",
      methods,
      methodPointer: (name) => seen.get(name) ?? "",
      // A place in a component schema is there in the document; drafted params are the method's.
      sourcePointer: (pointer) => {
        const name = /^\/\$defs\/([^/]*)/.exec(pointer)?.[1];
        if (name === undefined) return "";
        const component = name.replace(/~1/g, "/").replace(/~0/g, "~");
        if (Object.hasOwn(schemas, component))
          return "/components/schemas" + pointer.slice("/$defs".length);
        const method = methods.find((entry) => entry.params === component);
        return method === undefined ? "" : (seen.get(method.name) ?? "");
      },
    },
    notes,
  );
  notes.add(
    "",
    "not inferred (an OpenRPC document does not say): methods the server sends the client, role lifecycles, extension prefixes",
  );

  const fileName = file.split(/[\\/]/).pop() ?? file;
  const title = typeof info["title"] === "string" ? info["title"] : undefined;
  const version = typeof info["version"] === "string" ? info["version"] : undefined;
  const description = typeof info["description"] === "string" ? info["description"] : undefined;
  const drafted = assembleCatalog(identity, {
    ...(title !== undefined && { sourceTitle: title }),
    ...(version !== undefined && { sourceVersion: version }),
    ...(description !== undefined && { sourceDescription: description }),
    fileName,
    from: `the OpenRPC document ${fileName}`,
    roles: ROLES,
    methods: features.methods,
    ...(features.cancellation && { cancellation: features.cancellation }),
    ...(features.progress && { progress: features.progress }),
    noteCount: notes.list.length,
  });
  const own = [...errors.values()].filter(
    (error) => !drafted.errors.some((standard) => standard.code === error.code),
  );
  const catalog = { ...drafted, errors: [...drafted.errors, ...own] };
  const schema: JsonValue = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $comment: `${DRAFT_MARKER} from the OpenRPC document ${fileName}, for review.`,
    ...(title !== undefined && { title }),
    $defs: defs,
  };
  return { catalog, schema, notes: notes.list };
}

/** The value at a JSON pointer (`/a/b`) in the document, if any. */
function valueAt(root: unknown, pointer: string): unknown {
  let current = root;
  for (const raw of pointer.split("/").slice(1)) {
    const token = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
    if (Array.isArray(current) && /^(0|[1-9][0-9]*)$/.test(token)) current = current[Number(token)];
    else if (isObject(current) && Object.hasOwn(current, token)) current = current[token];
    else return undefined;
  }
  return current;
}

function bareComponentRef(schema: unknown): string | undefined {
  if (!isObject(schema) || Object.keys(schema).length !== 1 || typeof schema["$ref"] !== "string")
    return undefined;
  const ref = schema["$ref"];
  return ref.startsWith(COMPONENT_SCHEMA) && !ref.slice(COMPONENT_SCHEMA.length).includes("/")
    ? decodeURIComponent(ref.slice(COMPONENT_SCHEMA.length))
    : undefined;
}

function pascal(text: string): string {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== "")
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join("");
}
