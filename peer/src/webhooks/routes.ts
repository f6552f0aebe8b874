import type { Context, Hono } from "hono";
import type { ApiCaller, ApiExtension, ApiKit } from "../api/app.js";
import { type ProblemError, ProblemException } from "../api/problems.js";
import { eventProblem } from "./events.js";
import { attemptDelivery } from "./outbox.js";
import type { SendOptions } from "./send.js";
import { newSecret } from "./signing.js";
import { checkWebhookUrl, type GuardOptions, WebhookUrlError } from "./ssrf.js";
import type { DeliveryAttempt, Endpoint, WebhookStore } from "./store.js";

/*
 * `/api/v1/webhooks` (admins: a token or a session of an owner or admin) and the REST-hook
 * subscribe/unsubscribe pair Zapier and n8n call (`POST /hooks {target_url, event}`,
 * `DELETE /hooks/:id`), both on the same endpoints table. The secret is returned once, when the
 * endpoint is created. Every URL is checked against the SSRF guard before it is stored (a 422
 * naming the field); the delivery checks it again at connect time.
 */

export interface WebhookRoutesOptions {
  store: WebhookStore;
  guard?: GuardOptions;
  send?: SendOptions;
}

const MAX_URL = 2048;
const MAX_EVENTS = 100;

function admin(kit: ApiKit, c: Context): ApiCaller {
  const who = kit.caller(c);
  if (who.role !== "owner" && who.role !== "admin")
    throw new ProblemException(
      403,
      "forbidden",
      `your role (${who.role}) may not manage webhooks: owners and admins may`,
    );
  return who;
}

function invalid(errors: ProblemError[]): ProblemException {
  return new ProblemException(422, "invalid", errors.map((e) => `${e.field}: ${e.message}`).join("; "), errors);
}

/** The endpoint as the API shows it (never its secret, but once). */
export function endpointView(e: Endpoint) {
  return {
    id: e.id,
    url: e.url,
    events: e.events,
    description: e.description,
    source: e.source,
    enabled: e.enabled,
    status: !e.enabled ? "disabled" : e.consecutiveFailures > 0 ? "failing" : "enabled",
    disabledReason: e.disabledReason,
    disabledAt: e.disabledAt,
    consecutiveFailures: e.consecutiveFailures,
    failingSince: e.failingSince,
    lastSuccessAt: e.lastSuccessAt,
    createdAt: e.createdAt,
  };
}

function deliveryView(d: DeliveryAttempt) {
  return d;
}

async function checkUrl(value: unknown, field: string, guard: GuardOptions | undefined): Promise<string> {
  if (typeof value !== "string" || !value.trim())
    throw invalid([
      { field, code: "required", message: "the URL deliveries are POSTed to, like https://example.com/hooks" },
    ]);
  if (value.length > MAX_URL) throw invalid([{ field, code: "too-long", message: `at most ${MAX_URL} characters` }]);
  try {
    return (await checkWebhookUrl(value.trim(), guard)).href;
  } catch (err) {
    if (err instanceof WebhookUrlError) throw invalid([{ field, code: err.code, message: err.message }]);
    throw err;
  }
}

function checkEvents(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || !value.length)
    throw invalid([
      { field, code: "required", message: 'a list of events, like ["accounts.created", "deals.updated"] or ["*"]' },
    ]);
  if (value.length > MAX_EVENTS) throw invalid([{ field, code: "too-many", message: `at most ${MAX_EVENTS} events` }]);
  const errors: ProblemError[] = [];
  value.forEach((e, i) => {
    const why = eventProblem(e);
    if (why) errors.push({ field: `${field}[${i}]`, code: "unknown-event", message: why });
  });
  if (errors.length) throw invalid(errors);
  return [...new Set(value as string[])];
}

function checkDescription(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string" || value.length > 200)
    throw invalid([{ field: "description", code: "invalid", message: "text of at most 200 characters" }]);
  return value;
}

