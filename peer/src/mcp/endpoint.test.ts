import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import type { ApiCaller } from "../api/app.js";
import { ProblemException } from "../api/problems.js";
import { createMcpEndpoint } from "./endpoint.js";

/*
 * The endpoint's own guards, without a server: only a bearer token gets in (a session cookie
 * does not), the authenticator's refusals pass through, and each token has its rate limit.
 */

const caller: ApiCaller = { workspace: "w1", role: "editor", actor: "token:t1", key: "token:t1" };

function endpoint(authenticate: (c: import("hono").Context) => ApiCaller | undefined, rateLimitPerMinute = 600) {
  const app = new Hono();
  app.route(
    "/mcp",
    createMcpEndpoint({
      rest: { request: () => new Response("{}") },
      peer: () => undefined,
      authenticate,
      rateLimitPerMinute,
    }),
  );
  return app;
}

const initialize = (headers: Record<string, string> = {}) => ({
  method: "POST",
  headers: { "Content-Type": "application/json", Accept: "application/json, text/event-stream", ...headers },
  body: JSON.stringify({
    jsonrpc: "2.0",
    id: 1,
    method: "initialize",
    params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "t", version: "1" } },
  }),
});

describe("createMcpEndpoint", () => {
  it("takes a bearer token and refuses a session cookie", async () => {
    const app = endpoint((c) => (c.req.header("authorization") || c.req.header("cookie") ? caller : undefined));
    expect((await app.request("/mcp", initialize({ Authorization: "Bearer crm_x" }))).status).toBe(200);
    const cookie = await app.request("/mcp", initialize({ Cookie: "crm_session=abc" }));
    expect(cookie.status).toBe(401);
    expect(cookie.headers.get("content-type")).toBe("application/problem+json");
  });

  it("passes the authenticator's refusal (a foreign Origin) through", async () => {
    const app = endpoint(() => {
      throw new ProblemException(403, "forbidden", "requests from this origin are not allowed");
    });
    const res = await app.request("/mcp", initialize({ Authorization: "Bearer crm_x", Origin: "http://evil.example" }));
    expect(res.status).toBe(403);
  });

  it("limits the requests of each token", async () => {
    const app = endpoint(() => caller, 2);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await app.request("/mcp", initialize({ Authorization: "Bearer crm_x" }))).status);
    expect(statuses).toEqual([200, 200, 429]);
  });
});
