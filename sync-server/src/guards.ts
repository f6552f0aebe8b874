import type { IncomingMessage } from "node:http";
import { problemBody } from "@crm/peer/api";
import type { Context, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requestProtocol } from "./auth/gate.js";
import type { PublicHosts } from "./origins.js";

/*
 * What every HTTP request passes before a route sees it: the security headers of every response,
 * the Host check of the API (origins.ts) and the request body limits.
 */

/**
 * Request bodies. The API takes small JSON only: the sign-in, setup and invite forms (a password
 * is at most 256 characters), roles, token names, number blocks. The REST API over records
 * (`/api/v1`) takes one record per request: the largest is a quote or order with its 500 lines
 * (~150 bytes each as JSON) and long texts — 1 MiB leaves room without letting a request hold
 * much memory. Nothing else takes a body — the app's imports never come through HTTP: the
 * browser writes the records into its own Yjs documents and they travel as updates over the
 * WebSocket (bounded by MAX_FRAME_BYTES and MAX_DOC_BYTES).
 * Hono's `bodyLimit` refuses a declared Content-Length at once, before reading a byte, and stops
 * reading a chunked body as soon as it passes the limit. After the 413, @hono/node-server reads
 * and discards what the client still sends for at most 500 ms or 64 MiB, then closes the socket
 * (closing at once would reset the connection and lose the 413 before the client read it).
 */
export const BODY_LIMITS = {
  /** Routes anyone can reach without signing in. */
  auth: 16 * 1024,
  /** Every other `/api` route. */
  api: 64 * 1024,
  /** `/api/v1` and `/mcp` (whose tool calls carry one record's fields): one record (a quote's or order's lines included). */
  records: 1024 * 1024,
  /** `POST /api/v1/inbound/mime`: one raw email (the route refuses past INBOUND_MAX_MB itself). */
  mail: 64 * 1024 * 1024,
  /** Everything else (the app's files, health and metrics): no body at all. */
  other: 0,
} as const;

const AUTH_ROUTES = /^\/api\/(setup|sign-in|sign-out|invites\/[^/]+(\/accept)?)\/?$/;

function tooLarge(limit: number) {
  return (c: Context) =>
    isRecordsApi(c.req.path)
      ? problem(c, 413, "too-large", `the request body is larger than ${limit} bytes`)
      : c.json({ error: { code: "too-large", message: `the request body is larger than ${limit} bytes` } }, 413);
}

/** `/api/v1` answers every error in its one format (RFC 9457, @crm/peer/api problems.ts). */
function problem(c: Context, status: 403 | 413, code: string, detail: string): Response {
  return c.body(JSON.stringify(problemBody(status, code, detail)), status, {
    "Content-Type": "application/problem+json",
  });
}

const isApi = (path: string) => path === "/api" || path.startsWith("/api/");
const isRecordsApi = (path: string) =>
  path === "/api/v1" || path.startsWith("/api/v1/") || path === "/mcp" || path.startsWith("/mcp/");

export function limitBodies(): MiddlewareHandler {
  const limits = {
    auth: bodyLimit({ maxSize: BODY_LIMITS.auth, onError: tooLarge(BODY_LIMITS.auth) }),
    api: bodyLimit({ maxSize: BODY_LIMITS.api, onError: tooLarge(BODY_LIMITS.api) }),
    records: bodyLimit({ maxSize: BODY_LIMITS.records, onError: tooLarge(BODY_LIMITS.records) }),
    other: bodyLimit({ maxSize: BODY_LIMITS.other, onError: tooLarge(BODY_LIMITS.other) }),
    mail: bodyLimit({ maxSize: BODY_LIMITS.mail, onError: tooLarge(BODY_LIMITS.mail) }),
  };
  return (c, next) => {
    const path = c.req.path;
    const limit = AUTH_ROUTES.test(path)
      ? limits.auth
      : path === "/api/v1/inbound/mime"
        ? limits.mail
        : isRecordsApi(path)
          ? limits.records
          : isApi(path)
            ? limits.api
            : limits.other;
    return limit(c, next);
  };
}

/**
 * `/api` (and `/mcp`) answers only under the server's public names (a DNS-rebinding page gets
 * 403). `/mcp` also checks the Origin (@crm/peer/mcp), as the MCP specification requires.
 */
export function checkHost(hosts: PublicHosts): MiddlewareHandler {
  return async (c, next) => {
    if (isRecordsApi(c.req.path) && !hosts.allows(c.req.header("host")))
      return problem(c, 403, "forbidden", "this server does not answer to that name (PUBLIC_URL)");
    if (isApi(c.req.path) && !hosts.allows(c.req.header("host")))
      return c.json(
        {
          error: {
            code: "bad-host",
            message: "this server does not answer to that name; its administrator can add it to PUBLIC_URL",
          },
        },
        403,
      );
    return next();
  };
}

/** A Host header safe to repeat inside the CSP (checked by PublicHosts first). */
const PLAIN_HOST = /^[a-z0-9.-]+(:\d+)?$|^\[[0-9a-f:.]+\](:\d+)?$/i;

/**
 * The Content-Security-Policy the built app runs under (tests/e2e/securityHeaders.spec.ts loads
 * every screen with it and fails on any violation): scripts and workers only from this origin, no
 * inline script and no eval; WebAssembly compilation for DuckDB ('wasm-unsafe-eval', not
 * 'unsafe-eval'); network only to this origin and its WebSocket; never inside a frame.
 * Styles may be inline: the notes editor (Tiptap), the SQL editor (CodeMirror) and the live
 * carets create `<style>` elements and style attributes at run time, which no hash can name, and
 * a nonce would need a per-response page that the service worker's cached shell cannot carry.
 * Inline style cannot run code; script is what the policy locks down.
 * Images may come from https: too: a customer's email shows its remote images once an agent asks
 * (web/src/service/Conversation.tsx); its sandboxed frame inherits this policy, and sets its own
 * that blocks them until then. An image loads no code.
 */
export function contentSecurityPolicy(host: string | undefined): string {
  const ws = host && PLAIN_HOST.test(host) ? ` ws://${host} wss://${host}` : "";
  return [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    `connect-src 'self'${ws}`,
    "img-src 'self' data: blob: https:",
    "style-src 'self' 'unsafe-inline'",
    "font-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const HSTS = "max-age=31536000";

/** Security headers on every response; HSTS when the request came over HTTPS. */
export function securityHeaders(hosts: PublicHosts, trustedProxies: number): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const host = c.req.header("host");
    const h = c.res.headers;
    h.set("Content-Security-Policy", contentSecurityPolicy(hosts.allows(host) ? host : undefined));
    h.set("X-Content-Type-Options", "nosniff");
    // Invite links carry their secret in the URL: no page they lead to tells anyone where it came from.
    h.set("Referrer-Policy", "no-referrer");
    h.set("X-Frame-Options", "DENY");
    h.set("Cross-Origin-Opener-Policy", "same-origin");
    const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
    const https = incoming
      ? requestProtocol(incoming, trustedProxies) === "https"
      : new URL(c.req.url).protocol === "https:";
    if (https) h.set("Strict-Transport-Security", HSTS);
  };
}
