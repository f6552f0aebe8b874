import type { CollectionName } from "@crm/schema";
import type { TFunction } from "i18next";
import { columnLabel } from "./columns.js";
import { fieldFormat } from "./historyFields.js";

/** "billingPostalCode" → "Billing postal code": the fallback when no screen names the field. */
export function humanize(field: string): string {
  const words = field.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * A field's label as the record's own screens name it (historyFields.ts, then the export's column
 * titles: accounts.fields.name, sales.leads.fields.company …), else humanized.
 */
export function fieldLabel(t: TFunction, collection: CollectionName, field: string): string {
  const known = fieldFormat(collection, field);
  if (known) return t(known.label);
  return columnLabel(t, collection, field, humanize(field));
}
