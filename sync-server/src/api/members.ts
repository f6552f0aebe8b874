import { canAssignRole } from "@crm/schema";
import { Hono } from "hono";
import { z } from "zod";
import { AuthError } from "../auth/store.js";
import { admin } from "./access.js";
import type { ApiKit, Env } from "./kit.js";
import { body, params, pathId, role, workspaceParam } from "./validate.js";

/*
 * The workspace's members, for its owners and admins:
 *   GET    /workspaces/:ws/members           → { members }
 *   PATCH  /workspaces/:ws/members/:userId   { role } → { ok }
 *   DELETE /workspaces/:ws/members/:userId   → { ok }
 * Only an owner makes, unmakes or removes owners, and the last owner stays (the store refuses).
 */

const memberParams = workspaceParam.extend({
  userId: pathId("no-member", "this person is not a member of the workspace"),
});
const setRoleBody = z.object({ role });

export function memberRoutes(kit: ApiKit) {
  const { store, ip } = kit;
  /** The member's role before the change; 404 when `userId` is no member. */
  const roleBefore = (ws: string, userId: string) => {
    const before = store.roleOf(userId, ws);
    if (!before) throw new AuthError(404, "no-member", "this person is not a member of the workspace");
    return before;
  };

  return new Hono<Env>()
    .get("/workspaces/:ws/members", params(workspaceParam), admin(kit), (c) =>
      c.json({ members: store.members(c.var.ws) }),
    )

    .patch("/workspaces/:ws/members/:userId", params(memberParams), admin(kit), body(setRoleBody), (c) => {
      const { user, ws, role: myRole } = c.var;
      const { userId: target } = c.req.valid("param");
      const to = c.req.valid("json").role;
      const before = roleBefore(ws, target);
      if (!canAssignRole(myRole, to) || !canAssignRole(myRole, before))
        throw new AuthError(403, "forbidden", "only an owner can make or unmake owners", "role");
      store.setRole(ws, target, to);
      store.audit({
        workspaceId: ws,
        actor: user.userId,
        action: "role-changed",
        target,
        ip: ip(c),
        detail: { from: before, to },
      });
      return c.json({ ok: true });
    })

    .delete("/workspaces/:ws/members/:userId", params(memberParams), admin(kit), (c) => {
      const { user, ws, role: myRole } = c.var;
      const { userId: target } = c.req.valid("param");
      const before = roleBefore(ws, target);
      if (!canAssignRole(myRole, before)) throw new AuthError(403, "forbidden", "only an owner can remove an owner");
      store.removeMember(ws, target);
      store.audit({
        workspaceId: ws,
        actor: user.userId,
        action: "member-removed",
        target,
        ip: ip(c),
        detail: { role: before },
      });
      return c.json({ ok: true });
    });
}
