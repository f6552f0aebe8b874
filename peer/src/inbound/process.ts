import {
  type CaseMessage,
  caseIdFromSubject,
  MESSAGE_HTML_MAX,
  MESSAGE_TEXT_MAX,
  type StoredRecord,
} from "@crm/schema";
import { type AddressObject, type ParsedMail, simpleParser } from "mailparser";
import type { Job } from "../jobs/types.js";
import type { Logger } from "../logger.js";
import { jobRecordId, type PeerJobContext, type WorkspacePeer } from "../peer.js";
import { type AttachmentPolicy, storeAttachments } from "./attachments.js";
import { type LoggingAddresses, loggingTokenOf, logMessage } from "./logging.js";
import { automatedReason } from "./loops.js";
import { sanitizeMailHtml } from "./sanitize.js";
import type { InboundSpool } from "./spool.js";

/*
 * The `inbound.message` job: one spooled message → records, exactly once. Its key is
 * `inbound:<spool id>`; the records it creates take `jobRecordId(job.id, n)` ids (n = 0 the
 * contact, 1 the case, 2 the conversation entry), so a run after a crash at any point finds what
 * the last run wrote and writes only what is missing; the spool row is marked done last.
 *
 * Threading, in order: In-Reply-To, then References (newest first), matched against the
 * Message-IDs of stored entries; then a case token in the subject ([#CASE-<id>]). A reply is added
 * to its case and reopens it when resolved or closed; anything else opens a case (channel email,
 * status new) with the sender as its contact — found by email, else created, with the account
 * whose website or email domain is the sender's (not for free-mail domains).
 *
 * A workspace's messages are handled one at a time in this process (`chain`), so a reply spooled
 * right after its thread's first message finds the case the first one opened.
 */

export const INBOUND_JOB = "inbound.message";

const FREE_MAIL = new Set(
  "gmail.com googlemail.com outlook.com hotmail.com live.com msn.com yahoo.com ymail.com icloud.com me.com mac.com aol.com proton.me protonmail.com gmx.com gmx.de gmx.net web.de mail.com yandex.ru yandex.com qq.com 163.com 126.com sina.com sohu.com foxmail.com aliyun.com".split(
    " ",
  ),
);

export interface ProcessOptions {
  spool: InboundSpool;
  attachments: AttachmentPolicy;
  logger: Logger;
  /** Sales email logging: messages to a member's `log+<token>@domain` become activities, not cases. */
  logging?: { domain: string; addresses: LoggingAddresses; isMember(userId: string, workspace: string): boolean };
}

const chains = new WeakMap<WorkspacePeer, Promise<unknown>>();

export function registerInboundJobs(peer: WorkspacePeer, o: ProcessOptions): void {
  peer.runner.register(INBOUND_JOB, (job, ctx) => {
    // One at a time per workspace: threading reads what the previous message wrote.
    const previous = chains.get(peer) ?? Promise.resolve();
    const run = previous.catch(() => {}).then(() => processMessage(job, ctx, o));
    chains.set(peer, run);
    return run;
  });
}

const header = (mail: ParsedMail) => {
  const lines = new Map<string, string>();
  for (const h of mail.headerLines) {
    if (lines.has(h.key)) continue;
    lines.set(h.key, h.line.slice(h.line.indexOf(":") + 1).trim());
  }
  return (name: string) => lines.get(name);
};

const firstAddress = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a[0] : a)?.value.find((v) => v.address);
const addressText = (a: AddressObject | AddressObject[] | undefined) =>
  (Array.isArray(a) ? a.map((x) => x.text).join(", ") : (a?.text ?? "")).slice(0, 2000);
const cut = (s: string, n: number) => (s.length > n ? s.slice(0, n) : s);

