import type { Role } from "@crm/schema";
import type Database from "better-sqlite3";
import type { ApiExtension } from "./api/app.js";
import { calendarRoutes } from "./calendar/routes.js";
import { attachConsent, consentApi } from "./consent/index.js";
import { attachInbound, inboundApi } from "./inbound/index.js";
import type { InboundSettings } from "./inbound/settings.js";
import { INBOUND_DEFAULTS } from "./inbound/settings.js";
import type { Logger } from "./logger.js";
import { type MailConfig, mailConfigFromEnv, mailer, mailRoutes } from "./mail/index.js";
import { attachNotifications, notificationsApi } from "./notifications/index.js";
import type { WorkspacePeer } from "./peer.js";
import { replyRoutes } from "./replies/routes.js";
import { attachRules, rulesApi } from "./rules/index.js";
import { segmentRoutes } from "./segments/routes.js";
import { attachSurveys, surveysApi } from "./surveys/index.js";
import { registerTestJobs } from "./testJobs.js";
import { attachWebhookFeature, webhookApi } from "./webhooks/index.js";

/*
 * Where the features built on the peer attach themselves: each one adds a line to
 * `attachFeatures` (job handlers and change-feed consumers, per workspace peer, before it starts)
 * and, when it has routes, to `apiExtensions` (under `/api/v1`). Each feature lives in its own
 * folder of `src/` (rules/, webhooks/, notifications/, calendar/, mcp/).
 *
 * `shared` is the server's own database (the auth store's SQLite file, one per data directory):
 * what every process of the installation must see — the server answering the API and a
 * `crm-server worker` running the jobs — lives there (webhook endpoints and their secrets,
 * delivery logs, rule run logs, calendar feed keys, the inbound mail spool and attachments). The peer's own file holds only what is
 * the peer's: its projection, change feed and job queue.
 */

export interface FeatureEnv {
  /** The server's database, shared by every process of the data directory. */
  shared: Database.Database;
  /** This process runs jobs (and so consumes the change feed). */
  runJobs: boolean;
  logger: Logger;
  /** A person's role in a workspace now (the auth store's); undefined when they are no member. */
  roleOf(userId: string, workspace: string): Role | undefined;
  /** `PEER_TEST_JOBS` (tests only): the test job kind with this delay. */
  testJobsDelayMs?: number;
  /** The mail subsystem's configuration; default `mailConfigFromEnv()` (this process's environment). */
  mail?: MailConfig;
  /** Inbound mail's limits (INBOUND_* env); defaults when absent. */
  inbound?: InboundSettings;
  /**
   * Where links in mail point (PUBLIC_URL: comma-separated origins, the first is used); the
   * server fills in its own address when PUBLIC_URL is unset.
   */
  publicUrl?: string;
  /** The time (ms) for features whose rules depend on it (surveys' 24 h window); tests inject one. */
  clock?: () => number;
}

/** Attaches every feature's consumers and job handlers to a peer, before it starts. */
export function attachFeatures(peer: WorkspacePeer, env: FeatureEnv): void {
  // Consumers enqueue jobs from the change feed only where jobs run: a peer that does not run
  // them (the server's, beside a worker) must not queue work nobody takes.
  if (!env.runJobs) return;
  if (env.testJobsDelayMs !== undefined) registerTestJobs(peer, env.testJobsDelayMs);
  attachNotifications(peer, env);
  attachWebhookFeature(peer, env);
  attachRules(peer, env);
  attachInbound(peer, env);
  attachSurveys(peer, env);
  attachConsent(peer);
}

/** Every feature's routes under `/api/v1`. */
export function apiExtensions(
  env: Pick<FeatureEnv, "shared" | "logger" | "roleOf" | "mail" | "inbound" | "clock">,
): ApiExtension[] {
  const mail = mailer(env.shared, env.mail ?? mailConfigFromEnv());
  return [
    calendarRoutes(env),
    notificationsApi(env),
    webhookApi(env),
    rulesApi(env),
    mailRoutes({ mailer: mail }),
    inboundApi(env),
    replyRoutes({ mailer: mail, domain: env.inbound?.domain ?? INBOUND_DEFAULTS.domain }),
    surveysApi(env),
    consentApi({ shared: env.shared, mailer: mail }),
    segmentRoutes(),
  ];
}
