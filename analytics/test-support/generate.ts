import type { Account } from "@crm/schema";
import { seededRandom } from "@crm/schema";
import type { WorkspaceRecords } from "../src/load.js";
import type {
  AccountLike,
  CaseLike,
  LineItemLike,
  OpportunityLike,
  OrderLike,
  OrderStatus,
  ProductLike,
  SurveyResponseLike,
} from "../src/records.js";

/*
 * Seeded workspace data for the parity test and the native benchmark: the same size and seed
 * always give the same records, in the record contract's field names. It stands in for schema's
 * `big` demo generator until that one covers orders, cases and survey responses.
 *
 * The data has the shapes the metrics care about: each buying account orders at its own rate
 * within its own active period, so some accounts pause longer than the churn window and come
 * back, some churn by status, a few orders are cancelled or returned, and some rows fall after
 * the as-of date (they must be ignored).
 */

export const dataSizes = {
  small: { accounts: 600, orders: 6_000, cases: 700, surveyResponses: 900, opportunities: 400, products: 40 },
  big: {
    accounts: 20_000,
    orders: 250_000,
    cases: 25_000,
    surveyResponses: 30_000,
    opportunities: 8_000,
    products: 500,
  },
  bench: {
    accounts: 50_000,
    orders: 1_000_000,
    cases: 60_000,
    surveyResponses: 100_000,
    opportunities: 20_000,
    products: 1_000,
  },
} as const;
export type DataSize = keyof typeof dataSizes;

/** The as-of date the generated data is meant to be read at; the last two weeks of rows come after it. */
export const generatedAsOf = "2026-10-31";

const DAY = 86_400_000;
const END = Date.UTC(2026, 10, 15); // two weeks past the as-of date
const START = END - 4 * 365 * DAY;

/** Reads ANALYTICS_DATA_SIZE (small | big | bench), defaulting to `fallback`. */
export function dataSizeFromEnv(fallback: DataSize): DataSize {
  const v = process.env.ANALYTICS_DATA_SIZE;
  if (v == null || v === "") return fallback;
  if (v in dataSizes) return v as DataSize;
  throw new Error(`ANALYTICS_DATA_SIZE: expected one of ${Object.keys(dataSizes).join(", ")}, got "${v}"`);
}

export function generateWorkspace(
  size: DataSize,
  seed = 7,
): Required<
  Pick<WorkspaceRecords, "accounts" | "orders" | "cases" | "surveyResponses" | "opportunities" | "products">
