import type { IncomingMessage } from "node:http";
import type { StoredRecord } from "@crm/schema";
import type Database from "better-sqlite3";
import type { Context } from "hono";
import type { ApiExtension } from "../api/app.js";
import { RateLimiter } from "../api/ratelimit.js";
import type { WorkspacePeer } from "../peer.js";
import { CHANGE_WINDOW_MS, csatResponseId, LINK_TTL_MS } from "./csat.js";
import { describeSurveys } from "./openapi.js";
import { answerPage, errorPage } from "./page.js";
import { type CsatClaim, surveySigner } from "./signing.js";
import { type SurveyLanguage, surveyTexts, workspaceLanguage } from "./texts.js";

/*
 * The links of a CSAT mail, without credentials (the customer has none): the signed token in the
 * path is the capability.
 *
 *   GET  /surveys/csat/<token>?score=1..5   records the answer (one click) and shows the thank-you page
 *   GET  /surveys/csat/<token>              shows the recorded answer
 *   POST /surveys/csat/<token>              the page's comment form (application/x-www-form-urlencoded)
 *
 * One SurveyResponse per case (`csatResponseId`), written through the peer with `source:
 * customer`; a later click within CHANGE_WINDOW_MS of the first answer changes its score, after
 * that it is refused (409) and the page says so. The POST is CSRF-safe because it carries no
 * ambient authority — no cookie is read, the token in its URL is the only credential — and a
 * browser's foreign Origin is refused on top. Rate-limited per client address and per case.
 */

export interface SurveyRoutesEnv {
  shared: Database.Database;
  now?: () => number;
}

type Answered = { status: 200 | 400 | 403 | 404 | 409 | 415 | 429; html: string };

const COMMENT_MAX = 5000;

