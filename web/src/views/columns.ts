import type { CollectionName, FieldDescriptor, FieldSettings } from "@crm/schema";
import { findField, listFieldsOf, liveFieldsOf, unknownCustom } from "./viewFields.js";

/*
 * A list's columns: every descriptor a list may show (`list`), those marked `defaultColumn`
 * shown until the person chooses, the title column (the record's name, a link) always first.
 * What the descriptors do not say, and only that, is written here:
 *   - which fields the title column stands for (a contact's name is first + last name), so they
 *     are not offered again beside it;
 *   - the columns a list computes rather than reads (a case's SLA timer, a quote's total from its
 *     lines), and where they go among the defaults.
 */

export const titleFields: Record<CollectionName, readonly string[]> = {
  accounts: ["name"],
  contacts: ["firstName", "lastName"],
  leads: ["firstName", "lastName"],
  opportunities: ["name"],
  products: ["name"],
  quotes: ["number"],
  orders: ["number"],
  cases: ["subject"],
  activities: ["subject"],
  surveyResponses: [],
  caseMessages: ["subject"],
  answerArticles: ["question"],
  consents: [],
  segments: ["name"],
};

/** Computed columns, each shown by default after the field `after`. */
export const extraColumns: Partial<Record<CollectionName, readonly { key: string; after: string }[]>> = {
  cases: [{ key: "sla", after: "priority" }],
  quotes: [{ key: "total", after: "status" }],
};

export type ColumnOption = { key: string; field: FieldDescriptor } | { key: string; field?: undefined };

/** The columns a person can choose from, in the descriptors' order, computed ones after them. */
export function columnOptions(collection: CollectionName, settings?: FieldSettings): ColumnOption[] {
  const title = new Set(titleFields[collection]);
  const out: ColumnOption[] = liveFieldsOf(collection, settings)
    .filter((f) => f.list && !title.has(f.key))
    .map((field) => ({ key: field.key, field }));
  for (const e of extraColumns[collection] ?? []) out.push({ key: e.key });
  return out;
}

/** The columns shown until the person chooses: `defaultColumn` fields, computed ones in their place. */
export function defaultColumnsOf(collection: CollectionName): string[] {
  const title = new Set(titleFields[collection]);
  const keys = listFieldsOf(collection)
    .filter((f) => f.defaultColumn && f.list && !title.has(f.key))
    .map((f) => f.key);
  for (const e of extraColumns[collection] ?? []) {
    const at = keys.indexOf(e.after);
    keys.splice(at < 0 ? keys.length : at + 1, 0, e.key);
  }
  return keys;
}

/** A column a view may name: a listable field (retired custom ones too), a computed column, an unknown custom key. */
export function columnKnown(collection: CollectionName, key: string, settings?: FieldSettings): boolean {
  if (extraColumns[collection]?.some((e) => e.key === key)) return true;
  const field = findField(collection, key, settings);
  return field ? field.list : unknownCustom(collection, key, settings);
}

/**
 * The columns on screen: the view's choice (columns of retired or unknown fields left out, so a
 * saved view outliving a field still opens), else the defaults.
 */
export function shownColumns(
  collection: CollectionName,
  chosen: readonly string[] | undefined,
  settings?: FieldSettings,
): string[] {
  if (!chosen) return defaultColumnsOf(collection);
  const offered = new Set(columnOptions(collection, settings).map((o) => o.key));
  return chosen.filter((k) => offered.has(k));
}
