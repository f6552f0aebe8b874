import { canAssignRole, checkJoin, isEmailAddress, MAX_EMAIL_LENGTH } from "@crm/schema";
import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { z } from "zod";
import { hashPassword, passwordOptions } from "../auth/passwords.js";
import type { Invite } from "../auth/records.js";
import { AuthError } from "../auth/store.js";
import { admin } from "./access.js";
import type { ApiKit, Env } from "./kit.js";
import { rememberDevice } from "./knownDevice.js";
import { appOrigin, inviteMail, type ServerMail } from "./mails.js";
import { body, checked, formText, params, pathId, role, workspaceParam } from "./validate.js";

/*
 * Invite links. The workspace's side, for owners and admins:
 *   GET    /workspaces/:ws/invites       → { invites }
 *   POST   /workspaces/:ws/invites       { role, email? } → 201 { invite, path: "/invite/<secret>", emailed }
 *     (with an address, the link is also mailed to it through the mail subsystem: `emailed`)
 *   DELETE /workspaces/:ws/invites/:id   → { ok }
 * and the link's, for whoever holds it (the secret is the credential):
 *   GET  /invites/:secret          → what it offers
 *   POST /invites/:secret/accept   {} signed in, or { name, email?, password } → session
 * An invite bound to an address is for that address only (a new account with it, or the signed-in
 * person who has it). Accepting is one transaction in the store (`acceptInvite`), so a link is used
 * once however many tabs race.
 */

// An invite bound to an address uses the forms' email rule (the join form checks the same address).
const email = z
  .string({ error: "required" })
  .trim()
  .max(MAX_EMAIL_LENGTH, "too long")
  .refine((v) => v === "" || isEmailAddress(v), "not an email address");

const inviteBody = z.object({ role, email: email.default("") });
const inviteParams = workspaceParam.extend({ id: pathId("invite-unknown", "no open invite with this id") });
const secretParam = z.object({ secret: z.string().min(1) });
/** A new person's account (checked against the invite's address in the handler), or `{}` when signed in. */
const joinBody = z.object({ name: formText.optional(), email: formText.optional(), password: formText.optional() });

export function inviteRoutes(kit: ApiKit, mail?: ServerMail) {
  const { store, config, now, ip } = kit;
  // Refuses a used, withdrawn, expired or unknown link before any work (accepting checks again).
  const openLink = createMiddleware<Env & { Variables: { invite: Invite } }>(async (c, next) => {
    c.set("invite", store.openInvite(c.req.param("secret") ?? "", now()));
    await next();
  });

  return (
    new Hono<Env>()
      .get("/workspaces/:ws/invites", params(workspaceParam), admin(kit), (c) =>
        c.json({ invites: store.invites(c.var.ws) }),
      )

      .post("/workspaces/:ws/invites", params(workspaceParam), admin(kit), body(inviteBody), (c) => {
        const { user, ws } = c.var;
        const input = c.req.valid("json");
        if (!canAssignRole(c.var.role, input.role))
          throw new AuthError(403, "forbidden", "only an owner can invite an owner", "role");
        const { secret, invite } = store.createInvite(
          { workspaceId: ws, role: input.role, email: input.email, createdBy: user.userId, ttlMs: config.inviteTtlMs },
          now(),
        );
        store.audit({
          workspaceId: ws,
          actor: user.userId,
          action: "invite-created",
          target: invite.id,
          ip: ip(c),
          detail: { role: input.role },
        });
        let emailed = false;
        if (input.email && mail) {
          const link = `${appOrigin(kit, c, mail.publicUrl)}/invite/${secret}`;
          mail.mailer.enqueue(
            {
              key: `invite:${invite.id}`,
              to: invite.email,
              ...inviteMail({
                inviter: store.user(user.userId)?.name ?? "",
                workspace: store.workspace(ws)?.name ?? "",
                role: invite.role,
                link,
                expiresAt: invite.expiresAt,
              }),
              autoSubmitted: "auto-generated",
              workspace: ws,
              category: "invite",
              sensitive: true,
            },
            now(),
          );
          emailed = true;
        }
        return c.json({ invite, path: `/invite/${secret}`, emailed }, 201);
      })

      .delete("/workspaces/:ws/invites/:id", params(inviteParams), admin(kit), (c) => {
        const { user, ws } = c.var;
        const { id } = c.req.valid("param");
        store.revokeInvite(ws, id, now());
        store.audit({ workspaceId: ws, actor: user.userId, action: "invite-revoked", target: id, ip: ip(c) });
        return c.json({ ok: true });
      })

      // --- the link ------------------------------------------------------------------------------
      .get("/invites/:secret", params(secretParam), openLink, (c) => {
        const { invite } = c.var;
        return c.json({
          workspaceName: store.workspace(invite.workspaceId)?.name ?? "",
          role: invite.role,
          email: invite.email,
          expiresAt: invite.expiresAt,
          accountExists: invite.email ? Boolean(store.userByEmail(invite.email)) : false,
        });
      })

      .post("/invites/:secret/accept", params(secretParam), openLink, body(joinBody), async (c) => {
        const { secret } = c.req.valid("param");
        const p = kit.principalOf(c);
        let accepted: ReturnType<typeof store.acceptInvite>;
        if (p?.kind === "user") {
          accepted = store.acceptInvite(secret, { userId: p.userId }, now());
        } else {
          const join = checked(checkJoin(c.req.valid("json"), { email: c.var.invite.email }, passwordOptions));
          if (store.userByEmail(join.email))
            throw new AuthError(
              409,
              "email-taken",
              "an account with this email exists: sign in with it to accept the invite",
              "email",
            );
          const passwordHash = await hashPassword(join.password);
          accepted = store.acceptInvite(
            secret,
            { newUser: { email: join.email, name: join.name, passwordHash } },
            now(),
          );
        }
        const { invite, userId, created } = accepted;
        if (created) {
          const address = store.user(userId)!.email;
          store.audit({
            workspaceId: invite.workspaceId,
            actor: userId,
            action: "user-created",
            target: address,
            ip: ip(c),
          });
          kit.startSession(c, userId);
          rememberDevice(kit, c, address);
        }
        store.audit({
          workspaceId: invite.workspaceId,
          actor: userId,
          action: "invite-accepted",
          target: invite.id,
          ip: ip(c),
          detail: { role: invite.role },
        });
        return c.json(kit.sessionBody(userId));
      })
  );
}
