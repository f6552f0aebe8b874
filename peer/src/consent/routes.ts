import { type EmailStatus, picklistValues, valueLabel } from "@crm/schema";
import type Database from "better-sqlite3";
import type { Context } from "hono";
import type { ApiExtension, ApiKit } from "../api/app.js";
import { RateLimiter } from "../api/ratelimit.js";
import type { Mailer } from "../mail/mailer.js";
import type { WorkspacePeer } from "../peer.js";
import { PeerUnavailableError } from "../types.js";
import { describeConsentRoutes } from "./openapi.js";
import {
  escapeHtml,
  langOf,
  message,
  type PageLang,
  page,
  pageStrings,
  type SignupField,
  signupForm,
  type Topic,
} from "./pages.js";
import { setEmailStatus } from "./status.js";
import { ConsentKeys } from "./tokens.js";

/*
 * The public consent pages, under `/api/v1/public/{workspace}/…` (no credentials: the signed
 * token in the link is the credential; the API's Host check and "never the SPA fallback" hold):
 *
 *   GET/POST /signup        the hosted sign-up form (double opt-in): the contact becomes
 *                           "unconfirmed" with a consent record, and gets a confirmation mail
 *   GET/POST /confirm       the confirmation link: GET shows a button, POST confirms — a mail
 *                           scanner prefetching the link must not subscribe anyone
 *   GET/POST /preferences   the recipient's page: topics, or unsubscribe
 *   POST     /unsubscribe   RFC 8058 one-click (`List-Unsubscribe=One-Click`): no cookie, no page
 *
 * Forms post `application/x-www-form-urlencoded` (an embedded snippet on another site is a
 * plain HTML form); answers are HTML pages. Sign-ups are rate-limited per IP address.
 */

export interface ConsentRoutesEnv {
  shared: Database.Database;
  mailer: Mailer;
  /** Sign-up POSTs per IP address per minute; default 10. */
  signupPerMinute?: number;
  /** The public origin of links in mail; default PUBLIC_URL's first origin, else the request's. */
  publicOrigin?: string;
}

const MAX_NAME = 100;
const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;

export const publicBase = (workspace: string) => `/api/v1/public/${encodeURIComponent(workspace)}`;

export function publicOriginOf(env: { publicOrigin?: string }, c: Context): string {
  const configured = env.publicOrigin ?? process.env.PUBLIC_URL?.split(",")[0]?.trim();
  if (configured) {
    try {
      return new URL(configured).origin;
    } catch {
      // the request's own origin
    }
  }
  return new URL(c.req.url).origin;
}

function clientIp(c: Context): string {
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "unknown";
}

async function formOf(c: Context): Promise<URLSearchParams> {
  const type = c.req.header("content-type") ?? "";
  const text = await c.req.text();
  if (/^application\/json\b/i.test(type)) {
    const out = new URLSearchParams();
    try {
      const body = JSON.parse(text) as Record<string, unknown>;
      if (body && typeof body === "object")
        for (const [k, v] of Object.entries(body)) {
          if (Array.isArray(v)) for (const x of v) out.append(k, String(x));
          else if (v !== undefined && v !== null) out.append(k, String(v));
        }
    } catch {
      // an empty form: every required field is named as missing
    }
    return out;
  }
  return new URLSearchParams(text);
}

const html = (c: Context, body: string, status: 200 | 400 | 404 | 410 | 422 | 429 = 200) =>
  c.body(body, status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });

function topicsOf(peer: WorkspacePeer, lang: PageLang): Topic[] {
  const list = picklistValues("emailTopics", peer.settings()) ?? [];
  return list
    .filter((v) => !v.retired)
    .map((v) => ({ value: v.value, label: valueLabel({ values: list }, v.value, lang) }));
}

