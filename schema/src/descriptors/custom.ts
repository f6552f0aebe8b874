import { z } from "zod";
import { camelWords, fullLabel } from "./picklists.js";
import { resolveField } from "./spec.js";
import {
  type CustomFieldKind,
  customSection,
  type FieldDescriptor,
  fieldKinds,
  type Label,
  type PicklistValue,
  type RefCollection,
  refCollections,
  type Section,
} from "./types.js";

/*
 * A field an admin adds to a record type in Settings. Its value lives in the record's Y.Map
 * under `key`, like any field, so concurrent edits of it merge per field. The definition is one
 * entry of the settings document's `customFields` map (by `id`): two admins adding or editing
 * different fields both keep their change. `key`, `collection`, `kind` and `picklist` never
 * change once the field exists (records hold values under them); the label, help, required,
 * order, section and `retired` can. Retiring hides the field and stops validating it; stored
 * values stay (and come back if it is un-retired).
 */

export interface CustomFieldDef {
  /** Stable, random (ids.ts `newId`); the key of its settings entry. */
  id: string;
  /** "cf" + the English label's words ("cfContractTier"): never a built-in key, now or later. */
  key: string;
  collection: RefCollection;
  kind: CustomFieldKind;
  /** One of the two languages may be empty: it then shows the other's text. */
  label: Label;
  help?: Label;
  required?: boolean;
  /** picklist / multiPicklist: the id of its list in `settings.picklists`. */
  picklist?: string;
  /** reference: the collection its ids point at. */
  ref?: RefCollection;
  /** A section id of the type's form; the "More fields" section when absent. */
  section?: string;
  /** Position among the type's custom fields (ascending; ties by id). */
  order: number;
  retired?: boolean;
}

/** Keys a custom field can never take (record bookkeeping, and names JavaScript objects own). */
export const reservedKeys = new Set([
  "id",
  "createdAt",
  "createdBy",
  "updatedAt",
  "updatedBy",
  "deletedAt",
  "_v",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "valueOf",
  "hasOwnProperty",
]);

const CUSTOM_KEY = /^cf[A-Z][A-Za-z0-9]{0,38}$/;

/** Custom keys start with "cf" and a capital: built-in keys never do, so they can never meet. */
export function isCustomKey(key: string): boolean {
  return CUSTOM_KEY.test(key) && !reservedKeys.has(key);
}

/**
 * The key of a new custom field, from its label: "Contract tier" → "cfContractTier"; a label
 * with no English words → "cfField"; numbered when `taken` (every key of the type, retired
 * custom fields included) has it.
 */
export function customFieldKey(label: Label, taken: Iterable<string>): string {
  const words = camelWords(label.en, 36);
  const base = `cf${words ? words.charAt(0).toUpperCase() + words.slice(1) : "Field"}`;
  const used = new Set([...taken].map((k) => k.toLowerCase()));
  if (!used.has(base.toLowerCase())) return base;
  let n = 2;
  while (used.has(`${base}${n}`.toLowerCase())) n++;
  return `${base}${n}`;
}

/** The id of the list a new custom picklist field gets: "<collection>.<key>". */
export function customPicklistId(collection: string, key: string): string {
  return `${collection}.${key}`;
}

const labelText = z.string({ error: "required" }).trim().max(100, { error: "tooLong" });
export const labelSchema = z
  .object({ en: labelText.default(""), zh: labelText.default("") })
  .refine((l) => l.en !== "" || l.zh !== "", { error: "required", path: ["en"] });

/** The id of a list: a built-in one ("leadSource") or a custom field's ("accounts.cfTier"). */
export const PICKLIST_ID = /^[a-z][A-Za-z0-9]{0,39}(\.cf[A-Z][A-Za-z0-9]{0,38})?$/;

/** One definition, on its own (settings.ts checks it against the type and the other fields). */
export const customFieldSchema = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{6,40}$/, { error: "invalidChoice" }),
    key: z.string().refine(isCustomKey, { error: "invalidChoice" }),
    collection: z.enum(refCollections, { error: "invalidChoice" }),
    kind: z.enum(fieldKinds, { error: "invalidChoice" }),
    label: labelSchema,
    help: labelSchema.optional(),
    required: z.boolean({ error: "invalidBoolean" }).optional(),
    picklist: z.string().regex(PICKLIST_ID, { error: "invalidChoice" }).optional(),
    ref: z.enum(refCollections, { error: "invalidChoice" }).optional(),
    section: z.string().max(40, { error: "tooLong" }).optional(),
    order: z.number({ error: "invalidNumber" }).finite({ error: "invalidNumber" }),
    retired: z.boolean({ error: "invalidBoolean" }).optional(),
  })
  .superRefine((d, ctx) => {
    const listed = d.kind === "picklist" || d.kind === "multiPicklist";
    if (listed !== (d.picklist !== undefined))
      ctx.addIssue({ code: "custom", path: ["picklist"], message: listed ? "required" : "invalidChoice" });
    if ((d.kind === "reference") !== (d.ref !== undefined))
      ctx.addIssue({ code: "custom", path: ["ref"], message: d.kind === "reference" ? "required" : "invalidChoice" });
  });

/**
 * The descriptor of a custom field: the kind's defaults (every custom field can be a list column,
 * filtered, imported and exported; grouped when it is a choice or a person), its list's values,
 * its section among the type's (`sections`), the "More fields" section otherwise.
 */
export function customFieldDescriptor(
  def: CustomFieldDef,
  values: readonly PicklistValue[] | undefined,
  sections: readonly Section[] = [],
): FieldDescriptor {
  const d = resolveField(def.key, {
    kind: def.kind,
    label: fullLabel(def.label),
    required: def.required ?? false,
    section: sections.find((s) => s.id === def.section) ?? customSection,
    ...(def.help ? { help: fullLabel(def.help) } : {}),
    ...(def.ref ? { ref: def.ref } : {}),
  });
  if (def.picklist) {
    d.picklist = def.picklist;
    d.values = (values ?? []).map((v) => ({ ...v, label: fullLabel(v.label) }));
  }
  d.customId = def.id;
  d.retired = def.retired ?? false;
  return d;
}
