import { z } from "zod";
import { defineFields, field, labelled, type RecordInput } from "../descriptors/spec.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { searchWords } from "./account.js";

// A CaseMessage is one entry of a case's conversation: a customer's email or chat message
// (inbound), an agent's reply (outbound) or an internal note. Written by the automation peer for
// inbound mail (peer/src/inbound/); bodies are stored already sanitised, never raw.

export const messageDirections = ["inbound", "outbound", "note"] as const;
export type MessageDirection = (typeof messageDirections)[number];
export const messageChannels = ["email", "chat", "web"] as const;
export type MessageChannel = (typeof messageChannels)[number];

/** What is kept of an attachment in the record; the bytes are the server's (peer/src/inbound). */
export interface AttachmentMeta {
  /** The attachment's id in the server's store ("" when it was refused and not stored). */
  id: string;
  filename: string;
  contentType: string;
  size: number;
  /** Why it was not stored ("tooLarge", "typeNotAllowed"); absent when stored. */
  refused?: string;
}

const attachmentMeta = z.object({
  id: z.string().max(100),
  filename: z.string().max(300),
  contentType: z.string().max(200),
  size: z.number().int().min(0),
  refused: z.string().max(40).optional(),
});

/** Bodies beyond these are cut (the raw message stays in the server's spool). */
export const MESSAGE_TEXT_MAX = 100_000;
export const MESSAGE_HTML_MAX = 200_000;

export interface CaseMessage extends BaseRecord {
  caseId: string;
  direction: MessageDirection;
  channel: MessageChannel;
  fromName: string;
  fromAddress: string;
  /** Recipients as written in the header ("Ada <ada@x.com>, bo@y.com"). */
  to: string;
  subject: string;
  text: string;
  /** Sanitised HTML (scripts, handlers, forms and remote loads removed on the server); "" when none. */
  html: string;
  /** The RFC 5322 Message-ID, with angle brackets; "" for notes and chat. */
  messageId: string;
  inReplyTo: string;
  /** The References header's ids, space-separated. */
  references: string;
  attachments: AttachmentMeta[];
  /** When it was received (inbound) or sent (outbound), epoch ms. */
  sentAt: number;
  /** The member who wrote it (outbound, note); "" for a customer's message. */
  author: string;
  /** A chat visitor's "this helped" on an answer article (peer/src/chat); "" otherwise. */
  answerArticleId: string;
}

export const caseMessageFields = defineFields<CaseMessage>({
  caseId: field.reference({ en: "Case", zh: "工单" }, "cases", {
    required: true,
    defaultColumn: true,
    aliases: { en: ["case id", "case", "ticket"], zh: ["工单", "工单编号"] },
  }),
  direction: field.picklist(
    { en: "Direction", zh: "方向" },
    labelled(messageDirections, {
      inbound: { en: "From customer", zh: "客户来信" },
      outbound: { en: "Reply", zh: "回复" },
      note: { en: "Internal note", zh: "内部备注" },
    }),
    { default: "inbound", defaultColumn: true, aliases: { en: ["direction"], zh: ["方向"] } },
  ),
  channel: field.picklist(
    { en: "Channel", zh: "渠道" },
    labelled(messageChannels, {
      email: { en: "Email", zh: "邮件" },
      chat: { en: "Chat", zh: "在线聊天" },
      web: { en: "Web", zh: "网页" },
    }),
    { default: "email", aliases: { en: ["channel"], zh: ["渠道"] } },
  ),
  fromName: field.text({ en: "From (name)", zh: "发件人姓名" }, { maxLength: 300 }),
  fromAddress: field.text({ en: "From", zh: "发件人" }, { maxLength: 320, defaultColumn: true }),
  to: field.text({ en: "To", zh: "收件人" }, { maxLength: 2000 }),
  subject: field.text({ en: "Subject", zh: "主题" }, { maxLength: 1000, defaultColumn: true }),
  text: field.longText({ en: "Text", zh: "正文" }, { maxLength: MESSAGE_TEXT_MAX }),
  html: field.longText({ en: "HTML", zh: "HTML 正文" }, { maxLength: MESSAGE_HTML_MAX, export: false }),
  messageId: field.text({ en: "Message-ID", zh: "邮件 ID" }, { maxLength: 1000 }),
  inReplyTo: field.text({ en: "In-Reply-To", zh: "回复邮件 ID" }, { maxLength: 1000 }),
  references: field.longText({ en: "References", zh: "引用邮件" }, { maxLength: 20_000 }),
  attachments: field.json({ en: "Attachments", zh: "附件" }, z.array(attachmentMeta).max(100), {
    default: [],
    readOnly: true,
  }),
  sentAt: field.dateTimeOrNow({ en: "Time", zh: "时间" }, { defaultColumn: true }),
  author: field.person({ en: "Author", zh: "作者" }, {}),
  answerArticleId: field.reference({ en: "Answer that helped", zh: "有帮助的答案" }, "answerArticles", {
    aliases: { en: ["answer article"], zh: ["答案"] },
  }),
});

export const CaseMessageType = defineRecordType<CaseMessage>({
  typeName: "caseMessage",
  collection: "caseMessages",
  // ~4 entries per case, bodies of a few KB: 64 documents keep a shard near 1,500 entries.
  shards: 64,
  migrations: [
    {
      // Version 1 had no answer articles (the chat widget's "this helped").
      id: "com.crm.caseMessage/AddAnswerArticle",
      to: 2,
      up: (rec) => ({ ...rec, answerArticleId: typeof rec.answerArticleId === "string" ? rec.answerArticleId : "" }),
    },
  ],
  fields: caseMessageFields,
  searchTerms: (m) => searchWords(m.subject, m.fromAddress, m.fromName).slice(0, 40),
  sortKey: (m) => String(m.sentAt).padStart(15, "0"),
});

/** The built-in fields' validator (`CaseMessageType.validate` adds the workspace's custom fields). */
export const caseMessageInput = CaseMessageType.input;
export type CaseMessageInput = RecordInput<CaseMessage>;

/**
 * The token a case's mail carries in its subject ("Re: Printer jam [#CASE-ab12…]"): a reply whose
 * threading headers were lost (forwarded, another client) still finds its case by it.
 */
export function caseToken(caseId: string): string {
  return `[#CASE-${caseId}]`;
}

/** The case id of the first case token in a subject, or undefined. */
export function caseIdFromSubject(subject: string): string | undefined {
  return /\[#CASE-([a-z0-9][a-z0-9_-]{0,63})\]/i.exec(subject)?.[1]?.toLowerCase();
}