export function consentRoutes(env: ConsentRoutesEnv): ApiExtension {
  return (api, kit) => {
    const keys = new ConsentKeys(env.shared);
    const limiter = new RateLimiter(env.signupPerMinute ?? 10);

    const peerFor = async (workspace: string): Promise<WorkspacePeer | undefined> => {
      try {
        return await kit.peerOf({ workspace, role: "automation", actor: "automation", key: "" });
      } catch (err) {
        if (err instanceof PeerUnavailableError) return undefined;
        throw err;
      }
    };

    api.get("/public/:workspace/signup", async (c) => {
      const lang = langOf(c.req.query("lang"), c.req.header("accept-language"));
      const s = pageStrings[lang];
      const peer = await peerFor(c.req.param("workspace"));
      if (!peer) return html(c, message(lang, s.signupTitle, s.notFound), 404);
      const action = `${publicBase(peer.workspace)}/signup`;
      return html(c, page(lang, s.signupTitle, signupForm(lang, { action, topics: topicsOf(peer, lang) })));
    });

    api.post("/public/:workspace/signup", async (c) => {
      const form = await formOf(c);
      const lang = langOf(form.get("lang") ?? c.req.query("lang"), c.req.header("accept-language"));
      const s = pageStrings[lang];
      const taken = limiter.take(clientIp(c));
      if (!taken.ok) {
        c.header("Retry-After", String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000))));
        return html(c, message(lang, s.signupTitle, s.tooMany), 429);
      }
      const peer = await peerFor(c.req.param("workspace"));
      if (!peer) return html(c, message(lang, s.signupTitle, s.notFound), 404);
      const topics = topicsOf(peer, lang);
      const known = new Set(topics.map((t) => t.value));
      const email = (form.get("email") ?? "").trim();
      const firstName = (form.get("firstName") ?? "").trim();
      const lastName = (form.get("lastName") ?? "").trim();
      const chosen = new Set(form.getAll("topics"));
      const errors: Partial<Record<SignupField, string>> = {};
      if (!EMAIL.test(email) || email.length > 254) errors.email = s.fieldErrors.email;
      if (firstName.length > MAX_NAME) errors.firstName = s.fieldErrors.firstName;
      if (lastName.length > MAX_NAME) errors.lastName = s.fieldErrors.lastName;
      if ([...chosen].some((t) => !known.has(t))) errors.topics = s.fieldErrors.topics;
      if (form.get("consent") !== "yes") errors.consent = s.fieldErrors.consent;
      if (Object.keys(errors).length) {
        const action = `${publicBase(peer.workspace)}/signup`;
        const body = signupForm(lang, { action, topics, values: { email, firstName, lastName }, chosen, errors });
        return html(c, page(lang, s.signupTitle, body), 422);
      }
      const contactId = await signUp(peer, {
        email,
        firstName,
        lastName,
        topics: [...chosen],
        wording: s.consentText,
        ip: clientIp(c),
      });
      if (contactId) {
        const link = `${publicOriginOf(env, c)}${publicBase(peer.workspace)}/confirm?token=${keys.confirmation(peer.workspace, contactId)}&lang=${lang}`;
        env.mailer.enqueue({
          key: `consent-confirm:${peer.workspace}:${contactId}:${Date.now()}`,
          to: email,
          subject: s.mailSubject,
          text: `${s.mailIntro}\n\n${link}\n\n${s.mailIgnore}\n`,
          html: `<p>${escapeHtml(s.mailIntro)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(s.confirmButton)}</a></p><p>${escapeHtml(s.mailIgnore)}</p>`,
          autoSubmitted: "auto-generated",
          workspace: peer.workspace,
          category: "signup-confirmation",
          sensitive: true,
        });
      }
      // The same answer whether or not the address was already subscribed: the form tells
      // nobody who is on the list.
      return html(c, message(lang, s.signupTitle, s.checkInbox));
    });

    api.get("/public/:workspace/confirm", async (c) => {
      const lang = langOf(c.req.query("lang"), c.req.header("accept-language"));
      const s = pageStrings[lang];
      const token = c.req.query("token") ?? "";
      const checked = keys.verify(token, "confirm", c.req.param("workspace"));
      if (!checked.ok)
        return html(
          c,
          message(lang, s.confirmTitle, checked.reason === "expired" ? s.linkExpired : s.linkInvalid),
          checked.reason === "expired" ? 410 : 400,
        );
      const body = `<form method="post" action="${escapeHtml(`${publicBase(c.req.param("workspace"))}/confirm`)}"><input type="hidden" name="token" value="${escapeHtml(token)}"><input type="hidden" name="lang" value="${lang}"><button type="submit">${escapeHtml(s.confirmButton)}</button></form>`;
      return html(c, page(lang, s.confirmTitle, body));
    });

    api.post("/public/:workspace/confirm", async (c) => {
      const form = await formOf(c);
      const lang = langOf(form.get("lang") ?? c.req.query("lang"), c.req.header("accept-language"));
      const s = pageStrings[lang];
      const checked = keys.verify(form.get("token") ?? "", "confirm", c.req.param("workspace"));
      if (!checked.ok)
        return html(
          c,
          message(lang, s.confirmTitle, checked.reason === "expired" ? s.linkExpired : s.linkInvalid),
          checked.reason === "expired" ? 410 : 400,
        );
      const peer = await peerFor(checked.token.workspace);
      if (!peer) return html(c, message(lang, s.confirmTitle, s.linkInvalid), 404);
      const nonce = checked.token.nonce ?? "";
      if (!keys.use(nonce)) return html(c, message(lang, s.confirmTitle, s.linkUsed), 410);
      try {
        const contact = peer.get("contacts", checked.token.contactId);
        if (!contact || contact.deletedAt) return html(c, message(lang, s.confirmTitle, s.linkInvalid), 404);
        const basis = `${s.consentText} (${lang === "zh" ? "双重确认" : "double opt-in confirmed"})`;
        await setEmailStatus(peer, {
          contactId: contact.id,
          to: "subscribed",
          method: "confirmationLink",
          wording: s.consentText,
          source: clientIp(c),
          fields: { emailConsentBasis: basis },
        });
        env.mailer.store.unsuppress(String(contact.email ?? ""));
      } catch (err) {
        keys.release(nonce);
        throw err;
      }
      return html(c, message(lang, s.confirmTitle, s.confirmed));
    });

    api.get("/public/:workspace/preferences", async (c) => {
      const lang = langOf(c.req.query("lang"), c.req.header("accept-language"));
      const s = pageStrings[lang];
      const token = c.req.query("token") ?? "";
      const checked = keys.verify(token, "prefs", c.req.param("workspace"));
      if (!checked.ok) return html(c, message(lang, s.prefsTitle, s.linkInvalid), 400);
      const peer = await peerFor(checked.token.workspace);
      const contact = peer?.get("contacts", checked.token.contactId);
      if (!peer || !contact || contact.deletedAt) return html(c, message(lang, s.prefsTitle, s.linkInvalid), 404);
      return html(c, page(lang, s.prefsTitle, preferencesBody(lang, peer, contact, token)));
    });

    api.post("/public/:workspace/preferences", async (c) => {
      const form = await formOf(c);
      const lang = langOf(form.get("lang") ?? c.req.query("lang"), c.req.header("accept-language"));
      const s = pageStrings[lang];
      const token = form.get("token") ?? "";
      const checked = keys.verify(token, "prefs", c.req.param("workspace"));
      if (!checked.ok) return html(c, message(lang, s.prefsTitle, s.linkInvalid), 400);
      const peer = await peerFor(checked.token.workspace);
      const contact = peer?.get("contacts", checked.token.contactId);
      if (!peer || !contact || contact.deletedAt) return html(c, message(lang, s.prefsTitle, s.linkInvalid), 404);
      if (form.get("action") === "unsubscribe") {
        await unsubscribe(env, peer, contact.id, "preferencePage", clientIp(c));
        return html(c, message(lang, s.prefsTitle, s.unsubscribed));
      }
      const known = new Set(topicsOf(peer, lang).map((t) => t.value));
      const chosen = form.getAll("topics").filter((t) => known.has(t));
      const r = await peer.patch("contacts", contact.id, { emailTopics: chosen }, "automation");
      if (!r.ok) throw new Error(`the topics were refused: ${JSON.stringify(r.issues)}`);
      return html(c, message(lang, s.prefsTitle, s.saved));
    });

    // RFC 8058: the mail client POSTs `List-Unsubscribe=One-Click` to the URL in the header,
    // without cookies or a page; the token in the URL says who. Repeating it changes nothing.
    api.post("/public/:workspace/unsubscribe", async (c) => {
      const form = await formOf(c);
      const checked = keys.verify(c.req.query("token") ?? "", "prefs", c.req.param("workspace"));
      if (!checked.ok) return c.text("This unsubscribe link is not valid.", 400);
      if (form.get("List-Unsubscribe") !== "One-Click")
        return c.text('Send the body "List-Unsubscribe=One-Click" (RFC 8058).', 400);
      const peer = await peerFor(checked.token.workspace);
      const contact = peer?.get("contacts", checked.token.contactId);
      if (!peer || !contact) return c.text("This unsubscribe link is not valid.", 404);
      await unsubscribe(env, peer, contact.id, "unsubscribeLink", clientIp(c));
      return c.text("You are unsubscribed.", 200, { "Cache-Control": "no-store" });
    });

    describeConsentRoutes(kit as ApiKit);
  };
}

