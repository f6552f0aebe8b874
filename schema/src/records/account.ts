import { industryValues } from "../descriptors/picklists.js";
import { defineFields, field, labelled, type RecordInput } from "../descriptors/spec.js";
import type { Section } from "../descriptors/types.js";
import { phoneTerms } from "../phones.js";
import { type BaseRecord, defineRecordType, type StoredRecord } from "../record.js";
import { commonAliases } from "./aliases.js";

export { commonIndustries } from "../descriptors/picklists.js";

// An Account is a company the team sells to or serves.

export const accountStatuses = ["prospect", "customer", "churned"] as const;
export type AccountStatus = (typeof accountStatuses)[number];

export interface Account extends BaseRecord {
  name: string;
  website: string;
  /** A value of the workspace's industry list, or any text typed before it was a list. */
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

const billing: Section = { id: "billingAddress", label: { en: "Billing address", zh: "账单地址" } };

export const accountFields = defineFields<Account>({
  name: field.text(
    { en: "Name", zh: "名称" },
    {
      required: true,
      defaultColumn: true,
      aliases: {
        en: ["name", "account name", "company", "company name", "organisation", "organization"],
        zh: ["公司", "公司名称", "客户名称", "名称"],
      },
    },
  ),
  website: field.url(
    { en: "Website", zh: "网站" },
    { aliases: { en: ["website", "web", "url", "homepage"], zh: ["网站", "网址", "主页"] } },
  ),
  industry: field.listed({ en: "Industry", zh: "行业" }, "industry", industryValues, {
    open: true,
    defaultColumn: true,
    aliases: { en: ["industry", "sector"], zh: ["行业"] },
  }),
  phone: field.phone({ en: "Phone", zh: "电话" }, { defaultColumn: true, aliases: commonAliases.phone }),
  email: field.email({ en: "Email", zh: "邮箱" }, { defaultColumn: true, aliases: commonAliases.email }),
  billingStreet: field.text(
    { en: "Street", zh: "街道" },
    {
      section: billing,
      aliases: { en: ["street", "address", "billing street", "billing address"], zh: ["地址", "街道"] },
    },
  ),
  billingCity: field.text(
    { en: "City", zh: "城市" },
    { maxLength: 100, section: billing, group: true, aliases: { en: ["city", "billing city"], zh: ["城市"] } },
  ),
  billingPostalCode: field.text(
    { en: "Postal code", zh: "邮编" },
    {
      maxLength: 20,
      section: billing,
      aliases: {
        en: ["postal code", "postcode", "zip", "zip code", "billing postal code"],
        zh: ["邮编", "邮政编码"],
      },
    },
  ),
  billingCountry: field.text(
    { en: "Country", zh: "国家/地区" },
    {
      maxLength: 100,
      section: billing,
      group: true,
      aliases: { en: ["country", "billing country"], zh: ["国家", "国家/地区"] },
    },
  ),
  status: field.picklist(
    { en: "Status", zh: "状态" },
    labelled(accountStatuses, {
      prospect: { en: "Prospect", zh: "潜在客户" },
      customer: { en: "Customer", zh: "客户" },
      churned: { en: "Churned", zh: "已流失" },
    }),
    { default: "prospect", defaultColumn: true, aliases: commonAliases.status },
  ),
  owner: field.person(
    { en: "Owner", zh: "负责人" },
    { responsible: true, defaultColumn: true, aliases: commonAliases.owner },
  ),
  churnedAt: field.dateTime({ en: "Churned", zh: "流失时间" }, { readOnly: true }),
});

export const AccountType = defineRecordType<Account>({
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
  fields: accountFields,
  searchTerms: (a) => withPhone(searchWords(a.name, a.email, a.website.replace(/^https?:\/\/(www\.)?/, "")), a.phone),
  sortKey: (a) => a.name.toLocaleLowerCase(),
  deriveChanges: (changes, before, now) => accountStatusTimes(changes, before, now),
});

/** The built-in fields' validator (`AccountType.validate` adds the workspace's custom fields). */
export const accountInput = AccountType.input;
export type AccountInput = RecordInput<Account>;

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
