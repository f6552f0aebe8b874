import { type CaseMessage, caseToken } from "@crm/schema";

/*
 * What an agent's reply email says and to whom, from the case and its conversation: pure, so the
 * threading rules are testable without a server.
 */

type Entry = Pick<CaseMessage, "direction" | "fromAddress" | "messageId" | "sentAt">;

const escapeHtml = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Plain text as escaped HTML paragraphs (blank lines part paragraphs, single newlines are <br>). */
export function textToHtml(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split(/\n{2,}/)
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("\n");
}

/** `Re: <subject> [#CASE-…]`, without stacking "Re:" or a second token. */
export function replySubject(subject: string, caseId: string): string {
  const token = caseToken(caseId);
  let s = subject.trim();
  if (!s.includes(token)) s = `${s} ${token}`.trim();
  return /^re:/i.test(s) ? s : `Re: ${s}`;
}

/** The display name of an address spec (`CRM <a@b>` → `CRM`), "" when none. */
export function displayName(from: string): string {
  const m = /^\s*"?([^"<]*?)"?\s*</.exec(from);
  return m ? m[1]!.trim() : "";
}

/** `"Name" <address>`, quoting the name so commas and dots in it stay one name. */
export function formatAddress(name: string, address: string): string {
  return name ? `"${name.replace(/["\\]/g, "")}" <${address}>` : address;
}

export interface Threading {
  /** The customer's address ("" when the case has none). */
  to: string;
  /** The latest inbound message's Message-ID ("" when none). */
  inReplyTo: string;
  /** Every Message-ID of the thread, oldest first. */
  references: string[];
}

/** Who the reply goes to and which messages it answers. */
export function threading(entries: Entry[], contactEmail: string | undefined): Threading {
  const sorted = [...entries].sort((a, b) => a.sentAt - b.sentAt);
  const inbound = sorted.filter((e) => e.direction === "inbound");
  const latest = inbound.filter((e) => e.messageId).at(-1);
  const references = sorted.filter((e) => e.direction !== "note" && e.messageId).map((e) => e.messageId);
  return {
    to: contactEmail?.trim() || inbound.find((e) => e.fromAddress)?.fromAddress || "",
    inReplyTo: latest?.messageId ?? "",
    // A long thread's References are cut to the first and the latest ids (RFC 5322 allows it).
    references: references.length > 20 ? [references[0]!, ...references.slice(-19)] : references,
  };
}
