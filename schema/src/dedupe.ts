import { normalizePhone } from "./fields.js";
import type { Account } from "./records/account.js";
import type { Contact } from "./records/contact.js";

/*
 * Dedupe keys: two records with an equal key are probably the same company or person.
 *
 * Emails: lowercased and trimmed. For Gmail (gmail.com, googlemail.com) dots and "+tag" in the
 * local part are removed and the domain unified, because Google delivers all of those spellings
 * to one mailbox (support.google.com/mail/answer/7436150). Elsewhere a "+tag" or a dot may be a
 * different mailbox, so other addresses keep them: a missed duplicate costs a manual merge, a false
 * one suggests merging two people.
 * Phones: the stored normalisation (digits, "+" for international); fewer than 6 digits is no key.
 * Accounts: the name without case, accents, punctuation and legal-form words ("Acme GmbH" =
 * "ACME, Inc."), and the website's domain without "www." — free-mail domains are never a
 * company's domain.
 */

const GMAIL = new Set(["gmail.com", "googlemail.com"]);

/** Mail providers whose domain says nothing about the company a person works for. */
export const freeMailDomains = new Set([
  "gmail.com",
  "googlemail.com",
  "outlook.com",
  "hotmail.com",
  "live.com",
  "yahoo.com",
  "icloud.com",
  "me.com",
  "aol.com",
  "proton.me",
  "protonmail.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "qq.com",
  "163.com",
  "126.com",
  "sina.com",
  "foxmail.com",
]);

export function emailKey(email: string): string {
  const v = email.trim().toLowerCase();
  const at = v.lastIndexOf("@");
  if (at < 1 || at === v.length - 1) return "";
  let local = v.slice(0, at);
  let domain = v.slice(at + 1);
  if (GMAIL.has(domain)) {
    local = local.split("+")[0]!.replaceAll(".", "");
    domain = "gmail.com";
  }
  return `${local}@${domain}`;
}

export function emailDomain(email: string): string {
  const v = email.trim().toLowerCase();
  const at = v.lastIndexOf("@");
  return at < 0 ? "" : v.slice(at + 1);
}

export function phoneKey(phone: string): string {
  const n = normalizePhone(phone);
  return n.replace(/\D/g, "").length >= 6 ? n : "";
}

/** "https://www.Acme.io/about" → "acme.io"; "" when there is no host. */
export function websiteDomain(website: string): string {
  const v = website.trim().toLowerCase();
  if (!v) return "";
  try {
    const host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(v) ? v : `https://${v}`).hostname;
    return host.replace(/^www\d*\./, "");
  } catch {
    return "";
  }
}

const LEGAL_FORMS = new Set([
  "inc",
  "incorporated",
  "corp",
  "corporation",
  "co",
  "company",
  "ltd",
  "limited",
  "llc",
  "llp",
  "plc",
  "gmbh",
  "ag",
  "kg",
  "se",
  "sa",
  "sas",
  "sarl",
  "srl",
  "spa",
  "bv",
  "nv",
  "oy",
  "ab",
  "as",
  "kk",
  "pty",
  "the",
]);
const CJK_LEGAL_FORMS = /(股份有限公司|有限责任公司|有限公司|集团|公司)$/u;

/** A company name reduced to what tells companies apart. */
export function companyNameKey(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/&/g, " and ")
    // "S.A." and "Inc." are one word each.
    .replace(/\./g, "")
    .replace(CJK_LEGAL_FORMS, "");
  const words = base.split(/[^\p{L}\p{N}]+/u).filter((w) => w && !LEGAL_FORMS.has(w));
  return words.join(" ");
}

/** A person's name without case, accents and punctuation: "José  O'Neil" = "jose oneil". */
export function personNameKey(firstName: string, lastName: string): string {
  return `${firstName} ${lastName}`
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/['’]/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(" ");
}

/** The company domain of an account: its website's, else its email's unless that is free mail. */
export function accountDomain(a: Pick<Account, "website" | "email">): string {
  const web = websiteDomain(a.website);
  if (web) return web;
  const mail = emailDomain(a.email);
  return mail && !freeMailDomains.has(mail) ? mail : "";
}

export interface DuplicateGroup {
  ids: string[];
  /** Why they were grouped: "email:ada@acme.io", "name:acme", "domain:acme.io", "phone:+4930…". */
  reasons: string[];
}

/**
 * Groups records that share any key (transitively: A~B by email and B~C by phone → {A, B, C}).
 * Groups are in the order of their first record; ids inside a group keep the input order.
 */
export function groupByKeys<T extends { id: string }>(
  records: readonly T[],
  keys: (r: T) => string[],
): DuplicateGroup[] {
  const parent = records.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  const firstByKey = new Map<string, number>();
  const sharedKeys = new Map<string, Set<number>>();
  records.forEach((r, i) => {
    for (const key of new Set(keys(r))) {
      const first = firstByKey.get(key);
      if (first === undefined) {
        firstByKey.set(key, i);
        continue;
      }
      const a = find(first);
      const b = find(i);
      if (a !== b) parent[Math.max(a, b)] = Math.min(a, b);
      const members = sharedKeys.get(key) ?? new Set([first]);
      members.add(i);
      sharedKeys.set(key, members);
    }
  });
  const groups = new Map<number, { members: number[]; reasons: string[] }>();
  records.forEach((_, i) => {
    const root = find(i);
    const g = groups.get(root) ?? { members: [], reasons: [] };
    g.members.push(i);
    groups.set(root, g);
  });
  for (const [key, members] of sharedKeys) groups.get(find([...members][0]!))!.reasons.push(key);
  return [...groups.values()]
    .filter((g) => g.members.length > 1)
    .map((g) => ({ ids: g.members.map((i) => records[i]!.id), reasons: g.reasons }));
}

/** Keys of an account: its normalised name, its company domain and its phone. */
export function accountKeys(a: Pick<Account, "name" | "website" | "email" | "phone">): string[] {
  const out: string[] = [];
  const name = companyNameKey(a.name);
  if (name) out.push(`name:${name}`);
  const domain = accountDomain(a);
  if (domain) out.push(`domain:${domain}`);
  const phone = phoneKey(a.phone);
  if (phone) out.push(`phone:${phone}`);
  return out;
}

/** Keys of a contact: email, phone, and full name within the same account. */
export function contactKeys(c: Pick<Contact, "firstName" | "lastName" | "email" | "phone" | "accountId">): string[] {
  const out: string[] = [];
  const email = emailKey(c.email);
  if (email) out.push(`email:${email}`);
  const phone = phoneKey(c.phone);
  if (phone) out.push(`phone:${phone}`);
  const name = personNameKey(c.firstName, c.lastName);
  if (name && c.accountId) out.push(`name:${c.accountId}:${name}`);
  return out;
}

type Live = { deletedAt?: number | null };
const live = <T extends Live>(records: readonly T[]) => records.filter((r) => !r.deletedAt);

export function findDuplicateAccounts(accounts: readonly Account[]): DuplicateGroup[] {
  return groupByKeys(live(accounts), accountKeys);
}

export function findDuplicateContacts(contacts: readonly Contact[]): DuplicateGroup[] {
  return groupByKeys(live(contacts), contactKeys);
}
