import {
  type CollectionName,
  type Contact,
  contactsToVCards,
  importableFields,
  recordTypes,
  type StoredRecord,
  toCsv,
} from "@crm/schema";
import type { CrmDatabase } from "../local/db.js";
import { isoDay } from "../ui/dates.js";

/*
 * Exports read the local projection (what the list shows: live records), never the network.
 * Columns are `id` plus the fields an import maps by name, so an exported file imports back as
 * it is; the writer (schema's csv.ts) makes cells a spreadsheet would run as formulas into text.
 */

/** Excel reads a UTF-8 file without a byte order mark as the local code page: Chinese breaks. */
const BOM = "\uFEFF";

export function exportColumns(collection: CollectionName): string[] {
  return ["id", ...importableFields(recordTypes[collection].typeName)];
}

export function recordsToCsv(collection: CollectionName, records: readonly StoredRecord[]): string {
  const columns = exportColumns(collection);
  return BOM + toCsv([columns, ...records.map((r) => columns.map((c) => r[c]))]);
}

/** Every live record of a collection, in list order. */
export async function exportCsv(db: CrmDatabase, collection: CollectionName): Promise<string> {
  const rows = (await db.table(collection).orderBy("sortKey").toArray()) as StoredRecord[];
  return recordsToCsv(collection, rows);
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
