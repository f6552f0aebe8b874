import { fnv1a } from "../ids.js";
import type { Account } from "../records/account.js";
import type { Case } from "../records/case.js";
import type { Opportunity } from "../records/opportunity.js";
import type { Product } from "../records/product.js";
import type { Quote } from "../records/quote.js";

/** What the demo generators of later types need to know about the records made before them. */
export interface DemoWorld {
  seed: number;
  now: number;
  /** The stream accounts and contacts share (set by the accounts generator). */
  rand?: () => number;
  accounts: Account[];
  accountIndex: Map<string, number>;
  /** Indexes of accounts that buy (customers, and churned ones until they churned). */
  buyers: number[];
  /** Contact ids per account index. */
  contactsOf: string[][];
  contactIds: string[];
  contactAccountIds: string[];
  products: Product[];
  opportunities: Opportunity[];
  leadIds: string[];
  /** Accepted quotes, in the order their orders are numbered. */
  acceptedQuotes: Quote[];
  cases: Pick<Case, "id" | "accountId" | "contactId" | "channel" | "status" | "closedAt" | "resolvedAt">[];
  /** How many CSAT-eligible cases breached an SLA target (survey scores are worse then). */
  breached: Set<string>;
}

export const DAY = 86_400_000;

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

/**
 * An independent random stream per collection: adding or changing one collection's generator
 * leaves every other collection's records as they were.
 */
export function streamFor(seed: number, collection: string): () => number {
  return seededRandom(fnv1a(`${seed}/${collection}`));
}

export function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

/** Picks by weight: `weights` are relative, in the order of `values`. */
export function weighted<T>(rand: () => number, values: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((a, b) => a + b, 0);
  let r = rand() * total;
  for (let i = 0; i < values.length; i++) {
    r -= weights[i]!;
    if (r < 0) return values[i]!;
  }
  return values[values.length - 1]!;
}

export function demoId(kind: string, seed: number, i: number): string {
  return `${kind}${seed.toString(36)}x${i.toString(36).padStart(5, "0")}`;
}

/** A time between `from` and `to` (inclusive of from). */
export function between(rand: () => number, from: number, to: number): number {
  return from + Math.floor(rand() * Math.max(0, to - from));
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * The people records are assigned to in the demo workspace, by user id, with their first names.
 * They are nobody's account (demo data needs owners before anyone is invited), so the app names
 * them from here — "Dana (demo)" — instead of showing `demo-dana`.
 */
export const DEMO_PEOPLE: Readonly<Record<string, string>> = {
  "demo-alice": "Alice",
  "demo-bo": "Bo",
  "demo-chen": "Chen",
  "demo-dana": "Dana",
  "demo-emeka": "Emeka",
};
export const DEMO_USERS = Object.keys(DEMO_PEOPLE);
