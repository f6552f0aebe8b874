import { createHash } from "node:crypto";
import type { Role } from "@crm/schema";
import type { Context, Hono } from "hono";
import type { ApiCaller, ApiExtension, ApiKit } from "../api/app.js";
import { jsonResponse, type OpenApiPart, problemResponses } from "../api/openapi.js";
import { ProblemException } from "../api/problems.js";
import { RateLimiter } from "../api/ratelimit.js";
import { renderFeed } from "./feed.js";
import { type CalendarFeed, CalendarFeedStore } from "./store.js";

/*
 * The calendar feed's routes under `/api/v1`:
 *
 *   GET    /calendar/feed            the signed-in person's feed: { active, createdAt, lastFetchedAt }
 *   POST   /calendar/feed            a new URL (the old one, if any, stops working): { path, createdAt }
 *   DELETE /calendar/feed            revoke it
 *   GET    /calendar/<secret>.ics    the feed itself, for calendar clients: no cookie, no token
 *
 * Why under `/api/v1` and not a path of its own: the server's guards already give `/api/v1` what
 * the feed needs — the Host check (a DNS-rebinding page cannot read it through the browser of
 * someone who knows a URL), no request body (GET), the problem format — and `/api/v1` is never
 * served the SPA's index.html by the fallback. The feed route itself skips the API's caller
 * check: calendar clients cannot sign in, the secret in the path is the credential.
 *
 * The managing routes are for a person (the app, with the session cookie): a service token has
 * no person whose activities it could show, and is refused. The feed answers 404 for a secret
 * that is unknown, revoked or regenerated, or whose person left the workspace — the same answer,
 * so a URL's answer never says whether it once worked. It is rendered with the person's role
 * *now* (a demotion narrows the feed at once) and rate-limited per feed.
 */

export interface CalendarEnv {
  shared: import("better-sqlite3").Database;
  /** The person's role in the workspace now; undefined when they are no member. */
  roleOf(userId: string, workspace: string): Role | undefined;
  /** Feed requests per feed per minute; default 30 (clients poll every 15 minutes or so). */
  feedRatePerMinute?: number;
  /** The app's public origin for links in entries; default PUBLIC_URL's first origin, else the request's. */
  publicOrigin?: string;
}

const FEED_PATH = "/calendar/feed";

const person = (who: ApiCaller): string => {
  if (who.actor.startsWith("token:"))
    throw new ProblemException(403, "forbidden", "a calendar feed belongs to a person: sign in to the app to make one");
  return who.actor;
};

const describe = (f: CalendarFeed | undefined) =>
  f ? { active: true, createdAt: f.createdAt, lastFetchedAt: f.lastFetchedAt } : { active: false };

const notFound = () => new ProblemException(404, "not-found", "no such calendar feed");

function publicOrigin(env: CalendarEnv, c: Context): string {
  const configured = env.publicOrigin ?? process.env.PUBLIC_URL?.split(",")[0]?.trim();
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // fall through to the request's own origin
    }
  }
  return new URL(c.req.url).origin;
}

const tags = ["calendar"];
const forPerson = "The signed-in person's own (the app's session cookie; a token has no person).";

