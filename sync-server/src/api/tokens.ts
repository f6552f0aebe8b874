import { canAssignRole, isRole } from "@crm/schema";
import { Hono } from "hono";
import { z } from "zod";
import { AuthError } from "../auth/store.js";
import { admin } from "./access.js";
import type { ApiKit, Env } from "./kit.js";
import { body, params, pathId, role, workspaceParam } from "./validate.js";

/*
 * Service tokens (scripts, stock y-websocket providers), for the workspace's owners and admins:
 *   GET    /workspaces/:ws/tokens       → { tokens } (never a secret)
 *   POST   /workspaces/:ws/tokens       { name, role, expiresInHours? } → 201 { token, info }
 *   DELETE /workspaces/:ws/tokens/:id   → { ok }
 * The token itself (`crm_<id>_<secret>`) is in the answer to POST only; the store keeps its hash.
 */

const tokenBody = z.object({
  name: z.string({ error: "required" }).trim().min(1, "required").max(100, "too long"),
  role,
  expiresInHours: z
    .number({ error: "a number of hours" })
    .positive("must be positive")
    .max(24 * 3650)
    .optional(),
});
const tokenParams = workspaceParam.extend({ id: pathId("token-unknown", "no active token with this id") });

export function tokenRoutes(kit: ApiKit) {
  const { store, now, ip } = kit;
  return new Hono<Env>()
    .get("/workspaces/:ws/tokens", params(workspaceParam), admin(kit), (c) =>
      // The automation peer's own tokens are the server's, not the team's: not listed.
      c.json({ tokens: store.tokens(c.var.ws).flatMap((t) => (isRole(t.role) ? [{ ...t, role: t.role }] : [])) }),
    )

    .post("/workspaces/:ws/tokens", params(workspaceParam), admin(kit), body(tokenBody), (c) => {
      const { user, ws } = c.var;
      const input = c.req.valid("json");
      if (!canAssignRole(c.var.role, input.role))
        throw new AuthError(403, "forbidden", "only an owner can mint an owner token", "role");
      const { token, info } = store.mintToken(
        {
          workspaceId: ws,
          role: input.role,
          name: input.name,
          createdBy: user.userId,
          ...(input.expiresInHours ? { ttlMs: input.expiresInHours * 3600_000 } : {}),
        },
        now(),
      );
      store.audit({
        workspaceId: ws,
        actor: user.userId,
        action: "token-minted",
        target: info.id,
        ip: ip(c),
        detail: { role: info.role, name: info.name },
      });
      return c.json({ token, info }, 201);
    })

    .delete("/workspaces/:ws/tokens/:id", params(tokenParams), admin(kit), (c) => {
      const { user, ws } = c.var;
      const { id } = c.req.valid("param");
      store.revokeToken(ws, id, now());
      store.audit({ workspaceId: ws, actor: user.userId, action: "token-revoked", target: id, ip: ip(c) });
      return c.json({ ok: true });
    });
}
