/*
 * What a field IS, as every consumer reads it: forms, list columns and filters, imports and
 * exports, analytics tables, the API description. A record type declares its fields once
 * (records/*.ts, through `defineFields`); admins add their own (custom.ts); `fieldsOf` gives the
 * effective list of both. These are the resolved descriptors: every flag is set, every label is
 * in both languages, so a consumer never guesses a default.
 */

/** A text in the app's two languages. */
export interface Label {
  en: string;
  zh: string;
}

export type Lang = keyof Label;

/** One allowed value of a picklist: what is stored, and what a person reads. */
export interface PicklistValue<V extends string = string> {
  value: V;
  label: Label;
  /**
   * A retired value is no longer offered for new choices, but records keep it and it still
   * validates (editing such a record must not fail) and still shows with its label.
   */
  retired?: boolean;
}

/** A group of fields on a form ("Billing address"). Fields without one are in `mainSection`. */
export interface Section {
  id: string;
  label: Label;
}

export const mainSection: Section = { id: "main", label: { en: "Details", zh: "详情" } };
/** Where custom fields go unless their definition names another section of the type. */
export const customSection: Section = { id: "custom", label: { en: "More fields", zh: "更多字段" } };

/** The kinds an admin can give a custom field; built-in fields use them too. */
export const fieldKinds = [
  "text",
  "longText",
  "email",
  "phone",
  "url",
  "number",
  "money",
  "percent",
  "date",
  "dateTime",
  "picklist",
  "multiPicklist",
  "boolean",
  "reference",
  "person",
] as const;
export type CustomFieldKind = (typeof fieldKinds)[number];

/**
 * Structured values only built-in types have, edited by their own form parts: quote/order
 * `lines` and an order's `statusHistory` (`json`). Never listed, filtered, imported or exported.
 */
export const structuredKinds = ["lines", "json"] as const;
export type StructuredKind = (typeof structuredKinds)[number];

export type FieldKind = CustomFieldKind | StructuredKind;

/**
 * The collections a reference can point at. Written out here (not taken from `recordTypes`) so
 * the descriptors can be declared in the record files; a test keeps it equal to `recordTypes`.
 */
export const refCollections = [
  "accounts",
  "contacts",
  "leads",
  "opportunities",
  "products",
  "quotes",
  "orders",
  "cases",
  "activities",
  "surveyResponses",
  "caseMessages",
  "answerArticles",
  "consents",
  "segments",
] as const;
export type RefCollection = (typeof refCollections)[number];

/**
 * What a reference points at: one collection, or — for an activity's `relatedId` — the record
 * type named by another field of the same record (`relatedType`, holding a typeName).
 */
export type RefTarget = RefCollection | { typeField: string };

/** The DuckDB type a field is loaded as (analytics/src/tables.ts). */
export type SqlType = "VARCHAR" | "DOUBLE" | "INTEGER" | "DATE" | "TIMESTAMP" | "BOOLEAN" | "VARCHAR[]";

export interface SqlColumn {
  /** snake_case of the key unless the descriptor names another. */
  column: string;
  type: SqlType;
}

/** The header names an import recognises for a field, besides its label and its key. */
export interface Aliases {
  en: readonly string[];
  zh: readonly string[];
}

/**
 * The value a new record gets. `"now"` (a date-time stamped when the record is validated without
 * one: a case's `openedAt`) reads as 0 in `defaults()`, as a form starts with no time.
 */
export type DefaultValue = string | number | boolean | null | readonly string[] | readonly unknown[] | "now";

export interface FieldDescriptor {
  /** The record's property, and the key of its Y.Map entry: values merge per field. */
  key: string;
  kind: FieldKind;
  label: Label;
  /** A sentence under the field on a form; absent when the label says it all. */
  help?: Label;
  /** An empty value is refused with the code "required". */
  required: boolean;
  /** Text kinds, references and people: the longest value accepted, in characters. */
  maxLength?: number;
  /** Numbers: the range (inclusive) and whether fractions are refused. */
  min?: number;
  max?: number;
  integer?: boolean;
  /** Picklists: the effective values, in order, retired ones flagged (fieldsOf applies settings). */
  values?: readonly PicklistValue[];
  /**
   * Picklists whose values admins edit in Settings: the list's id in `settings.picklists`
   * ("industry", "leadSource", "caseCategory", a custom field's own list), or "pipelineStages"
   * for an opportunity's stage, whose values are the pipeline settings.
   */
  picklist?: string;
  /**
   * The picklist suggests values but any text is kept (an account's industry: records stored
   * before it was a list keep what was typed). A value matching a listed value or its label in
   * either language is stored as the listed value.
   */
  open?: boolean;
  /** References: what the id points at. */
  ref?: RefTarget;
  section: Section;
  /** The value of a new record (`defaults()`), and of an empty input unless `emptyIsNull`. */
  default: DefaultValue;
  /** Numbers: an empty input validates as null; the type's `refine` fills it in (a deal's probability follows its stage). */
  emptyIsNull?: boolean;
  /** Text: stored upper-cased (a product's SKU). */
  upperCase?: boolean;
  /** Must be unique among the live records of the type (imports check it: a product's SKU). */
  unique: boolean;
  /** The person responsible for the record: "Mine" filters by it (owner, assignee). */
  responsible: boolean;

  /** Shown and editable on the type's form. */
  form: boolean;
  /**
   * Set by the system, never typed in a form: stamps that follow a change (churnedAt, wonAt,
   * convertedAt …) and computed values (an order's total). Shown, not edited.
   */
  readOnly: boolean;
  /** Never read from input: the type's `refine` computes it (an order's total from its lines). */
  computed: boolean;
  /** Can be a list column. */
  list: boolean;
  /** A list column by default. */
  defaultColumn: boolean;
  filter: boolean;
  sort: boolean;
  /** Group-by makes sense (few distinct values). */
  group: boolean;
  /** A CSV column can fill it. */
  import: boolean;
  /** An exported CSV has a column for it. */
  export: boolean;
  aliases: Aliases;
  /** The analytics column; null for structured kinds (lines have tables of their own). */
  sql: SqlColumn | null;

  /** Set on a custom field: its definition's stable id (settings.customFields). */
  customId?: string;
  /** A retired custom field: hidden from forms, lists and imports; stored values are kept. */
  retired: boolean;
}
