// The JSON Schema of `jsonrpc-bindgen.config.json` (and of the `jsonrpc-bindgen` key of
// package.json), for editors. `jsonrpc-bindgen config-schema` prints it; the package ships a copy
// as `schema/config.schema.json`.
export const CONFIG_FILE_NAME = "jsonrpc-bindgen.config.json";
export const PACKAGE_JSON_KEY = "jsonrpc-bindgen";

const protocolSchema = {
  type: "object",
  description:
    "One protocol to generate a package for. Relative paths are relative to the file that names them.",
  required: ["schema", "out"],
  additionalProperties: false,
  properties: {
    schema: {
      type: "string",
      description: "The protocol's JSON Schema, draft 2020-12 (JSON or YAML). Like --schema.",
    },
    catalog: {
      type: "string",
      description:
        "The method catalog; without it only types and validators are generated. Like --catalog.",
    },
    out: {
      type: "string",
      description:
        "The package folder to write: new, empty, or written by jsonrpc-bindgen before. Like --out.",
    },
    packageName: {
      type: "string",
      description: "Package name when there is no catalog. Like --package-name.",
    },
    packageVersion: {
      type: "string",
      description: "Package version when there is no catalog. Like --package-version.",
    },
  },
} as const;

export const configSchema = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "https://github.com/jsonrpc-bindgen/jsonrpc-bindgen/schema/config.schema.json",
  title: "jsonrpc-bindgen configuration",
  description:
    "The protocols a bare `jsonrpc-bindgen` generates (and `jsonrpc-bindgen --check` checks), in order.",
  type: "object",
  required: ["protocols"],
  additionalProperties: false,
  properties: {
    $schema: { type: "string", description: "This schema, for editors." },
    protocols: { type: "array", minItems: 1, items: protocolSchema },
  },
} as const;

/** The keys a protocol entry takes (they mirror the flags). */
export const PROTOCOL_KEYS = Object.keys(
  protocolSchema.properties,
) as (keyof typeof protocolSchema.properties)[];