export async function processMessage(job: Job, ctx: PeerJobContext, o: ProcessOptions): Promise<unknown> {
  const { spoolId } = job.payload as { spoolId: string };
  const entry = o.spool.get(spoolId);
  if (!entry) return { missing: spoolId };
  if (entry.state !== "new") return entry.result;
  const peer = ctx.peer;
  await peer.ready();

  const mail = await simpleParser(entry.raw, { skipImageLinks: true, skipTextToHtml: true, maxHtmlLengthToParse: 5e6 });
  const sender = entry.source === "smtp" ? entry.sender : (firstAddress(mail.from)?.address ?? "");
  const loop = automatedReason(sender, header(mail));
  if (loop) {
    const result = { ignored: loop };
    o.spool.finish(spoolId, "ignored", result);
    o.logger.info("inbound: machine-sent mail ignored", { workspace: peer.workspace, reason: loop, spoolId });
    return result;
  }

  const logging = o.logging;
  const token = logging && entry.recipients.map((r) => loggingTokenOf(r, logging.domain)).find((t) => t !== undefined);
  if (logging && token !== undefined) {
    const address = logging.addresses.lookup(token);
    // Revoked (or the member left) between the 250 and now: nobody to log it for.
    if (!address || address.workspace !== peer.workspace || !logging.isMember(address.userId, peer.workspace)) {
      const result = { ignored: "logging address revoked" };
      o.spool.finish(spoolId, "ignored", result);
      return result;
    }
    const result = await logMessage(ctx, mail, {
      owner: address.userId,
      spoolId,
      receivedAt: entry.receivedAt,
      ownDomain: logging.domain,
    });
    o.spool.finish(spoolId, "done", result);
    o.logger.info("inbound: email logged", { workspace: peer.workspace, spoolId, activities: result.logged.length });
    return result;
  }

  const from = firstAddress(mail.from);
  const fromAddress = (from?.address ?? sender).toLowerCase();
  const fromName = from?.name ?? "";
  const messageId = mail.messageId ?? `<${spoolId}@inbound.crm>`;
  const entryId = jobRecordId(job.id, 2);

  // A rerun after the entry was written, or the same message delivered twice (a client that
  // never saw our 250 sends it again): one entry.
  const existing = peer.get("caseMessages", entryId) ?? findByMessageId(peer, messageId);
  if (existing) {
    const result = {
      caseId: String(existing.caseId),
      entryId: String(existing.id),
      duplicate: existing.id !== entryId,
    };
    await reopen(ctx, String(existing.caseId));
    o.spool.finish(spoolId, "done", result);
    return result;
  }

  const subject = (mail.subject ?? "").trim();
  const references = Array.isArray(mail.references) ? mail.references : mail.references ? [mail.references] : [];
  let caseId = threadOf(peer, mail.inReplyTo, references, subject);
  let opened = false;
  if (caseId) {
    await reopen(ctx, caseId);
  } else {
    const contact = await contactFor(ctx, fromAddress, fromName);
    const created = await ctx.createRecord(
      "cases",
      {
        subject: cut(subject || "(no subject)", 300),
        channel: "email",
        status: "new",
        contactId: contact.id,
        accountId: contact.accountId,
        openedAt: entry.receivedAt,
      },
      1,
    );
    if (!created.ok) throw new Error(`the case could not be written: ${JSON.stringify(created.issues)}`);
    caseId = String(created.record.id);
    opened = true;
  }

  const attachments = storeAttachments(o.spool, peer.workspace, entryId, mail.attachments, o.attachments);
  const html = mail.html ? sanitizeMailHtml(mail.html).html : "";
  const message: Partial<CaseMessage> = {
    caseId,
    direction: "inbound",
    channel: "email",
    fromName: cut(fromName, 300),
    fromAddress: cut(fromAddress, 320),
    to: addressText(mail.to),
    subject: cut(subject, 1000),
    text: cut(mail.text ?? "", MESSAGE_TEXT_MAX),
    html: html.length > MESSAGE_HTML_MAX ? "" : html,
    messageId: cut(messageId, 1000),
    inReplyTo: cut(mail.inReplyTo ?? "", 1000),
    references: cut(references.join(" "), 20_000),
    attachments,
    sentAt: entry.receivedAt,
    author: "",
  };
  const written = await ctx.createRecord("caseMessages", message as StoredRecord, 2);
  if (!written.ok) throw new Error(`the conversation entry could not be written: ${JSON.stringify(written.issues)}`);
  const result = { caseId, entryId: String(written.record.id), opened };
  o.spool.finish(spoolId, "done", result);
  o.logger.info("inbound: message filed", { workspace: peer.workspace, ...result });
  return result;
}

