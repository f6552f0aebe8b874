import { leads, opportunities, orders, products, quotes } from "./demo/sales.js";
import { activities, cases, surveyResponses } from "./demo/service.js";
import { CITIES, FIRST, LAST, PREFIX, STATUSES, SUFFIX, TITLES } from "./demo/words.js";
import { between, DAY, DEMO_USERS, type DemoWorld, demoId, pick, seededRandom, streamFor } from "./demo/world.js";
import type { StoredRecord } from "./record.js";
import { type Account, commonIndustries } from "./records/account.js";
import type { Activity } from "./records/activity.js";
import type { Case } from "./records/case.js";
import type { Contact } from "./records/contact.js";
import type { Lead } from "./records/lead.js";
import type { Opportunity } from "./records/opportunity.js";
import type { Order } from "./records/order.js";
import type { Product } from "./records/product.js";
import type { Quote } from "./records/quote.js";
import type { SurveyResponse } from "./records/surveyResponse.js";
import type { CollectionName } from "./recordTypes.js";

export { DEMO_PEOPLE, seededRandom } from "./demo/world.js";

/*
 * Deterministic demo data: the same seed and size always give the same records (ids included),
 * so benchmarks and screenshots are repeatable. Every type is generated, coherently: orders and
 * cases belong to buying accounts and fall inside their lifetime (before `churnedAt` for churned
 * ones), accepted quotes became orders, closed cases have CSAT answers (worse when the SLA was
 * breached), converted leads point at the deal, account and contact they became.
 *
 * `demoBatches` is a generator of batches, so a UI can show progress, yield to the event loop
 * between batches and cancel by not asking for more. Accounts and contacts come from the first
 * random stream exactly as before this generator grew (the startup benchmark searches their
 * names); every other collection has its own stream (demo/world.ts, `streamFor`).
 */

/**
 * The order collections are generated in: each only refers to collections before it. Case
 * conversations (`caseMessages`) are not generated: they come from mail and chat.
 */
export const demoOrder = [
  "accounts",
  "contacts",
  "products",
  "opportunities",
  "leads",
  "quotes",
  "orders",
  "cases",
  "surveyResponses",
  "activities",
] as const satisfies readonly CollectionName[];
export type DemoCollection = (typeof demoOrder)[number];

export const demoSizes = {
  demo: {
    accounts: 120,
    contacts: 360,
    products: 24,
    opportunities: 90,
    leads: 60,
    quotes: 60,
    orders: 600,
    cases: 80,
    surveyResponses: 90,
    activities: 400,
  },
  big: {
    accounts: 20_000,
    contacts: 50_000,
    products: 1_000,
    opportunities: 15_000,
    leads: 10_000,
    quotes: 20_000,
    orders: 250_000,
    cases: 25_000,
    surveyResponses: 30_000,
    activities: 100_000,
  },
  /** The analytics benchmarks' workspace (npm run bench:analytics): a million orders. */
  bench: {
    accounts: 50_000,
    contacts: 100_000,
    products: 1_000,
    opportunities: 20_000,
    leads: 10_000,
    quotes: 20_000,
    orders: 1_000_000,
    cases: 60_000,
    surveyResponses: 100_000,
    activities: 100_000,
  },
} as const satisfies Record<string, Record<DemoCollection, number>>;
export type DemoSize = keyof typeof demoSizes;

export interface DemoData {
  accounts: Account[];
  contacts: Contact[];
  products: Product[];
  opportunities: Opportunity[];
  leads: Lead[];
  quotes: Quote[];
  orders: Order[];
  cases: Case[];
  surveyResponses: SurveyResponse[];
  activities: Activity[];
}

export interface DemoBatch {
  collection: CollectionName;
  records: StoredRecord[];
  /** Records yielded so far (this batch included) and in all, for a progress bar. */
  done: number;
  total: number;
}

export const DEMO_NOW = Date.UTC(2026, 10, 1);

export function* demoBatches(size: DemoSize, seed = 1, now = DEMO_NOW, batchSize = 5_000): Generator<DemoBatch> {
  const counts = demoSizes[size];
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const w: DemoWorld = {
    seed,
    now,
    accounts: [],
    accountIndex: new Map(),
    buyers: [],
    contactsOf: [],
    contactIds: [],
    contactAccountIds: [],
    products: [],
    opportunities: [],
    leadIds: [],
    acceptedQuotes: [],
    cases: [],
    breached: new Set(),
  };
  const sources: Record<(typeof demoOrder)[number], () => Iterable<object>> = {
    accounts: () => accountsAndChurn(w, size, counts.accounts),
    contacts: () => contacts(w, size, counts.contacts),
    products: () => products(w, counts.products),
    opportunities: () => opportunities(w, counts.opportunities),
    leads: () => leads(w, counts.leads),
    quotes: () => quotes(w, counts.quotes),
    orders: () => orders(w, counts.orders),
    cases: () => cases(w, counts.cases),
    surveyResponses: () => surveyResponses(w, counts.surveyResponses),
    activities: () => activities(w, counts.activities),
  };
  let done = 0;
  for (const collection of demoOrder) {
    let records: StoredRecord[] = [];
    for (const r of sources[collection]()) {
      records.push(r as StoredRecord);
      if (records.length >= batchSize) {
        done += records.length;
        yield { collection, records, done, total };
        records = [];
      }
    }
    if (records.length) {
      done += records.length;
      yield { collection, records, done, total };
    }
  }
}

