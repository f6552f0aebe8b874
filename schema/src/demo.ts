import { type Account, type AccountStatus, commonIndustries } from "./records/account.js";
import type { Contact } from "./records/contact.js";

/*
 * Deterministic demo data: the same seed and size always give the same records (ids included),
 * so benchmarks and screenshots are repeatable.
 */

export const demoSizes = {
  demo: { accounts: 120, contacts: 360 },
  big: { accounts: 20_000, contacts: 50_000 },
} as const;
export type DemoSize = keyof typeof demoSizes;

/** mulberry32: a small, fast, seedable PRNG. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIX = [
  "Acme",
  "Globex",
  "Initech",
  "Umbrella",
  "Stark",
  "Wayne",
  "Hooli",
  "Vandelay",
  "Tyrell",
  "Wonka",
  "Cyberdyne",
  "Soylent",
  "Aperture",
  "Black Mesa",
  "Nakatomi",
  "Oscorp",
  "Pied Piper",
  "Gringotts",
  "Monarch",
  "Blue Sun",
  "Northwind",
  "Contoso",
  "Fabrikam",
  "Tailspin",
  "Litware",
  "Adatum",
  "Proseware",
  "Woodgrove",
  "Lucerne",
  "Fourth Coffee",
];
const SUFFIX = [
  "Labs",
  "Systems",
  "Industries",
  "Group",
  "Logistics",
  "Foods",
  "Health",
  "Energy",
  "Capital",
  "Media",
  "Robotics",
  "Analytics",
  "Partners",
  "Works",
  "Trading",
];
const CITIES: [string, string][] = [
  ["Berlin", "Germany"],
  ["Lyon", "France"],
  ["Austin", "United States"],
  ["Leeds", "United Kingdom"],
  ["Osaka", "Japan"],
  ["Shenzhen", "China"],
  ["Toronto", "Canada"],
  ["Porto", "Portugal"],
  ["Melbourne", "Australia"],
  ["Utrecht", "Netherlands"],
];
const FIRST = [
  "Ada",
  "Grace",
  "Alan",
  "Linus",
  "Margaret",
  "Dennis",
  "Barbara",
  "Ken",
  "Frances",
  "Edsger",
  "Radia",
  "Tim",
  "Katherine",
  "Donald",
  "Hedy",
  "Wei",
  "Mei",
  "Jun",
  "Sofia",
  "Mateo",
];
const LAST = [
  "Lovelace",
  "Hopper",
  "Turing",
  "Torvalds",
  "Hamilton",
  "Ritchie",
  "Liskov",
  "Thompson",
  "Allen",
  "Dijkstra",
  "Perlman",
  "Berners-Lee",
  "Johnson",
  "Knuth",
  "Lamarr",
  "Zhang",
  "Wang",
  "Li",
  "Garcia",
  "Silva",
];
const TITLES = [
  "CEO",
  "CTO",
  "Head of Sales",
  "Buyer",
  "Operations Manager",
  "Engineer",
  "Procurement Lead",
  "Office Manager",
  "CFO",
  "Product Manager",
];
const STATUSES: AccountStatus[] = ["prospect", "customer", "customer", "customer", "churned"];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

function demoId(kind: string, seed: number, i: number): string {
  return `${kind}${seed.toString(36)}x${i.toString(36).padStart(5, "0")}`;
}

export interface DemoData {
  accounts: Account[];
  contacts: Contact[];
}

export function generateDemo(size: DemoSize, seed = 1, now = Date.UTC(2026, 10, 1)): DemoData {
  const rand = seededRandom(seed);
  const { accounts: nAccounts, contacts: nContacts } = demoSizes[size];
  const accounts: Account[] = [];
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
  const contacts: Contact[] = [];
  for (let i = 0; i < nContacts; i++) {
    const account = accounts[Math.floor(rand() * accounts.length)] as Account;
    const firstName = pick(rand, FIRST);
    const lastName = pick(rand, LAST);
    const created = account.createdAt + Math.floor(rand() * 90 * 86400_000);
    contacts.push({
      id: demoId("c", seed, i),
      firstName,
      lastName,
      email: `${`${firstName}.${lastName}${i}`.toLowerCase().replace(/[^a-z0-9.]/g, "")}@${account.email.split("@")[1]}`,
      phone: `+44${Math.floor(1e9 + rand() * 9e9)}`,
      title: pick(rand, TITLES),
      accountId: account.id,
      createdAt: created,
      createdBy: "demo",
      updatedAt: created,
      updatedBy: "demo",
    });
  }
  return { accounts, contacts };
}
