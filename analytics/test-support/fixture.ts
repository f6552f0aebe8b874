import type { Account, Case, LineItem, Opportunity, Order, OrderStatus, Product, SurveyResponse } from "@crm/schema";
import type { WorkspaceRecords } from "../src/load.js";
import type { Loose } from "../src/tables.js";

// Records as a local database may hold them: any field may be missing (an older version).
type AccountLike = Loose<Account>;
type CaseLike = Loose<Case>;
type LineItemLike = Loose<LineItem>;
type OpportunityLike = Loose<Opportunity>;
type OrderLike = Loose<Omit<Order, "lines">> & { lines?: readonly LineItemLike[] | null };
type ProductLike = Loose<Product>;
type SurveyResponseLike = Loose<SurveyResponse>;

/*
 * A hand-made workspace small enough to work every metric out on paper (metrics.test.ts does,
 * in its comments). Read it with as_of = 2024-06-30 and churn_days = 90.
 *
 *   account    counted orders (date: total)                         other facts
 *   A Acme     2024-01-10: 100, 02-10: 200, 03-10: 300, 05-20: 400   a cancelled and a deleted order; open case K1
 *   B Globex   2024-01-05: 500, 01-25: 500                          open high-priority case K2
 *   C Initech  2024-02-01: 300                                      status churned on 2024-03-15
 *   D Umbrella 2023-12-20: 1000, 2024-04-10: 1000                   a returned order; escalated case K3
 *   E Hooli    2024-06-15: 250                                      an order after as_of; resolved case K4
 *   F Vandelay (none)                                               status churned, never ordered
 */

export const fixtureAsOf = "2024-06-30";

const stamp = (at: number) => ({ createdAt: at, createdBy: "u1", updatedAt: at, updatedBy: "u1", deletedAt: null });

/** Epoch ms of a UTC day (noon unless a time is given): at("2024-01-10"), at("2024-03-31T23:59:59.999"). */
export function at(day: string): number {
  return Date.parse(day.includes("T") ? `${day}Z` : `${day}T12:00:00Z`);
}

function account(
  id: string,
  name: string,
  status: "prospect" | "customer" | "churned",
  churnedOn?: string,
): AccountLike {
  return {
    id,
    name,
    industry: "Software",
    status,
    owner: "",
    website: "",
    email: "",
    phone: "",
    billingStreet: "",
    billingCity: "",
    billingPostalCode: "",
    billingCountry: "",
    churnedAt: churnedOn ? at(churnedOn) : null,
    ...stamp(at("2023-11-01")),
  };
}

export const products: ProductLike[] = [
  { id: "P1", name: "Widget", sku: "W-1", unitPrice: 100, cost: 60, active: true, description: "", ...stamp(0) },
  // No cost entered (0): its lines stay out of the gross margin.
  { id: "P2", name: "Service", sku: "S-1", unitPrice: 50, cost: 0, active: true, description: "", ...stamp(0) },
];

const line = (n: number, productId: string, quantity: number, unitPrice: number, discountPct = 0, taxPct = 0) =>
  ({ id: `L${n}`, productId, description: "", quantity, unitPrice, discountPct, taxPct }) satisfies LineItemLike;

function order(
  id: string,
  accountId: string,
  day: string,
  total: number,
  status: OrderStatus = "delivered",
  lines: LineItemLike[] = [],
): OrderLike {
  const orderedAt = at(day);
  return {
    id,
    number: `O-${id}`,
    accountId,
    quoteId: "",
    status,
    orderedAt,
    lines,
    total,
    statusHistory: [{ status, at: orderedAt, by: "u1" }],
    ...stamp(orderedAt),
  };
}

export const orders: OrderLike[] = [
  // 1 × 80, 25 % tax: 100.
  order("A1", "A", "2024-01-10", 100, "delivered", [line(1, "P1", 1, 80, 0, 25)]),
  // 2 × 125, 20 % off: 200.
  order("A2", "A", "2024-02-10", 200, "delivered", [line(1, "P1", 2, 125, 20)]),
  order("A3", "A", "2024-03-10", 300, "shipped", [line(1, "P1", 2, 100), line(2, "P2", 2, 50)]),
  order("A4", "A", "2024-03-15", 999, "cancelled", [line(1, "P1", 10, 99.9)]),
  { ...order("A5", "A", "2024-04-01", 5000), deletedAt: at("2024-04-02") },
  order("A6", "A", "2024-05-20", 400, "confirmed", [line(1, "P1", 4, 100)]),
  order("B1", "B", "2024-01-05", 500),
  order("B2", "B", "2024-01-25", 500, "new"),
  order("C1", "C", "2024-02-01", 300),
  order("D1", "D", "2023-12-20", 1000),
  order("D2", "D", "2024-04-10", 1000),
  order("D3", "D", "2024-05-01", 777, "returned"),
  order("E1", "E", "2024-06-15", 250),
  order("E2", "E", "2024-07-05", 9999),
];

export const accounts: AccountLike[] = [
  account("A", "Acme", "customer"),
  account("B", "Globex", "customer"),
  account("C", "Initech", "churned", "2024-03-15"),
  account("D", "Umbrella", "customer"),
  account("E", "Hooli", "customer"),
  account("F", "Vandelay", "churned", "2024-02-01"),
];

