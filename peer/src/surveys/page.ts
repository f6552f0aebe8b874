import { type SurveyLanguage, surveyTexts } from "./texts.js";

/*
 * The public pages a survey link opens: plain HTML from the server (the customer has no account
 * and no app), readable and usable with the keyboard alone — native links, a labelled textarea
 * and a button. No script; the server's CSP (form-action 'self') applies.
 */

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[ch]!);

const STYLE =
  "body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f6f4;color:#1a1a1a}main{max-width:34rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:12px}a{color:#1a4fb3}.scores{display:flex;gap:.5rem;flex-wrap:wrap;padding:0;list-style:none}.scores a{display:inline-block;padding:.4rem .8rem;border:1px solid #888;border-radius:6px;text-decoration:none}.scores a[aria-current]{background:#1a4fb3;color:#fff}textarea{width:100%;min-height:6rem;font:inherit}button{font:inherit;padding:.4rem 1rem;margin-top:.5rem}:focus-visible{outline:3px solid #1a4fb3;outline-offset:2px}";

function shell(language: SurveyLanguage, body: string): string {
  const t = surveyTexts[language];
  return `<!doctype html>\n<html lang="${language === "zh" ? "zh-CN" : "en"}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escapeHtml(t.pageTitle)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

/** An error page: what went wrong and what to do. */
export function errorPage(language: SurveyLanguage, title: string, hint = ""): string {
  return shell(language, `<h1>${escapeHtml(title)}</h1>${hint ? `<p>${escapeHtml(hint)}</p>` : ""}`);
}

/** The thank-you page: the recorded score, the other scores (while changeable), the comment form. */
export function answerPage(o: {
  language: SurveyLanguage;
  score: number;
  comment: string;
  /** The score links' base (`…/surveys/csat/<token>`), also the comment form's action. */
  action: string;
  changeable: boolean;
  saved: boolean;
}): string {
  const t = surveyTexts[o.language];
  const scores = ([5, 4, 3, 2, 1] as const)
    .map(
      (n) =>
        `<li><a href="${escapeHtml(`${o.action}?score=${n}`)}"${n === o.score ? ' aria-current="true"' : ""}>${n} – ${escapeHtml(t.scores[n])}</a></li>`,
    )
    .join("");
  const change = o.changeable
    ? `<p>${escapeHtml(t.changeNote)}</p><ul class="scores">${scores}</ul>`
    : `<p>${escapeHtml(t.lockedHint)}</p>`;
  const form = o.changeable
    ? `<form method="post" action="${escapeHtml(o.action)}"><label for="comment">${escapeHtml(t.commentLabel)}</label><textarea id="comment" name="comment" maxlength="5000">${escapeHtml(o.comment)}</textarea><button type="submit">${escapeHtml(t.commentSend)}</button></form>`
    : "";
  const saved = o.saved ? `<p role="status">${escapeHtml(t.commentSaved)}</p>` : "";
  return shell(o.language, `<h1>${escapeHtml(t.thanks(o.score))}</h1>${saved}${change}${form}`);
}
