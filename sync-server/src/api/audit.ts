import { Hono } from "hono";
import { z } from "zod";
import { admin } from "./access.js";
import type { ApiKit, Env } from "./kit.js";
import { params, query, workspaceParam } from "./validate.js";

/*
 *   GET /workspaces/:ws/audit?before=<id> → { entries } (newest first, 100 at a time, each with
 *   the actor's name); `before` pages back from an entry's id. For owners and admins.
 * The log is append-only (auth/audit.ts); every route that changes access writes to it.
 */

export const AUDIT_PAGE = 100;

const auditQuery = z.object({
  before: z.coerce.number({ error: "an entry's id" }).int("an entry's id").positive("an entry's id").optional(),
});

export function auditRoutes(kit: ApiKit) {
  const { store } = kit;
  return new Hono<Env>().get("/workspaces/:ws/audit", params(workspaceParam), admin(kit), query(auditQuery), (c) => {
    const { before } = c.req.valid("query");
    const entries = store.auditLog(c.var.ws, { ...(before ? { before } : {}), limit: AUDIT_PAGE });
    const names = new Map<string, string>();
    for (const e of entries) if (e.actor && !names.has(e.actor)) names.set(e.actor, store.user(e.actor)?.name ?? "");
    return c.json({ entries: entries.map((e) => ({ ...e, actorName: names.get(e.actor) ?? "" })) });
  });
}