function findByMessageId(peer: WorkspacePeer, messageId: string): Record<string, unknown> | undefined {
  if (!messageId) return undefined;
  const page = peer.list("caseMessages", {
    filters: [{ field: "messageId", op: "is", value: messageId }],
    limit: 1,
    deleted: "include",
  });
  return page.records[0] ? (JSON.parse(page.records[0]) as Record<string, unknown>) : undefined;
}

/** The case this message continues, or undefined for a new thread. */
function threadOf(
  peer: WorkspacePeer,
  inReplyTo: string | undefined,
  references: string[],
  subject: string,
): string | undefined {
  const ids = [inReplyTo ?? "", ...[...references].reverse()].filter(Boolean);
  for (const id of ids.slice(0, 50)) {
    const found = findByMessageId(peer, id);
    if (found && typeof found.caseId === "string" && caseExists(peer, found.caseId)) return found.caseId;
  }
  const token = caseIdFromSubject(subject);
  if (token && caseExists(peer, token)) return token;
  return undefined;
}

function caseExists(peer: WorkspacePeer, id: string): boolean {
  const c = peer.get("cases", id);
  return !!c && !c.deletedAt;
}

async function reopen(ctx: PeerJobContext, caseId: string): Promise<void> {
  const c = ctx.peer.get("cases", caseId);
  // "pending" waits on the customer (an agent replied, peer/src/replies): their answer reopens it too.
  if (c && (c.status === "resolved" || c.status === "closed" || c.status === "pending")) {
    const r = await ctx.patchRecord("cases", caseId, { status: "open" });
    if (!r.ok) throw new Error(`the case could not be reopened: ${JSON.stringify(r.issues)}`);
  }
}

/** The sender's contact: found by email, else created (n = 0) with the account of their domain. */
async function contactFor(
  ctx: PeerJobContext,
  address: string,
  name: string,
): Promise<{ id: string; accountId: string }> {
  const peer = ctx.peer;
  if (address) {
    const page = peer.list("contacts", { filters: [{ field: "email", op: "is", value: address }], limit: 1 });
    if (page.records[0]) {
      const c = JSON.parse(page.records[0]) as { id: string; accountId?: string };
      return { id: c.id, accountId: c.accountId ?? "" };
    }
  }
  const words = name.replace(/["']/g, "").trim().split(/\s+/).filter(Boolean);
  const local = address.split("@")[0] || "Unknown";
  const lastName = cut(words.length > 1 ? words.slice(-1)[0]! : words[0] || local, 100);
  const firstName = cut(words.length > 1 ? words.slice(0, -1).join(" ") : "", 100);
  const created = await ctx.createRecord(
    "contacts",
    { firstName, lastName, email: address, accountId: accountOfDomain(peer, address.split("@")[1] ?? "") },
    0,
  );
  if (!created.ok) throw new Error(`the contact could not be written: ${JSON.stringify(created.issues)}`);
  return { id: String(created.record.id), accountId: String(created.record.accountId ?? "") };
}

/** The account whose website or email is on `domain` (or a parent of it), or "". */
export function accountOfDomain(peer: WorkspacePeer, domain: string): string {
  domain = domain.toLowerCase();
  if (!domain || FREE_MAIL.has(domain)) return "";
  const candidates = (field: string, value: string) =>
    peer
      .list("accounts", { filters: [{ field, op: "contains", value }], limit: 20 })
      .records.map((r) => JSON.parse(r) as { id: string; website?: string; email?: string });
  const hostOf = (website: string) => {
    try {
      return new URL(/^https?:\/\//i.test(website) ? website : `https://${website}`).hostname.toLowerCase();
    } catch {
      return "";
    }
  };
  const fits = (host: string) => {
    const h = host.replace(/^www\./, "");
    return h === domain || domain.endsWith(`.${h}`);
  };
  // The registrable part too: mail from support.acme.com fits an account at acme.com.
  for (const probe of new Set([domain, domain.split(".").slice(-2).join(".")])) {
    for (const a of candidates("website", probe)) if (a.website && fits(hostOf(a.website))) return a.id;
    for (const a of candidates("email", `@${probe}`))
      if (a.email && fits(a.email.split("@")[1]?.toLowerCase() ?? "")) return a.id;
  }
  return "";
}