function preferencesBody(lang: PageLang, peer: WorkspacePeer, contact: Record<string, unknown>, token: string): string {
  const s = pageStrings[lang];
  const chosen = new Set(Array.isArray(contact.emailTopics) ? (contact.emailTopics as string[]) : []);
  const action = escapeHtml(`${publicBase(peer.workspace)}/preferences`);
  const status = String(contact.emailStatus ?? "none");
  const boxes = topicsOf(peer, lang)
    .map(
      (t) =>
        `<label class="check"><input type="checkbox" name="topics" value="${escapeHtml(t.value)}"${chosen.has(t.value) ? " checked" : ""}> ${escapeHtml(t.label)}</label>`,
    )
    .join("");
  const hidden = `<input type="hidden" name="token" value="${escapeHtml(token)}"><input type="hidden" name="lang" value="${lang}">`;
  return `<p>${escapeHtml(String(contact.email ?? ""))} — ${escapeHtml(s.prefsStatus)}: <span data-status="${escapeHtml(status)}">${escapeHtml(statusLabel(status, lang))}</span></p>
<form method="post" action="${action}">${hidden}<fieldset><legend>${escapeHtml(s.topics)}</legend>${boxes}</fieldset><button type="submit" name="action" value="save">${escapeHtml(s.save)}</button></form>
<form method="post" action="${action}">${hidden}<button type="submit" name="action" value="unsubscribe">${escapeHtml(s.unsubscribe)}</button></form>`;
}

