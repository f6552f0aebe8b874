import { Hono } from "hono";
import { createMiddleware } from "hono/factory";
import { AuthError } from "../auth/store.js";
import { admin } from "./access.js";
import type { ApiKit, Env } from "./kit.js";
import { body, emptyBody, params, pathId, workspaceParam } from "./validate.js";

/*
 * GDPR, for the workspace's owners and admins (the work itself: ../privacy.ts):
 *   GET  /workspaces/:ws/contacts/:id/export   → everything stored about the contact (a download)
 *   POST /workspaces/:ws/contacts/:id/erase    {} → { documents } (how many documents changed)
 * Both are written to the audit log, which names the contact by id only: its erased content must
 * not live on there either.
 */

export interface ContactExport {
  kind: "contact";
  exportedAt: string;
  record: Record<string, unknown>;
  /** The contact's notes as plain text. */
  notes: string;
}

export interface ContactPrivacy {
  /** Everything the workspace stores about one contact (its record, notes, linked activity). */
  exportContact(workspaceId: string, contactId: string): Promise<ContactExport> | ContactExport;
  /** Removes the contact's content from every document, snapshot and update log. */
  eraseContact(workspaceId: string, contactId: string): Promise<{ documents: number }> | { documents: number };
}

const contactParams = workspaceParam.extend({ id: pathId("no-contact", "no such contact") });

/** Without `privacy` (an API without documents, in tests) the routes answer 404 like any unknown one. */
export function privacyRoutes(kit: ApiKit, privacy: ContactPrivacy | undefined) {
  const { store, ip } = kit;
  const available = createMiddleware<Env & { Variables: { privacy: ContactPrivacy } }>(async (c, next) => {
    if (!privacy) throw new AuthError(404, "not-found", `no API route ${c.req.method} ${c.req.path}`);
    c.set("privacy", privacy);
    await next();
  });

  return new Hono<Env>()
    .get("/workspaces/:ws/contacts/:id/export", available, params(contactParams), admin(kit), async (c) => {
      const { user, ws } = c.var;
      const { id } = c.req.valid("param");
      const data = await c.var.privacy.exportContact(ws, id);
      store.audit({ workspaceId: ws, actor: user.userId, action: "export", target: `contact:${id}`, ip: ip(c) });
      return c.json(data, 200, { "Content-Disposition": `attachment; filename="contact-${id}.json"` });
    })

    .post(
      "/workspaces/:ws/contacts/:id/erase",
      available,
      params(contactParams),
      admin(kit),
      body(emptyBody),
      async (c) => {
        const { user, ws } = c.var;
        const { id } = c.req.valid("param");
        const result = await c.var.privacy.eraseContact(ws, id);
        store.audit({
          workspaceId: ws,
          actor: user.userId,
          action: "erasure",
          target: `contact:${id}`,
          ip: ip(c),
          detail: result,
        });
        return c.json(result);
      },
    );
}
