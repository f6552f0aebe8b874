import { canAdminister, canAssignRole, isEmailAddress, MAX_EMAIL_LENGTH, roles } from "@crm/schema";
import { type Context, Hono } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { z } from "zod";
import type { ApiKit, Env } from "./api-kit.js";
import {
  type AuthConfig,
  originAllowed,
  type Principal,
  principalId,
  requestProtocol,
  resolvePrincipal,
  roleIn,
  SESSION_COOKIE,
} from "./gate.js";
import { inviteRoutes } from "./invite-api.js";
import { clientAddress, FailureLimiter } from "./ratelimit.js";
import {
  blockRequest,
  canReserve,
  isSequenceKind,
  NumberSequences,
  SequenceExhausted,
  sequenceKinds,
} from "./sequences.js";
import { signInRoutes } from "./sign-in-api.js";
import { AuthError, type AuthStore } from "./store.js";

/*
 * `/api/*`: setup, sign-in/out and the session (sign-in-api.ts), accepting invites (invite-api.ts),
 * and here the admin pages' data (members, invites, service tokens, audit log, a contact's export
 * and erasure). Every answer is JSON; every error is `{ error: { code, message, field?, issues? } }`
 * with the HTTP status that fits (`issues`: every field's issue of a form, schema's `AuthIssue`).
 * Quote/order number blocks (sequences.ts) are the one route a service token may use too
 * (`Authorization: Bearer crm_…`).
 *
 * CSRF: the session cookie is SameSite=Lax and HttpOnly; on top, every request that changes
 * something must be JSON and, when a browser sends an Origin, come from an allowed origin.
 */

export interface ContactPrivacy {
  /** Everything the workspace stores about one contact (its record, notes, linked activity). */
  exportContact(workspaceId: string, contactId: string): Promise<unknown> | unknown;
  /** Removes the contact's content from every document, snapshot and update log. */
  eraseContact(workspaceId: string, contactId: string): Promise<{ documents: number }> | { documents: number };
}

// Invites bound to an address use the forms' email rule (the join form checks the same address).
const email = z
  .string({ error: "required" })
  .trim()
  .max(MAX_EMAIL_LENGTH, "too long")
  .refine((v) => v === "" || isEmailAddress(v), "not an email address");
const name = z.string({ error: "required" }).trim().min(1, "required").max(100, "too long");
const role = z.enum(roles, { error: `one of ${roles.join(", ")}` });

const schemas = {
  invite: z.object({ role, email: email.default("") }),
  setRole: z.object({ role }),
  token: z.object({
    name,
    role,
    expiresInHours: z
      .number({ error: "a number of hours" })
      .positive("must be positive")
      .max(24 * 3650)
      .optional(),
  }),
};

