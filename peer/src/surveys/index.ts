import type Database from "better-sqlite3";
import type { ApiExtension } from "../api/app.js";
import type { Logger } from "../logger.js";
import { type MailConfig, mailConfigFromEnv, mailer } from "../mail/index.js";
import type { WorkspacePeer } from "../peer.js";
import { attachCsat } from "./csat.js";
import { surveyRoutes } from "./routes.js";

/*
 * Surveys customers answer (issue 13; peer/CONTEXT.md "Surveys"): the CSAT mail after a resolved
 * case (csat.ts) and its public answer pages (routes.ts).
 */

export {
  CHANGE_WINDOW_MS,
  CSAT_JOB,
  csatMail,
  csatResponseId,
  LINK_TTL_MS,
  scoreLink,
  unsurveyable,
} from "./csat.js";
export { SurveySigner, surveySigner } from "./signing.js";

/** The first origin of PUBLIC_URL-like settings (comma-separated), or undefined. */
export function firstOrigin(publicUrl: string | undefined): string | undefined {
  const first = publicUrl?.split(",")[0]?.trim();
  if (!first) return undefined;
  try {
    return new URL(first).origin;
  } catch {
    // A malformed setting must not keep the peer from starting: no survey links then (logged).
    return undefined;
  }
}

export function attachSurveys(
  peer: WorkspacePeer,
  env: {
    shared: Database.Database;
    logger: Logger;
    mail?: MailConfig;
    publicUrl?: string;
    inbound?: { domain: string };
    clock?: () => number;
  },
): void {
  const origin = firstOrigin(env.publicUrl);
  if (!origin) {
    env.logger.warn("surveys: no public URL known, CSAT mail is not sent", { workspace: peer.workspace });
    return;
  }
  attachCsat(peer, {
    shared: env.shared,
    mailer: mailer(env.shared, env.mail ?? mailConfigFromEnv()),
    origin,
    ownDomain: env.inbound?.domain ?? "localhost",
    logger: env.logger,
    ...(env.clock ? { now: env.clock } : {}),
  });
}

export function surveysApi(env: { shared: Database.Database; clock?: () => number }): ApiExtension {
  return surveyRoutes({ shared: env.shared, ...(env.clock ? { now: env.clock } : {}) });
}
