import { Hono } from "hono";
import { member } from "./access.js";
import type { ApiKit, Env } from "./kit.js";
import { params, workspaceParam } from "./validate.js";

/*
 *   GET /workspaces/:ws/people → { people: [{ id, name, email, role }] }
 * Names for the user ids that records carry (owner, assignee, createdBy, history). Any member may
 * read it — a viewer reads the same records — but only names, emails and roles: nothing about
 * sessions, invites or tokens (those are the admins', members.ts).
 */

export function peopleRoutes(kit: ApiKit) {
  return new Hono<Env>().get("/workspaces/:ws/people", params(workspaceParam), member(kit), (c) =>
    c.json({
      people: kit.store.members(c.var.ws).map((m) => ({ id: m.userId, name: m.name, email: m.email, role: m.role })),
    }),
  );
}
