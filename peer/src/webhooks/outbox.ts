import { createHash } from "node:crypto";
import { newId } from "@crm/schema";
import { readMeta, writeMeta } from "../db/open.js";
import { backoff, type Job } from "../jobs/types.js";
import { type Logger, silentLogger } from "../logger.js";
import type { WorkspacePeer } from "../peer.js";
import type { RecordChange } from "../types.js";
import { subscribed } from "./events.js";
import { type SendOptions, sendWebhook } from "./send.js";
import { signedHeaders } from "./signing.js";
import type { DeliveryAttempt, Endpoint, WebhookStore } from "./store.js";

/*
 * The durable outbox. A change-feed consumer turns every change into one `webhook.deliver` job
 * per subscribed endpoint, in the transaction that advances its cursor (changes.ts): a change is
 * never handled without its jobs, nor its jobs queued twice. The job's key is the message's
 * `webhook-id` — the feed's id, the change's seq and the endpoint's id — so however often the
 * job runs (a crash after sending and before "done" sends again), a receiver that dedupes by
 * `webhook-id` acts once. The body is fixed when the job is queued; each attempt signs it anew
 * with the current time (Standard Webhooks receivers refuse stale timestamps).
 *
 * Rule-sent events arrive as `webhook.event` jobs ({event, data}) and fan out the same way, keyed
 * by that job's key.
 *
 * Retries: jittered exponential backoff, 10 s doubling to at most 6 h, 23 attempts ≈ 3 days
 * (`DELIVERY_SCHEDULE`). A 410 Gone stops at once and disables the endpoint. An endpoint whose
 * deliveries keep failing — `disableAfter.failures` consecutive failures spanning at least
 * `disableAfter.ms`, or one message that used all its attempts — is disabled, and the
 * workspace's owners and admins are told with a `notify` job. Messages for a disabled endpoint
 * are dropped (their attempts stay in the log; Redeliver sends one again by hand).
 */

export const DELIVER_KIND = "webhook.deliver";
export const EVENT_KIND = "webhook.event";
export const NOTIFY_KIND = "notify";

export const DELIVERY_SCHEDULE = {
  maxAttempts: 23,
  baseMs: 10_000,
  maxDelayMs: 6 * 3600_000,
};

export interface DeliverPayload {
  endpointId: string;
  webhookId: string;
  event: string;
  body: string;
}

/** The `webhook.event` payload (brief §3): a rule's (or another feature's) event. */
export interface EventPayload {
  event: string;
  data: unknown;
}

export interface OutboxOptions {
  store: WebhookStore;
  send?: SendOptions;
  logger?: Logger;
  maxAttempts?: number;
  retryDelay?(attempt: number): number;
  /** Disable an endpoint after this many consecutive failures spanning at least `ms`; default 20 over 24 h. */
  disableAfter?: { failures: number; ms: number };
  now?(): number;
}

/** The delay before attempt `attempt + 1` of a delivery. */
export function deliveryRetryDelay(attempt: number, random = Math.random): number {
  return backoff(attempt, DELIVERY_SCHEDULE.baseMs, DELIVERY_SCHEDULE.maxDelayMs, random);
}

/** The Standard Webhooks body of a record change: `{type, timestamp, data}`. */
export function changeBody(c: RecordChange): string {
  return JSON.stringify({
    type: `${c.collection}.${c.kind}`,
    timestamp: new Date(c.at).toISOString(),
    data: {
      workspace: c.workspace,
      collection: c.collection,
      id: c.id,
      kind: c.kind,
      actor: c.actor,
      changes: c.fields,
      record: c.record,
    },
  });
}

/** One signed attempt to deliver a message to an endpoint, recorded in its log. */
export async function attemptDelivery(
  store: WebhookStore,
  endpoint: Endpoint,
  message: Pick<DeliverPayload, "webhookId" | "event" | "body">,
  meta: { attempt: number; trigger: DeliveryAttempt["trigger"] },
  send: SendOptions = {},
  now = Date.now(),
): Promise<DeliveryAttempt> {
  const headers = signedHeaders(endpoint.secret, message.webhookId, message.body, now);
  const result = await sendWebhook(endpoint.url, headers, message.body, send);
  return store.record(endpoint.workspace, {
    endpointId: endpoint.id,
    webhookId: message.webhookId,
    event: message.event,
    attempt: meta.attempt,
    trigger: meta.trigger,
    at: now,
    durationMs: result.durationMs,
    request: { url: endpoint.url, headers, body: message.body },
    response: result.status === null ? null : { status: result.status, headers: result.headers, body: result.body },
    error: result.error,
    ok: result.ok,
  });
}

