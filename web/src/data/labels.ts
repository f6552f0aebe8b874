import { type CollectionName, type FieldSettings, fieldOf } from "@crm/schema";
import type { TFunction } from "i18next";
import { fieldFormat } from "./historyFields.js";

/** "billingPostalCode" → "Billing postal code": the fallback for a key no descriptor has. */
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
 * A field's label as the record's own screens name it (historyFields.ts), a custom field's as its
 * admin named it (given `custom`), else the field descriptor's label in `t`'s language (the
 * `data.labelLanguage` string says which), else the key humanized.
 */
export function fieldLabel(t: TFunction, collection: CollectionName, field: string, custom?: CustomLabels): string {
  const own = fieldOf(collection, field, custom?.settings);
  if (own?.customId && custom) return own.label[custom.lang.startsWith("zh") ? "zh" : "en"];
  const known = fieldFormat(collection, field);
  if (known) return t(known.label);
  return own ? own.label[t("data.labelLanguage") === "zh" ? "zh" : "en"] : humanize(field);
}
