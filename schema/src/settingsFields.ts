import type * as Y from "yjs";
import { z } from "zod";
import {
  type CustomFieldDef,
  customFieldKey,
  customFieldSchema,
  customPicklistId,
  labelSchema,
  PICKLIST_ID,
} from "./descriptors/custom.js";
import { applyPicklistEdit, builtInPicklists, STAGES_PICKLIST, type ValueUse } from "./descriptors/picklists.js";
import type { CustomFieldKind, Label, PicklistValue, RefCollection } from "./descriptors/types.js";
import { choiceKey } from "./descriptors/validators.js";
import { allIssueMessages, type FieldIssue, type IssueCode, toIssues } from "./fields.js";
import { recordTypes } from "./recordTypes.js";

/*
 * The settings that shape fields: custom fields and picklists. Unlike the other sections (one
 * whole JSON value each), they are stored one entry per item, in root maps of the settings
 * document, so concurrent edits of different items merge:
 *   - `customFields`: definition id → the definition (custom.ts);
 *   - `picklistValues`: "<list id>/<value>" → { label, order, retired? }.
 * Root maps, not maps inside the "settings" map: two admins creating the first custom field
 * offline would each create that inner map, and Yjs would keep one of them.
 */

export const CUSTOM_FIELDS_MAP = "customFields";
export const PICKLIST_VALUES_MAP = "picklistValues";

/** At most this many custom fields per workspace, and values per list. */
export const MAX_CUSTOM_FIELDS = 500;
export const MAX_PICKLIST_VALUES = 500;

const picklistValue = z.object({
  value: z.string({ error: "required" }).trim().min(1, { error: "required" }).max(100, { error: "tooLong" }),
  label: labelSchema,
  retired: z.boolean({ error: "invalidBoolean" }).optional(),
});

export const picklistSchema = z
  .array(picklistValue)
  .max(MAX_PICKLIST_VALUES, { error: "tooLong" })
  .superRefine((values, ctx) => {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      const k = choiceKey(v.value);
      if (seen.has(k)) ctx.addIssue({ code: "custom", path: [i, "value"], message: "duplicate" });
      seen.add(k);
    });
  });

export const picklistsSchema = z.record(
  z.string().refine((id) => PICKLIST_ID.test(id) && id !== STAGES_PICKLIST, { error: "invalidChoice" }),
  picklistSchema,
);

export const customFieldsSchema = z.record(z.string(), customFieldSchema);

/** The built-in field keys of a collection, and its form's section ids. */
function typeShape(collection: string): { keys: Set<string>; sections: Set<string> } {
  const type = (recordTypes as Record<string, { fields: readonly { key: string; section: { id: string } }[] }>)[
    collection
  ];
  return {
    keys: new Set(type?.fields.map((f) => f.key)),
    sections: new Set(["custom", ...(type?.fields.map((f) => f.section.id) ?? [])]),
  };
}

/**
 * Rules across custom fields and lists, on settings each valid on their own: a definition is
 * stored under its id; keys are unique per type (retired fields keep theirs) and never built-in;
 * its list exists; its section is one of the type's.
 */
export function fieldSettingsIssues(
  customFields: Readonly<Record<string, CustomFieldDef>>,
  picklists: Readonly<Record<string, readonly PicklistValue[]>>,
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const issue = (field: string, code: IssueCode) => issues.push(issueAt(field, code));
  if (Object.keys(customFields).length > MAX_CUSTOM_FIELDS) issue("customFields", "tooLong");
  const keys = new Map<string, string>();
  for (const [id, def] of Object.entries(customFields)) {
    const at = `customFields.${id}`;
    if (def.id !== id) issue(`${at}.id`, "invalidChoice");
    const shape = typeShape(def.collection);
    const k = `${def.collection}/${def.key.toLowerCase()}`;
    if (shape.keys.has(def.key) || keys.has(k)) issue(`${at}.key`, "duplicate");
    keys.set(k, id);
    if (def.picklist && !picklists[def.picklist] && !builtInPicklists[def.picklist])
      issue(`${at}.picklist`, "required");
    if (def.section !== undefined && !shape.sections.has(def.section)) issue(`${at}.section`, "invalidChoice");
  }
  return issues;
}

function issueAt(field: string, code: IssueCode): FieldIssue {
  return { field, code, message: allIssueMessages[code] };
}

interface StoredValue {
  label: Label;
  order: number;
  retired?: boolean;
}

const storedValue = z.object({
  label: labelSchema,
  order: z.number().finite(),
  retired: z.boolean().optional(),
});

