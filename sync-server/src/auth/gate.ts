import type { IncomingMessage } from "node:http";
import { docRights, type Role } from "@crm/schema";
import type { AuthStore } from "./store.js";

/*
 * Who is asking, from an HTTP request or a WebSocket upgrade: a person (session cookie) or a script
 * (service token, `?token=` on the WebSocket or `Authorization: Bearer` for scripts), and what that
 * principal may do with one document. Everything here is decided from the request alone, before
 * any document byte is sent.
 */

export const SESSION_COOKIE = "crm_session";

export interface AuthConfig {
  /** Session lifetime. */
  sessionTtlMs: number;
  /** How long an invite link can be accepted. */
  inviteTtlMs: number;
  /** Reverse proxies in front of the server whose X-Forwarded-For / -Proto are believed; 0 = none. */
  trustedProxies: number;
  /** Extra origins (scheme://host:port) allowed besides the server's own. */
  allowedOrigins: string[];
  /** Cookies with `Secure`: "auto" = when the request came over HTTPS. */
  secureCookies: "auto" | boolean;
  /**
   * Failed sign-ins allowed within `loginWindowMs`: per account from one client address, and per
   * client address over all accounts (the account-wide backoff: ratelimit.ts `SignInThrottle`).
   */
  loginLimitPerAccount: number;
  loginLimitPerAddress: number;
  loginWindowMs: number;
}

export const defaultAuthConfig: AuthConfig = {
  sessionTtlMs: 30 * 24 * 3600_000,
  inviteTtlMs: 7 * 24 * 3600_000,
  trustedProxies: 0,
  allowedOrigins: [],
  secureCookies: "auto",
  loginLimitPerAccount: 5,
  loginLimitPerAddress: 30,
  loginWindowMs: 15 * 60_000,
};

export type Principal =
  | {
      kind: "user";
      userId: string;
      name: string;
      sessionHash: string;
      expiresAt: number;
    }
  | {
      kind: "token";
      tokenId: string;
      name: string;
      workspaceId: string;
      role: Role;
      expiresAt: number | null;
    };

export function principalId(p: Principal): string {
  return p.kind === "user" ? p.userId : `token:${p.tokenId}`;
}

/** The principal's role in a workspace, read live from the store (a removal takes effect at once). */
export function roleIn(store: AuthStore, p: Principal, workspaceId: string): Role | undefined {
  if (p.kind === "token") return p.workspaceId === workspaceId ? p.role : undefined;
  return store.roleOf(p.userId, workspaceId);
}

/**
 * What `p` may do with `docName`: "none" for another workspace's, a forbidden type's, or a bad name.
 * Besides the role, who it is: a person's inbox documents are that person's (and the automation
 * peer's) only — a member of the workspace, whatever their role, and never a person's token.
 */
export function rightsFor(store: AuthStore, p: Principal, docName: string): "none" | "read" | "write" {
  const workspace = docName.split("/", 1)[0] ?? "";
  const role = roleIn(store, p, workspace);
  return role ? docRights(role, docName, p.kind === "user" ? p.userId : undefined) : "none";
}

export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!out.has(key)) {
      try {
        out.set(key, decodeURIComponent(value));
      } catch {
        out.set(key, value);
      }
    }
  }
  return out;
}

/** The principal of a session secret or service token, if it is live. */
export function resolvePrincipal(
  store: AuthStore,
  credentials: { sessionSecret?: string; token?: string },
  now = Date.now(),
): Principal | undefined {
  if (credentials.token) {
    const t = store.tokenFor(credentials.token, now);
    if (t)
      return {
        kind: "token",
        tokenId: t.id,
        name: t.name,
        workspaceId: t.workspaceId,
        role: t.role,
        expiresAt: t.expiresAt,
      };
    return undefined;
  }
  if (credentials.sessionSecret) {
    const s = store.session(credentials.sessionSecret, now);
    const user = s && store.user(s.userId);
    if (s && user)
      return { kind: "user", userId: user.id, name: user.name, sessionHash: s.hash, expiresAt: s.expiresAt };
  }
  return undefined;
}

/** Credentials of a WebSocket upgrade: `?token=` (scripts, stock providers) or the session cookie. */
export function upgradeCredentials(req: IncomingMessage): { sessionSecret?: string; token?: string } {
  let token: string | undefined;
  try {
    token = new URL(req.url ?? "/", "http://localhost").searchParams.get("token") ?? undefined;
  } catch {
    token = undefined;
  }
  const sessionSecret = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
  return { ...(token ? { token } : {}), ...(sessionSecret ? { sessionSecret } : {}) };
}

/** The scheme the client used: https when the socket is TLS or a trusted proxy says so. */
export function requestProtocol(req: IncomingMessage, trustedProxies: number): "http" | "https" {
  if ((req.socket as { encrypted?: boolean }).encrypted) return "https";
  const forwarded = req.headers["x-forwarded-proto"];
  if (trustedProxies > 0 && typeof forwarded === "string") {
    return forwarded.split(",")[0]?.trim() === "https" ? "https" : "http";
  }
  return "http";
}

/**
 * Whether a browser's `Origin` may use this server: its own host (the Host header), or one listed in ALLOWED_ORIGINS. No Origin header (scripts, stock Node providers) is
 * fine: those authenticate with a token, and a browser always sends Origin on WebSockets and POSTs.
 */
export function originAllowed(origin: string | undefined, host: string | undefined, allowed: string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  // Compared by host (and port), not scheme: behind a TLS-terminating proxy the server sees http
  // while the browser says https; a page of another host is what this check keeps out.
  try {
    const url = new URL(origin);
    return (
      (url.protocol === "http:" || url.protocol === "https:") && host !== undefined && url.host === host.toLowerCase()
    );
  } catch {
    return false; // "null" (sandboxed frames, file://) and anything unparsable
  }
}
