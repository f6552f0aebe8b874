import type { Context, Hono } from "hono";
import type { ApiCaller, ApiExtension, ApiKit } from "../api/app.js";
import { ProblemException } from "../api/problems.js";
import { redactedUrl } from "./config.js";
import type { Mailer } from "./mailer.js";
import { mailOpenApi } from "./openapi.js";

/*
 * `/api/v1/mail/*` for the Settings → Email page, owners and admins only:
 *   GET /mail/status            configuration (no network): SMTP set, DKIM key, DNS records to publish
 *   GET /mail/check             the same, plus an SMTP round trip (EHLO, AUTH) without sending
 *   GET /mail/messages          the workspace's outbox and log, newest first
 *   GET /mail/messages/{id}     one message: headers as composed, text and HTML bodies
 * Installation mail (password resets) belongs to no workspace and is listed nowhere here.
 */

function admin(kit: ApiKit, c: Context): ApiCaller {
  const who = kit.caller(c);
  if (who.role !== "owner" && who.role !== "admin")
    throw new ProblemException(
      403,
      "forbidden",
      `your role (${who.role}) may not see the mail setup: owners and admins may`,
    );
  return who;
}

export function mailRoutes(o: { mailer: Mailer }): ApiExtension {
  const m = o.mailer;
  const status = () => {
    const c = m.config;
    return {
      smtp: { configured: !!c.smtpUrl, url: c.smtpUrl ? redactedUrl(c.smtpUrl) : null },
      dkim: {
        present: !!c.dkim,
        domain: c.dkim?.domainName ?? null,
        selector: c.dkim?.keySelector ?? null,
        problem: c.dkimProblem ?? null,
      },
      from: c.from,
      ratePerSec: c.ratePerSec,
      dns: m.dnsRecords(),
    };
  };
  return (api: Hono, kit: ApiKit) => {
    kit.describe(mailOpenApi());
    api.get("/mail/status", (c) => {
      admin(kit, c);
      return c.json(status());
    });
    api.get("/mail/check", async (c) => {
      admin(kit, c);
      const check = await m.check();
      return c.json({ ...status(), smtp: check.smtp });
    });
    api.get("/mail/messages", (c) => {
      const who = admin(kit, c);
      const raw = c.req.query("limit");
      const limit = raw === undefined ? 50 : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > 200)
        throw new ProblemException(400, "bad-request", "limit must be an integer from 1 to 200", [
          { field: "limit", code: "range", message: "1 to 200" },
        ]);
      return c.json({ data: m.store.log(who.workspace, limit) });
    });
    api.get("/mail/messages/:id", async (c) => {
      const who = admin(kit, c);
      const msg = m.store.message(c.req.param("id"));
      if (!msg || msg.workspace !== who.workspace)
        throw new ProblemException(404, "not-found", `no message ${c.req.param("id")}`);
      const { spec: _spec, ...entry } = msg;
      return c.json({ ...entry, headers: await m.headers(msg) });
    });
  };
}
