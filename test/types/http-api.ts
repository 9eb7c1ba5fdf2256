// Type-level tests of the generated HTTP layer's Node-facing types: compiled by the suite, never
// run. The server's `createServer` call spells out Node's default request and response classes
// (cheaper to type-check than inferring them); these pin that what a user sees is unchanged.
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import {
  createComponentServerHttpServer,
  type HttpRpcServer,
} from "../../generated/src/http.js";
import type { ComponentServerHandlers } from "../../generated/src/index.js";

declare const handlers: ComponentServerHandlers;
const httpServer: HttpRpcServer = createComponentServerHttpServer(handlers, { path: "/rpc" });

// The server is Node's own, with the default request and response classes.
export const nodeServer: Server<typeof IncomingMessage, typeof ServerResponse> = httpServer.server;
// Its events carry Node's request and response.
httpServer.server.on("request", (request, response) => {
  const url: string | undefined = request.url;
  response.writeHead(200);
  // @ts-expect-error a request is not answered on: it has no writeHead
  request.writeHead(200);
  void url;
});

// The request listener takes Node's request and response, so it fits a server of one's own.
export const listener: (request: IncomingMessage, response: ServerResponse) => void =
  httpServer.handle;
// @ts-expect-error the listener needs a response to answer on
export const halfListener: (request: IncomingMessage) => void = httpServer.handle;
