import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { serveStatic } from "@hono/node-server/serve-static";
import { Hono, type MiddlewareHandler } from "hono";
import { checkHost, limitBodies, securityHeaders } from "./guards.js";
import type { Metrics } from "./metrics.js";
import { PublicHosts } from "./origins.js";

export const NOT_BUILT_TEXT = "The web app is not built: run npm run build\n";

/** Paths the service worker and browser must revalidate on every load. */
const NO_CACHE = new Set(["/", "/index.html", "/sw.js", "/registerSW.js", "/manifest.webmanifest"]);

const OPERATIONS = new Set(["/healthz", "/readyz", "/metrics"]);

function isReserved(path: string): boolean {
  return (
    path === "/sync" ||
    path.startsWith("/sync/") ||
    OPERATIONS.has(path) ||
    path.startsWith("/api/") ||
    path === "/mcp" ||
    path.startsWith("/mcp/")
  );
}

export type Readiness = { ready: true } | { ready: false; reason: string };

export interface HttpOptions {
  /** `/readyz`: 200 when ready, 503 with the reason otherwise. Default: always ready. */
  readiness?: () => Readiness;
  /** `/metrics` in the Prometheus text format; absent → 404. */
  metrics?: Metrics;
  /** Mounted at `/api/v1` before `/api`: the REST API over records (@crm/peer/api). */
  // biome-ignore lint/suspicious/noExplicitAny: the API's own env type is narrower than the app's
  apiV1?: Hono<any>;
  /** Mounted at `/mcp`: the MCP endpoint for AI assistants (@crm/peer/mcp). */
  // biome-ignore lint/suspicious/noExplicitAny: the endpoint's own env type is narrower than the app's
  mcp?: Hono<any>;
  /** Mounted at `/api/chat` before `/api`: the chat widget's and agents' live chat (@crm/peer chat/). */
  // biome-ignore lint/suspicious/noExplicitAny: the endpoint's own env type is narrower than the app's
  chat?: Hono<any>;
  /** Mounted at `/api` (sign-in, sessions, administration; see api/index.ts). */
  // biome-ignore lint/suspicious/noExplicitAny: the API's own env type is narrower than the app's
  api?: Hono<any>;
  /** The names `/api` answers to (origins.ts). Default: loopback names only. */
  hosts?: PublicHosts;
  /** Reverse proxies whose X-Forwarded-Proto is believed (HSTS under HTTPS). Default 0. */
  trustedProxies?: number;
}

/**
 * The HTTP side: `/healthz` (liveness), `/readyz` (readiness), `/metrics` and the built SPA from
 * `staticDir`, with a fallback to index.html for client-side routes. WebSockets (`/sync…`) are
 * handled on the server's `upgrade` event.
 */
export function createHttpApp(staticDir: string, options: HttpOptions = {}): Hono {
  const app = new Hono();
  const indexFile = join(staticDir, "index.html");
  const hosts = options.hosts ?? new PublicHosts();

  // Outermost: every response, errors and refusals included, carries the security headers.
  app.use("*", securityHeaders(hosts, options.trustedProxies ?? 0));
  app.use("*", checkHost(hosts));
  app.use("*", limitBodies());

  app.get("/healthz", (c) => c.json({ ok: true }));

  app.get("/readyz", (c) => {
    const readiness = options.readiness?.() ?? { ready: true };
    return c.json(readiness, readiness.ready ? 200 : 503, { "Cache-Control": "no-store" });
  });

  if (options.apiV1) app.route("/api/v1", options.apiV1);
  if (options.mcp) app.route("/mcp", options.mcp);
  if (options.chat) app.route("/api/chat", options.chat);
  if (options.api) app.route("/api", options.api);

  const metrics = options.metrics;
  if (metrics) {
    app.get("/metrics", async (c) =>
      c.body(await metrics.text(), 200, { "Content-Type": metrics.contentType, "Cache-Control": "no-store" }),
    );
  }

  // Cache headers for whatever the static handler below serves.
  app.use("*", async (c, next) => {
    await next();
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return;
    if (c.res.status !== 200 || isReserved(c.req.path)) return;
    const path = c.req.path;
    const cacheControl =
      path.startsWith("/assets/") && !NO_CACHE.has(path) ? "public, max-age=31536000, immutable" : "no-cache";
    c.res.headers.set("Cache-Control", cacheControl);
  });

  // Created once the directory exists, so a build made while the server runs is picked up.
  let staticHandler: MiddlewareHandler | undefined;
  app.use("*", async (c, next) => {
    if (isReserved(c.req.path)) return next();
    if (!staticHandler) {
      if (!existsSync(staticDir)) return next();
      staticHandler = serveStatic({ root: staticDir });
    }
    return staticHandler(c, next);
  });

  // SPA fallback: any other GET that is not a file gets index.html (missing assets stay 404).
  app.get("*", (c) => {
    const path = c.req.path;
    if (isReserved(path) || path.startsWith("/assets/")) return c.notFound();
    if (!isFile(indexFile)) return c.text(NOT_BUILT_TEXT, path === "/" ? 200 : 404);
    return c.html(readFileSync(indexFile, "utf8"), 200, { "Cache-Control": "no-cache" });
  });

  return app;
}

function isFile(path: string): boolean {
  try {
    return existsSync(path) && statSync(path).isFile();
  } catch {
    return false;
  }
}
