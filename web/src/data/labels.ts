import type { CollectionName, FieldSettings } from "@crm/schema";
import type { TFunction } from "i18next";
import { fieldName, langOf } from "../fields/valueText.js";

/** "billingPostalCode" → "Billing postal code": the fallback when no screen names the field. */
export function humanize(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The workspace's custom fields, and the reader's language to name them in. */
export interface CustomLabels {
  settings: FieldSettings;
  lang: string;
}

/**
 * A field's label as the record's form names it, from its descriptor in the language of `t` (a
 * custom field's as its admin named it, given `custom`), else humanized.
 */
export function fieldLabel(t: TFunction, collection: CollectionName, field: string, custom?: CustomLabels): string {
  const lang = custom ? (custom.lang.startsWith("zh") ? "zh" : "en") : langOf(t);
  return fieldName(collection, field, lang, custom?.settings) ?? humanize(field);
}
