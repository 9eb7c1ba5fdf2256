// The platform-neutral runtime. Node-specific transports are in `./node.js`, imported separately
// so that this part also runs in browsers, workers and other runtimes.

export type { ValidationIssue, Validate } from "./validation.js";
export {
  DEFAULT_MAX_VALIDATION_DEPTH,
  describeValue,
  formatIssue,
  issueAt,
  missingAt,
  missingProperty,
  nested,
  pathStep,
  prependPath,
  propertyIssueAt,
  setMaxValidationDepth,
} from "./validation.js";
export {
  CallCancelledError,
  CallTimeoutError,
  ConnectionClosedError,
  JsonRpcError,
  JsonRpcErrorCode,
  ResultValidationError,
  RpcError,
} from "./errors.js";
export type { JsonRpcErrorObject } from "./errors.js";
export type { CloseReason, Transport } from "./transport.js";
export { describeCloseReason } from "./transport.js";
export { TransportBase } from "./transport-base.js";
export { DEFAULT_MAX_LINE_LENGTH, LineDecoder } from "./ndjson.js";
export type { LineDecoderOptions } from "./ndjson.js";
export {
  ContentLengthDecoder,
  DEFAULT_MAX_CONTENT_LENGTH,
  DEFAULT_MAX_HEADER_LENGTH,
  frameContentLength,
  utf8Length,
} from "./content-length.js";
export type { ContentLengthDecoderOptions } from "./content-length.js";
export { memoryTransportPair } from "./memory.js";
export type {
  HandlerContext,
  IncomingMethod,
  MethodSpec,
  MethodTable,
  NotificationContext,
  ProgressTokenPlace,
  RequestContext,
} from "./method.js";
export { DEFAULT_MAX_BATCH_LENGTH, DEFAULT_MAX_RUNNING_REQUESTS, Peer } from "./peer.js";
export type {
  CallOptions,
  Caller,
  CancellationOptions,
  LifecycleOptions,
  PeerOptions,
  ProgressCallOptions,
  ProgressOptions,
} from "./peer.js";
export { printable, QuietLog, quoteStart } from "./report.js";
export type { QuietLogOptions } from "./report.js";
export { validateCallMessage, validateResponseMessage } from "./messages.js";
export { absentParams, optionalParams } from "./params.js";
export { extensionSpec, hasPrefix } from "./extensions.js";
export type { MethodLookup } from "./messages.js";
