#!/usr/bin/env node
// Builds a large protocol from GitHub's REST API description (the npm package `@octokit/openapi`):
// a JSON Schema whose `$defs` are the API's component schemas plus one params and one result
// definition per operation, and a method catalog with one request per operation (named by its
// operationId, e.g. `repos/get`). Also writes the OpenAPI document cut to the same operations, the
// input openapi-typescript reads. Nothing here is committed: `bench/index.mjs --large` runs it into
// a temporary folder.
//
//   node bench/github-inputs.mjs --openapi <api.github.com.json> --out <dir> [--fraction 0.25]
//
// The operations kept are the first `fraction` of them in the document's order; the definitions
// kept are the ones those operations reach. OpenAPI 3.0's `nullable` becomes a `null` type (JSON
// Schema has no `nullable`); `example` becomes `examples`.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options"];

/** The API's operations, in document order, each with what a request and a result carry. */
export function operationsOf(openapi) {
  const operations = [];
  for (const [route, item] of Object.entries(openapi.paths)) {
    for (const verb of HTTP_METHODS) {
      const operation = item[verb];
      if (operation === undefined) continue;
      operations.push({ route, verb, operation, shared: item.parameters ?? [] });
    }
  }
  return operations;
}

function resolve(openapi, value) {
  while (value && typeof value.$ref === "string" && value.$ref.startsWith("#/components/")) {
    const [, , section, name] = value.$ref.split("/");
    if (section === "schemas") return value;
    value = openapi.components[section][decodeURIComponent(name)];
  }
  return value;
}

/** OpenAPI 3.0 schema text → JSON Schema 2020-12 (refs into `$defs`, `nullable` as a type). */
function toJsonSchema(schema) {
  if (Array.isArray(schema)) return schema.map(toJsonSchema);
  if (schema === null || typeof schema !== "object") return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "nullable" || key.startsWith("x-")) continue;
    if (key === "$ref") out.$ref = value.replace("#/components/schemas/", "#/$defs/");
    else if (key === "example") out.examples = [value];
    else if (key === "discriminator" && value.mapping !== undefined)
      out.discriminator = {
        ...value,
        mapping: Object.fromEntries(
          Object.entries(value.mapping).map(([k, ref]) => [
            k,
            ref.replace("#/components/schemas/", "#/$defs/"),
          ]),
        ),
      };
    else if (key === "properties" || key === "patternProperties")
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]));
    else out[key] = toJsonSchema(value);
  }
  if (schema.nullable === true) {
    if (typeof out.type === "string") {
      out.type = [out.type, "null"];
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    } else if (out.type === undefined) {
      return { anyOf: [out, { type: "null" }] };
    }
  }
  return out;
}

function pascal(text) {
  return text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join("");
}

function jsonContent(content) {
  if (content === undefined) return undefined;
  const key = Object.keys(content).find((type) => type.includes("json"));
  return key === undefined ? undefined : content[key].schema;
}

/** The schema of an operation's params (path and query parameters, and the body as `body`). */
function paramsSchema(openapi, { operation, shared }) {
  const properties = {};
  const required = [];
  for (const raw of [...shared, ...(operation.parameters ?? [])]) {
    const parameter = resolve(openapi, raw);
    if (parameter.in !== "path" && parameter.in !== "query") continue;
    properties[parameter.name] = toJsonSchema({
      ...parameter.schema,
      ...(parameter.description !== undefined && { description: parameter.description }),
    });
    if (parameter.required) required.push(parameter.name);
  }
  const body = resolve(openapi, operation.requestBody);
  const bodySchema = jsonContent(body?.content);
  if (bodySchema !== undefined) {
    properties.body = toJsonSchema(bodySchema);
    if (body.required) required.push("body");
  }
  return { type: "object", properties, ...(required.length > 0 && { required }) };
}

