import { scoreLead } from "../leadScore.js";
import { linesTotals } from "../money.js";
import type { Lead, LeadSource, LeadStatus } from "../records/lead.js";
import type { LineItem } from "../records/lines.js";
import { defaultStageProbabilities, type Opportunity } from "../records/opportunity.js";
import type { Order, OrderStatus, StatusChange } from "../records/order.js";
import type { Product } from "../records/product.js";
import { documentNumber, type Quote } from "../records/quote.js";
import { defaultSettings } from "../settings.js";
import {
  FIRST,
  LAST,
  LEAD_COMPANY_KINDS,
  LEAD_COMPANY_WORDS,
  PRODUCT_ADJECTIVES,
  PRODUCT_NOUNS,
  TAX_BY_COUNTRY,
  TITLES,
} from "./words.js";
import { between, DAY, DEMO_USERS, type DemoWorld, demoId, isoDate, pick, streamFor, weighted } from "./world.js";

// The sales side of the demo workspace: price book, deals, leads, quotes and orders.

const cents = (n: number) => Math.round(n * 100) / 100;

export function* products(w: DemoWorld, n: number): Generator<Product> {
  const rand = streamFor(w.seed, "products");
  for (let i = 0; i < n; i++) {
    const created = w.now - between(rand, 400 * DAY, 1100 * DAY);
    const unitPrice = cents(Math.round(20 + rand() ** 2 * 4980) - 0.01);
    const p: Product = {
      id: demoId("pr", w.seed, i),
      createdAt: created,
      createdBy: "demo",
      updatedAt: created,
      updatedBy: "demo",
      name: `${pick(rand, PRODUCT_ADJECTIVES)} ${pick(rand, PRODUCT_NOUNS)} ${100 + i}`,
      sku: `SKU-${String(i + 1).padStart(5, "0")}`,
      unitPrice,
      cost: cents(unitPrice * (0.35 + rand() * 0.35)),
      active: rand() > 0.1,
      description: "",
    };
    w.products.push(p);
    yield p;
  }
}

const STAGES = ["prospecting", "qualification", "proposal", "negotiation", "won", "lost"] as const;
const STAGE_WEIGHTS = [15, 15, 12, 8, 30, 20];

export function* opportunities(w: DemoWorld, n: number): Generator<Opportunity> {
  const rand = streamFor(w.seed, "opportunities");
  for (let i = 0; i < n; i++) {
    const stage = weighted(rand, STAGES, STAGE_WEIGHTS);
    // A won deal made its account a customer: only buying accounts have won deals.
    const ai =
      stage === "won" && w.buyers.length
        ? w.buyers[Math.floor(rand() * w.buyers.length)]!
        : Math.floor(rand() * w.accounts.length);
    const account = w.accounts[ai]!;
    const contacts = w.contactsOf[ai]!;
    const end = account.churnedAt ?? w.now;
    const created = between(rand, account.createdAt, end);
    const open = stage !== "won" && stage !== "lost";
    const closedAt = Math.min(end, created + between(rand, 10 * DAY, 120 * DAY));
    const o: Opportunity = {
      id: demoId("op", w.seed, i),
      createdAt: created,
      createdBy: "demo",
      updatedAt: open ? created : closedAt,
      updatedBy: "demo",
      name: `${account.name} – ${pick(rand, PRODUCT_NOUNS)}`,
      accountId: account.id,
      contactId: contacts.length ? pick(rand, contacts) : "",
      stage,
      amount: Math.round(10 + rand() ** 2 * 1500) * 100,
      probability: defaultStageProbabilities[stage]!,
      closeDate: isoDate(open ? w.now + between(rand, -15 * DAY, 365 * DAY) : closedAt),
      owner: pick(rand, DEMO_USERS),
      wonAt: stage === "won" ? closedAt : null,
      lostAt: stage === "lost" ? closedAt : null,
    };
    w.opportunities.push(o);
    yield o;
  }
}

const SOURCES: LeadSource[] = ["web", "referral", "event", "outbound", "partner", "other"];
const LEAD_STATUSES: LeadStatus[] = ["new", "working", "qualified", "disqualified"];
const rules = defaultSettings().leadScoring.rules;

export function* leads(w: DemoWorld, n: number): Generator<Lead> {
  const rand = streamFor(w.seed, "leads");
  for (let i = 0; i < n; i++) {
    const status = weighted(rand, LEAD_STATUSES, [35, 30, 20, 15]);
    // Most qualified leads were converted: into one of the deals, at the time it was opened.
    const opp = status === "qualified" && rand() < 0.7 && w.opportunities.length ? pick(rand, w.opportunities) : null;
    const account = opp ? w.accounts[w.accountIndex.get(opp.accountId)!]! : null;
    const created = opp ? opp.createdAt - between(rand, DAY, 60 * DAY) : w.now - between(rand, 0, 720 * DAY);
    const firstName = pick(rand, FIRST);
    const lastName = pick(rand, LAST);
    const company = account ? account.name : `${pick(rand, LEAD_COMPANY_WORDS)} ${pick(rand, LEAD_COMPANY_KINDS)}`;
    const domain = account
      ? account.email.split("@")[1]!
      : rand() < 0.25
        ? "gmail.com"
        : `${company.toLowerCase().replace(/[^a-z0-9]+/g, "")}.example`;
    const lead: Lead = {
      id: demoId("ld", w.seed, i),
      createdAt: created,
      createdBy: "demo",
      updatedAt: opp ? opp.createdAt : created,
      updatedBy: "demo",
      firstName,
      lastName,
      company,
      title: rand() < 0.8 ? pick(rand, TITLES) : "",
      email: rand() < 0.9 ? `${`${firstName}.${lastName}${i}`.toLowerCase().replace(/[^a-z0-9.]/g, "")}@${domain}` : "",
      phone: rand() < 0.6 ? `+33${Math.floor(1e8 + rand() * 9e8)}` : "",
      source: pick(rand, SOURCES),
      status,
      score: 0,
      owner: pick(rand, DEMO_USERS),
      convertedAt: opp ? opp.createdAt : null,
      convertedAccountId: account?.id ?? "",
      convertedContactId: opp?.contactId ?? "",
      convertedOpportunityId: opp?.id ?? "",
    };
    lead.score = scoreLead(lead, rules).score;
    w.leadIds.push(lead.id);
    yield lead;
  }
}

