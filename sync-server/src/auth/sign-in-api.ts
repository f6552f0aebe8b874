import { createHmac, timingSafeEqual } from "node:crypto";
import { checkSetup, checkSignIn, checkWorkspaceName } from "@crm/schema";
import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import { type Api, type ApiKit, checked, type Env } from "./api-kit.js";
import { SESSION_COOKIE } from "./gate.js";
import { dummyHash, hashPassword, passwordOptions, verifyPassword } from "./passwords.js";
import { SignInThrottle } from "./ratelimit.js";
import { AuthError } from "./store.js";

/*
 * First-run setup, sign-in, sign-out, the session, and starting a workspace. Form input is checked
 * with schema's `authForms.ts` rules — the same the web forms apply — and every issue is answered at
 * once (`error.issues`), each naming its field.
 */

/** Remembers (HttpOnly, signed) which accounts signed in from this browser: see SignInThrottle. */
export const KNOWN_COOKIE = "crm_known";
const KNOWN_MAX_ACCOUNTS = 5;
const KNOWN_TTL_MS = 400 * 24 * 3600_000;

function knownTag(kit: ApiKit, email: string): string {
  return createHmac("sha256", kit.store.secretKey("known-device"))
    .update(email.trim().toLowerCase())
    .digest("base64url")
    .slice(0, 22);
}

function knownTags(c: Context<Env>): string[] {
  return (getCookie(c, KNOWN_COOKIE) ?? "").split(".").filter((t) => t.length === 22);
}

/** Whether this browser has signed in to the account of `email` before. */
export function isKnownDevice(kit: ApiKit, c: Context<Env>, email: string): boolean {
  const tag = Buffer.from(knownTag(kit, email));
  return knownTags(c).some((t) => {
    const b = Buffer.from(t);
    return b.length === tag.length && timingSafeEqual(b, tag);
  });
}

/** Adds `email`'s account to this browser's known ones (the newest few are kept). */
export function rememberDevice(kit: ApiKit, c: Context<Env>, email: string): void {
  const tag = knownTag(kit, email);
  const tags = [tag, ...knownTags(c).filter((t) => t !== tag)].slice(0, KNOWN_MAX_ACCOUNTS);
  setCookie(c, KNOWN_COOKIE, tags.join("."), {
    httpOnly: true,
    sameSite: "Lax",
    secure: kit.secure(c),
    path: "/api",
    expires: new Date(kit.now() + KNOWN_TTL_MS),
  });
}

export function signInRoutes(api: Api, kit: ApiKit): void {
  const { store, config, now, ip } = kit;
  const throttle = new SignInThrottle({
    perClient: config.loginLimitPerAccount,
    perAddress: config.loginLimitPerAddress,
    windowMs: config.loginWindowMs,
  });

  // --- setup: only while nobody exists -------------------------------------------------------

  api.get("/setup", (c) => c.json({ needed: store.userCount() === 0 }));

  api.post("/setup", async (c) => {
    if (store.userCount() > 0) throw new AuthError(409, "setup-done", "this server is set up; sign in instead");
    const input = checked(checkSetup(await kit.json(c), passwordOptions));
    const passwordHash = await hashPassword(input.password);
    // Two racing first visitors: the check and the insert are one transaction.
    const user = store.db
      .transaction(() => {
        if (store.userCount() > 0) throw new AuthError(409, "setup-done", "this server is set up; sign in instead");
        const u = store.createUser({ email: input.email, name: input.name, passwordHash }, now());
        store.createWorkspace(input.workspaceName, u.id, now());
        return u;
        // IMMEDIATE: a read-then-write transaction would fail at once (not wait) when another
        // connection (the documents' writer thread) committed after its read began.
      })
      .immediate();
    store.audit({ workspaceId: null, actor: user.id, action: "setup", target: user.email, ip: ip(c) });
    kit.startSession(c, user.id);
    rememberDevice(kit, c, user.email);
    return c.json(kit.sessionBody(user.id), 201);
  });

  // --- sessions --------------------------------------------------------------------------------

  api.post("/sign-in", async (c) => {
    const input = checked(checkSignIn(await kit.json(c)));
    const account = input.email.toLowerCase();
    const address = ip(c);
    const at = now();
    const known = isKnownDevice(kit, c, account);
    const wait = throttle.retryAfter(account, address, known, at);
    if (wait > 0) {
      const seconds = Math.ceil(wait / 1000);
      c.header("Retry-After", String(seconds));
      throw new AuthError(
        429,
        "too-many-attempts",
        `too many failed sign-ins; try again in ${seconds < 60 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`}`,
      );
    }
    throttle.attempt(account, address, known, at);
    const user = store.userByEmail(input.email);
    const ok = await verifyPassword(user?.passwordHash ?? (await dummyHash()), input.password);
    if (!user || !ok) {
      store.audit({
        workspaceId: null,
        actor: user?.id ?? "",
        action: "sign-in-failed",
        target: input.email,
        ip: address,
      });
      throw new AuthError(401, "bad-credentials", "email or password is wrong", "password");
    }
    throttle.succeeded(account, address, known, at);
    kit.startSession(c, user.id);
    rememberDevice(kit, c, user.email);
    store.audit({ workspaceId: null, actor: user.id, action: "sign-in", target: user.email, ip: address });
    return c.json(kit.sessionBody(user.id));
  });

  api.post("/sign-out", (c) => {
    const secret = getCookie(c, SESSION_COOKIE);
    const p = kit.principalOf(c);
    if (secret) store.revokeSession(secret);
    deleteCookie(c, SESSION_COOKIE, { path: "/" });
    if (p?.kind === "user")
      store.audit({ workspaceId: null, actor: p.userId, action: "sign-out", target: "", ip: ip(c) });
    return c.json({ ok: true });
  });

  api.get("/session", (c) => {
    const p = kit.principalOf(c);
    if (p?.kind !== "user") throw new AuthError(401, "signed-out", "sign in first");
    return c.json(kit.sessionBody(p.userId));
  });

  api.post("/workspaces", async (c) => {
    const p = kit.principalOf(c);
    if (p?.kind !== "user") throw new AuthError(401, "signed-out", "sign in first");
    const input = checked(checkWorkspaceName(await kit.json(c)));
    const ws = store.createWorkspace(input.name, p.userId, now());
    store.audit({ workspaceId: ws.id, actor: p.userId, action: "workspace-created", target: ws.name, ip: ip(c) });
    return c.json({ id: ws.id, name: ws.name, role: "owner" }, 201);
  });
}
