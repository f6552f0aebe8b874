import type { Account, Contact } from "@crm/schema";
import type { Loose } from "./tables.js";

/*
 * The records analytics reads, in the field names of the record contract shared with schema/
 * (docs: the contract in the issue; date-times are epoch ms, pure dates "YYYY-MM-DD", money a
 * number, percentages 0–100, "" for "no reference"). schema/ is adding these record types; until
 * they are exported there, their shapes are written down here. When they land, each interface
 * below is replaced by an import of the schema type, and the `*Like` names stay.
 *
 * Every shape is `Loose`: a local row may come from an older or newer schema version, so any
 * field may be missing; the loader turns a missing field into SQL NULL.
 */

/** Fields the contract adds to every record (schema's BaseRecord gains them with the new types). */
interface Lifecycle {
  deletedAt: number | null;
  _v: number;
}

export type AccountLike = Loose<
  Account &
    Lifecycle & {
      /** When the status became "churned"; absent in older records (the loader then uses updatedAt). */
      churnedAt: number | null;
    }
>;
export type ContactLike = Loose<Contact & Lifecycle>;

interface Base extends Lifecycle {
  id: string;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
  updatedBy: string;
}

export interface Lead extends Base {
  firstName: string;
  lastName: string;
  company: string;
  title: string;
  email: string;
  phone: string;
  source: "web" | "referral" | "event" | "outbound" | "partner" | "other";
  status: "new" | "working" | "qualified" | "disqualified";
  score: number;
  owner: string;
  convertedAt: number | null;
  convertedAccountId: string;
  convertedContactId: string;
  convertedOpportunityId: string;
}

export interface Opportunity extends Base {
  name: string;
  accountId: string;
  contactId: string;
  /** A pipeline stage id; the default stages are prospecting, qualification, proposal, negotiation, won, lost. */
  stage: string;
  amount: number;
  /** 0–100; defaults from the stage. */
  probability: number;
  closeDate: string;
  owner: string;
  wonAt: number | null;
  lostAt: number | null;
}

export interface Product extends Base {
  name: string;
  sku: string;
  unitPrice: number;
  cost: number;
  active: boolean;
  description: string;
}

/** One line of a quote or an order. */
export interface LineItem {
  id: string;
  productId: string;
  description: string;
  quantity: number;
  unitPrice: number;
  discountPct: number;
  taxPct: number;
}

export interface Quote extends Base {
  number: string;
  accountId: string;
  opportunityId: string;
  contactId: string;
  status: "draft" | "sent" | "accepted" | "rejected";
  validUntil: string;
  lines: LineItem[];
  orderId: string;
}

export type OrderStatus = "new" | "confirmed" | "shipped" | "delivered" | "cancelled" | "returned";

export interface Order extends Base {
  number: string;
  accountId: string;
  quoteId: string;
  status: OrderStatus;
  orderedAt: number;
  lines: LineItem[];
  /** Sum of the line totals, discount and tax included. */
  total: number;
  statusHistory: { status: OrderStatus; at: number; by: string }[];
}

export interface Case extends Base {
  subject: string;
  accountId: string;
  contactId: string;
  status: "new" | "open" | "pending" | "resolved" | "closed";
  priority: "low" | "normal" | "high" | "urgent";
  channel: "phone" | "email" | "chat" | "web";
  assignee: string;
  openedAt: number;
  firstResponseAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
  escalatedAt: number | null;
}

export interface Activity extends Base {
  kind: "call" | "email" | "meeting" | "task";
  subject: string;
  dueAt: number | null;
  done: boolean;
  doneAt: number | null;
  relatedType: string;
  relatedId: string;
  accountId: string;
  owner: string;
}

export interface SurveyResponse extends Base {
  kind: "csat" | "nps";
  /** csat 1–5, nps 0–10. */
  score: number;
  channel: "phone" | "email" | "chat" | "web";
  accountId: string;
  caseId: string;
  respondedAt: number;
  comment: string;
}

export type LeadLike = Loose<Lead>;
export type OpportunityLike = Loose<Opportunity>;
export type ProductLike = Loose<Product>;
export type LineItemLike = Loose<LineItem>;
export type QuoteLike = Loose<Omit<Quote, "lines">> & { lines?: readonly LineItemLike[] | null };
export type OrderLike = Loose<Omit<Order, "lines">> & { lines?: readonly LineItemLike[] | null };
export type CaseLike = Loose<Case>;
export type ActivityLike = Loose<Activity>;
export type SurveyResponseLike = Loose<SurveyResponse>;
