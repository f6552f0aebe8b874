import {
  addCustomField,
  builtInPicklists,
  type CustomFieldDef,
  type CustomFieldKind,
  fieldsOf,
  type Label,
  type NewCustomField,
  newPicklistValue,
  type PicklistValue,
  type RefCollection,
  type WorkspaceSettings,
} from "@crm/schema";

/*
 * The Fields settings, per record type, as a draft: the type's custom fields in order, and the
 * values of the lists of fields added in this draft. The part of the settings a draft covers is
 * one type's definitions: two admins editing different types never meet; two editing one type
 * are told (sectionDraft.ts). Saving writes each definition as one entry (settings.ts), so even
 * "replace theirs with mine" never removes another admin's new field: definitions are never
 * removed, only retired.
 */

export interface FieldsDraft {
  /** This type's custom fields in the order the form shows them (`order` = position). */
  fields: CustomFieldDef[];
  /** The lists of picklist fields added in this draft, by list id. */
  lists: Record<string, PicklistValue[]>;
}

/** The type's custom fields as the settings hold them, in order, numbered by position. */
export function fieldsDraftOf(settings: Pick<WorkspaceSettings, "customFields">, collection: string): FieldsDraft {
  const defs = Object.values(settings.customFields)
    .filter((d) => d.collection === collection)
    .sort((a, b) => a.order - b.order || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { fields: defs.map((d, order) => withoutUndefined({ ...d, order })), lists: {} };
}

/** The draft as saving it would leave the settings part: positions as orders. */
export function normalizeDraft(draft: FieldsDraft): FieldsDraft {
  return { fields: draft.fields.map((d, order) => withoutUndefined({ ...d, order })), lists: draft.lists };
}

/** The patch `writeSettings` takes for the draft. */
export function fieldsPatch(draft: FieldsDraft): Pick<WorkspaceSettings, "customFields" | "picklists"> {
  const { fields, lists } = normalizeDraft(draft);
  return { customFields: Object.fromEntries(fields.map((d) => [d.id, d])), picklists: lists };
}

/** What the "Add a field" part holds while it is typed. */
export interface NewFieldDraft {
  label: Label;
  help: Label;
  kind: CustomFieldKind;
  required: boolean;
  ref: RefCollection;
  /** picklist / multiPicklist: the values, each with its labels. */
  values: { key: string; label: Label }[];
}

export const emptyNewField = (): NewFieldDraft => ({
  label: { en: "", zh: "" },
  help: { en: "", zh: "" },
  kind: "text",
  required: false,
  ref: "accounts",
  values: [],
});

const listed = (kind: CustomFieldKind) => kind === "picklist" || kind === "multiPicklist";
const trimmed = (l: Label): Label => ({ en: l.en.trim(), zh: l.zh.trim() });

/**
 * Why the field cannot be added yet (a code the screen words), or null: it needs a name in one
 * language at least; a picklist needs a value, and each value a name.
 */
export function newFieldProblem(f: NewFieldDraft): "name" | "values" | "valueName" | null {
  const label = trimmed(f.label);
  if (!label.en && !label.zh) return "name";
  if (listed(f.kind)) {
    if (f.values.length === 0) return "values";
    if (f.values.some((v) => !v.label.en.trim() && !v.label.zh.trim())) return "valueName";
  }
  return null;
}

/**
 * The draft with the field added after the type's others: its key from its English words (fixed
 * from now on: records keep its values under it), its own list of values for a picklist.
 */
export function addToDraft(
  draft: FieldsDraft,
  collection: RefCollection,
  settings: Pick<WorkspaceSettings, "customFields" | "picklists">,
  f: NewFieldDraft,
  id: string,
): FieldsDraft {
  const values: PicklistValue[] = [];
  for (const v of f.values) values.push({ value: newPicklistValue(trimmed(v.label), values), label: trimmed(v.label) });
  const help = trimmed(f.help);
  const field: NewCustomField = {
    collection,
    kind: f.kind,
    label: trimmed(f.label),
    ...(help.en || help.zh ? { help } : {}),
    ...(f.required ? { required: true } : {}),
    ...(listed(f.kind) ? { values } : {}),
    ...(f.kind === "reference" ? { ref: f.ref } : {}),
  };
  // Keys are taken by every definition the document has and every one of this draft.
  const known = { ...settings.customFields, ...Object.fromEntries(draft.fields.map((d) => [d.id, d])) };
  const patch = addCustomField(
    { customFields: known, picklists: { ...settings.picklists, ...draft.lists } },
    field,
    id,
  );
  const def = patch.customFields[id]!;
  const lists = def.picklist && !(def.picklist in settings.picklists) ? { [def.picklist]: values } : {};
  return { fields: [...draft.fields, def], lists: { ...draft.lists, ...lists } };
}

/** The draft without a field it added (a saved field is retired instead, never removed). */
export function removeNew(draft: FieldsDraft, id: string): FieldsDraft {
  const def = draft.fields.find((d) => d.id === id);
  const lists = { ...draft.lists };
  if (def?.picklist) delete lists[def.picklist];
  return { fields: draft.fields.filter((d) => d.id !== id), lists };
}

/** The built-in fields of a type as an admin reads them in Settings (not editable there). */
export function builtInFields(collection: Parameters<typeof fieldsOf>[0]) {
  return fieldsOf(collection).filter((f) => !f.customId);
}

/** The name of a list for the Picklists tab: a built-in list's own, else its field's. */
export function listLabel(
  id: string,
  settings: Pick<WorkspaceSettings, "customFields">,
): { list: Label; field?: CustomFieldDef } {
  const builtIn = builtInPicklists[id];
  if (builtIn) return { list: builtIn.label };
  const field = Object.values(settings.customFields).find((d) => d.picklist === id);
  return { list: field?.label ?? { en: id, zh: id }, field };
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