/** All demo records at once (tests, scripts). A UI should iterate `demoBatches` instead. */
export function generateDemo(size: DemoSize, seed = 1, now = DEMO_NOW): DemoData {
  const out = Object.fromEntries(demoOrder.map((c) => [c, [] as StoredRecord[]])) as Record<string, StoredRecord[]>;
  for (const batch of demoBatches(size, seed, now, 10_000))
    for (const r of batch.records) out[batch.collection]!.push(r);
  return out as unknown as DemoData;
}

/*
 * Accounts and contacts draw from `seededRandom(seed)` in exactly the order the first version of
 * this generator did. Do not add, remove or reorder a draw in the two functions below.
 */

function* accountsAndChurn(w: DemoWorld, size: DemoSize, nAccounts: number): Generator<Account> {
  w.rand = seededRandom(w.seed);
  const rand = w.rand;
  const { now, seed } = w;
  const accounts = w.accounts;
  const used = new Set<string>();
  for (let i = 0; i < nAccounts; i++) {
    let base = `${pick(rand, PREFIX)} ${pick(rand, SUFFIX)}`;
    // Small workspaces read better without numbers; names stay unique either way.
    for (let tries = 0; used.has(base) && tries < 20; tries++) base = `${pick(rand, PREFIX)} ${pick(rand, SUFFIX)}`;
    const name = size === "demo" && !used.has(base) ? base : `${base} ${i + 1}`;
    used.add(name);
    const domain = `${name.toLowerCase().replace(/[^a-z0-9]+/g, "")}.example`;
    const [city, country] = pick(rand, CITIES);
    const created = now - Math.floor(rand() * 3 * 365 * 86400_000);
    accounts.push({
      id: demoId("a", seed, i),
      name,
      website: `https://${domain}`,
      industry: pick(rand, commonIndustries),
      phone: `+49${Math.floor(1e9 + rand() * 9e9)}`,
      email: `hello@${domain}`,
      billingStreet: `${1 + Math.floor(rand() * 200)} Market Street`,
      billingCity: city,
      billingPostalCode: String(10000 + Math.floor(rand() * 89999)),
      billingCountry: country,
      status: pick(rand, STATUSES),
      owner: "",
      createdAt: created,
      createdBy: "demo",
      updatedAt: created,
      updatedBy: "demo",
    });
  }
  // Churn times come from their own stream, so the draws above stay as they were.
  const churn = streamFor(seed, "churn");
  accounts.forEach((a, i) => {
    w.accountIndex.set(a.id, i);
    if (a.status === "churned") {
      // A churned account was a customer for at least a month before it left.
      const from = Math.min(a.createdAt + 30 * DAY, now);
      a.churnedAt = between(churn, from, now);
      a.updatedAt = a.churnedAt;
    } else a.churnedAt = null;
    if (a.status !== "prospect") w.buyers.push(i);
    w.contactsOf.push([]);
  });
  yield* accounts;
}

function* contacts(w: DemoWorld, _size: DemoSize, nContacts: number): Generator<Contact> {
  const rand = w.rand!;
  const { seed, accounts, now } = w;
  // Fields contacts gained later draw from their own stream: the draws above stay as they were.
  const later = streamFor(seed, "contactsV3");
  for (let i = 0; i < nContacts; i++) {
    const account = accounts[Math.floor(rand() * accounts.length)] as Account;
    const firstName = pick(rand, FIRST);
    const lastName = pick(rand, LAST);
    // Clamped to `now` (the draw is unchanged): a contact cannot be created in the future.
    const created = Math.min(now, account.createdAt + Math.floor(rand() * 90 * 86400_000));
    const contact: Contact = {
      id: demoId("c", seed, i),
      firstName,
      lastName,
      email: `${`${firstName}.${lastName}${i}`.toLowerCase().replace(/[^a-z0-9.]/g, "")}@${account.email.split("@")[1]}`,
      phone: `+44${Math.floor(1e9 + rand() * 9e9)}`,
      title: pick(rand, TITLES),
      accountId: account.id,
      // Half of them give a mobile number; they work where their account is.
      mobile: later() < 0.5 ? `+447${Math.floor(1e8 + later() * 9e8)}` : "",
      owner: pick(later, DEMO_USERS),
      mailingStreet: account.billingStreet,
      mailingCity: account.billingCity,
      mailingPostalCode: account.billingPostalCode,
      mailingCountry: account.billingCountry,
      // Nobody in the demo has opted in to marketing mail (a typed-in contact never has).
      emailStatus: "none",
      emailConsentBasis: "",
      emailTopics: [],
      createdAt: created,
      createdBy: "demo",
      updatedAt: created,
      updatedBy: "demo",
    };
    const ai = w.accountIndex.get(account.id)!;
    w.contactsOf[ai]!.push(contact.id);
    w.contactIds.push(contact.id);
    w.contactAccountIds.push(account.id);
    yield contact;
  }
}
