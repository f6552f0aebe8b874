import {
  type CollectionName,
  type FieldDescriptor,
  formatMoney,
  type Lang,
  typeByName,
  valueLabel,
  type WorkspaceSettings,
} from "@crm/schema";
import { type ReactNode, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { formatCalendarDay, formatDay } from "../ui/dates.js";
import { PersonName } from "../ui/Person.js";
import { usePhoneText } from "../ui/Phone.js";
import { RecordName } from "./RecordName.js";

/*
 * A list cell from a field's descriptor, by kind: a picklist value as its label in the reader's
 * language, a person by name, a reference as the record's name, money in the workspace currency,
 * days and moments in the app's one date format, yes/no, phone numbers as people write them.
 * Each renderer is made once per column set; only the visible rows call them.
 */

export type Cell<R> = (row: R) => ReactNode;

export const langOf = (language: string): Lang => (language.toLowerCase().startsWith("zh") ? "zh" : "en");

const none = <span className="muted">—</span>;
const empty = (v: unknown) => v === null || v === undefined || v === "" || (Array.isArray(v) && v.length === 0);

/** Columns whose values read best right-aligned. */
export const numericKinds: ReadonlySet<string> = new Set(["number", "money", "percent"]);

export function useCellRenderer<R extends Record<string, unknown>>(
  settings: Pick<WorkspaceSettings, "currency">,
): (field: FieldDescriptor) => Cell<R> {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const locale = lang === "zh" ? "zh-CN" : "en";
  const phone = usePhoneText();
  const yes = t("views.yes");
  const no = t("views.no");
  const { currency } = settings;
  return useMemo(() => {
    const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 });
    return (field: FieldDescriptor): Cell<R> => {
      const k = field.key;
      switch (field.kind) {
        case "picklist":
          return (r) => (empty(r[k]) ? none : valueLabel(field, String(r[k]), lang));
        case "multiPicklist":
          return (r) =>
            empty(r[k]) ? none : (r[k] as string[]).map((v) => valueLabel(field, String(v), lang)).join(", ");
        case "person":
          return (r) => <PersonName id={String(r[k] ?? "")} empty="—" />;
        case "reference": {
          const ref = field.ref;
          if (typeof ref === "string") return (r) => <RecordName collection={ref} id={String(r[k] ?? "")} />;
          // An activity's "about": the type is another field of the row.
          const typeField = ref?.typeField ?? "";
          return (r) => {
            const collection = typeByName(String(r[typeField] ?? ""))?.collection as CollectionName | undefined;
            return collection ? <RecordName collection={collection} id={String(r[k] ?? "")} /> : none;
          };
        }
        case "money":
          return (r) => (typeof r[k] === "number" ? formatMoney(r[k] as number, currency, locale) : none);
        case "percent":
          return (r) => (typeof r[k] === "number" ? `${number.format(r[k] as number)}%` : none);
        case "number":
          return (r) => (typeof r[k] === "number" ? number.format(r[k] as number) : none);
        case "date":
          return (r) => (empty(r[k]) ? none : formatCalendarDay(lang, String(r[k])));
        case "dateTime":
          return (r) => (typeof r[k] === "number" ? formatDay(lang, r[k] as number) : none);
        case "boolean":
          return (r) => (r[k] === true ? yes : r[k] === false ? no : none);
        case "phone":
          return (r) => (empty(r[k]) ? none : phone(String(r[k])));
        default:
          return (r) => (empty(r[k]) ? none : String(r[k]));
      }
    };
  }, [lang, locale, phone, yes, no, currency]);
}
