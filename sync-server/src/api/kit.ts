import type { IncomingMessage } from "node:http";
import type { Role } from "@crm/schema";
import type { Context } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { type AuthConfig, type Principal, requestProtocol, resolvePrincipal, SESSION_COOKIE } from "../auth/gate.js";
import { clientAddress } from "../auth/ratelimit.js";
import type { AuthStore } from "../auth/store.js";

/** What the route modules of `/api` share: the store, the settings, and who is asking. */

export type Env = { Bindings: { incoming?: IncomingMessage } };

export type UserPrincipal = Extract<Principal, { kind: "user" }>;

/** Any route's context: the kit reads only the request, whatever variables a route's middleware set. */
// biome-ignore lint/suspicious/noExplicitAny: Context is invariant in its variables (`c.set`)
export type AnyContext = Context<any>;

const incoming = (c: AnyContext): IncomingMessage | undefined => (c.env as Env["Bindings"] | undefined)?.incoming;

export interface ApiKit {
  store: AuthStore;
  config: AuthConfig;
  now(): number;
  /** The client's address (X-Forwarded-For only behind trusted proxies). */
  ip(c: AnyContext): string;
  /** Whether the request came over HTTPS (cookies get `Secure`). */
  secure(c: AnyContext): boolean;
  /** A new session cookie for `userId`, ending whatever session this browser had. */
  startSession(c: AnyContext, userId: string): void;
  /** The signed-in person, from the session cookie. */
  principalOf(c: AnyContext): Principal | undefined;
  /** A service token sent as `Authorization: Bearer`, else the session: for the routes scripts use. */
  principalOrToken(c: AnyContext): Principal | undefined;
  /** The person and their workspaces, as `/api/session` answers. */
  sessionBody(userId: string): SessionBody;
}

export interface SessionBody {
  user: { id: string; email: string; name: string };
  workspaces: { id: string; name: string; role: Role }[];
}

export function createKit(store: AuthStore, config: AuthConfig, now: () => number): ApiKit {
  const secure = (c: AnyContext) =>
    config.secureCookies === "auto"
      ? incoming(c)
        ? requestProtocol(incoming(c)!, config.trustedProxies) === "https"
        : new URL(c.req.url).protocol === "https:"
      : config.secureCookies;

  const principalOf = (c: AnyContext): Principal | undefined => {
    const secret = getCookie(c, SESSION_COOKIE);
    return secret ? resolvePrincipal(store, { sessionSecret: secret }, now()) : undefined;
  };

  return {
    store,
    config,
    now,
    secure,
    principalOf,
    ip: (c) => clientAddress(incoming(c)?.socket.remoteAddress, c.req.header("x-forwarded-for"), config.trustedProxies),

    startSession(c, userId) {
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
    },

    principalOrToken(c) {
      const bearer = /^Bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "")?.[1];
      return bearer ? resolvePrincipal(store, { token: bearer }, now()) : principalOf(c);
    },

    sessionBody(userId) {
      const user = store.user(userId)!;
      return {
        user: { id: user.id, email: user.email, name: user.name },
        workspaces: store.memberships(userId).map((m) => ({ id: m.workspaceId, name: m.workspaceName, role: m.role })),
      };
    },
  };
}