function demoLines(rand: () => number, w: DemoWorld, taxPct: number): LineItem[] {
  const count = 1 + Math.floor(rand() ** 1.5 * 4);
  const lines: LineItem[] = [];
  for (let k = 0; k < count; k++) {
    const p = pick(rand, w.products);
    lines.push({
      id: `L${k + 1}`,
      productId: p.id,
      description: p.name,
      quantity: 1 + Math.floor(rand() ** 2 * 20),
      unitPrice: p.unitPrice,
      discountPct: weighted(rand, [0, 5, 10, 15], [70, 15, 10, 5]),
      taxPct,
    });
  }
  return lines;
}

const taxOf = (w: DemoWorld, accountId: string) =>
  TAX_BY_COUNTRY[w.accounts[w.accountIndex.get(accountId)!]!.billingCountry] ?? 0;

export function* quotes(w: DemoWorld, n: number): Generator<Quote> {
  const rand = streamFor(w.seed, "quotes");
  const accepted = new Set<string>();
  const candidates = w.opportunities.filter((o) => o.stage !== "prospecting");
  for (let i = 0; i < n && candidates.length; i++) {
    const opp = pick(rand, candidates);
    const closed = opp.wonAt ?? opp.lostAt;
    const created = closed ? between(rand, opp.createdAt, closed) : between(rand, opp.createdAt, w.now);
    // One accepted quote per won deal; the others were superseded (rejected).
    let status: Quote["status"] = "rejected";
    if (opp.wonAt && !accepted.has(opp.id)) status = "accepted";
    else if (!closed) status = rand() < 0.5 ? "draft" : "sent";
    if (status === "accepted") accepted.add(opp.id);
    const q: Quote = {
      id: demoId("qt", w.seed, i),
      createdAt: created,
      createdBy: "demo",
      updatedAt: closed ?? created,
      updatedBy: "demo",
      number: documentNumber("Q", i + 1),
      accountId: opp.accountId,
      opportunityId: opp.id,
      contactId: opp.contactId,
      status,
      validUntil: isoDate(created + 30 * DAY),
      lines: demoLines(rand, w, taxOf(w, opp.accountId)),
      orderId: status === "accepted" ? demoId("or", w.seed, w.acceptedQuotes.length) : "",
    };
    if (status === "accepted") w.acceptedQuotes.push(q);
    yield q;
  }
}

/** Status and its history for an order placed at `at`, given how long ago that was. */
function orderHistory(rand: () => number, at: number, now: number, by: string): StatusChange[] {
  const h: StatusChange[] = [{ status: "new", at, by }];
  const step = (status: OrderStatus, after: number) => {
    const t = h[h.length - 1]!.at + after;
    if (t > now) return false;
    h.push({ status, at: t, by });
    return true;
  };
  if (now - at > 30 * DAY && rand() < 0.06) {
    step("cancelled", between(rand, DAY / 4, 2 * DAY));
    return h;
  }
  if (!step("confirmed", between(rand, DAY / 10, DAY))) return h;
  if (!step("shipped", between(rand, DAY, 3 * DAY))) return h;
  if (!step("delivered", between(rand, 2 * DAY, 5 * DAY))) return h;
  if (rand() < 0.04) step("returned", between(rand, 5 * DAY, 20 * DAY));
  return h;
}

export function* orders(w: DemoWorld, n: number): Generator<Order> {
  const rand = streamFor(w.seed, "orders");
  for (let i = 0; i < n; i++) {
    const quote = w.acceptedQuotes[i];
    let accountId: string;
    let at: number;
    let lines: LineItem[];
    if (quote) {
      accountId = quote.accountId;
      const account = w.accounts[w.accountIndex.get(quote.accountId)!]!;
      at = Math.min(account.churnedAt ?? w.now, quote.updatedAt + between(rand, 0, 2 * DAY));
      lines = quote.lines.map((l) => ({ ...l }));
    } else {
      // Some customers buy much more than others: a skewed pick over the buying accounts.
      const account = w.accounts[w.buyers[Math.floor(rand() ** 1.6 * w.buyers.length)]!]!;
      accountId = account.id;
      const end = account.churnedAt ?? w.now;
      at = between(rand, Math.min(account.createdAt + 7 * DAY, end), end);
      lines = demoLines(rand, w, TAX_BY_COUNTRY[account.billingCountry] ?? 0);
    }
    const by = DEMO_USERS[i % DEMO_USERS.length]!;
    const statusHistory = orderHistory(rand, at, w.now, by);
    const last = statusHistory[statusHistory.length - 1]!;
    yield {
      id: demoId("or", w.seed, i),
      createdAt: at,
      createdBy: "demo",
      updatedAt: last.at,
      updatedBy: "demo",
      number: documentNumber("O", i + 1),
      accountId,
      quoteId: quote?.id ?? "",
      status: last.status,
      orderedAt: at,
      lines,
      total: linesTotals(lines).total,
      statusHistory,
    };
  }
}
