// Type-level tests of the generated protocol layer: compiled by the suite, never run.
// Every `@ts-expect-error` must meet an error, so misuse that compiled would fail the suite.
import {
  methods,
  ProtocolError,
  ErrorCodes,
  type ErrorCode,
  type ComponentServerClient,
  type ComponentServerHandlers,
  type ParamsOf,
  type ResultOf,
  type RuntimeClient,
  type RuntimeHandlers,
  type RequestToComponentServer,
  type MethodName,
} from "../../generated/src/index.js";

declare const componentServer: ComponentServerClient;
declare const runtime: RuntimeClient;

export async function clientsAreTyped(): Promise<void> {
  // Results are inferred from the method.
  const initialized = await componentServer.initialize({ runtime_protocol_version: 1 });
  const version: number = initialized.server_protocol_version;
  const listed = await componentServer.componentsList();
  const names: string[] = listed.components.map((info) => info.component);
  const put = await runtime.blobsPut({ data: { any: ["json"] }, blob_type: "data" });
  const blobId: string = put.blob_id;
  void [version, names, blobId];

  // The runtime's client for the component server has no blobsPut: that call goes the other way.
  // @ts-expect-error blobsPut is a method of the runtime, not of the component server
  await componentServer.blobsPut({ data: 1, blob_type: "data" });
  // @ts-expect-error components/execute is served by the component server, not the runtime
  await runtime.componentsExecute({ component: "/x", input: 1 });

  // Wrong params are compile errors.
  // @ts-expect-error runtime_protocol_version must be a number
  await componentServer.initialize({ runtime_protocol_version: "1" });
  // @ts-expect-error component is required
  await componentServer.componentsExecute({ input: 1 });
  // @ts-expect-error blob_type is "flow" or "data"
  await runtime.blobsPut({ data: 1, blob_type: "text" });
  // @ts-expect-error flow_id, not flow
  await runtime.flowsEvaluate({ flow: "abc", input: 1 });

  // A notification returns nothing to await.
  const nothing: void = componentServer.initialized();
  void nothing;

  // The generic form narrows by method name.
  const info = await componentServer.request("components/info", { component: "/x" });
  const component: string = info.info.component;
  void component;
  // @ts-expect-error blobs/get is not answered by the component server
  await componentServer.request("blobs/get", { blob_id: "x" });

  // A call takes per-call options.
  await componentServer.componentsList({}, { timeoutMs: 1000, signal: AbortSignal.timeout(5000) });
}

export const completeServer: ComponentServerHandlers = {
  initialize: () => ({ server_protocol_version: 1 }),
  componentsList: () => ({ components: [] }),
  componentsInfo: ({ component }) => ({ info: { component, description: null } }),
  async componentsExecute({ input }, context) {
    // Handlers call the other side through their context.
    const { blob_id } = await context.runtime.blobsPut({ data: input, blob_type: "data" });
    const id: string | number = context.id;
    const signal: AbortSignal = context.signal;
    void [id, signal];
    return { output: blob_id };
  },
};

// @ts-expect-error a handler object missing a request method (componentsExecute) is an error
export const incompleteServer: ComponentServerHandlers = {
  initialize: () => ({ server_protocol_version: 1 }),
  componentsList: () => ({ components: [] }),
  componentsInfo: ({ component }) => ({ info: { component } }),
};

export const wrongResult: RuntimeHandlers = {
  // @ts-expect-error blobs/put must answer with a blob_id
  blobsPut: () => ({ id: "abc" }),
  blobsGet: () => ({ data: null, blob_type: "data" }),
  flowsEvaluate: () => ({ result: { outcome: "skipped" } }),
};

// Type maps and message unions.
export const params: ParamsOf<"blobs/put"> = { data: [1, 2], blob_type: "flow" };
export const result: ResultOf<"initialize"> = { server_protocol_version: 1 };
// @ts-expect-error initialized is a notification: it has no result type
export type NoResult = ResultOf<"initialized">;
export const request: RequestToComponentServer = {
  jsonrpc: "2.0",
  id: 1,
  method: "components/execute",
  params: { component: "/x", input: null },
};
export const mismatched: RequestToComponentServer = {
  jsonrpc: "2.0",
  id: 1,
  method: "components/info",
  // @ts-expect-error the params must be those of components/info
  params: { data: 1, blob_type: "data" },
};

// The registry narrows at compile time and can be looked up at run time.
const kind: "request" = methods["blobs/put"].kind;
const to: "runtime" = methods["blobs/put"].to;
// @ts-expect-error initialized is a notification
const wrongKind: "request" = methods["initialized"].kind;
export const name: MethodName = "flows/evaluate";
// @ts-expect-error not a method of the protocol
export const unknownName: MethodName = "flows/run";
void [kind, to, wrongKind];

// Error codes are named constants; ProtocolError takes a code by name.
const notFound: -32001 = ErrorCodes.ComponentNotFound;
export const thrown = new ProtocolError("ComponentNotFound", "no component /x", { component: "/x" });
const thrownCode: ErrorCode = thrown.code;
// @ts-expect-error not an error code of the protocol
export const unknownError = new ProtocolError("NoSuchError");
void [notFound, thrownCode];
