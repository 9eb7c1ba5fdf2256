// What the two ends of the HTTP transport agree on besides the JSON-RPC messages: header names
// and media types. Shared by `http-server.ts` and `http-client.ts`.

/**
 * Response header naming the server replica that answered. The client sends it back, unchanged,
 * with each answer to a request that arrived on that replica's event stream, so that a load
 * balancer can route the answer to the replica whose handler waits for it.
 */
export const REPLICA_HEADER = "rpc-replica";

/**
 * Request header saying that the client has completed the protocol's lifecycle handshake (it sent
 * the "ready" notification). Over HTTP each request is a connection of its own, possibly served
 * by another replica, so the client carries the handshake's state instead of the server.
 */
export const LIFECYCLE_HEADER = "rpc-lifecycle";

/** The value of {@link LIFECYCLE_HEADER} once the handshake is done. */
export const LIFECYCLE_READY = "ready";

export const JSON_MEDIA_TYPE = "application/json";
export const EVENT_STREAM_MEDIA_TYPE = "text/event-stream";

/** The media type of a `Content-Type` value, lower-cased and without parameters. */
export function mediaType(contentType: string | undefined): string {
  if (contentType === undefined) return "";
  const semicolon = contentType.indexOf(";");
  return (semicolon === -1 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
}

/**
 * Whether an `Accept` value admits `type` ("application/json"): a range naming it, its
 * `type/*`, or `*\/*`, with a quality above zero.
 */
export function accepts(accept: string | undefined, type: string): boolean {
  if (accept === undefined) return false;
  const slash = type.indexOf("/");
  const anySubtype = type.slice(0, slash) + "/*";
  for (const range of accept.split(",")) {
    const parts = range.split(";");
    const name = parts[0]!.trim().toLowerCase();
    if (name !== type && name !== anySubtype && name !== "*/*") continue;
    let quality = 1;
    for (let i = 1; i < parts.length; i++) {
      const parameter = parts[i]!.trim().toLowerCase();
      if (parameter.startsWith("q=")) quality = Number(parameter.slice(2));
    }
    if (quality > 0) return true;
  }
  return false;
}
