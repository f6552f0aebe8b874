import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { type AuthConfig, originAllowed } from "../auth/gate.js";
import { AuthError, type AuthStore } from "../auth/store.js";
import { auditRoutes } from "./audit.js";
import { apiError } from "./errors.js";
import { inviteRoutes } from "./invites.js";
import { createKit, type Env } from "./kit.js";
import type { ServerMail } from "./mails.js";
import { memberRoutes } from "./members.js";
import { passwordResetRoutes, type ResetLimits } from "./passwordReset.js";
import { peopleRoutes } from "./people.js";
import { type ContactPrivacy, privacyRoutes } from "./privacy.js";
import { sequenceRoutes } from "./sequences.js";
import { sessionRoutes } from "./session.js";
import { tokenRoutes } from "./tokens.js";

/*
 * `/api/*`, one module per resource, each a Hono app of chained routes with its test beside it:
 *   session.ts    setup, sign-in, sign-out, the session, a new workspace
 *   invites.ts    a workspace's invites; an invite link's preview and accepting it
 *   members.ts    a workspace's members and their roles (admins)
 *   people.ts     who is in the workspace (any member: names for the ids records carry)
 *   tokens.ts     service tokens (admins)
 *   audit.ts      the audit log (admins)
 *   sequences.ts  blocks of quote/order numbers (members who may write them, or a service token)
 *   privacy.ts    a contact's GDPR export and erasure (admins)
 *   passwordReset.ts  "Forgot password?": a mailed single-use link, the new password
 *   mails.ts      the invite and reset messages, through the peer's mail subsystem
 * Who may call a route: access.ts; input: validate.ts (zod); errors: errors.ts. The route types
 * (`ApiRoutes`, types.ts) type the web app's client (web/src/runtime/api.ts).
 *
 * CSRF: the session cookie is SameSite=Lax and HttpOnly; on top, every request that changes
 * something must be JSON and, when a browser sends an Origin, come from an allowed origin.
 */

export interface ApiOptions {
  privacy?: ContactPrivacy;
  now?: () => number;
  blocksPerMinute?: number;
  /** Outgoing mail (invites by email, password reset); without it nothing is mailed. */
  mail?: ServerMail;
  resetLimits?: ResetLimits;
}

const guard = (config: AuthConfig) =>
  createMiddleware<Env>(async (c, next) => {
    // Browsers send Origin on every cross-origin request (and on same-origin writes): a page of
    // another site gets nothing here, not even what a GET would show.
    if (!originAllowed(c.req.header("origin"), c.req.header("host"), config.allowedOrigins))
      throw new AuthError(403, "bad-origin", "requests from this origin are not allowed");
    if (c.req.method !== "GET" && c.req.method !== "HEAD") {
      const type = c.req.header("content-type") ?? "";
      const hasBody = c.req.method === "POST" || c.req.method === "PATCH" || c.req.method === "PUT";
      if (hasBody && !type.startsWith("application/json"))
        throw new AuthError(400, "not-json", "send the request body as application/json");
    }
    await next();
    c.header("Cache-Control", "no-store");
  });

/** The API, to mount at `/api`. */
export function createApi(store: AuthStore, config: AuthConfig, options: ApiOptions = {}) {
  const kit = createKit(store, config, options.now ?? Date.now);
  return new Hono<Env>()
    .onError(apiError)
    .use(guard(config))
    .route("/", sessionRoutes(kit))
    .route("/", inviteRoutes(kit, options.mail))
    .route("/", passwordResetRoutes(kit, options.mail, options.resetLimits))
    .route("/", memberRoutes(kit))
    .route("/", peopleRoutes(kit))
    .route("/", tokenRoutes(kit))
    .route("/", auditRoutes(kit))
    .route("/", sequenceRoutes(kit, options))
    .route("/", privacyRoutes(kit, options.privacy))
    .all("*", (c) =>
      c.json({ error: { code: "not-found", message: `no API route ${c.req.method} ${c.req.path}` } }, 404),
    );
}
