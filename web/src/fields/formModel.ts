import type { FieldDescriptor, Section, StoredRecord } from "@crm/schema";
import { isoDay, localIsoDateTime, localIsoDay, parseLocalDateTime } from "../ui/dates.js";

/*
 * What a record form holds, from the descriptors alone: which fields it shows, in which
 * sections, each value as its input holds it (text, a list of choices), and what a save hands to
 * the store. Pure, so every kind's conversion is unit-tested (formModel.test.ts).
 */

/** An input's value: text, or the chosen values of a multi-picklist. */
export type FormValue = string | string[];
/** A form's values by field key; a type's own parts (quote lines) keep theirs under their key. */
export type FormValues = Record<string, unknown>;

/** How one type's form departs from "every editable field": set by the type (formSpecs.ts). */
export interface FormShape {
  /** Fields edited elsewhere (a case's status on its page, a quote's status by its actions). */
  hide?: readonly string[];
  /** Date-time fields typed as a day (an activity's due): stored as that day's UTC midnight. */
  dayFields?: readonly string[];
}

const DAY = 86_400_000;

/**
 * The fields a form edits, in order: live (not retired), on the form, typed by people (not
 * read-only or computed), not structured (quote lines have their own part), not hidden.
 */
export function formFields(fields: readonly FieldDescriptor[], shape: FormShape = {}): FieldDescriptor[] {
  const hide = new Set(shape.hide ?? []);
  return fields.filter(
    (f) =>
      f.form && !f.readOnly && !f.computed && !f.retired && f.kind !== "lines" && f.kind !== "json" && !hide.has(f.key),
  );
}

export interface FormSection {
  section: Section;
  fields: FieldDescriptor[];
}

/**
 * Fields grouped by section, sections in the order their first field comes: the built-in
 * sections, then "More fields". A custom field placed in a built-in section comes after that
 * section's own fields (fieldsOf lists custom fields last).
 */
export function formSections(fields: readonly FieldDescriptor[]): FormSection[] {
  const out: FormSection[] = [];
  for (const f of fields) {
    const at = out.find((s) => s.section.id === f.section.id);
    if (at) at.fields.push(f);
    else out.push({ section: f.section, fields: [f] });
  }
  return out;
}

/** Collections whose records belong to an account (their descriptors have `accountId`). */
const ACCOUNT_SCOPED = new Set(["contacts", "opportunities", "quotes", "orders", "cases", "activities"]);

/**
 * A reference to a record of the form's account (a case's contact, a quote's deal): chosen among
 * that account's records, and emptied when the account changes.
 */
export function isAccountScoped(f: FieldDescriptor): boolean {
  return f.kind === "reference" && f.key !== "accountId" && typeof f.ref === "string" && ACCOUNT_SCOPED.has(f.ref);
}

/** The field a form puts the cursor in: its first text field (a name, a subject), else its first. */
export function autoFocusKey(fields: readonly FieldDescriptor[]): string | undefined {
  return (fields.find((f) => f.kind === "text") ?? fields[0])?.key;
}

/** A stored value as its input holds it. `asDay`: a date-time typed as a day. */
export function toInput(field: FieldDescriptor, stored: unknown, asDay = false): FormValue {
  switch (field.kind) {
    case "multiPicklist":
      if (Array.isArray(stored)) return stored.map(String);
      return typeof stored === "string" && stored ? stored.split(";") : [];
    case "boolean":
      return stored === true || stored === "true" ? "true" : "false";
    case "dateTime": {
      if (typeof stored !== "number" || !Number.isFinite(stored) || stored <= 0) return "";
      if (asDay) return stored % DAY === 0 ? isoDay(stored) : localIsoDay(stored);
      return localIsoDateTime(stored);
    }
    default:
      return stored === null || stored === undefined ? "" : String(stored);
  }
}

/**
 * An input's value as the validator takes it: a date-time typed in this device's time zone
 * becomes its moment (the validator reads zoneless text as UTC); a day stays "YYYY-MM-DD" (its
 * UTC midnight); yes/no a boolean; the rest as typed, for the validator to read and judge.
 */
export function fromInput(field: FieldDescriptor, input: unknown, asDay = false): unknown {
  switch (field.kind) {
    case "multiPicklist":
      return Array.isArray(input) ? input : [];
    case "boolean":
      return input === true || input === "true";
    case "dateTime": {
      const text = typeof input === "string" ? input.trim() : "";
      if (text === "" || asDay) return text;
      const at = parseLocalDateTime(text);
      return Number.isNaN(at) ? text : at;
    }
    default:
      return typeof input === "string" ? input : String(input ?? "");
  }
}

/**
 * The values a form starts from: each field's stored value in `base` (the record being edited,
 * or what a new record is given: its maker as owner, the account it is made from), else the
 * field's default.
 */
export function initialValues(
  fields: readonly FieldDescriptor[],
  base: Readonly<Record<string, unknown>>,
  shape: FormShape = {},
): Record<string, FormValue> {
  const days = new Set(shape.dayFields ?? []);
  const out: Record<string, FormValue> = {};
  for (const f of fields) {
    const stored = f.key in base ? base[f.key] : f.default === "now" ? null : f.default;
    out[f.key] = toInput(f, stored, days.has(f.key));
  }
  return out;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Keys whose value differs from where the form started. */
export function changedKeys(values: FormValues, initial: FormValues): string[] {
  return Object.keys(values).filter((k) => k in initial && !same(values[k], initial[k]));
}

/**
 * What a save hands to the store: `base` (the stored record, or a new record's given values) with
 * the changed fields as typed. A field left as it was keeps its stored value exactly — a time
 * with seconds, an activity's due with a clock — so opening and saving a form changes nothing
 * the person did not change, and the store writes only what did.
 */
export function formInput(
  fields: readonly FieldDescriptor[],
  values: FormValues,
  initial: FormValues,
  base: Readonly<Record<string, unknown>>,
  shape: FormShape = {},
): StoredRecord {
  const days = new Set(shape.dayFields ?? []);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const out: StoredRecord = { ...base };
  for (const key of changedKeys(values, initial)) {
    const f = byKey.get(key);
    out[key] = f ? fromInput(f, values[key], days.has(key)) : values[key];
  }
  return out;
}