export function createAuthApi(
  store: AuthStore,
  config: AuthConfig,
  options: { privacy?: ContactPrivacy; now?: () => number; blocksPerMinute?: number } = {},
): Hono<Env> {
  const now = options.now ?? Date.now;
  const sequences = new NumberSequences(store.db);
  // A device asks when its reserve of ~20 runs low; a script takes up to MAX_BLOCK at a time. A
  // principal asking more often than this per workspace is broken or hostile: it would only burn
  // numbers (every block leaves a gap).
  const blockLimiter = new FailureLimiter({ limit: options.blocksPerMinute ?? 60, windowMs: 60_000 });
  const api = new Hono<Env>();

  const ip = (c: Context<Env>) =>
    clientAddress(c.env?.incoming?.socket.remoteAddress, c.req.header("x-forwarded-for"), config.trustedProxies);
  const secure = (c: Context<Env>) =>
    config.secureCookies === "auto"
      ? c.env?.incoming
        ? requestProtocol(c.env.incoming, config.trustedProxies) === "https"
        : new URL(c.req.url).protocol === "https:"
      : config.secureCookies;

  const startSession = (c: Context<Env>, userId: string) => {
    // Rotation: whatever session this browser had is ended; the new one has a new secret.
    const previous = getCookie(c, SESSION_COOKIE);
    if (previous) store.revokeSession(previous);
    const { secret, session } = store.createSession(userId, config.sessionTtlMs, now());
    setCookie(c, SESSION_COOKIE, secret, {
      httpOnly: true,
      sameSite: "Lax",
      secure: secure(c),
      path: "/",
      expires: new Date(session.expiresAt),
    });
  };

  const principalOf = (c: Context<Env>): Principal | undefined => {
    const secret = getCookie(c, SESSION_COOKIE);
    return secret ? resolvePrincipal(store, { sessionSecret: secret }, now()) : undefined;
  };

  /** A session, or for the routes scripts use, a service token sent as `Authorization: Bearer`. */
  const principalOrToken = (c: Context<Env>): Principal | undefined => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
    return bearer ? resolvePrincipal(store, { token: bearer }, now()) : principalOf(c);
  };

  const sessionBody = (userId: string) => {
    const user = store.user(userId)!;
    return {
      user: { id: user.id, email: user.email, name: user.name },
      workspaces: store.memberships(userId).map((m) => ({ id: m.workspaceId, name: m.workspaceName, role: m.role })),
    };
  };

  // Errors: AuthError → its status; invalid JSON or fields → 400 naming the field (and every
  // field's issue in `issues`, for the forms).
  api.onError((err, c) => {
    if (err instanceof AuthError)
      return c.json(
        {
          error: {
            code: err.code,
            message: err.message,
            ...(err.field ? { field: err.field } : {}),
            ...(err.issues ? { issues: err.issues } : {}),
          },
        },
        err.status,
      );
    if (err instanceof SequenceExhausted) return c.json({ error: { code: "exhausted", message: err.message } }, 409);
    if (err instanceof z.ZodError) {
      const issue = err.issues[0]!;
      const field = issue.path.join(".") || undefined;
      return c.json(
        { error: { code: "invalid", message: `${field ?? "body"}: ${issue.message}`, ...(field ? { field } : {}) } },
        400,
      );
    }
    console.error(err);
    return c.json({ error: { code: "internal", message: "internal server error" } }, 500);
  });

  // CSRF guard and no caching for everything under /api.
  api.use("*", async (c, next) => {
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

  const json = async (c: Context<Env>): Promise<unknown> => {
    try {
      return await c.req.json();
    } catch {
      throw new AuthError(400, "bad-json", "the request body is not valid JSON");
    }
  };
  const body = async <T extends z.ZodType>(c: Context<Env>, schema: T): Promise<z.infer<T>> =>
    schema.parse(await json(c));

  const kit: ApiKit = { store, config, now, ip, secure, startSession, principalOf, sessionBody, json };
  signInRoutes(api, kit);
  inviteRoutes(api, kit);

  const requireUser = (c: Context<Env>) => {
    const p = principalOf(c);
    if (p?.kind !== "user") throw new AuthError(401, "signed-out", "sign in first");
    return p;
  };

  /** The signed-in person and their role in `:ws`, which must let them administer it. */
  const requireAdmin = (c: Context<Env>) => {
    const p = requireUser(c);
    const ws = c.req.param("ws") ?? "";
    const role = store.roleOf(p.userId, ws);
    // Not a member and no such workspace look the same from outside: 404 leaks nothing.
    if (!role) throw new AuthError(404, "no-workspace", "no such workspace");
    if (!canAdminister(role)) throw new AuthError(403, "forbidden", "only owners and admins can do this");
    return { p, ws, role };
  };

  // --- the workspace's people: every member sees who else is in it -------------------------------

  /**
   * Names for the user ids that records carry (owner, assignee, createdBy, history). Any member may
   * read it — a viewer reads the same records — but only names, emails and roles: nothing about
   * sessions, invites or tokens.
   */
  api.get("/workspaces/:ws/people", (c) => {
    const p = requireUser(c);
    const ws = c.req.param("ws");
    if (!store.roleOf(p.userId, ws)) throw new AuthError(404, "no-workspace", "no such workspace");
    return c.json({
      people: store.members(ws).map((m) => ({ id: m.userId, name: m.name, email: m.email, role: m.role })),
    });
  });

  // --- workspace administration ----------------------------------------------------------------

  api.get("/workspaces/:ws/members", (c) => {
    const { ws } = requireAdmin(c);
    return c.json({ members: store.members(ws) });
  });

  api.patch("/workspaces/:ws/members/:userId", async (c) => {
    const { p, ws, role } = requireAdmin(c);
    const input = await body(c, schemas.setRole);
    const target = c.req.param("userId");
    const before = store.roleOf(target, ws);
    if (!before) throw new AuthError(404, "no-member", "this person is not a member of the workspace");
    if (!canAssignRole(role, input.role) || !canAssignRole(role, before))
      throw new AuthError(403, "forbidden", "only an owner can make or unmake owners", "role");
    store.setRole(ws, target, input.role);
    store.audit({
      workspaceId: ws,
      actor: p.userId,
      action: "role-changed",
      target,
      ip: ip(c),
      detail: { from: before, to: input.role },
    });
    return c.json({ ok: true });
  });

  api.delete("/workspaces/:ws/members/:userId", (c) => {
    const { p, ws, role } = requireAdmin(c);
    const target = c.req.param("userId");
    const before = store.roleOf(target, ws);
    if (!before) throw new AuthError(404, "no-member", "this person is not a member of the workspace");
    if (!canAssignRole(role, before)) throw new AuthError(403, "forbidden", "only an owner can remove an owner");
    store.removeMember(ws, target);
    store.audit({
      workspaceId: ws,
      actor: p.userId,
      action: "member-removed",
      target,
      ip: ip(c),
      detail: { role: before },
    });
    return c.json({ ok: true });
  });

  api.get("/workspaces/:ws/invites", (c) => {
    const { ws } = requireAdmin(c);
    return c.json({ invites: store.invites(ws) });
  });

  api.post("/workspaces/:ws/invites", async (c) => {
    const { p, ws, role } = requireAdmin(c);
    const input = await body(c, schemas.invite);
    if (!canAssignRole(role, input.role))
      throw new AuthError(403, "forbidden", "only an owner can invite an owner", "role");
    const { secret, invite } = store.createInvite(
      { workspaceId: ws, role: input.role, email: input.email, createdBy: p.userId, ttlMs: config.inviteTtlMs },
      now(),
    );
    store.audit({
      workspaceId: ws,
      actor: p.userId,
      action: "invite-created",
      target: invite.id,
      ip: ip(c),
      detail: { role: input.role },
    });
    return c.json({ invite, path: `/invite/${secret}` }, 201);
  });

  api.delete("/workspaces/:ws/invites/:id", (c) => {
    const { p, ws } = requireAdmin(c);
    store.revokeInvite(ws, c.req.param("id"), now());
    store.audit({ workspaceId: ws, actor: p.userId, action: "invite-revoked", target: c.req.param("id"), ip: ip(c) });
    return c.json({ ok: true });
  });

  api.get("/workspaces/:ws/tokens", (c) => {
    const { ws } = requireAdmin(c);
    return c.json({ tokens: store.tokens(ws) });
  });

  api.post("/workspaces/:ws/tokens", async (c) => {
    const { p, ws, role } = requireAdmin(c);
    const input = await body(c, schemas.token);
    if (!canAssignRole(role, input.role))
      throw new AuthError(403, "forbidden", "only an owner can mint an owner token", "role");
    const { token, info } = store.mintToken(
      {
        workspaceId: ws,
        role: input.role,
        name: input.name,
        createdBy: p.userId,
        ...(input.expiresInHours ? { ttlMs: input.expiresInHours * 3600_000 } : {}),
      },
      now(),
    );
    store.audit({
      workspaceId: ws,
      actor: p.userId,
      action: "token-minted",
      target: info.id,
      ip: ip(c),
      detail: { role: info.role, name: info.name },
    });
    return c.json({ token, info }, 201);
  });

  api.delete("/workspaces/:ws/tokens/:id", (c) => {
    const { p, ws } = requireAdmin(c);
    store.revokeToken(ws, c.req.param("id"), now());
    store.audit({ workspaceId: ws, actor: p.userId, action: "token-revoked", target: c.req.param("id"), ip: ip(c) });
    return c.json({ ok: true });
  });

  api.get("/workspaces/:ws/audit", (c) => {
    const { ws } = requireAdmin(c);
    const before = Number(c.req.query("before")) || undefined;
    const entries = store.auditLog(ws, { ...(before ? { before } : {}), limit: 100 });
    const names = new Map<string, string>();
    for (const e of entries) if (e.actor && !names.has(e.actor)) names.set(e.actor, store.user(e.actor)?.name ?? "");
    return c.json({ entries: entries.map((e) => ({ ...e, actorName: names.get(e.actor) ?? "" })) });
  });

  // --- quote and order numbers (sequences.ts) ------------------------------------------------

  api.post("/workspaces/:ws/sequences/:kind", async (c) => {
    const p = principalOrToken(c);
    if (!p) throw new AuthError(401, "signed-out", "sign in first (or send a service token)");
    const ws = c.req.param("ws");
    const kind = c.req.param("kind");
    const role = roleIn(store, p, ws);
    if (!role) throw new AuthError(404, "no-workspace", "no such workspace");
    if (!isSequenceKind(kind))
      throw new AuthError(404, "no-sequence", `no numbers of kind "${kind}": one of ${sequenceKinds.join(", ")}`);
    if (!canReserve(role, kind))
      throw new AuthError(
        403,
        "forbidden",
        `your role (${role}) may not create ${kind}s, so it gets no ${kind} numbers`,
      );
    const key = `${principalId(p)} ${ws}`;
    const wait = blockLimiter.retryAfter(key, now());
    if (wait > 0) {
      c.header("Retry-After", String(Math.ceil(wait / 1000)));
      throw new AuthError(
        429,
        "too-many-requests",
        `too many number blocks asked for; try again in ${Math.ceil(wait / 1000)} s`,
      );
    }
    const input = await body(c, blockRequest);
    blockLimiter.fail(key, now()); // counts every block handed out, not only failures
    return c.json(sequences.allocate(ws, kind, input));
  });

  // --- GDPR ------------------------------------------------------------------------------------

  const privacy = options.privacy;
  if (privacy) {
    api.get("/workspaces/:ws/contacts/:id/export", async (c) => {
      const { p, ws } = requireAdmin(c);
      const id = c.req.param("id");
      const data = await privacy.exportContact(ws, id);
      store.audit({ workspaceId: ws, actor: p.userId, action: "export", target: `contact:${id}`, ip: ip(c) });
      return c.json(data as object, 200, { "Content-Disposition": `attachment; filename="contact-${id}.json"` });
    });

    api.post("/workspaces/:ws/contacts/:id/erase", async (c) => {
      const { p, ws } = requireAdmin(c);
      const id = c.req.param("id");
      const result = await privacy.eraseContact(ws, id);
      // The log names the contact by id only: its erased content must not live on here either.
      store.audit({
        workspaceId: ws,
        actor: p.userId,
        action: "erasure",
        target: `contact:${id}`,
        ip: ip(c),
        detail: result,
      });
      return c.json(result);
    });
  }

  api.all("*", (c) =>
    c.json({ error: { code: "not-found", message: `no API route ${c.req.method} ${c.req.path}` } }, 404),
  );

  return api;
}
