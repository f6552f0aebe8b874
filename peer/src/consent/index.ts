import type Database from "better-sqlite3";
import type { ApiExtension } from "../api/app.js";
import type { Mailer } from "../mail/mailer.js";
import type { WorkspacePeer } from "../peer.js";
import { consentRoutes } from "./routes.js";
import { attachConsentEnforcement } from "./status.js";

/*
 * Marketing consent (peer/CONTEXT.md, "Consent"): every status change leaves a consent record
 * (status.ts), the public sign-up / confirmation / preference / one-click pages (routes.ts) with
 * their signed tokens (tokens.ts), and the recipient links the campaign sender uses (links.ts).
 */

export { type RecipientLinks, recipientLinks } from "./links.js";
export { signUp, unsubscribe } from "./routes.js";
export { CONSENT_ENSURE_JOB, setEmailStatus, statusChangeOf } from "./status.js";
export { ConsentKeys } from "./tokens.js";

/** How long a status change waits for its writer's own consent record: CONSENT_GRACE_MS, default 5 s. */
export function consentGraceMs(): number {
  const v = Number(process.env.CONSENT_GRACE_MS);
  return Number.isFinite(v) && v >= 0 ? v : 5000;
}

export function attachConsent(peer: WorkspacePeer, options: { graceMs?: number } = {}): void {
  attachConsentEnforcement(peer, { graceMs: options.graceMs ?? consentGraceMs() });
}

export function consentApi(env: { shared: Database.Database; mailer: Mailer }): ApiExtension {
  const perMinute = Number(process.env.SIGNUP_RATE_PER_MIN);
  return consentRoutes({
    ...env,
    ...(Number.isFinite(perMinute) && perMinute > 0 ? { signupPerMinute: perMinute } : {}),
  });
}