/** The routes in `/api/v1/openapi.json`. */
export const calendarOpenApi: OpenApiPart = {
  tags: [{ name: "calendar", description: "A person's private iCalendar feed of their meetings, calls and tasks" }],
  schemas: {
    CalendarFeedStatus: {
      type: "object",
      properties: {
        active: { type: "boolean", description: "Whether the person has a feed URL now" },
        createdAt: { type: "integer" },
        lastFetchedAt: { type: ["integer", "null"], description: "When a calendar last read it" },
      },
      required: ["active"],
    },
    CalendarFeedCreated: {
      type: "object",
      properties: {
        path: {
          type: "string",
          pattern: "^/api/v1/calendar/cal_[A-Za-z0-9_-]+\\.ics$",
          description: "The feed's path, shown once (only its hash is stored)",
        },
        createdAt: { type: "integer" },
      },
      required: ["path", "createdAt"],
    },
  },
  paths: {
    [FEED_PATH]: {
      get: {
        operationId: "get_calendar_feed",
        tags,
        summary: `Whether the person has a feed URL. ${forPerson}`,
        security: [{ sessionCookie: [] }],
        responses: {
          200: jsonResponse({ $ref: "#/components/schemas/CalendarFeedStatus" }, "The feed's state"),
          ...problemResponses(401, 403, 429),
        },
      },
      post: {
        operationId: "create_calendar_feed",
        tags,
        summary: `A new feed URL; the previous one stops working. ${forPerson}`,
        security: [{ sessionCookie: [] }],
        responses: {
          201: jsonResponse({ $ref: "#/components/schemas/CalendarFeedCreated" }, "Made"),
          ...problemResponses(401, 403, 429),
        },
      },
      delete: {
        operationId: "revoke_calendar_feed",
        tags,
        summary: `Revoke the feed URL. ${forPerson}`,
        security: [{ sessionCookie: [] }],
        responses: { 204: { description: "Revoked" }, ...problemResponses(401, 403, 404, 429) },
      },
    },
    "/calendar/{secret}.ics": {
      parameters: [
        {
          name: "secret",
          in: "path",
          required: true,
          description: "The feed's secret (from the path `POST /calendar/feed` answered)",
          schema: { type: "string" },
          example: "cal_zz-no-such-feed",
        },
      ],
      get: {
        operationId: "get_calendar_ics",
        tags,
        summary:
          "The feed itself (RFC 5545), for calendar clients: no credentials, the URL is the secret. 404 for an unknown, revoked or regenerated URL alike.",
        security: [{}],
        parameters: [
          { name: "If-None-Match", in: "header", schema: { type: "string" } },
          { name: "If-Modified-Since", in: "header", schema: { type: "string" } },
        ],
        responses: {
          200: {
            description: "The calendar",
            headers: {
              ETag: { schema: { type: "string" } },
              "Last-Modified": { schema: { type: "string" } },
            },
            content: { "text/calendar": { schema: { type: "string", pattern: "^BEGIN:VCALENDAR\\r\\n" } } },
          },
          304: { description: "Not changed since the ETag (or date) given" },
          ...problemResponses(404, 429),
        },
      },
    },
  },
};

export function calendarRoutes(env: CalendarEnv): ApiExtension {
  const store = new CalendarFeedStore(env.shared);
  const limiter = new RateLimiter(env.feedRatePerMinute ?? 30);
  return (api: Hono, kit: ApiKit) => {
    kit.describe(calendarOpenApi);
    api.get(FEED_PATH, (c) => {
      const who = kit.caller(c);
      return c.json(describe(store.get(who.workspace, person(who))), 200, { "Cache-Control": "no-store" });
    });

    api.post(FEED_PATH, (c) => {
      const who = kit.caller(c);
      const { secret, feed } = store.create(who.workspace, person(who));
      return c.json({ path: `/api/v1/calendar/${secret}.ics`, createdAt: feed.createdAt }, 201, {
        "Cache-Control": "no-store",
      });
    });

    api.delete(FEED_PATH, (c) => {
      const who = kit.caller(c);
      if (!store.revoke(who.workspace, person(who))) throw notFound();
      return c.body(null, 204);
    });

    api.get("/calendar/:file{[^/]+\\.ics}", async (c) => {
      const secret = c.req.param("file").slice(0, -".ics".length);
      const feed = store.bySecret(secret);
      if (!feed) throw notFound();
      const role = env.roleOf(feed.userId, feed.workspace);
      if (!role) throw notFound();
      const taken = limiter.take(`${feed.workspace}/${feed.userId}`);
      if (!taken.ok) {
        const seconds = Math.max(1, Math.ceil(taken.retryAfterMs / 1000));
        throw new ProblemException(429, "rate-limited", `too many requests; try again in ${seconds} s`, undefined, {
          "Retry-After": String(seconds),
        });
      }
      const peer = await kit.peerOf({ workspace: feed.workspace, role, actor: feed.userId, key: "" });
      const text = renderFeed({
        peer,
        userId: feed.userId,
        role,
        appOrigin: publicOrigin(env, c),
        calendarName: "CRM",
      });
      const etag = `"${createHash("sha256").update(text).digest("base64url").slice(0, 32)}"`;
      const changedAt = store.served(secret, etag);
      const headers = {
        ETag: etag,
        "Last-Modified": new Date(changedAt).toUTCString(),
        // The URL is a credential: no shared cache keeps a copy; clients revalidate each time.
        "Cache-Control": "private, no-cache",
      };
      const ifNoneMatch = c.req.header("if-none-match");
      const ifModifiedSince = c.req.header("if-modified-since");
      // RFC 9110 §13.1.3: If-Modified-Since counts only without If-None-Match.
      const fresh =
        ifNoneMatch !== undefined
          ? ifNoneMatch
              .split(",")
              .map((t) => t.trim().replace(/^W\//, ""))
              .some((t) => t === etag || t === "*")
          : ifModifiedSince !== undefined && Math.floor(changedAt / 1000) * 1000 <= Date.parse(ifModifiedSince);
      if (fresh) return c.body(null, 304, headers);
      return c.body(text, 200, {
        ...headers,
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": 'inline; filename="crm.ics"',
      });
    });
  };
}