/** The schema of the first 2xx JSON response; `null` when the operation answers with no body. */
function resultSchema(openapi, { operation }) {
  for (const [status, raw] of Object.entries(operation.responses ?? {})) {
    if (!status.startsWith("2")) continue;
    const schema = jsonContent(resolve(openapi, raw)?.content);
    if (schema !== undefined) return toJsonSchema(schema);
  }
  return { type: "null" };
}

function refsIn(value, found) {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (value !== null && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      if (key === "$ref" && typeof item === "string" && item.startsWith("#/$defs/"))
        found.push(item.slice("#/$defs/".length));
      else refsIn(item, found);
    }
  }
}

/** The JSON Schema, catalog and cut OpenAPI document for the first `fraction` of operations. */
export function buildInputs(openapi, fraction = 1) {
  const all = operationsOf(openapi);
  const operations = all.slice(0, Math.max(1, Math.round(all.length * fraction)));
  const defs = {};
  const methods = [];
  const names = new Set();
  for (const entry of operations) {
    const name = entry.operation.operationId;
    let base = pascal(name);
    while (names.has(base) || openapi.components.schemas[base] !== undefined) base += "Op";
    names.add(base);
    defs[`${base}Params`] = paramsSchema(openapi, entry);
    defs[`${base}Result`] = resultSchema(openapi, entry);
    methods.push({
      name,
      kind: "request",
      from: "client",
      to: "server",
      params: `${base}Params`,
      result: `${base}Result`,
      ...(entry.operation.summary !== undefined && { description: entry.operation.summary }),
    });
  }
  // The component schemas the operations reach, transitively.
  const pending = [];
  refsIn(defs, pending);
  while (pending.length > 0) {
    const name = pending.pop();
    if (defs[name] !== undefined) continue;
    defs[name] = toJsonSchema(openapi.components.schemas[name]);
    refsIn(defs[name], pending);
  }
  const schema = {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    title: "GitHub REST API",
    $defs: defs,
  };
  const catalog = {
    protocol: { name: "github-rest", title: "GitHub REST API as JSON-RPC" },
    package: { name: "@bench/github-rest", version: "1.0.0" },
    roles: {
      client: { description: "Calls the API." },
      server: { description: "Serves the API." },
    },
    methods,
    errors: [{ code: -32602, name: "InvalidParams", message: "Invalid params" }],
  };
  // openapi-typescript's input: the same operations and the component schemas they reach.
  const kept = new Set(operations.map((entry) => entry.operation));
  const paths = {};
  for (const [route, item] of Object.entries(openapi.paths)) {
    const cut = Object.fromEntries(
      Object.entries(item).filter(
        ([verb, value]) => !HTTP_METHODS.includes(verb) || kept.has(value),
      ),
    );
    if (HTTP_METHODS.some((verb) => cut[verb] !== undefined)) paths[route] = cut;
  }
  const cutOpenapi = { ...openapi, paths };
  return {
    schema,
    catalog,
    openapi: cutOpenapi,
    methods: methods.length,
    definitions: Object.keys(defs).length,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { values } = parseArgs({
    options: {
      openapi: { type: "string" },
      out: { type: "string" },
      fraction: { type: "string", default: "1" },
    },
  });
  if (values.openapi === undefined || values.out === undefined) {
    console.error(
      "usage: github-inputs.mjs --openapi <api.github.com.json> --out <dir> [--fraction f]",
    );
    process.exit(2);
  }
  const built = buildInputs(
    JSON.parse(readFileSync(values.openapi, "utf8")),
    Number(values.fraction),
  );
  mkdirSync(values.out, { recursive: true });
  writeFileSync(path.join(values.out, "schema.json"), JSON.stringify(built.schema, null, 2));
  writeFileSync(path.join(values.out, "catalog.json"), JSON.stringify(built.catalog, null, 2));
  writeFileSync(path.join(values.out, "openapi.json"), JSON.stringify(built.openapi));
  console.log(`${built.methods} methods, ${built.definitions} definitions → ${values.out}`);
}