/** The built-in lists at their shipped values: what a new workspace reads. */
export function defaultPicklists(): Record<string, PicklistValue[]> {
  return Object.fromEntries(
    Object.entries(builtInPicklists).map(([id, list]) => [
      id,
      list.values.map((v) => ({ ...v, label: { ...v.label } })),
    ]),
  );
}

/**
 * Custom fields and lists as the document holds them. Entries that do not validate are left
 * out and reported (as other sections are); of two definitions that took the same key (two
 * admins offline), the one with the smaller id counts, the other is reported as "duplicate".
 */
export function readFieldSettings(doc: Y.Doc): {
  customFields: Record<string, CustomFieldDef>;
  picklists: Record<string, PicklistValue[]>;
  replaced: FieldIssue[];
} {
  const replaced: FieldIssue[] = [];
  const customFields: Record<string, CustomFieldDef> = {};
  const byKey = new Map<string, CustomFieldDef>();
  const defs = doc.getMap(CUSTOM_FIELDS_MAP);
  for (const id of [...defs.keys()].sort()) {
    const parsed = customFieldSchema.safeParse(defs.get(id));
    if (!parsed.success || parsed.data.id !== id) {
      const issues = parsed.success ? [issueAt("id", "invalidChoice")] : toIssues(parsed.error);
      for (const i of issues) replaced.push({ ...i, field: `customFields.${id}.${i.field}` });
      continue;
    }
    const def = parsed.data as CustomFieldDef;
    const k = `${def.collection}/${def.key.toLowerCase()}`;
    if (byKey.has(k) || typeShape(def.collection).keys.has(def.key)) {
      replaced.push(issueAt(`customFields.${id}.key`, "duplicate"));
      continue;
    }
    byKey.set(k, def);
    customFields[id] = def;
  }

  const lists = new Map<string, Map<string, StoredValue>>();
  for (const [id, list] of Object.entries(builtInPicklists))
    lists.set(id, new Map(list.values.map((v, order) => [v.value, { label: v.label, order }])));
  const values = doc.getMap(PICKLIST_VALUES_MAP);
  for (const [entry, raw] of values.entries()) {
    const slash = entry.indexOf("/");
    const id = entry.slice(0, slash);
    const value = entry.slice(slash + 1);
    const parsed = storedValue.safeParse(raw);
    if (slash < 1 || !PICKLIST_ID.test(id) || !value || !parsed.success) {
      replaced.push(issueAt(`picklists.${entry}`, "invalidChoice"));
      continue;
    }
    if (!lists.has(id)) lists.set(id, new Map());
    lists.get(id)!.set(value, parsed.data);
  }
  const picklists: Record<string, PicklistValue[]> = {};
  for (const [id, list] of lists)
    picklists[id] = [...list.entries()]
      .sort(([va, a], [vb, b]) => a.order - b.order || (va < vb ? -1 : va > vb ? 1 : 0))
      .map(([value, v]) => ({ value, label: v.label, ...(v.retired ? { retired: true } : {}) }));
  // A definition whose list or section is gone (edited by other code) is left out, not fatal:
  // the rest of the settings stay writable.
  for (const issue of fieldSettingsIssues(customFields, picklists)) {
    const id = issue.field.split(".")[1];
    if (id && customFields[id]) {
      delete customFields[id];
      replaced.push(issue);
    }
  }
  return { customFields, picklists, replaced };
}

/**
 * Checks an edit of custom fields and lists against what the document holds, and completes it:
 * a definition is never removed (retire it), and its key, type, kind and list never change; a
 * list value left out is retired when records use it (`inUse`, default: every value counts as
 * used) or is built-in, deleted otherwise; a list left out keeps its values, retired.
 */
export function completeFieldSettings(
  current: { customFields: Record<string, CustomFieldDef>; picklists: Record<string, PicklistValue[]> },
  next: { customFields: Record<string, CustomFieldDef>; picklists: Record<string, PicklistValue[]> },
  inUse: (list: string, value: string) => boolean = () => true,
):
  | { ok: true; customFields: Record<string, CustomFieldDef>; picklists: Record<string, PicklistValue[]> }
  | {
      ok: false;
      issues: FieldIssue[];
    } {
  const issues: FieldIssue[] = [];
  for (const [id, before] of Object.entries(current.customFields)) {
    const after = next.customFields[id];
    if (!after) {
      issues.push(issueAt(`customFields.${id}`, "required"));
      continue;
    }
    for (const k of ["key", "collection", "kind", "picklist", "ref"] as const)
      if (after[k] !== before[k]) issues.push(issueAt(`customFields.${id}.${k}`, "immutable"));
  }
  if (issues.length) return { ok: false, issues };
  const picklists: Record<string, PicklistValue[]> = { ...next.picklists };
  for (const [id, before] of Object.entries(current.picklists)) {
    const used: ValueUse = (value) => inUse(id, value);
    picklists[id] = applyPicklistEdit(before, next.picklists[id] ?? [], used, builtInPicklists[id]?.values);
  }
  return { ok: true, customFields: next.customFields, picklists };
}

