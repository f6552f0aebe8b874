import type Database from "better-sqlite3";
import type { ApiExtension } from "../api/app.js";
import type { Logger } from "../logger.js";
import type { WorkspacePeer } from "../peer.js";
import { attachWebhooks } from "./outbox.js";
import { webhookRoutes } from "./routes.js";
import { WebhookStore } from "./store.js";

/*
 * Webhooks (issue 11): endpoints and their log in the shared database (store.ts), the outbox and
 * delivery jobs on each peer that runs jobs (outbox.ts), the routes under `/api/v1`
 * (routes.ts), the SSRF guard (ssrf.ts) and Standard Webhooks signing (signing.ts).
 * See peer/CONTEXT.md, "Webhooks".
 */

const stores = new WeakMap<Database.Database, WebhookStore>();

/** The one store of a shared database (its tables created on first use). */
export function webhookStore(db: Database.Database): WebhookStore {
  let s = stores.get(db);
  if (!s) {
    s = new WebhookStore(db);
    stores.set(db, s);
  }
  return s;
}

export function attachWebhookFeature(peer: WorkspacePeer, env: { shared: Database.Database; logger: Logger }): void {
  attachWebhooks(peer, { store: webhookStore(env.shared), logger: env.logger });
}

export function webhookApi(env: { shared: Database.Database }): ApiExtension {
  return webhookRoutes({ store: webhookStore(env.shared) });
}

export { eventProblem, recordEvents, subscribed } from "./events.js";
export {
  attachWebhooks,
  DELIVER_KIND,
  DELIVERY_SCHEDULE,
  type DeliverPayload,
  deliveryRetryDelay,
  EVENT_KIND,
  type EventPayload,
  NOTIFY_KIND,
} from "./outbox.js";
export { webhookRoutes } from "./routes.js";
export { newSecret, sign, signedHeaders } from "./signing.js";
export {
  allowedHostsFromEnv,
  checkWebhookUrl,
  forbiddenAddressReason,
  guardedLookup,
  WebhookUrlError,
} from "./ssrf.js";
export { WebhookStore } from "./store.js";
