import {
  type CollectionName,
  type FieldDescriptor,
  type FieldSettings,
  fieldOf,
  formatMoney,
  isClipped,
  type Lang,
  valueLabel,
} from "@crm/schema";
import type { TFunction } from "i18next";
import { formatDate } from "../ui/dates.js";

/*
 * A stored value as a person reads it, by its field's descriptor: a choice by its label in the
 * reader's language (stages by name), a reference by the record's name, a person by name, money
 * in the workspace currency, days and times in the app's formats, yes/no, "3 lines". The record
 * pages' "More fields", the history and the merge page all read values through this one function,
 * so a custom field shows the same everywhere, and a new built-in field needs nothing here.
 */

/** The language of a translation function: its own `lang.code` string. */
export function langOf(t: TFunction): Lang {
  return t("lang.code") === "zh" ? "zh" : "en";
}

/** What a value is shown with: the reader's language and names known on this device. */
export interface ValueContext {
  t: TFunction;
  lang: Lang;
  currency: string;
  /** A user id as a name. */
  person(id: string): string;
  /** A referenced record's name, when this device knows it. */
  title(id: string): string | undefined;
}

const DAY = 86_400_000;

/**
 * A value as the reader reads it; "" for no value. Without a descriptor (a field a newer version
 * wrote, a definition gone) the value as stored. `asDay`: a date-time typed as a day (an
 * activity's due) shows without a clock when it is a day's UTC midnight.
 */
export function fieldValueText(
  field: FieldDescriptor | undefined,
  v: unknown,
  ctx: ValueContext,
  asDay = false,
): string {
  // A long value is kept clipped in the history (schema's recordHistory.ts): say it goes on.
  if (isClipped(v)) return `${v["~clipped"]}…`;
  if (v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0 && field?.kind !== "lines"))
    return "";
  const locale = ctx.lang === "zh" ? "zh-CN" : "en";
  const n = typeof v === "number" ? v : Number(v);
  switch (field?.kind) {
    case "picklist":
      return valueLabel(field, String(v), ctx.lang);
    case "multiPicklist":
      return (Array.isArray(v) ? v : String(v).split(";"))
        .map((x) => valueLabel(field, String(x), ctx.lang))
        .join(", ");
    case "reference":
      return ctx.title(String(v)) ?? String(v);
    case "person":
      return ctx.person(String(v));
    case "money":
      return Number.isFinite(n) ? formatMoney(n, ctx.currency, locale) : String(v);
    case "percent":
      return Number.isFinite(n) ? `${n.toLocaleString(locale)}%` : String(v);
    case "number":
      return Number.isFinite(n) ? n.toLocaleString(locale) : String(v);
    case "date": {
      const at = Date.parse(`${String(v).slice(0, 10)}T00:00:00Z`);
      return Number.isNaN(at) ? String(v) : formatDate(locale, at, { dateStyle: "medium", timeZone: "UTC" });
    }
    case "dateTime":
      if (!Number.isFinite(n) || n <= 0) return typeof v === "string" ? v : "";
      return asDay && n % DAY === 0
        ? formatDate(locale, n, { dateStyle: "medium", timeZone: "UTC" })
        : formatDate(locale, n, { dateStyle: "medium", timeStyle: "short" });
    case "boolean":
      return ctx.t(v === true || v === "true" ? "fields.yes" : "fields.no");
    case "lines":
      return Array.isArray(v) ? ctx.t("data.history.lines", { count: v.length }) : String(v);
    default:
      return typeof v === "string" ? v : typeof v === "number" ? String(v) : JSON.stringify(v);
  }
}

/**
 * A field's name as its form shows it, in `lang`: a built-in field's label, a custom field's as
 * its admin named it (retired ones too: their values stay in the history); undefined for a key
 * that is no field of the type.
 */
export function fieldName(
  collection: CollectionName,
  key: string,
  lang: Lang,
  settings?: FieldSettings,
): string | undefined {
  return fieldOf(collection, key, settings)?.label[lang];
}

/**
 * The collection a reference field of `record` points into (an activity's `relatedId`: the
 * type its `relatedType` names), from the descriptors; undefined for a field that is no reference.
 */
export function referenceTarget(
  field: FieldDescriptor | undefined,
  record: Readonly<Record<string, unknown>>,
  byTypeName: (typeName: string) => CollectionName | undefined,
): CollectionName | undefined {
  if (field?.kind !== "reference" || !field.ref) return undefined;
  if (typeof field.ref === "string") return field.ref as CollectionName;
  return byTypeName(String(record[field.ref.typeField] ?? ""));
}

/** Fields whose changes the history does not list: structured bookkeeping that repeats another field. */
export function isHiddenInHistory(field: FieldDescriptor | undefined): boolean {
  return field?.kind === "json";
}