function supportCase(
  id: string,
  accountId: string,
  channel: "phone" | "email" | "chat" | "web",
  priority: "low" | "normal" | "high" | "urgent",
  opened: string,
  more: Partial<CaseLike> = {},
): CaseLike {
  return {
    id,
    subject: `Case ${id}`,
    accountId,
    contactId: "",
    status: "open",
    priority,
    channel,
    assignee: "",
    openedAt: at(opened),
    firstResponseAt: null,
    resolvedAt: null,
    closedAt: null,
    escalatedAt: null,
    ...stamp(at(opened)),
    ...more,
  };
}

export const cases: CaseLike[] = [
  supportCase("K1", "A", "phone", "normal", "2024-01-02"),
  supportCase("K2", "B", "email", "high", "2024-01-20"),
  supportCase("K3", "D", "chat", "low", "2024-05-01", { status: "pending", escalatedAt: at("2024-05-02") }),
  supportCase("K4", "E", "web", "normal", "2024-06-20", { status: "resolved", resolvedAt: at("2024-06-25") }),
];

let responseNo = 0;
function response(
  kind: "csat" | "nps",
  score: number,
  when: string,
  accountId: string,
  channel: "phone" | "email" | "chat" | "web",
  caseId = "",
): SurveyResponseLike {
  responseNo += 1;
  const respondedAt = at(when);
  return {
    id: `R${responseNo}`,
    kind,
    score,
    channel,
    accountId,
    caseId,
    respondedAt,
    comment: "",
    ...stamp(respondedAt),
  };
}

export const surveyResponses: SurveyResponseLike[] = [
  // CSAT, January: 5 4 2 3
  response("csat", 5, "2024-01-08", "A", "chat", "K1"),
  response("csat", 4, "2024-01-15", "B", "web"),
  response("csat", 2, "2024-01-22", "B", "email", "K2"),
  response("csat", 3, "2024-01-31T23:59:59.999", "A", "chat"),
  // CSAT, February: 5 5 4 1 4
  response("csat", 5, "2024-02-01T00:00:00", "A", "web"),
  response("csat", 5, "2024-02-05", "B", "phone"),
  response("csat", 4, "2024-02-12", "A", "chat"),
  response("csat", 1, "2024-02-19", "A", "chat", "K1"),
  response("csat", 4, "2024-02-26", "C", "email"),
  // CSAT, June: 3; a 6 is no csat answer; July is after as_of.
  response("csat", 3, "2024-06-20", "E", "web"),
  response("csat", 6, "2024-06-21", "E", "web"),
  response("csat", 5, "2024-07-02", "E", "web"),
  // NPS, March: 10 9 8 6 0 10 7 9 (the last one second before April, UTC)
  response("nps", 10, "2024-03-02", "A", "email"),
  response("nps", 9, "2024-03-04", "B", "email"),
  response("nps", 8, "2024-03-06", "C", "email"),
  response("nps", 6, "2024-03-08", "D", "email"),
  response("nps", 0, "2024-03-10", "B", "email"),
  response("nps", 10, "2024-03-12", "A", "email"),
  response("nps", 7, "2024-03-14", "D", "email"),
  response("nps", 9, "2024-03-31T23:59:59.999", "A", "email"),
  // NPS, April: 3 5 9, and a deleted 10.
  response("nps", 3, "2024-04-01T00:00:00", "D", "phone"),
  response("nps", 5, "2024-04-20", "A", "phone"),
  response("nps", 9, "2024-04-25", "E", "phone"),
  // An agent's note of a customer's CSAT at close (source agent): no CSAT view counts it.
  { ...response("csat", 1, "2024-02-20", "C", "phone"), source: "agent" },
  { ...response("nps", 10, "2024-04-26", "E", "phone"), deletedAt: at("2024-04-27") },
];

function deal(
  id: string,
  stage: string,
  amount: number,
  probability: number | null,
  closeDate: string,
  more: Partial<OpportunityLike> = {},
): OpportunityLike {
  return {
    id,
    name: `Deal ${id}`,
    accountId: "A",
    contactId: "",
    stage,
    amount,
    probability,
    closeDate,
    owner: "",
    wonAt: null,
    lostAt: null,
    ...stamp(at("2024-01-15")),
    ...more,
  };
}

export const opportunities: OpportunityLike[] = [
  deal("O1", "proposal", 10_000, 50, "2024-07-15"),
  deal("O2", "negotiation", 20_000, 80, "2024-07-31"),
  deal("O3", "prospecting", 5_000, null, "2024-09-01"),
  deal("O4", "won", 7_000, 100, "2024-06-10", { wonAt: at("2024-06-01") }),
  deal("O5", "lost", 8_000, 0, "2024-05-20", { lostAt: at("2024-07-10") }),
  deal("O6", "qualification", 4_000, 25, "2024-04-15"),
  deal("O7", "proposal", 6_000, 50, "2024-08-01", { createdAt: at("2024-07-05") }),
  deal("O8", "negotiation", 3_000, 75, ""),
];

export const fixture: WorkspaceRecords = { accounts, orders, cases, surveyResponses, opportunities, products };
