import { checkJoin } from "@crm/schema";
import { type Api, type ApiKit, checked } from "./api-kit.js";
import { hashPassword, passwordOptions } from "./passwords.js";
import { rememberDevice } from "./sign-in-api.js";
import { AuthError } from "./store.js";

/*
 * The public side of invites: what a link offers, and accepting it — by the signed-in person, or
 * by a new person who creates their account with it. An invite bound to an address is for that
 * address only (a new account with it, or the signed-in person who has it). Accepting is one
 * transaction in the store (`acceptInvite`), so a link is used once however many tabs race.
 */

export function inviteRoutes(api: Api, kit: ApiKit): void {
  const { store, now, ip } = kit;

  api.get("/invites/:secret", (c) => {
    const invite = store.openInvite(c.req.param("secret"), now());
    return c.json({
      workspaceName: store.workspace(invite.workspaceId)?.name ?? "",
      role: invite.role,
      email: invite.email,
      expiresAt: invite.expiresAt,
      accountExists: invite.email ? Boolean(store.userByEmail(invite.email)) : false,
    });
  });

  api.post("/invites/:secret/accept", async (c) => {
    const secret = c.req.param("secret");
    // Refuse a used, withdrawn or expired link before any work (the transaction checks again).
    const open = store.openInvite(secret, now());
    const input = await kit.json(c);
    const p = kit.principalOf(c);
    let accepted: ReturnType<typeof store.acceptInvite>;
    if (p?.kind === "user") {
      accepted = store.acceptInvite(secret, { userId: p.userId }, now());
    } else {
      const join = checked(checkJoin(input, { email: open.email }, passwordOptions));
      if (store.userByEmail(join.email))
        throw new AuthError(
          409,
          "email-taken",
          "an account with this email exists: sign in with it to accept the invite",
          "email",
        );
      const passwordHash = await hashPassword(join.password);
      accepted = store.acceptInvite(secret, { newUser: { email: join.email, name: join.name, passwordHash } }, now());
    }
    const { invite, userId, created } = accepted;
    if (created) {
      const email = store.user(userId)!.email;
      store.audit({ workspaceId: invite.workspaceId, actor: userId, action: "user-created", target: email, ip: ip(c) });
      kit.startSession(c, userId);
      rememberDevice(kit, c, email);
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
  });
}
