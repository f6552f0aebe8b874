import {
  type CollectionName,
  type Contact,
  companyNameKey,
  contactsToVCards,
  type PipelineStage,
  type StoredRecord,
  spacedE164,
  toCsv,
} from "@crm/schema";
import type { TFunction } from "i18next";
import type { CrmDatabase } from "../local/db.js";
import { isoDay } from "../ui/dates.js";
import { type CellContext, columnLabel, columnsOf, encodeCell, stageLabeller } from "./columns.js";

/*
 * Exports read the local projection (what the list shows: live records), never the network.
 * The columns and how each cell is written are columns.ts: headers as the screens name the
 * fields, accounts and people by name, choices by label — and all of it imports back as the same
 * records. The writer (schema's csv.ts) turns cells a spreadsheet would run as formulas into
 * text with a leading "'", which the import removes again.
 */

/** Excel reads a UTF-8 file without a byte order mark as the local code page: Chinese breaks. */
const BOM = "\uFEFF";

export function recordsToCsv(
  collection: CollectionName,
  records: readonly StoredRecord[],
  t: TFunction,
  ctx: CellContext,
): string {
  const columns = columnsOf(collection);
  const header = columns.map((c) => columnLabel(t, collection, c.field));
  return BOM + toCsv([header, ...records.map((r) => columns.map((c) => encodeCell(t, c, r[c.field], ctx)))]);
}

export interface Person {
  id: string;
  name: string;
  email: string;
}

/** What a cell says for each account and person: a name unless another has it too. */
export function cellContext(
  t: TFunction,
  accounts: readonly { id: string; name: string }[],
  people: readonly Person[],
  stages: readonly PipelineStage[],
  formatPhone: (stored: string) => string,
): CellContext {
  const nameCount = new Map<string, number>();
  for (const a of accounts) nameCount.set(companyNameKey(a.name), (nameCount.get(companyNameKey(a.name)) ?? 0) + 1);
  const accountName = new Map(accounts.map((a) => [a.id, a.name]));
  const personCount = new Map<string, number>();
  for (const p of people) personCount.set(p.name.trim(), (personCount.get(p.name.trim()) ?? 0) + 1);
  const person = new Map(people.map((p) => [p.id, p]));
  const label = stageLabeller(t);
  const stage = new Map(stages.map((s) => [s.id, label(s)]));
  return {
    accountCell: (id) => {
      const name = accountName.get(id);
      return name && nameCount.get(companyNameKey(name)) === 1 ? name : id;
    },
    personCell: (id) => {
      const p = person.get(id);
      if (!p) return id;
      return p.name.trim() && personCount.get(p.name.trim()) === 1 ? p.name : p.email || id;
    },
    stageLabel: (id) => stage.get(id) ?? id,
    formatPhone,
  };
}

/** Every live record of a collection, in list order, as the CSV the person downloads. */
export async function exportCsv(
  db: CrmDatabase,
  collection: CollectionName,
  t: TFunction,
  people: readonly Person[],
  stages: readonly PipelineStage[],
): Promise<string> {
  const rows = (await db.table(collection).orderBy("sortKey").toArray()) as StoredRecord[];
  const needsAccounts = columnsOf(collection).some((c) => c.kind === "account");
  const accounts = needsAccounts ? await db.accounts.toArray() : [];
  const phones = columnsOf(collection).some((c) => c.kind === "phone");
  // The phone library groups numbers ("+49 30 1234567"); offline before it was ever loaded, the
  // plain "+49 301234567" reads back the same.
  const formatPhone = phones
    ? await import("@crm/schema/phoneNumbers").then(
        (m) => m.formatPhone,
        () => spacedE164,
      )
    : spacedE164;
  return recordsToCsv(collection, rows, t, cellContext(t, accounts, people, stages, formatPhone));
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
