import {
  baseFields,
  type CollectionName,
  defaultSettings,
  exportableFields,
  type FieldDescriptor,
  type FieldSettings,
  type Lang,
  type PipelineStage,
  valueLabel,
} from "@crm/schema";
import type { TFunction } from "i18next";
import { hasKey } from "../i18n/keys.js";

/*
 * The columns of an exported CSV and how their cells are written, from the field descriptors
 * alone (kind, label, values, ref), so that a file exported in either language imports again as
 * the same records and a custom field is a column like any other.
 *
 * - Titles are the field labels in the reader's language. A reference written as an id says so
 *   ("Contact (ID)"); a label two columns share (a custom field called like a built-in one) gets
 *   its form section's name. The import knows every title in both languages (`titleAliases`).
 * - A reference to an account is the account's name (its id when two accounts share the name);
 *   a person (owner, assignee) is their name (their email when two people share it). Other
 *   references stay ids: contact, quote, case names are not unique enough to find them again.
 * - Choices (picklists: status, priority, a pipeline stage, a custom list) are their labels;
 *   several choices are joined with "; "; yes/no is written as words.
 * - Phone numbers are international and spaced ("+49 30 1234567"): a spreadsheet keeps that as
 *   text, and it reads back as the same E.164 number.
 * - Times are ISO 8601 in UTC: exact, and read back as the same instant on every machine.
 * - Retired custom fields are exported too: their values are still stored.
 */

export function langOf(language: string): Lang {
  return language.startsWith("zh") ? "zh" : "en";
}

const idField = baseFields.find((f) => f.key === "id")!;

/** `id`, then every field an export writes (custom ones included), in the type's order. */
export function columnsOf(collection: CollectionName, settings?: FieldSettings): FieldDescriptor[] {
  return [idField, ...exportableFields(collection, settings)];
}

/** References written as the record's id rather than its name: every one but an account. */
export function writtenAsId(field: FieldDescriptor): boolean {
  return field.kind === "reference" && field.ref !== "accounts";
}

/** The columns' titles in `lang`, one distinct title per column. */
export function columnTitles(columns: readonly FieldDescriptor[], lang: Lang): string[] {
  const seen = new Set<string>();
  const paren = (s: string) => (lang === "zh" ? `（${s}）` : ` (${s})`);
  return columns.map((f) => {
    const label = f.key === "id" ? "ID" : writtenAsId(f) ? f.label[lang] + paren("ID") : f.label[lang];
    let title = label;
    if (seen.has(title)) title = label + paren(f.section.label[lang]);
    if (seen.has(title)) title = label + paren(f.key);
    seen.add(title);
    return title;
  });
}

/** Every column's title in both languages: field → titles, for the import's mapping. */
export function titleAliases(collection: CollectionName, settings?: FieldSettings): Record<string, string[]> {
  const columns = columnsOf(collection, settings);
  const [en, zh] = [columnTitles(columns, "en"), columnTitles(columns, "zh")];
  const out: Record<string, string[]> = {};
  columns.forEach((f, i) => {
    if (f.key !== "id") out[f.key] = [...new Set([en[i]!, zh[i]!])];
  });
  return out;
}

/** What a cell is written from, besides the field: names of accounts and people, phones, yes/no. */
export interface CellContext {
  lang: Lang;
  /** Account id → what to write (a unique name, else the id). */
  accountCell(id: string): string;
  /** User id → what to write (a unique name, else an email, else the value). */
  personCell(id: string): string;
  formatPhone(stored: string): string;
  yes: string;
  no: string;
}

/** A stored value as its cell. */
export function encodeCell(field: FieldDescriptor, value: unknown, ctx: CellContext): unknown {
  if (value === null || value === undefined || value === "") return "";
  switch (field.kind) {
    case "picklist":
      return valueLabel(field, String(value), ctx.lang);
    case "multiPicklist":
      return Array.isArray(value) ? value.map((v) => valueLabel(field, String(v), ctx.lang)).join("; ") : value;
    case "boolean":
      return typeof value === "boolean" ? (value ? ctx.yes : ctx.no) : value;
    case "reference":
      return field.ref === "accounts" ? ctx.accountCell(String(value)) : value;
    case "person":
      return ctx.personCell(String(value));
    case "phone":
      return ctx.formatPhone(String(value));
    case "dateTime":
      return typeof value === "number" && Number.isFinite(value) ? new Date(value).toISOString() : value;
    default:
      return value;
  }
}

const defaultStages = defaultSettings().pipelineStages;

/**
 * A stage's name for the reader (sales screens): the default pipeline's stages (still named as
 * shipped) in `t`'s language; a stage an admin named or renamed exactly as they wrote it.
 */
export function stageLabeller(t: TFunction): (stage: PipelineStage) => string {
  return (stage) =>
    defaultStages.some((d) => d.id === stage.id && d.label === stage.label) && hasKey("sales.pipeline.stages", stage.id)
      ? t(`sales.pipeline.stages.${stage.id}`)
      : stage.label;
}
