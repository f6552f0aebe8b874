import { baseFields } from "../descriptors/base.js";
import { isCustomKey } from "../descriptors/custom.js";
import type { FieldSettings } from "../descriptors/effective.js";
import type { FieldDescriptor, FieldKind } from "../descriptors/types.js";
import { fieldsOf } from "../fieldsOf.js";
import type { CollectionName } from "../recordTypes.js";

/*
 * (Moved from web/src/views/viewFields.ts so the automation peer's rules filter records exactly
 * as the list views do.)
 *
 * What a list can show, filter, sort and group by: schema's field descriptors (`fieldsOf`, the
 * bookkeeping fields included, custom fields with the workspace's settings) and their flags —
 * no table of its own. A field the descriptors do not let a list filter on cannot be filtered
 * on, so a saved view naming one is refused instead of silently matching nothing.
 *
 * A custom key ("cf…") that the settings on this device do not define (yet: the settings
 * document may arrive after a saved view that names it) is accepted as "not known here": its
 * filters compile by their operator alone, and its chip and column read its key until the
 * definition arrives. Built-in keys are always known.
 */

/** Every field of a list, retired custom fields included (stored views may name them). */
export function listFieldsOf(collection: CollectionName, settings?: FieldSettings): readonly FieldDescriptor[] {
  return fieldsOf(collection, settings, { base: true });
}

/**
 * The fields offered for new filters, sorts, groups and columns: the record's own (retired custom
 * fields left out), then when and by whom it was made and last changed. Not its id: nobody reads it.
 */
export function liveFieldsOf(collection: CollectionName, settings?: FieldSettings): FieldDescriptor[] {
  return [...fieldsOf(collection, settings, { live: true }), ...baseFields.filter((f) => f.key !== "id")];
}

export function findField(
  collection: CollectionName,
  key: string,
  settings?: FieldSettings,
): FieldDescriptor | undefined {
  return listFieldsOf(collection, settings).find((f) => f.key === key);
}

/** True for a custom key whose definition this device does not hold (see the header). */
export function unknownCustom(collection: CollectionName, key: string, settings?: FieldSettings): boolean {
  return isCustomKey(key) && !findField(collection, key, settings);
}

/** The field holding the person responsible ("Mine"): owner, or a case's assignee. */
export function mineFieldOf(collection: CollectionName): string | undefined {
  return fieldsOf(collection).find((f) => f.responsible)?.key;
}

export const operators = [
  "is",
  "isNot",
  "anyOf",
  "contains",
  "empty",
  "notEmpty",
  "gt",
  "lt",
  "between",
  "before",
  "after",
  "withinDays",
  "nextDays",
] as const;
export type Operator = (typeof operators)[number];

/** Operators that take no value. */
export const valueless: ReadonlySet<Operator> = new Set(["empty", "notEmpty"]);
/** Operators whose operands are `values` (the choices; from and to), not `value`. */
export const multiValued: ReadonlySet<Operator> = new Set(["anyOf", "between"]);

const TEXT: readonly Operator[] = ["contains", "is", "isNot", "empty", "notEmpty"];
const NUMBER: readonly Operator[] = ["gt", "lt", "is", "between"];
const DATE: readonly Operator[] = ["withinDays", "nextDays", "before", "after", "between", "empty", "notEmpty"];

/** The operators offered for a kind of field, the default first. */
const offered: Record<FieldKind, readonly Operator[]> = {
  text: TEXT,
  longText: ["contains", "empty", "notEmpty"],
  email: TEXT,
  phone: TEXT,
  url: TEXT,
  number: NUMBER,
  money: NUMBER,
  percent: NUMBER,
  date: DATE,
  dateTime: DATE,
  picklist: ["is", "isNot", "anyOf", "empty", "notEmpty"],
  multiPicklist: ["anyOf", "empty", "notEmpty"],
  boolean: ["is"],
  person: ["is", "isNot", "empty", "notEmpty"],
  reference: ["is", "isNot", "empty", "notEmpty"],
  lines: [],
  json: [],
};

/**
 * Operators stored views may still hold for a kind, though no longer offered: "contains" on
 * owners (plain text before people were picked by name) and on industry and stage (text before
 * they were picklists).
 */
const legacy: Partial<Record<FieldKind, readonly Operator[]>> = {
  person: ["contains"],
  picklist: ["contains"],
};

/** The operators offered for a field, the default first. */
export function operatorsFor(field: FieldDescriptor): readonly Operator[] {
  // An activity's "about (record)" points at a type another field names: no record to pick.
  if (field.kind === "reference" && typeof field.ref === "object") return ["empty", "notEmpty"];
  return offered[field.kind];
}

/** Whether a stored filter's operator fits its field (offered or legacy); any operator for an unknown custom field. */
export function operatorFits(field: FieldDescriptor | undefined, op: Operator): boolean {
  if (!field) return true;
  return operatorsFor(field).includes(op) || (legacy[field.kind]?.includes(op) ?? false);
}

export const isNumeric = (kind: FieldKind | undefined) => kind === "number" || kind === "money" || kind === "percent";
export const isTemporal = (kind: FieldKind | undefined) => kind === "date" || kind === "dateTime";

/** The value "me": whoever reads the view (a saved "Owner is me" shows each person their own). */
export const ME = "@me";