function statusLabel(status: string, lang: PageLang): string {
  const labels: Record<string, [string, string]> = {
    none: ["Not subscribed", "未订阅"],
    unconfirmed: ["Unconfirmed", "待确认"],
    subscribed: ["Subscribed", "已订阅"],
    unsubscribed: ["Unsubscribed", "已退订"],
    bounced: ["Bounced", "退信"],
    complained: ["Complained", "投诉"],
  };
  const l = labels[status] ?? [status, status];
  return lang === "zh" ? l[1] : l[0];
}

/** Unsubscribes a contact (consent record, suppression of the address); a repeat changes nothing. */
export async function unsubscribe(
  env: { mailer: Mailer },
  peer: WorkspacePeer,
  contactId: string,
  method: "unsubscribeLink" | "preferencePage",
  source: string,
): Promise<void> {
  const contact = peer.get("contacts", contactId);
  if (!contact) return;
  const email = String(contact.email ?? "");
  if (email) env.mailer.store.suppress(email, `unsubscribed (${method})`);
  const status = (contact.emailStatus as EmailStatus | undefined) ?? "none";
  if (status === "unsubscribed") return;
  await setEmailStatus(peer, { contactId, to: "unsubscribed", method, source });
}

/**
 * A sign-up: the contact with this address (made when there is none) becomes "unconfirmed", with
 * a consent record. Returns the contact to confirm, or undefined when it is already subscribed
 * (then only its topics are added).
 */
export async function signUp(
  peer: WorkspacePeer,
  s: { email: string; firstName: string; lastName: string; topics: string[]; wording: string; ip: string },
): Promise<string | undefined> {
  const found = peer.list("contacts", { filters: [{ field: "email", op: "is", value: s.email }], limit: 1 });
  const existing = found.records[0]
    ? (JSON.parse(found.records[0]) as Record<string, unknown> & { id: string })
    : undefined;
  if (!existing) {
    const created = await peer.create(
      "contacts",
      {
        email: s.email,
        firstName: s.firstName,
        lastName: s.lastName || s.email.split("@")[0] || s.email,
        emailTopics: s.topics,
      },
      { actor: "automation" },
    );
    if (!created.ok) throw new Error(`the contact was refused: ${JSON.stringify(created.issues)}`);
    await setEmailStatus(peer, {
      contactId: created.record.id,
      to: "unconfirmed",
      method: "form",
      wording: s.wording,
      source: s.ip,
    });
    return created.record.id;
  }
  const topics = [
    ...new Set([...(Array.isArray(existing.emailTopics) ? (existing.emailTopics as string[]) : []), ...s.topics]),
  ];
  if (existing.emailStatus === "subscribed") {
    await peer.patch("contacts", existing.id, { emailTopics: topics }, "automation");
    return undefined;
  }
  await setEmailStatus(peer, {
    contactId: existing.id,
    to: "unconfirmed",
    method: "form",
    wording: s.wording,
    source: s.ip,
    fields: { emailTopics: topics },
  });
  return existing.id;
}
