// Type-level tests of the generated schema types: compiled by the suite, never run.
// Every `@ts-expect-error` must meet an error, so a type that became too loose fails the suite.
import type {
  BlobType,
  ComponentInfo,
  Error as ProtocolError,
  FlowResult,
  FlowResultFailed,
  InitializeParams,
  JsonValue,
  Message,
  MethodRequest,
  Schema,
  Value,
} from "../../generated/src/index.js";

// ---------------------------------------------------------------------------------------------
// FlowResult is a union told apart by `outcome`.

export function describeOutcome(result: FlowResult): string {
  switch (result.outcome) {
    case "success":
      return JSON.stringify(result.result);
    case "skipped":
      // @ts-expect-error a skipped run has no result
      return JSON.stringify(result.result);
    case "failed":
      return result.error.message;
    default: {
      const unreachable: never = result;
      return unreachable;
    }
  }
}

export function errorBeforeNarrowing(result: FlowResult): string {
  // @ts-expect-error only the failed variant has an error
  return result.error.message;
}

export function missingCase(result: FlowResult): string {
  switch (result.outcome) {
    case "success":
      return "ok";
    case "skipped":
      return "skipped";
    default: {
      // @ts-expect-error the failed case is not handled, so result is not never here
      const unreachable: never = result;
      return unreachable;
    }
  }
}

export const failed: FlowResult = { outcome: "failed", error: { code: 1, message: "boom" } };
// @ts-expect-error a failed result needs its error
export const failedWithoutError: FlowResult = { outcome: "failed" };
// @ts-expect-error outcome must be one of the three tags
export const unknownOutcome: FlowResult = { outcome: "cancelled" };
export const failedVariant: FlowResultFailed = { outcome: "failed", error: { code: -32000, message: "x", data: null } };

// ---------------------------------------------------------------------------------------------
// Required and optional properties.

export const initialize: InitializeParams = { runtime_protocol_version: 1 };
// @ts-expect-error runtime_protocol_version is required
export const initializeEmpty: InitializeParams = {};
// @ts-expect-error runtime_protocol_version is a number
export const initializeString: InitializeParams = { runtime_protocol_version: "1" };

// description, input_schema and output_schema are optional.
export const minimalInfo: ComponentInfo = { component: "/python/udf" };
// @ts-expect-error component is required
export const infoWithoutComponent: ComponentInfo = { description: "no path" };
// @ts-expect-error a misspelt property is caught (no index signature on ComponentInfo)
export const infoWithTypo: ComponentInfo = { component: "/x", descripton: "typo" };

// ---------------------------------------------------------------------------------------------
// null where the schema allows it, and nowhere else.

export const nullDescription: ComponentInfo = { component: "/x", description: null, input_schema: null };
// @ts-expect-error component is not nullable
export const nullComponent: ComponentInfo = { component: null };
// @ts-expect-error an error's message is not nullable
export const nullMessage: ProtocolError = { code: 1, message: null };

// ---------------------------------------------------------------------------------------------
// Enums.

export const blobTypes: BlobType[] = ["flow", "data"];
// @ts-expect-error "blob" is not a BlobType
export const wrongBlobType: BlobType = "blob";

// ---------------------------------------------------------------------------------------------
// Every generated type is JSON: assignable to Value and JsonValue.

declare const info: ComponentInfo;
declare const message: Message;
declare const flowResult: FlowResult;
declare const schema: Schema;
export const infoAsValue: Value = info;
export const infoAsJson: JsonValue = info;
export const messageAsJson: JsonValue = message;
export const resultAsJson: JsonValue = flowResult;
export const schemaAsJson: JsonValue = schema;
export const fullInfo: JsonValue = { component: "/x", description: "d", input_schema: { type: "object" } } satisfies ComponentInfo;

// A value that is not JSON is not a Value.
// @ts-expect-error a function is not a JSON value
export const notJson: Value = () => 1;
// @ts-expect-error undefined is not a JSON value
export const undefinedValue: Value = undefined;

// ---------------------------------------------------------------------------------------------
// The definition named Error shadows nothing the consumer uses: the global Error still works.

export const thrown: Error = new Error("still the global Error");
export const protocolError: ProtocolError = { code: -32601, message: "Method not found" };

// Messages: the id is a string or a number, never null.
export const request: MethodRequest = { jsonrpc: "2.0", id: 1, method: "initialize", params: { runtime_protocol_version: 1 } };
// @ts-expect-error a request id is not null
export const nullId: MethodRequest = { jsonrpc: "2.0", id: null, method: "initialize", params: { runtime_protocol_version: 1 } };