export function surveyRoutes(env: SurveyRoutesEnv): ApiExtension {
  const now = env.now ?? Date.now;
  // Rate limits run on the wall clock: the injected one is for the answer windows.
  const perClient = new RateLimiter(60);
  const perCase = new RateLimiter(20);
  return (api, kit) => {
    describeSurveys(kit);

    const page = (c: Context, a: Answered) =>
      c.html(a.html, a.status, { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" });

    /** The claim and its peer, or the error page to answer instead. */
    const open = async (
      c: Context,
    ): Promise<{ claim: CsatClaim; peer: WorkspacePeer; language: SurveyLanguage } | Answered> => {
      const address = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.socket.remoteAddress ?? "";
      const token = c.req.param("token") ?? "";
      const claim = surveySigner(env.shared).verify(token);
      const limited = !perClient.take(`ip:${address}`).ok || (claim && !perCase.take(`case:${claim.caseId}`).ok);
      if (limited) return { status: 429, html: errorPage("en", surveyTexts.en.tooMany, surveyTexts.zh.tooMany) };
      if (!claim) return { status: 400, html: errorPage("en", surveyTexts.en.invalid, surveyTexts.en.invalidHint) };
      let peer: WorkspacePeer;
      try {
        peer = await kit.peerOf({ workspace: claim.workspace, role: "automation", actor: "automation", key: "" });
      } catch {
        return { status: 404, html: errorPage("en", surveyTexts.en.gone) };
      }
      const language = workspaceLanguage(peer);
      const t = surveyTexts[language];
      if (now() > claim.issuedAt + LINK_TTL_MS)
        return { status: 403, html: errorPage(language, t.expired, t.expiredHint) };
      const theCase = peer.get("cases", claim.caseId);
      if (!theCase || theCase.deletedAt) return { status: 404, html: errorPage(language, t.gone) };
      return { claim, peer, language };
    };

    const show = (
      token: string,
      language: SurveyLanguage,
      r: Record<string, unknown>,
      at: number,
      saved = false,
    ): Answered => ({
      status: 200,
      html: answerPage({
        language,
        score: Number(r.score),
        comment: typeof r.comment === "string" ? r.comment : "",
        action: `/api/v1/surveys/csat/${token}`,
        changeable: at <= Number(r.respondedAt) + CHANGE_WINDOW_MS,
        saved,
      }),
    });

    api.get("/surveys/csat/:token", async (c) => {
      const opened = await open(c);
      if ("status" in opened) return page(c, opened);
      const { claim, peer, language } = opened;
      const t = surveyTexts[language];
      const token = c.req.param("token");
      const id = csatResponseId(claim.caseId);
      const existing = peer.get("surveyResponses", id);
      const raw = c.req.query("score");
      const at = now();
      if (raw === undefined) {
        if (!existing || existing.deletedAt) return page(c, { status: 400, html: errorPage(language, t.badScore) });
        return page(c, show(token, language, existing, at));
      }
      const score = /^[1-5]$/.test(raw) ? Number(raw) : Number.NaN;
      if (!Number.isInteger(score)) return page(c, { status: 400, html: errorPage(language, t.badScore) });
      if (existing && !existing.deletedAt) {
        if (at > Number(existing.respondedAt) + CHANGE_WINDOW_MS) {
          if (Number(existing.score) === score) return page(c, show(token, language, existing, at));
          return page(c, {
            status: 409,
            html: errorPage(language, t.locked(Number(existing.score)), t.lockedHint),
          });
        }
        if (Number(existing.score) !== score) {
          const patched = await peer.patch("surveyResponses", id, { score }, "automation");
          if (!patched.ok) throw new Error(`the survey answer could not be changed: ${JSON.stringify(patched.issues)}`);
          return page(c, show(token, language, patched.record, at));
        }
        return page(c, show(token, language, existing, at));
      }
      const theCase = peer.get("cases", claim.caseId)!;
      const input: StoredRecord = {
        kind: "csat",
        score,
        source: "customer",
        caseId: claim.caseId,
        accountId: typeof theCase.accountId === "string" ? theCase.accountId : "",
        channel: typeof theCase.channel === "string" && theCase.channel ? theCase.channel : "email",
        respondedAt: at,
        comment: "",
      };
      // A deleted answer is brought back rather than left blocking the case's one id.
      const written = existing
        ? await peer
            .restore("surveyResponses", id, "automation")
            .then(() => peer.patch("surveyResponses", id, input, "automation"))
        : await peer.create("surveyResponses", input, { actor: "automation", id });
      if (!written.ok) throw new Error(`the survey answer could not be stored: ${JSON.stringify(written.issues)}`);
      return page(c, show(token, language, written.record, at));
    });

    api.post("/surveys/csat/:token", async (c) => {
      const origin = c.req.header("origin");
      const host = c.req.header("host");
      if (origin && origin !== "null" && host && new URL(origin).host !== host)
        return page(c, { status: 400, html: errorPage("en", surveyTexts.en.invalid, surveyTexts.en.invalidHint) });
      const opened = await open(c);
      if ("status" in opened) return page(c, opened);
      const { claim, peer, language } = opened;
      const t = surveyTexts[language];
      const type = c.req.header("content-type") ?? "";
      if (!type.toLowerCase().startsWith("application/x-www-form-urlencoded"))
        return page(c, { status: 415, html: errorPage(language, t.invalid) });
      const form = new URLSearchParams(await c.req.text());
      const comment = (form.get("comment") ?? "").trim().slice(0, COMMENT_MAX);
      const id = csatResponseId(claim.caseId);
      const existing = peer.get("surveyResponses", id);
      if (!existing || existing.deletedAt) return page(c, { status: 409, html: errorPage(language, t.badScore) });
      const at = now();
      if (at > Number(existing.respondedAt) + CHANGE_WINDOW_MS)
        return page(c, { status: 409, html: errorPage(language, t.locked(Number(existing.score)), t.lockedHint) });
      const patched = await peer.patch("surveyResponses", id, { comment }, "automation");
      if (!patched.ok) throw new Error(`the survey comment could not be stored: ${JSON.stringify(patched.issues)}`);
      return page(c, show(c.req.param("token"), language, patched.record, at, true));
    });
  };
}