/** Writes the entries that differ from `current` (the document's reading), in the caller's transaction. */
export function writeFieldSettings(
  doc: Y.Doc,
  current: { customFields: Record<string, CustomFieldDef>; picklists: Record<string, PicklistValue[]> },
  next: { customFields: Record<string, CustomFieldDef>; picklists: Record<string, PicklistValue[]> },
): string[] {
  const written: string[] = [];
  const defs = doc.getMap(CUSTOM_FIELDS_MAP);
  for (const [id, def] of Object.entries(next.customFields))
    if (JSON.stringify(canonicalDef(current.customFields[id])) !== JSON.stringify(canonicalDef(def))) {
      defs.set(id, canonicalDef(def));
      written.push(`customFields.${id}`);
    }
  const values = doc.getMap(PICKLIST_VALUES_MAP);
  for (const id of new Set([...Object.keys(current.picklists), ...Object.keys(next.picklists)])) {
    const before = new Map((current.picklists[id] ?? []).map((v, order) => [v.value, storedOf(v, order)]));
    const after = new Map((next.picklists[id] ?? []).map((v, order) => [v.value, storedOf(v, order)]));
    for (const [value, v] of after)
      if (JSON.stringify(before.get(value)) !== JSON.stringify(v)) {
        values.set(`${id}/${value}`, v);
        written.push(`picklists.${id}.${value}`);
      }
    for (const value of before.keys())
      if (!after.has(value) && values.has(`${id}/${value}`)) {
        values.delete(`${id}/${value}`);
        written.push(`picklists.${id}.${value}`);
      }
  }
  return written;
}

function storedOf(v: PicklistValue, order: number): StoredValue {
  return { label: { en: v.label.en, zh: v.label.zh }, order, ...(v.retired ? { retired: true } : {}) };
}

function canonicalDef(def: CustomFieldDef | undefined): CustomFieldDef | undefined {
  if (!def) return undefined;
  const keys = Object.keys(def).sort() as (keyof CustomFieldDef)[];
  return Object.fromEntries(
    keys.filter((k) => def[k] !== undefined).map((k) => [k, def[k]]),
  ) as unknown as CustomFieldDef;
}

export interface NewCustomField {
  collection: RefCollection;
  kind: CustomFieldKind;
  label: Label;
  help?: Label;
  required?: boolean;
  /** picklist / multiPicklist: a new list of these values, unless `picklist` names an existing list. */
  values?: readonly PicklistValue[];
  picklist?: string;
  ref?: RefCollection;
  section?: string;
}

/**
 * The settings patch that adds a field: its definition (key from the label, after the type's
 * others; `id` from the caller, e.g. ids.ts `newId()`), and its own list when it is a picklist
 * given `values`. Pass the patch to `writeSettings`, which validates it.
 */
export function addCustomField(
  settings: { customFields: Record<string, CustomFieldDef>; picklists: Record<string, PicklistValue[]> },
  field: NewCustomField,
  id: string,
): { customFields: Record<string, CustomFieldDef>; picklists: Record<string, PicklistValue[]> } {
  const mine = Object.values(settings.customFields).filter((d) => d.collection === field.collection);
  const key = customFieldKey(field.label, [...typeShape(field.collection).keys, ...mine.map((d) => d.key)]);
  const listed = field.kind === "picklist" || field.kind === "multiPicklist";
  const picklist = listed ? (field.picklist ?? customPicklistId(field.collection, key)) : undefined;
  const def: CustomFieldDef = {
    id,
    key,
    collection: field.collection,
    kind: field.kind,
    label: field.label,
    order: mine.reduce((max, d) => Math.max(max, d.order + 1), 0),
    ...(field.help ? { help: field.help } : {}),
    ...(field.required ? { required: true } : {}),
    ...(picklist ? { picklist } : {}),
    ...(field.ref ? { ref: field.ref } : {}),
    ...(field.section ? { section: field.section } : {}),
  };
  const picklists =
    picklist && !field.picklist ? { ...settings.picklists, [picklist]: [...(field.values ?? [])] } : settings.picklists;
  return { customFields: { ...settings.customFields, [id]: def }, picklists };
}