/** Registers the outbox consumer and the delivery and event job handlers on a peer that runs jobs. */
export function attachWebhooks(peer: WorkspacePeer, o: OutboxOptions): void {
  const logger = o.logger ?? silentLogger;
  const now = o.now ?? Date.now;
  const maxAttempts = o.maxAttempts ?? DELIVERY_SCHEDULE.maxAttempts;
  const disableAfter = o.disableAfter ?? { failures: 20, ms: 24 * 3600_000 };
  const ws = peer.workspace;
  // Seqs are per peer file: the feed's own id keeps webhook-ids of another file (a worker's) apart.
  let feedId = readMeta(peer.db, "webhooks.feedId");
  if (!feedId) {
    feedId = newId().slice(0, 10);
    writeMeta(peer.db, "webhooks.feedId", feedId);
  }

  const enqueue = (endpoint: Endpoint, webhookId: string, event: string, body: string) =>
    peer.jobs.enqueueNow({
      kind: DELIVER_KIND,
      key: webhookId,
      payload: { endpointId: endpoint.id, webhookId, event, body } satisfies DeliverPayload,
      maxAttempts,
    });

  peer.feed.consume("webhooks", (changes) => {
    const endpoints = o.store.enabled(ws);
    if (!endpoints.length) return;
    for (const c of changes) {
      const event = `${c.collection}.${c.kind}`;
      const targets = endpoints.filter((e) => subscribed(e.events, event));
      if (!targets.length) continue;
      const body = changeBody(c);
      for (const e of targets) enqueue(e, `msg_${feedId}_${c.seq}_${e.id}`, event, body);
    }
  });

  peer.runner.register(EVENT_KIND, async (job) => {
    const { event, data } = job.payload as EventPayload;
    if (typeof event !== "string" || !event) throw new Error("a webhook.event job needs an event name");
    const base = createHash("sha256").update(job.key).digest("hex").slice(0, 20);
    const body = JSON.stringify({ type: event, timestamp: new Date(job.createdAt).toISOString(), data: data ?? null });
    const targets = o.store.enabled(ws).filter((e) => subscribed(e.events, event));
    for (const e of targets) enqueue(e, `msg_${base}_${e.id}`, event, body);
    return { endpoints: targets.map((e) => e.id) };
  });

  const disable = (endpoint: Endpoint, reason: "gone" | "failing", job: Job) => {
    // The notification is queued before the endpoint is disabled, keyed by what identifies this
    // disabling: a crash between the two queues it again under the same key, never twice.
    const admins = o.store.admins(ws);
    if (admins.length)
      peer.jobs.enqueueNow({
        kind: NOTIFY_KIND,
        key: `notify:webhook-disabled:${endpoint.id}:${reason === "gone" ? job.key : (endpoint.failingSince ?? job.key)}`,
        payload: {
          to: admins,
          kind: "webhook",
          title: "Webhook endpoint disabled",
          body:
            reason === "gone"
              ? `${endpoint.url} answered 410 Gone, so no more events are sent to it. Enable it again in Settings → Webhooks.`
              : `Deliveries to ${endpoint.url} kept failing (${endpoint.consecutiveFailures} in a row), so it was disabled. Enable it again in Settings → Webhooks.`,
        },
      });
    if (o.store.setEnabled(ws, endpoint.id, false, reason, now()))
      logger.warn("webhook endpoint disabled", { workspace: ws, endpoint: endpoint.id, reason });
  };

  peer.runner.register(
    DELIVER_KIND,
    async (job) => {
      const p = job.payload as DeliverPayload;
      const endpoint = o.store.get(ws, p.endpointId);
      if (!endpoint) return { skipped: "the endpoint was deleted" };
      if (!endpoint.enabled) return { skipped: "the endpoint is disabled" };
      const attempt = await attemptDelivery(
        o.store,
        endpoint,
        p,
        { attempt: job.attempts, trigger: "auto" },
        o.send,
        now(),
      );
      if (attempt.ok) return { status: attempt.response?.status, attempt: attempt.id };
      const after = o.store.get(ws, p.endpointId);
      if (!after) return { skipped: "the endpoint was deleted" };
      if (attempt.response?.status === 410) {
        disable(after, "gone", job);
        return { gone: true, attempt: attempt.id };
      }
      const lastAttempt = job.attempts >= job.maxAttempts;
      const keepsFailing =
        after.consecutiveFailures >= disableAfter.failures &&
        after.failingSince !== null &&
        now() - after.failingSince >= disableAfter.ms;
      if (lastAttempt || keepsFailing) {
        disable(after, "failing", job);
        return { disabled: true, attempt: attempt.id, error: attempt.error };
      }
      throw new Error(attempt.error ?? "the delivery failed");
    },
    { retryDelay: o.retryDelay ?? ((attempt) => deliveryRetryDelay(attempt)) },
  );
}
