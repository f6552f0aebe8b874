import { type CaseMessage, canReadCollection, canWriteCollection, newId, type StoredRecord } from "@crm/schema";
import type { ApiExtension } from "../api/app.js";
import { IdempotencyStore } from "../api/idempotency.js";
import { ProblemException } from "../api/problems.js";
import { supportAddress } from "../inbound/settings.js";
import { addressOf } from "../mail/config.js";
import type { Mailer } from "../mail/mailer.js";
import { messageIdFor } from "../mail/store.js";
import type { WorkspacePeer } from "../peer.js";
import { displayName, formatAddress, replySubject, textToHtml, threading } from "./compose.js";
import { describeReplies } from "./openapi.js";

/*
 * `POST /api/v1/cases/{id}/replies`: an agent answers a case by email (issue 13). The outbound
 * entry is written through the peer, then the mail is enqueued with key `case-reply:<entry id>`;
 * its Message-ID is derived from that key (`messageIdFor`), so the entry carries it from its first
 * write and a customer's answer threads back. With an Idempotency-Key the entry id is derived
 * from it: a retry finds the entry and the mail (same key), nothing is written or sent twice.
 */

export const REPLY_TEXT_MAX = 50_000;

const parse = (json: string) => JSON.parse(json) as StoredRecord;

function conversation(peer: WorkspacePeer, caseId: string): CaseMessage[] {
  const page = peer.list("caseMessages", { filters: [{ field: "caseId", op: "is", value: caseId }], limit: 500 });
  return page.records.map((r) => parse(r) as unknown as CaseMessage);
}

export function replyRoutes(o: { mailer: Mailer; domain: string }): ApiExtension {
  return (api, kit) => {
    api.post("/cases/:id/replies", async (c) => {
      const who = kit.caller(c);
      if (!canReadCollection(who.role, "cases") || !canWriteCollection(who.role, "caseMessages"))
        throw new ProblemException(403, "forbidden", `your role (${who.role}) may not reply to cases`);
      const key = c.req.header("idempotency-key");
      if (key !== undefined && (key.length < 1 || key.length > 255))
        throw new ProblemException(400, "bad-request", "Idempotency-Key must be 1 to 255 characters");
      const body = await kit.jsonBody(c);
      const unknown = Object.keys(body).filter((k) => k !== "text");
      if (unknown.length)
        throw new ProblemException(
          422,
          "invalid",
          `unknown fields: ${unknown.join(", ")}`,
          unknown.map((field) => ({ field, code: "unknownField", message: "A reply takes only text." })),
        );
      const text = typeof body.text === "string" ? body.text.trim() : "";
      if (!text)
        throw new ProblemException(422, "invalid", "the reply has no text", [
          { field: "text", code: "required", message: "Write the reply's text." },
        ]);
      if (text.length > REPLY_TEXT_MAX)
        throw new ProblemException(422, "invalid", `the reply is longer than ${REPLY_TEXT_MAX} characters`, [
          { field: "text", code: "tooLong", message: `At most ${REPLY_TEXT_MAX} characters.` },
        ]);
      const peer = await kit.peerOf(who);
      const caseId = c.req.param("id");
      const theCase = peer.get("cases", caseId);
      if (!theCase || theCase.deletedAt) throw new ProblemException(404, "not-found", `no case ${caseId}`);

      const thread = conversation(peer, caseId);
      const contactId = typeof theCase.contactId === "string" ? theCase.contactId : "";
      const contact = contactId ? peer.get("contacts", contactId) : undefined;
      const t = threading(thread, typeof contact?.email === "string" ? contact.email : undefined);
      if (!t.to)
        throw new ProblemException(
          409,
          "no-recipient",
          "the case has no customer address: give its contact an email address",
        );

      const entryId = key !== undefined ? IdempotencyStore.recordIdFor(who.key, `case-reply:${key}`) : newId();
      const mailKey = `case-reply:${entryId}`;
      const fromName = displayName(o.mailer.config.from) || addressOf(o.mailer.config.from);
      const fromAddress = supportAddress(who.workspace, o.domain);
      const subject = replySubject(String(theCase.subject ?? ""), caseId);
      const now = Date.now();
      const entry: Partial<CaseMessage> = {
        caseId,
        direction: "outbound",
        channel: "email",
        fromName,
        fromAddress,
        to: t.to,
        subject,
        text,
        html: textToHtml(text),
        messageId: messageIdFor(mailKey, o.mailer.domain),
        inReplyTo: t.inReplyTo,
        references: t.references.join(" "),
        sentAt: now,
        author: who.actor,
      };
      const written = await peer.create("caseMessages", entry as StoredRecord, { actor: who.actor, id: entryId });
      if (!written.ok)
        throw new ProblemException(written.status, written.code, "the reply could not be stored", written.issues);
      const stored = written.record as unknown as CaseMessage;

      // Enqueued from the stored entry, so a retry sends what the first request wrote.
      const mail = o.mailer.enqueue({
        key: mailKey,
        to: stored.to,
        subject: stored.subject,
        text: stored.text,
        html: stored.html,
        from: formatAddress(fromName, fromAddress),
        ...(stored.inReplyTo ? { inReplyTo: stored.inReplyTo } : {}),
        ...(stored.references ? { references: stored.references.split(" ") } : {}),
        workspace: who.workspace,
        category: "case-reply",
      });

      // The SLA's first response is the first agent reply; an answered new case waits on the customer.
      const changes: StoredRecord = {};
      if (theCase.firstResponseAt == null) changes.firstResponseAt = stored.sentAt;
      if (theCase.status === "new") changes.status = "pending";
      if (Object.keys(changes).length) {
        const patched = await peer.patch("cases", caseId, changes, who.actor);
        if (!patched.ok) kit.logger.error("replies: the case could not be updated", { caseId, issues: patched.issues });
      }
      // Without SMTP_URL the mail stays in the outbox: the app says so instead of "sent".
      const outbox = !o.mailer.config.smtpUrl;
      return c.json(
        { entry: stored, mail: { id: mail.id, messageId: mail.messageId, to: stored.to, outbox } },
        written.created ? 201 : 200,
      );
    });
    describeReplies(kit);
  };
}
