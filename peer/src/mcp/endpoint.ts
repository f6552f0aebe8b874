import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { type Context, Hono } from "hono";
import type { ApiCaller } from "../api/app.js";
import { ProblemException, problemResponse } from "../api/problems.js";
import { RateLimiter } from "../api/ratelimit.js";
import { type Logger, silentLogger } from "../logger.js";
import type { WorkspacePeer } from "../peer.js";
import { PeerUnavailableError } from "../types.js";
import { mcpServer } from "./tools.js";

/*
 * `/mcp`: the Model Context Protocol over streamable HTTP, so a person's AI assistant can search,
 * read, create and update records with a service token (`Authorization: Bearer crm_…`) and
 * exactly that token's role's rights.
 *
 * Stateless: every POST gets a fresh McpServer bound to its caller, answered as plain JSON (no
 * session id, no server-sent stream), so any instance of the server can answer any request and
 * nothing is kept between them; a GET (the optional stream for server-initiated messages) and a
 * DELETE (ending a session) answer 405, which the protocol allows and clients expect.
 *
 * Guards, besides the server's own (Host check and a 1 MiB body limit on `/mcp`, guards.ts):
 * - A bearer token is required. The session cookie is *not* accepted here: an MCP client is no
 *   browser, and a cookie would let any page a signed-in person opens drive the tools.
 * - Origin: the authenticator refuses a request whose Origin is not this server's own (or one of
 *   ALLOWED_ORIGINS) — the MCP specification's defence against DNS rebinding, beside the Host
 *   check. MCP clients send no Origin.
 * - A rate limit per token, on top of the REST API's own per tool call.
 */

export interface McpEndpointOptions {
  /** The REST API (`createRestApi`'s app): the tools' reads of a page and every write go through it. */
  rest: { request(path: string, init: RequestInit): Response | Promise<Response> };
  peer(workspace: string): WorkspacePeer | undefined;
  /** The REST API's authenticator (origin check, token → caller). */
  authenticate(c: Context): ApiCaller | undefined;
  /** MCP requests per token per minute; default 600. */
  rateLimitPerMinute?: number;
  readyTimeoutMs?: number;
  logger?: Logger;
}

export function createMcpEndpoint(o: McpEndpointOptions): Hono {
  const app = new Hono();
  const limiter = new RateLimiter(o.rateLimitPerMinute ?? 600);
  const logger = o.logger ?? silentLogger;

  app.onError((err, c) => {
    if (err instanceof ProblemException) return problemResponse(c, err);
    logger.error("mcp error", { error: String(err), stack: (err as Error).stack });
    return problemResponse(c, new ProblemException(500, "internal", "internal server error"));
  });

  const peerOf = async (who: ApiCaller) => {
    const peer = o.peer(who.workspace);
    if (!peer) throw new PeerUnavailableError(`the workspace ${who.workspace} is not served here yet`);
    await peer.ready(o.readyTimeoutMs ?? 10_000);
    return peer;
  };

  app.all("/", async (c) => {
    const authorization = c.req.header("authorization");
    // The authenticator checks the Origin first: a foreign page is refused even with a token.
    const who = o.authenticate(c);
    if (!authorization || !who)
      throw new ProblemException(401, "unauthorized", "send Authorization: Bearer <service token>", undefined, {
        "WWW-Authenticate": 'Bearer realm="crm"',
      });
    const taken = limiter.take(who.key);
    if (!taken.ok) {
      const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
      throw new ProblemException(429, "rate-limited", `too many requests; try again in ${seconds} s`, undefined, {
        "Retry-After": String(seconds),
      });
    }
    if (c.req.method !== "POST")
      return c.json({ jsonrpc: "2.0", error: { code: -32000, message: "Method not allowed." }, id: null }, 405, {
        Allow: "POST",
      });
    const server = mcpServer({ who, authorization, rest: o.rest, peerOf });
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: undefined,
      enableJsonResponse: true,
    });
    await server.connect(transport);
    try {
      return await transport.handleRequest(c.req.raw);
    } finally {
      // The JSON answer is complete once handleRequest resolves: nothing of this request remains.
      void server.close();
    }
  });

  return app;
}