export function webhookRoutes(o: WebhookRoutesOptions): ApiExtension {
  return (api: Hono, kit: ApiKit) => {
    const found = (who: ApiCaller, id: string): Endpoint => {
      const e = o.store.get(who.workspace, id);
      if (!e) throw new ProblemException(404, "not-found", `no webhook endpoint ${id}`);
      return e;
    };

    api.get("/webhooks", (c) => {
      const who = admin(kit, c);
      return c.json({ data: o.store.list(who.workspace).map(endpointView) });
    });

    api.post("/webhooks", async (c) => {
      const who = admin(kit, c);
      const body = await kit.jsonBody(c);
      const url = await checkUrl(body.url, "url", o.guard);
      const events = checkEvents(body.events, "events");
      const description = checkDescription(body.description);
      // Every change from now on must reach the endpoint: the workspace's peer must be running
      // and past its first sync (what it finds then is its starting state, not changes).
      await kit.peerOf(who);
      const secret = newSecret();
      const e = o.store.create({
        workspace: who.workspace,
        url,
        events,
        secret,
        description,
        source: "api",
        createdBy: who.actor,
      });
      c.header("Location", `/api/v1/webhooks/${e.id}`);
      return c.json({ ...endpointView(e), secret }, 201);
    });

    api.get("/webhooks/:id", (c) => {
      const who = admin(kit, c);
      return c.json(endpointView(found(who, c.req.param("id"))));
    });

    api.patch("/webhooks/:id", async (c) => {
      const who = admin(kit, c);
      const e = found(who, c.req.param("id"));
      const body = await kit.jsonBody(c);
      const unknown = Object.keys(body).filter((k) => !["url", "events", "enabled", "description"].includes(k));
      if (unknown.length)
        throw invalid(
          unknown.map((field) => ({ field, code: "unknown-field", message: "not a field of a webhook endpoint" })),
        );
      if (body.enabled !== undefined && typeof body.enabled !== "boolean")
        throw invalid([{ field: "enabled", code: "invalid", message: "true or false" }]);
      const patch = {
        ...(body.url !== undefined ? { url: await checkUrl(body.url, "url", o.guard) } : {}),
        ...(body.events !== undefined ? { events: checkEvents(body.events, "events") } : {}),
        ...(body.description !== undefined ? { description: checkDescription(body.description) } : {}),
      };
      o.store.update(who.workspace, e.id, patch);
      if (typeof body.enabled === "boolean") o.store.setEnabled(who.workspace, e.id, body.enabled, "admin");
      return c.json(endpointView(found(who, e.id)));
    });

    api.delete("/webhooks/:id", (c) => {
      const who = admin(kit, c);
      found(who, c.req.param("id"));
      o.store.delete(who.workspace, c.req.param("id"));
      return c.body(null, 204);
    });

    api.get("/webhooks/:id/deliveries", (c) => {
      const who = admin(kit, c);
      const e = found(who, c.req.param("id"));
      const raw = c.req.query("limit");
      const limit = raw === undefined ? 50 : Number(raw);
      if (!Number.isInteger(limit) || limit < 1 || limit > o.store.logCap)
        throw new ProblemException(400, "bad-query", `limit: 1 to ${o.store.logCap}`, [
          { field: "limit", code: "invalid", message: `a whole number from 1 to ${o.store.logCap}` },
        ]);
      return c.json({ data: o.store.deliveries(who.workspace, e.id, limit).map(deliveryView) });
    });

    api.post("/webhooks/:id/deliveries/:deliveryId/redeliver", async (c) => {
      const who = admin(kit, c);
      const e = found(who, c.req.param("id"));
      const d = o.store.delivery(who.workspace, e.id, c.req.param("deliveryId"));
      if (!d) throw new ProblemException(404, "not-found", `no delivery ${c.req.param("deliveryId")} of this endpoint`);
      // Sent now, from this process, with the same webhook-id and body: the admin sees the answer.
      const attempt = await attemptDelivery(
        o.store,
        e,
        { webhookId: d.webhookId, event: d.event, body: d.request.body },
        { attempt: 0, trigger: "redeliver" },
        o.send,
      );
      return c.json(deliveryView(attempt), 200);
    });

    // REST hooks (Zapier, n8n): subscribe with one event, unsubscribe by id.
    api.post("/hooks", async (c) => {
      const who = admin(kit, c);
      const body = await kit.jsonBody(c);
      const url = await checkUrl(body.target_url, "target_url", o.guard);
      const event = body.event;
      const why = eventProblem(event);
      if (why)
        throw invalid([{ field: "event", code: event === undefined ? "required" : "unknown-event", message: why }]);
      await kit.peerOf(who);
      const secret = newSecret();
      const e = o.store.create({
        workspace: who.workspace,
        url,
        events: [event as string],
        secret,
        source: "rest-hook",
        createdBy: who.actor,
      });
      c.header("Location", `/api/v1/hooks/${e.id}`);
      return c.json({ id: e.id, target_url: e.url, event, secret }, 201);
    });

    api.delete("/hooks/:id", (c) => {
      const who = admin(kit, c);
      found(who, c.req.param("id"));
      o.store.delete(who.workspace, c.req.param("id"));
      return c.body(null, 204);
    });
  };
}
