import { type CollectionName, fieldOf } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { formSpecs } from "../fields/formSpecs.js";
import { fieldValueText } from "../fields/valueText.js";
import { useSettings } from "../sales/useSettings.js";
import { usePersonLabel } from "../ui/Person.js";

/**
 * A stored field value as the reader reads it on the record's screens (fields/valueText.ts, by
 * the field's descriptor — custom fields included), in their language, with the workspace's
 * currency, stage names and picklists, people's names, and the names of the referenced records
 * the caller found (`titles`: id → name).
 */
export function useValueText(
  collection: CollectionName,
  titles: Readonly<Record<string, string>>,
): (field: string, value: unknown) => string {
  const { t, i18n } = useTranslation();
  const settings = useSettings();
  const person = usePersonLabel();
  const ctx = {
    t,
    lang: i18n.language === "zh" ? ("zh" as const) : ("en" as const),
    currency: settings.currency,
    person: (id: string) => person(id).text,
    title: (id: string) => titles[id],
  };
  const days = new Set(
    (formSpecs as Partial<Record<string, { dayFields?: readonly string[] }>>)[collection]?.dayFields,
  );
  return (field, value) => fieldValueText(fieldOf(collection, field, settings), value, ctx, days.has(field));
}
