import { defineFields, field, labelled, type RecordInput } from "../descriptors/spec.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { searchWords } from "./account.js";
import { commonAliases } from "./aliases.js";
import type { LineItem } from "./lines.js";

// A Quote offers products to an Account; once accepted it becomes an Order (orderFlow.ts).

export const quoteStatuses = ["draft", "sent", "accepted", "rejected"] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];

export interface Quote extends BaseRecord {
  /** What people quote on the phone: "Q-00042". */
  number: string;
  accountId: string;
  opportunityId: string;
  contactId: string;
  status: QuoteStatus;
  validUntil: string;
  lines: LineItem[];
  /** The order made from this quote; "" until accepted. */
  orderId: string;
}

/** "Q-00042": a prefix and a zero-padded sequence number. */
export function documentNumber(prefix: "Q" | "O", n: number): string {
  return `${prefix}-${String(n).padStart(5, "0")}`;
}

export const quoteFields = defineFields<Quote>({
  number: field.text(
    { en: "Number", zh: "编号" },
    {
      maxLength: 20,
      unique: true,
      // Taken from the workspace's sequence when the record is made (web runtime/numbers.ts).
      readOnly: true,
      defaultColumn: true,
      aliases: { en: [...commonAliases.number.en, "quote number"], zh: [...commonAliases.number.zh, "报价单号"] },
    },
  ),
  accountId: field.reference({ en: "Account", zh: "客户" }, "accounts", {
    required: true,
    defaultColumn: true,
    aliases: commonAliases.accountId,
  }),
  opportunityId: field.reference({ en: "Opportunity", zh: "商机" }, "opportunities", {
    aliases: { en: ["opportunity id", "opportunity"], zh: ["商机"] },
  }),
  contactId: field.reference({ en: "Contact", zh: "联系人" }, "contacts", { aliases: commonAliases.contactId }),
  status: field.picklist(
    { en: "Status", zh: "状态" },
    labelled(quoteStatuses, {
      draft: { en: "Draft", zh: "草稿" },
      sent: { en: "Sent", zh: "已发送" },
      accepted: { en: "Accepted", zh: "已接受" },
      rejected: { en: "Rejected", zh: "已拒绝" },
    }),
    { default: "draft", defaultColumn: true, aliases: commonAliases.status },
  ),
  validUntil: field.date(
    { en: "Valid until", zh: "有效期至" },
    { defaultColumn: true, aliases: { en: ["valid until", "expiry", "expires"], zh: ["有效期至", "有效期"] } },
  ),
  lines: field.lines({ en: "Lines", zh: "明细" }),
  // Set when the quote is accepted (orderFlow.ts), not typed.
  orderId: field.reference({ en: "Order", zh: "订单" }, "orders", { readOnly: true }),
});

export const QuoteType = defineRecordType<Quote>({
  typeName: "quote",
  collection: "quotes",
  // ~20k quotes in a big workspace: 16 documents of ~1,250 each (docs.ts).
  shards: 16,
  migrations: [],
  fields: quoteFields,
  searchTerms: (q) => searchWords(q.number),
  sortKey: (q) => q.number.toLocaleLowerCase(),
});

/** The built-in fields' validator (`QuoteType.validate` adds the workspace's custom fields). */
export const quoteInput = QuoteType.input;
export type QuoteInput = RecordInput<Quote>;
