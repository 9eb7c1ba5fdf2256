// The JSON Schema of the method catalog: the one the generator checks every catalog against.
// `jsonrpc-bindgen catalog-schema` prints it, so a project can keep a copy beside its catalog for
// editors (completion, inline errors); a test keeps the copy in this repository in step.
import type { JsonValue } from "../core/ir.js";

const identifier = "^[A-Za-z_$][A-Za-z0-9_$]*$";
const roleId = "^[a-z][a-z0-9]*(-[a-z0-9]+)*$";

export const CATALOG_SCHEMA_ID = "urn:jsonrpc-bindgen:catalog:v1";

export const catalogSchema: JsonValue = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: CATALOG_SCHEMA_ID,
  title: "JSON-RPC method catalog",
  description:
    "Describes a JSON-RPC 2.0 protocol for jsonrpc-bindgen: its roles, its methods (who sends each to whom, with which params and result types from the protocol's JSON Schema), and its error codes.",
  type: "object",
  required: ["protocol", "package", "roles", "methods", "errors"],
  additionalProperties: false,
  properties: {
    $schema: { type: "string", description: "Path or URI of this schema, for editors." },
    $comment: {
      type: "string",
      description:
        "A note for readers, ignored by the generator. `catalog init` marks its drafts here.",
    },
    protocol: {
      description: "The protocol's identity.",
      type: "object",
      required: ["name", "title"],
      additionalProperties: false,
      properties: {
        name: {
          description: "Short machine name, lower case with dashes.",
          type: "string",
          pattern: roleId,
        },
        title: {
          description: "Human-readable name, used in generated documentation.",
          type: "string",
        },
        description: { type: "string" },
      },
    },
    package: {
      description: "The generated npm package.",
      type: "object",
      required: ["name", "version"],
      additionalProperties: false,
      properties: {
        name: {
          description: "npm package name.",
          type: "string",
          pattern: "^(@[a-z0-9][a-z0-9._~-]*/)?[a-z0-9][a-z0-9._~-]*$",
        },
        version: {
          description: "Semantic version of the generated package.",
          type: "string",
          pattern: "^(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(-[0-9A-Za-z.-]+)?$",
        },
        description: { type: "string" },
      },
    },
    roles: {
      description:
        "The parties to the protocol, by id (lower case with dashes, e.g. `component-server`).",
      type: "object",
      minProperties: 1,
      propertyNames: { pattern: roleId },
      additionalProperties: { $ref: "#/$defs/Role" },
    },
    methods: {
      description: "Every method of the protocol, requests and notifications.",
      type: "array",
      items: { $ref: "#/$defs/Method" },
    },
    errors: {
      description: "The protocol's error codes, including the JSON-RPC ones it uses.",
      type: "array",
      items: { $ref: "#/$defs/ErrorCode" },
    },
    extensions: {
      description:
        "Method names reserved for extensions, by prefix: a connection passes a call whose name starts with one of them, and that is not in `methods`, to its one extension handler, and clients can send such calls by name. Params and results are arbitrary JSON.",
      type: "array",
      items: { $ref: "#/$defs/Extension" },
    },
    cancellation: {
      description:
        "A notification that asks the receiver to stop working on a request. When present, a caller that cancels a call also sends this notification.",
      type: "object",
      required: ["method", "idProperty"],
      additionalProperties: false,
      properties: {
        method: {
          description: "Name of the notification method (it must be in `methods`).",
          type: "string",
        },
        idProperty: {
          description: "Params property that carries the cancelled request's id.",
          type: "string",
        },
      },
    },
    progress: {
      description:
        "A notification that reports the progress of a request, tied to it by a token the caller chooses: the caller puts the token into the request's params, and the other side sends it back in each progress notification. A caller that passes `onProgress` gets the notifications of its call while it waits; the runtime makes the token and puts it into the params.",
      type: "object",
      required: ["method", "tokenPointer"],
      additionalProperties: false,
      properties: {
        method: {
          description: "Name of the progress notification (it must be in `methods`).",
          type: "string",
        },
        tokenPointer: {
          description:
            "JSON pointer (RFC 6901) into the notification's params to the token, e.g. `/token`. It must name a property that the params schema defines, whose values may be strings or integers.",
          type: "string",
          pattern: "^/",
        },
        requestTokenPointer: {
          description:
            "JSON pointer into a request's params where the caller puts the token, e.g. `/_meta/progressToken`: every request whose params schema defines a property there reports progress (a method's `progressTokenPointer` overrides it). Objects on the way that the params leave out are created.",
          type: "string",
          pattern: "^/",
        },
      },
    },
  },
  $defs: {
    Role: {
      type: "object",
      additionalProperties: false,
      properties: {
        description: { type: "string" },
        typeName: {
          description: "PascalCase name for generated code (defaults to the id in PascalCase).",
          type: "string",
          pattern: identifier,
        },
        lifecycle: {
          description:
            "Makes this role refuse requests until it is ready: until it receives `readyAfter`, it answers every request not in `allowedBefore` with `notReadyError`.",
          type: "object",
          required: ["allowedBefore", "readyAfter", "notReadyError"],
          additionalProperties: false,
          properties: {
            allowedBefore: { type: "array", items: { type: "string" } },
            readyAfter: { type: "string" },
            notReadyError: { description: "Name of an entry in `errors`.", type: "string" },
          },
        },
      },
    },
    Method: {
      type: "object",
      required: ["name", "kind", "from", "to"],
      additionalProperties: false,
      properties: {
        name: { description: "The method name on the wire.", type: "string", minLength: 1 },
        kind: {
          description: "A request is answered; a notification never is.",
          enum: ["request", "notification"],
        },
        from: { description: "Id of the role that sends it.", type: "string" },
        to: { description: "Id of the role that receives and handles it.", type: "string" },
        params: {
          description:
            "Its params: the name of a schema definition (a key under `$defs`), or a JSON pointer into the schema starting with `#/` (e.g. `#/$defs/CallRequest/properties/params`). Absent: the method takes no params, and sends none.",
          type: "string",
          minLength: 1,
        },
        optionalParams: {
          description:
            "Params may be left out on the wire (JSON-RPC allows it): absent params are accepted, and callers may omit them. When present they are checked as `params` says.",
          type: "boolean",
        },
        result: {
          description:
            "Its result: a definition name or a JSON pointer, as for `params`. Required for requests, absent for notifications.",
          type: "string",
          minLength: 1,
        },
        resultByParams: {
          description:
            "For a request whose result depends on its params (a `view` of `full` answers a full item, `summary` a summary): the pointer into the params to the value that decides, and the result for each value. `result` stays the type of every answer (their union); a call whose params hold one of the values has its result typed and validated as that value's result.",
          type: "object",
          required: ["pointer", "results"],
          additionalProperties: false,
          properties: {
            pointer: {
              description:
                "JSON pointer (RFC 6901) into the params, e.g. `/view`. It must name a property the params schema defines.",
              type: "string",
              pattern: "^/",
            },
            results: {
              description: "One entry per value that decides the result.",
              type: "array",
              items: {
                type: "object",
                required: ["value", "result"],
                additionalProperties: false,
                properties: {
                  value: {
                    description:
                      "The value at `pointer` (one the params schema allows there, when it lists them).",
                    type: ["string", "number", "boolean", "null"],
                  },
                  result: {
                    description:
                      "The result for it: a definition name or a JSON pointer, as for `result`.",
                    type: "string",
                    minLength: 1,
                  },
                },
              },
            },
          },
        },
        bothDirections: {
          description:
            "Also sent by `to` to `from`, with the same params and result (a ping either side may send). Both roles handle it.",
          type: "boolean",
        },
        cancellable: {
          description:
            "`false`: a caller never sends the cancellation notification for this request (when it gives up waiting, it stops waiting, nothing more). Protocols forbid cancelling some requests, such as a handshake.",
          type: "boolean",
        },
        progressTokenPointer: {
          description:
            "For a request: a JSON pointer into its params where the caller puts the token of `progress` notifications (e.g. `/partialResultToken`), overriding `progress.requestTokenPointer`; `false`: it reports no progress. It must name a property its params schema defines, whose values may be strings or integers.",
          type: ["string", "boolean"],
          pattern: "^/",
        },
        errors: {
          description: "Names of the error codes (from `errors`) it may answer with.",
          type: "array",
          items: { type: "string" },
        },
        description: { type: "string" },
        deprecated: {
          description: "Marks the method deprecated; a string says what to use instead.",
          type: ["boolean", "string"],
        },
        since: { description: "Protocol version that introduced it.", type: "string" },
      },
    },
    Extension: {
      type: "object",
      required: ["prefix"],
      additionalProperties: false,
      properties: {
        prefix: {
          description: "What every extension method name starts with, e.g. `$/` or `_`.",
          type: "string",
          minLength: 1,
        },
        description: { type: "string" },
      },
    },
    ErrorCode: {
      type: "object",
      required: ["code", "name", "message"],
      additionalProperties: false,
      properties: {
        code: { type: "integer" },
        name: {
          description: "PascalCase name for generated constants.",
          type: "string",
          pattern: identifier,
        },
        message: { description: "Default message sent with this code.", type: "string" },
        description: { type: "string" },
      },
    },
  },
};
