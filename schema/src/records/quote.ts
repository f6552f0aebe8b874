import { z } from "zod";
import { requiredText, text } from "../fields.js";
import { type BaseRecord, defineRecordType } from "../record.js";
import { choice, dateOnly } from "../scalars.js";
import { searchWords } from "./account.js";
import { type LineItem, linesInput } from "./lines.js";

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

export const quoteInput = z.object({
  number: text(20).default(""),
  accountId: requiredText(40),
  opportunityId: text(40).default(""),
  contactId: text(40).default(""),
  status: choice(quoteStatuses, "draft"),
  validUntil: dateOnly(),
  lines: linesInput(),
  orderId: text(40).default(""),
});
export type QuoteInput = z.input<typeof quoteInput>;

export const QuoteType = defineRecordType<Quote, typeof quoteInput>({
  typeName: "quote",
  collection: "quotes",
  // ~20k quotes in a big workspace: 16 documents of ~1,250 each (docs.ts).
  shards: 16,
  migrations: [],
  input: quoteInput,
  defaults: () => ({
    number: "",
    accountId: "",
    opportunityId: "",
    contactId: "",
    status: "draft",
    validUntil: "",
    lines: [],
    orderId: "",
  }),
  searchTerms: (q) => searchWords(q.number),
  sortKey: (q) => q.number.toLocaleLowerCase(),
  unique: ["number"],
});
