import { checkSetup, checkSignIn, checkWorkspaceName } from "@crm/schema";
import { Hono } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { SESSION_COOKIE } from "../auth/gate.js";
import { dummyHash, hashPassword, passwordOptions, verifyPassword } from "../auth/passwords.js";
import { SignInThrottle } from "../auth/ratelimit.js";
import { AuthError } from "../auth/store.js";
import { signedIn } from "./access.js";
import type { ApiKit, Env } from "./kit.js";
import { isKnownDevice, rememberDevice } from "./knownDevice.js";
import { body, emptyBody, formRule, formText } from "./validate.js";

/*
 * First-run setup, sign-in, sign-out, the session, and starting a workspace:
 *   GET  /setup        → { needed }
 *   POST /setup        { name, email, password, workspaceName } → 201 session
 *   POST /sign-in      { email, password } → session (429 + Retry-After when throttled)
 *   POST /sign-out     {} → { ok }
 *   GET  /session      → { user, workspaces }
 *   POST /workspaces   { name } → 201 { id, name, role }
 * Form input is checked with schema's `authForms.ts` rules — the same the web forms apply — and
 * every issue is answered at once (`error.issues`), each naming its field.
 */

const setupBody = z
  .object({ name: formText, email: formText, password: formText, workspaceName: formText })
  .transform(formRule((input) => checkSetup(input, passwordOptions)));
const signInBody = z.object({ email: formText, password: formText }).transform(formRule(checkSignIn));
const workspaceBody = z.object({ name: formText }).transform(formRule(checkWorkspaceName));

export function sessionRoutes(kit: ApiKit) {
  const { store, config, now, ip } = kit;
  const throttle = new SignInThrottle({
    perClient: config.loginLimitPerAccount,
    perAddress: config.loginLimitPerAddress,
    windowMs: config.loginWindowMs,
  });
  const setupOpen = createMiddleware<Env>(async (_c, next) => {
    if (store.userCount() > 0) throw new AuthError(409, "setup-done", "this server is set up; sign in instead");
    await next();
  });

  return (
    new Hono<Env>()
      // --- setup: only while nobody exists ----------------------------------------------------
      .get("/setup", (c) => c.json({ needed: store.userCount() === 0 }))

      .post("/setup", setupOpen, body(setupBody), async (c) => {
        const input = c.req.valid("json");
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
      })

      // --- sessions ------------------------------------------------------------------------------
      .post("/sign-in", body(signInBody), async (c) => {
        const input = c.req.valid("json");
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
        // Counted before argon2 runs (and taken back on success): parallel guesses cannot all pass.
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
      })

      .post("/sign-out", body(emptyBody), (c) => {
        const secret = getCookie(c, SESSION_COOKIE);
        const p = kit.principalOf(c);
        if (secret) store.revokeSession(secret);
        deleteCookie(c, SESSION_COOKIE, { path: "/" });
        if (p?.kind === "user")
          store.audit({ workspaceId: null, actor: p.userId, action: "sign-out", target: "", ip: ip(c) });
        return c.json({ ok: true });
      })

      .get("/session", signedIn(kit), (c) => c.json(kit.sessionBody(c.var.user.userId)))

      .post("/workspaces", signedIn(kit), body(workspaceBody), (c) => {
        const { userId } = c.var.user;
        const ws = store.createWorkspace(c.req.valid("json").name, userId, now());
        store.audit({ workspaceId: ws.id, actor: userId, action: "workspace-created", target: ws.name, ip: ip(c) });
        return c.json({ id: ws.id, name: ws.name, role: "owner" as const }, 201);
      })
  );
}
