import type Database from "better-sqlite3";
import type { Logger } from "../logger.js";
import type { Mailer } from "../mail/mailer.js";
import { jobRecordId, type WorkspacePeer } from "../peer.js";
import { escapeHtml } from "./page.js";
import { type SurveySigner, surveySigner } from "./signing.js";
import { type SurveyLanguage, surveyTexts, workspaceLanguage } from "./texts.js";

/*
 * CSAT after a resolved case (issue 13): the `surveys.csat` change-feed consumer sees a case's
 * status become `resolved` and, in the transaction that advances its cursor, enqueues the
 * `csat.send` job keyed `csat:<case id>`; the job enqueues the mail keyed `csat:<workspace>:<case
 * id>`. Both keys are per case: a case reopened and resolved again is not surveyed twice, and a
 * job rerun after a crash finds the same mail (one message, one Message-ID).
 */

export const CSAT_CONSUMER = "surveys.csat";
export const CSAT_JOB = "csat.send";
/** A survey link works this long after the mail. */
export const LINK_TTL_MS = 30 * 24 * 3600_000;
/** After the first answer, a click on another score changes it for this long. */
export const CHANGE_WINDOW_MS = 24 * 3600_000;

/** The customer's answer about a case: one record per case, its id derived from the case. */
export const csatResponseId = (caseId: string) => jobRecordId(`csat:${caseId}`, 0);

/** The link of one score in a survey mail. */
export const scoreLink = (origin: string, token: string, score: number) =>
  `${origin}/api/v1/surveys/csat/${token}?score=${score}`;

const MACHINE_LOCAL =
  /^(no-?reply|do-?not-?reply|mailer-daemon|postmaster|bounces?|auto-?reply|notifications?)([+._-]|$)/i;

/** Why an address gets no survey (blank, malformed, a machine's), or undefined when it may. */
export function unsurveyable(address: string, ownDomain: string): string | undefined {
  const a = address.trim();
  if (!a) return "no address";
  const m = /^([^@\s]+)@([^@\s]+\.[^@\s]+)$/.exec(a);
  if (!m) return "not an address";
  if (MACHINE_LOCAL.test(m[1]!)) return "machine address";
  if (m[2]!.toLowerCase() === ownDomain.toLowerCase()) return "our own address";
  return undefined;
}

/** The survey mail's subject, text and HTML (pure). */
export function csatMail(o: {
  language: SurveyLanguage;
  firstName: string;
  caseSubject: string;
  link: (score: number) => string;
}): { subject: string; text: string; html: string } {
  const t = surveyTexts[o.language];
  const scores = [5, 4, 3, 2, 1] as const;
  const text = [
    t.greeting(o.firstName),
    "",
    t.question(o.caseSubject),
    "",
    ...scores.map((n) => `${n} – ${t.scores[n]}: ${o.link(n)}`),
    "",
    t.oneClick,
  ].join("\n");
  const buttons = scores
    .map(
      (n) =>
        `<a href="${escapeHtml(o.link(n))}" style="display:inline-block;margin:4px;padding:8px 12px;border:1px solid #888;border-radius:6px;color:#1a1a1a;text-decoration:none">${n} – ${escapeHtml(t.scores[n])}</a>`,
    )
    .join("\n");
  const html = `<p>${escapeHtml(t.greeting(o.firstName))}</p>\n<p>${escapeHtml(t.question(o.caseSubject))}</p>\n<p>${buttons}</p>\n<p style="color:#555">${escapeHtml(t.oneClick)}</p>`;
  return { subject: t.subject(o.caseSubject).slice(0, 300), text, html };
}

export interface CsatEnv {
  shared: Database.Database;
  mailer: Mailer;
  /** Where the links point (PUBLIC_URL's first origin, else the server's own). */
  origin: string;
  /** The inbound domain: our own addresses are never surveyed. */
  ownDomain: string;
  logger: Logger;
  now?: () => number;
}

export function attachCsat(peer: WorkspacePeer, env: CsatEnv): void {
  const signer = surveySigner(env.shared);
  peer.feed.consume(
    CSAT_CONSUMER,
    (changes) => {
      for (const change of changes) {
        if (change.kind === "deleted" || change.fields.status?.new !== "resolved") continue;
        peer.jobs.enqueueNow({ kind: CSAT_JOB, key: `csat:${change.id}`, payload: { caseId: change.id } });
      }
    },
    { collections: ["cases"] },
  );
  peer.runner.register(CSAT_JOB, async (job) => {
    await peer.ready();
    return sendCsat(peer, env, signer, (job.payload as { caseId: string }).caseId);
  });
}

export function sendCsat(peer: WorkspacePeer, env: CsatEnv, signer: SurveySigner, caseId: string): unknown {
  const theCase = peer.get("cases", caseId);
  if (!theCase || theCase.deletedAt) return { skipped: "no case" };
  // Reopened before the job ran: the customer is still being helped.
  if (theCase.status !== "resolved" && theCase.status !== "closed") return { skipped: `status ${theCase.status}` };
  const contactId = typeof theCase.contactId === "string" ? theCase.contactId : "";
  const contact = contactId ? peer.get("contacts", contactId) : undefined;
  const email = typeof contact?.email === "string" ? contact.email.trim() : "";
  const why = unsurveyable(email, env.ownDomain);
  if (why) {
    env.logger.info("csat: no survey sent", { workspace: peer.workspace, caseId, reason: why });
    return { skipped: why };
  }
  const issuedAt = (env.now ?? Date.now)();
  const token = signer.sign({ workspace: peer.workspace, caseId, issuedAt });
  const body = csatMail({
    language: workspaceLanguage(peer),
    firstName: typeof contact?.firstName === "string" ? contact.firstName : "",
    caseSubject: typeof theCase.subject === "string" ? theCase.subject : "",
    link: (n) => scoreLink(env.origin, token, n),
  });
  const mail = env.mailer.enqueue({
    key: `csat:${peer.workspace}:${caseId}`,
    to: email,
    ...body,
    autoSubmitted: "auto-generated",
    workspace: peer.workspace,
    category: "csat",
  });
  return { mail: mail.id, created: mail.created };
}
