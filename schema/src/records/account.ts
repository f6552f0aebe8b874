import { z } from "zod";
import { email, phone, requiredText, text, website } from "../fields.js";
import { phoneTerms } from "../phones.js";
import { type BaseRecord, defineRecordType, type StoredRecord } from "../record.js";
import { optionalTime } from "../scalars.js";

// An Account is a company the team sells to or serves.

export const accountStatuses = ["prospect", "customer", "churned"] as const;

/** Suggestions for the free-text industry field (and what the demo data uses). */
export const commonIndustries = [
  "Software",
  "Manufacturing",
  "Retail",
  "Healthcare",
  "Finance",
  "Logistics",
  "Energy",
  "Education",
  "Media",
  "Hospitality",
] as const;
export type AccountStatus = (typeof accountStatuses)[number];

export interface Account extends BaseRecord {
  name: string;
  website: string;
  industry: string;
  phone: string;
  email: string;
  billingStreet: string;
  billingCity: string;
  billingPostalCode: string;
  billingCountry: string;
  status: AccountStatus;
  /** The user id of the person responsible for the account; "" when unassigned. */
  owner: string;
  /**
   * When the status last became "churned"; null otherwise. Churn analytics count lost customers
   * per period from it. Optional in the type: records stored before version 3 lack it until
   * migrated (the migration uses `updatedAt`, the best time known).
   */
  churnedAt?: number | null;
}

export const accountInput = z.object({
  name: requiredText(200),
  website: website().default(""),
  industry: text(100).default(""),
  phone: phone().default(""),
  email: email().default(""),
  billingStreet: text(200).default(""),
  billingCity: text(100).default(""),
  billingPostalCode: text(20).default(""),
  billingCountry: text(100).default(""),
  status: z.enum(accountStatuses, { error: "invalidChoice" }).default("prospect"),
  owner: text(100).default(""),
  churnedAt: optionalTime(),
});
export type AccountInput = z.input<typeof accountInput>;

export const AccountType = defineRecordType<Account, typeof accountInput>({
  typeName: "account",
  collection: "accounts",
  // ~20k accounts in a big workspace: 32 documents of ~600 accounts (~250 KB) each, so opening
  // one account for editing decodes a quarter of a megabyte, not the whole table.
  shards: 32,
  migrations: [
    {
      // Version 1 kept the billing address as one free-text "address" field.
      id: "com.crm.account/StructuredBillingAddress",
      to: 2,
      up: ({ address, ...rest }) => ({
        billingStreet: typeof address === "string" ? address : "",
        ...rest,
      }),
    },
    {
      // Version 2 did not record when an account churned.
      id: "com.crm.account/AddChurnedAt",
      to: 3,
      up: (rec) => ({
        ...rec,
        churnedAt: rec.status === "churned" && typeof rec.updatedAt === "number" ? rec.updatedAt : null,
      }),
    },
  ],
  input: accountInput,
  phoneFields: ["phone"],
  defaults: () => ({
    name: "",
    website: "",
    industry: "",
    phone: "",
    email: "",
    billingStreet: "",
    billingCity: "",
    billingPostalCode: "",
    billingCountry: "",
    status: "prospect",
    owner: "",
    churnedAt: null,
  }),
  searchTerms: (a) => withPhone(searchWords(a.name, a.email, a.website.replace(/^https?:\/\/(www\.)?/, "")), a.phone),
  sortKey: (a) => a.name.toLocaleLowerCase(),
  deriveChanges: (changes, before, now) => accountStatusTimes(changes, before, now),
});

/**
 * `churnedAt` follows the status: set when it becomes "churned", cleared when it leaves it (a
 * won-back customer is not churned). Pure: returns the extra fields to write with `changes`.
 */
export function accountStatusTimes(changes: StoredRecord, before: StoredRecord | null, now: number): StoredRecord {
  if (!("status" in changes) || changes.status === before?.status) return {};
  if (changes.status === "churned") return typeof changes.churnedAt === "number" ? {} : { churnedAt: now };
  return before?.churnedAt != null ? { churnedAt: null } : {};
}

/**
 * Words for a prefix index: each lowercased word of the text fields, the whole lowercased
 * value, and the digits of a value written like a number ("AB-12/34" → "1234"), so "acme" and
 * "ada@acme.io" find what a person expects. Phone numbers go through `withPhone`.
 */
export function searchWords(...values: string[]): string[] {
  const out = new Set<string>();
  for (const raw of values) {
    const v = raw.trim().toLocaleLowerCase();
    if (!v) continue;
    out.add(v);
    for (const w of v.split(/[\s,;:()/@.-]+/)) if (w) out.add(w);
    const digits = v.replace(/\D/g, "");
    if (digits.length >= 3 && /^[+\d\s().\-/]+$/.test(v)) out.add(digits);
  }
  return [...out];
}

/** `terms` plus a phone number's two terms (phones.ts: E.164 digits and national number). */
export function withPhone(terms: string[], phone: string): string[] {
  for (const t of phoneTerms(phone)) if (!terms.includes(t)) terms.push(t);
  return terms;
}
