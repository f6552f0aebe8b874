import { checkNewPassword, checkResetRequest } from "@crm/schema";
import { Hono } from "hono";
import { z } from "zod";
import { hashPassword, passwordOptions } from "../auth/passwords.js";
import { FailureLimiter } from "../auth/ratelimit.js";
import { PasswordResets } from "../auth/resets.js";
import { AuthError } from "../auth/store.js";
import type { ApiKit, Env } from "./kit.js";
import { appOrigin, resetMail, type ServerMail } from "./mails.js";
import { body, formRule, formText, params } from "./validate.js";

/*
 * "Forgot password?":
 *   POST /password-reset            { email } → 202 { ok } — the same answer whether or not the
 *                                   account exists; a mail with a link only when it does
 *   GET  /password-reset/:secret    → { expiresAt } | 404 reset-unknown | 410 reset-used/-expired
 *   POST /password-reset/:secret    { password } → { ok } — the sign-up rules; ends every session
 *                                   of the person (their sockets close); the link is used up
 * Requests are limited per address (3 an hour, whether or not it has an account: the limit says
 * nothing about existence) and per client address (20 an hour) — a mailbox cannot be flooded and
 * the form cannot be used to mail the world.
 */

const requestBody = z.object({ email: formText }).transform(formRule(checkResetRequest));
const secretParam = z.object({ secret: z.string().min(1) });
const newPasswordBody = z.object({ password: formText });

export interface ResetLimits {
  perAddress?: number;
  perIp?: number;
  windowMs?: number;
}

export function passwordResetRoutes(kit: ApiKit, mail: ServerMail | undefined, limits: ResetLimits = {}) {
  const { store, now, ip } = kit;
  const resets = new PasswordResets(store.db);
  const windowMs = limits.windowMs ?? 3600_000;
  const byAddress = new FailureLimiter({ limit: limits.perAddress ?? 3, windowMs });
  const byIp = new FailureLimiter({ limit: limits.perIp ?? 20, windowMs });

  return new Hono<Env>()
    .post("/password-reset", body(requestBody), (c) => {
      const { email } = c.req.valid("json");
      const at = now();
      const address = `reset:${email.toLowerCase()}`;
      const client = `reset-ip:${ip(c)}`;
      const wait = Math.max(byAddress.retryAfter(address, at), byIp.retryAfter(client, at));
      if (wait > 0) {
        c.header("Retry-After", String(Math.ceil(wait / 1000)));
        throw new AuthError(429, "too-many-requests", "too many reset requests: try again later");
      }
      byAddress.fail(address, at);
      byIp.fail(client, at);
      const user = store.userByEmail(email);
      if (user && mail) {
        const { secret, reset } = resets.create(user.id, at);
        const link = `${appOrigin(kit, c, mail.publicUrl)}/reset-password/${secret}`;
        mail.mailer.enqueue(
          {
            key: `password-reset:${reset.id}`,
            to: user.email,
            ...resetMail({ email: user.email, link }),
            autoSubmitted: "auto-generated",
            workspace: null,
            category: "password-reset",
            sensitive: true,
          },
          at,
        );
      }
      return c.json({ ok: true as const }, 202);
    })

    .get("/password-reset/:secret", params(secretParam), (c) => {
      const reset = resets.open(c.req.valid("param").secret, now());
      return c.json({ expiresAt: reset.expiresAt });
    })

    .post("/password-reset/:secret", params(secretParam), body(newPasswordBody), async (c) => {
      const { secret } = c.req.valid("param");
      const reset = resets.open(secret, now());
      const user = store.user(reset.userId);
      if (!user) throw new AuthError(404, "reset-unknown", "this reset link is not valid: ask for a new one");
      const checked = checkNewPassword(c.req.valid("json"), [user.email, user.name], passwordOptions);
      if (!checked.ok) throw AuthError.invalid(checked.issues);
      const passwordHash = await hashPassword(checked.value.password);
      // Used up first: of two requests racing with the same link, one sets the password.
      resets.use(secret, now());
      store.setPasswordHash(user.id, passwordHash);
      store.revokeUserSessions(user.id);
      return c.json({ ok: true as const, email: user.email });
    });
}
