import {
  type CollectionName,
  type Contact,
  companyNameKey,
  contactsToVCards,
  type FieldSettings,
  type Lang,
  type StoredRecord,
  spacedE164,
  toCsv,
} from "@crm/schema";
import type { TFunction } from "i18next";
import type { CrmDatabase } from "../local/db.js";
import { isoDay } from "../ui/dates.js";
import { type CellContext, columnsOf, columnTitles, encodeCell } from "./columns.js";

/*
 * Exports read the local projection (what the list shows: live records), never the network.
 * The columns and how each cell is written come from the field descriptors (columns.ts): titles
 * in the reader's language, accounts and people by name, choices by label, custom fields too —
 * and all of it imports back as the same records. The writer (schema's csv.ts) turns cells a
 * spreadsheet would run as formulas into text with a leading "'", which the import removes again.
 */

/** Excel reads a UTF-8 file without a byte order mark as the local code page: Chinese breaks. */
const BOM = "\uFEFF";

export function recordsToCsv(
  collection: CollectionName,
  records: readonly StoredRecord[],
  ctx: CellContext,
  settings?: FieldSettings,
): string {
  const columns = columnsOf(collection, settings);
  const header = columnTitles(columns, ctx.lang);
  return BOM + toCsv([header, ...records.map((r) => columns.map((c) => encodeCell(c, r[c.key], ctx)))]);
}

export interface Person {
  id: string;
  name: string;
  email: string;
}

/** What a cell says for each account and person: a name unless another has it too. */
export function cellContext(
  lang: Lang,
  t: TFunction,
  accounts: readonly { id: string; name: string }[],
  people: readonly Person[],
  formatPhone: (stored: string) => string,
): CellContext {
  const nameCount = new Map<string, number>();
  for (const a of accounts) nameCount.set(companyNameKey(a.name), (nameCount.get(companyNameKey(a.name)) ?? 0) + 1);
  const accountName = new Map(accounts.map((a) => [a.id, a.name]));
  const personCount = new Map<string, number>();
  for (const p of people) personCount.set(p.name.trim(), (personCount.get(p.name.trim()) ?? 0) + 1);
  const person = new Map(people.map((p) => [p.id, p]));
  return {
    lang,
    accountCell: (id) => {
      const name = accountName.get(id);
      return name && nameCount.get(companyNameKey(name)) === 1 ? name : id;
    },
    personCell: (id) => {
      const p = person.get(id);
      if (!p) return id;
      return p.name.trim() && personCount.get(p.name.trim()) === 1 ? p.name : p.email || id;
    },
    formatPhone,
    yes: t("data.history.yes", { lng: lang }),
    no: t("data.history.no", { lng: lang }),
  };
}

/**
 * Every live record of a collection, in list order, as the CSV the person downloads, in `lang`,
 * with the workspace's custom fields and picklist values (`settings`).
 */
export async function exportCsv(
  db: CrmDatabase,
  collection: CollectionName,
  lang: Lang,
  t: TFunction,
  people: readonly Person[],
  settings: FieldSettings,
): Promise<string> {
  const rows = (await db.table(collection).orderBy("sortKey").toArray()) as StoredRecord[];
  const columns = columnsOf(collection, settings);
  const needsAccounts = columns.some((c) => c.kind === "reference" && c.ref === "accounts");
  const accounts = needsAccounts ? await db.accounts.toArray() : [];
  // The phone library groups numbers ("+49 30 1234567"); offline before it was ever loaded, the
  // plain "+49 301234567" reads back the same.
  const formatPhone = columns.some((c) => c.kind === "phone")
    ? await import("@crm/schema/phoneNumbers").then(
        (m) => m.formatPhone,
        () => spacedE164,
      )
    : spacedE164;
  return recordsToCsv(collection, rows, cellContext(lang, t, accounts, people, formatPhone), settings);
}

export async function exportVCards(db: CrmDatabase): Promise<string> {
  const contacts = (await db.contacts.orderBy("sortKey").toArray()) as Contact[];
  const accountIds = [...new Set(contacts.map((c) => c.accountId).filter(Boolean))];
  const accounts = await db.accounts.bulkGet(accountIds);
  const names = new Map(accounts.flatMap((a) => (a ? [[a.id, { name: a.name }] as const] : [])));
  return contactsToVCards(contacts, names);
}

/** Hands a text file to the browser's downloads. */
export function download(fileName: string, text: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const a = document.createElement("a");
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "accounts-2026-11-24.csv" */
export function fileName(base: string, ext: string, now = new Date()): string {
  return `${base}-${isoDay(now)}.${ext}`;
}