> {
  const n = dataSizes[size];
  const rand = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const id = (kind: string, i: number) => `${kind}${String(i).padStart(7, "0")}`;
  const stamp = (at: number) => ({ createdAt: at, createdBy: "gen", updatedAt: at, updatedBy: "gen" });

  const products: ProductLike[] = [];
  for (let i = 0; i < n.products; i++) {
    const unitPrice = int(5, 500) * 10;
    products.push({
      id: id("p", i),
      name: `Product ${i}`,
      sku: `SKU-${i}`,
      unitPrice,
      // One product in five has no cost entered (0): gross margin uses the others.
      cost: rand() < 0.2 ? 0 : Math.round(unitPrice * (0.3 + rand() * 0.4)),
      active: rand() < 0.9,
      description: "",
      deletedAt: null,
      ...stamp(START),
    });
  }

  // Each account buys between `from` and `to` with a weight (how many orders it gets).
  interface Buyer {
    index: number;
    from: number;
    to: number;
    weight: number;
  }
  const accounts: AccountLike[] = [];
  const buyers: Buyer[] = [];
  for (let i = 0; i < n.accounts; i++) {
    const createdAt = START + Math.floor(rand() * (END - START) * 0.9);
    const buys = rand() < 0.8;
    const from = createdAt + int(0, 60) * DAY;
    const to = Math.min(END, from + Math.floor(-Math.log(1 - rand()) * 700 * DAY));
    let status: Account["status"] = buys ? "customer" : "prospect";
    let churnedAt: number | null = null;
    // Half the accounts that stopped buying long ago were marked churned, some weeks later.
    if (buys && to < END - 200 * DAY && rand() < 0.5) {
      status = "churned";
      churnedAt = to + int(0, 60) * DAY;
    }
    accounts.push({
      id: id("a", i),
      name: `Account ${i}`,
      website: "",
      industry: pick(["Software", "Retail", "Finance", "Healthcare", "Logistics"]),
      phone: "",
      email: "",
      billingStreet: "",
      billingCity: "",
      billingPostalCode: "",
      billingCountry: "",
      status,
      owner: "",
      churnedAt,
      deletedAt: null,
      ...stamp(createdAt),
      updatedAt: churnedAt ?? createdAt,
    });
    if (buys) buyers.push({ index: i, from, to, weight: rand() ** 2 });
  }

  // Orders go to buyers in proportion to their weight (cumulative weights, binary search).
  const cumulative: number[] = [];
  let total = 0;
  for (const b of buyers) {
    total += b.weight;
    cumulative.push(total);
  }
  const pickBuyer = (): Buyer => {
    const x = rand() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) < x) lo = mid + 1;
      else hi = mid;
    }
    return buyers[lo] as Buyer;
  };
  const statuses: readonly OrderStatus[] = [
    ...Array<OrderStatus>(85).fill("delivered"),
    ...Array<OrderStatus>(5).fill("shipped"),
    ...Array<OrderStatus>(3).fill("confirmed"),
    ...Array<OrderStatus>(2).fill("new"),
    ...Array<OrderStatus>(3).fill("cancelled"),
    ...Array<OrderStatus>(2).fill("returned"),
  ];
  const orders: OrderLike[] = [];
  for (let i = 0; i < n.orders; i++) {
    const b = pickBuyer();
    const orderedAt = b.from + Math.floor(rand() * (b.to - b.from + 1));
    const lines: LineItemLike[] = [];
    const lineCount = rand() < 0.6 ? 1 : int(2, 3);
    let sum = 0;
    for (let l = 0; l < lineCount; l++) {
      const p = pick(products);
      const line = {
        id: `${id("l", i)}-${l}`,
        productId: p.id ?? "",
        description: "",
        quantity: int(1, 10),
        unitPrice: p.unitPrice ?? 0,
        discountPct: pick([0, 0, 0, 5, 10]),
        taxPct: pick([0, 7, 19]),
      };
      sum += line.quantity * line.unitPrice * (1 - line.discountPct / 100) * (1 + line.taxPct / 100);
      lines.push(line);
    }
    const status = pick(statuses);
    orders.push({
      id: id("o", i),
      number: `O-${String(i + 1).padStart(5, "0")}`,
      accountId: id("a", b.index),
      quoteId: "",
      status,
      orderedAt,
      lines,
      total: Math.round(sum * 100) / 100,
      statusHistory: [{ status, at: orderedAt, by: "gen" }],
      deletedAt: null,
      ...stamp(orderedAt),
    });
  }

  const channels = ["phone", "email", "chat", "web"] as const;
  const cases: CaseLike[] = [];
  for (let i = 0; i < n.cases; i++) {
    const b = pickBuyer();
    const openedAt = b.from + Math.floor(rand() * (END - b.from));
    const resolved = rand() < 0.85;
    const resolvedAt = resolved ? openedAt + int(1, 20 * 24) * 3_600_000 : null;
    const closedAt = resolvedAt != null && rand() < 0.8 ? resolvedAt + int(1, 7) * DAY : null;
    cases.push({
      id: id("k", i),
      subject: `Case ${i}`,
      accountId: id("a", b.index),
      contactId: "",
      status: closedAt != null ? "closed" : resolvedAt != null ? "resolved" : pick(["new", "open", "pending"] as const),
      priority: pick(["low", "normal", "normal", "normal", "high", "urgent"] as const),
      channel: pick(channels),
      assignee: "",
      openedAt,
      firstResponseAt: openedAt + int(1, 48) * 3_600_000,
      resolvedAt,
      closedAt,
      escalatedAt: rand() < 0.1 ? openedAt + int(1, 72) * 3_600_000 : null,
      deletedAt: null,
      ...stamp(openedAt),
    });
  }

  const surveyResponses: SurveyResponseLike[] = [];
  for (let i = 0; i < n.surveyResponses; i++) {
    const kind = rand() < 0.6 ? "csat" : "nps";
    // Half the answers are about a case (and its account); the others about an account's orders.
    const about = rand() < 0.5 ? pick(cases) : null;
    const accountId = about?.accountId ?? id("a", pickBuyer().index);
    const respondedAt = (about?.openedAt ?? START + Math.floor(rand() * (END - START))) + int(1, 14) * DAY;
    surveyResponses.push({
      id: id("s", i),
      kind,
      // Skewed to the happy end, as real answers are.
      score: kind === "csat" ? Math.min(5, 1 + Math.floor(rand() * 5.6)) : Math.min(10, Math.floor(rand() * 12)),
      channel: pick(channels),
      accountId,
      caseId: about?.id ?? "",
      respondedAt,
      comment: "",
      deletedAt: null,
      ...stamp(respondedAt),
    });
  }

  const stages = [
    ["prospecting", 10],
    ["qualification", 25],
    ["proposal", 50],
    ["negotiation", 75],
    ["won", 100],
    ["lost", 0],
  ] as const;
  const opportunities: OpportunityLike[] = [];
  for (let i = 0; i < n.opportunities; i++) {
    const [stage, probability] = pick(stages);
    const createdAt = END - int(10, 700) * DAY;
    const close = new Date(createdAt + int(20, 300) * DAY).toISOString().slice(0, 10);
    const closedAt = createdAt + int(5, 200) * DAY;
    opportunities.push({
      id: id("d", i),
      name: `Deal ${i}`,
      accountId: id("a", int(0, n.accounts - 1)),
      contactId: "",
      stage,
      amount: int(1, 200) * 500,
      probability,
      closeDate: rand() < 0.05 ? "" : close,
      owner: "",
      wonAt: stage === "won" ? closedAt : null,
      lostAt: stage === "lost" ? closedAt : null,
      deletedAt: null,
      ...stamp(createdAt),
    });
  }

  return { accounts, orders, cases, surveyResponses, opportunities, products };
}
