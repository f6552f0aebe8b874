import { type CollectionName, type FieldDescriptor, type FieldSettings, valueLabel } from "@crm/schema";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatCalendarDay } from "../ui/dates.js";
import { usePersonLabel } from "../ui/Person.js";
import { AddFilter } from "./AddFilter.js";
import "./views.css";
import { langOf } from "./cells.js";
import { useRecordTitle } from "./RecordName.js";
import { SavedViewPicker } from "./SavedViewPicker.js";
import type { ListView } from "./useListView.js";
import type { Filter } from "./view.js";
import { findField, liveFieldsOf, ME, mineFieldOf, valueless } from "./viewFields.js";

/**
 * The bar above a list: saved views, filter chips with "Add filter", sort, group-by, "Mine" and
 * (as `children`) the column chooser — every field from the list's descriptors. It sits in the
 * page head before the search box (see ListPage: Tab goes bar → search → New → rows) and wraps
 * onto its own line.
 */
export function ViewBar({
  collection,
  list,
  settings,
  sort = true,
  group = true,
  children,
}: {
  collection: CollectionName;
  list: ListView;
  settings?: FieldSettings;
  /** False where the list keeps its own order. */
  sort?: boolean;
  /** False where groups make no sense (the pipeline's board has its stage columns). */
  group?: boolean;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const { view, setView } = list;
  const fields = liveFieldsOf(collection, settings);
  const sortable = fields.filter((f) => f.sort);
  const groupable = fields.filter((f) => f.group);
  const mine = mineFieldOf(collection);
  return (
    <fieldset className="view-bar">
      <legend className="sr-only">{t("views.bar")}</legend>
      <SavedViewPicker collection={collection} list={list} />
      <ul className="chips" aria-label={t("views.filters")}>
        {view.filters.map((f, i) => (
          <FilterChip
            key={`${f.field}-${f.op}-${f.value}-${f.values?.join("|")}`}
            collection={collection}
            filter={f}
            settings={settings}
            onRemove={() => setView({ ...view, filters: view.filters.filter((_, j) => j !== i) })}
          />
        ))}
      </ul>
      <AddFilter
        collection={collection}
        settings={settings}
        onAdd={(f) =>
          // The same filter twice changes nothing: it is not added again.
          view.filters.some((x) => JSON.stringify(x) === JSON.stringify(f))
            ? undefined
            : setView({ ...view, filters: [...view.filters, f] })
        }
      />
      {sort && (
        <label className="inline-field">
          <span>{t("views.sortBy")}</span>
          <select
            value={view.sort?.field ?? ""}
            onChange={(e) => {
              const field = e.target.value;
              const { sort: _, ...rest } = view;
              setView(field ? { ...rest, sort: { field, dir: view.sort?.dir ?? "asc" } } : rest);
            }}
          >
            <option value="">{t("views.listOrder")}</option>
            {view.sort && !sortable.some((f) => f.key === view.sort?.field) && (
              <option value={view.sort.field}>{fieldName(collection, view.sort.field, settings, lang)}</option>
            )}
            {sortable.map((f) => (
              <option key={f.key} value={f.key}>
                {f.label[lang]}
              </option>
            ))}
          </select>
        </label>
      )}
      {sort && view.sort && (
        <button
          type="button"
          className="button small"
          aria-label={t("views.sortDirection")}
          title={t("views.sortDirection")}
          onClick={() =>
            view.sort && setView({ ...view, sort: { ...view.sort, dir: view.sort.dir === "asc" ? "desc" : "asc" } })
          }
        >
          {view.sort.dir === "asc" ? `↑ ${t("views.ascending")}` : `↓ ${t("views.descending")}`}
        </button>
      )}
      {group && groupable.length > 0 && (
        <label className="inline-field">
          <span>{t("views.groupBy")}</span>
          <select
            value={view.groupBy ?? ""}
            onChange={(e) => {
              const { groupBy: _, ...rest } = view;
              setView(e.target.value ? { ...rest, groupBy: e.target.value } : rest);
            }}
          >
            <option value="">{t("views.noGroup")}</option>
            {view.groupBy && !groupable.some((f) => f.key === view.groupBy) && (
              <option value={view.groupBy}>{fieldName(collection, view.groupBy, settings, lang)}</option>
            )}
            {groupable.map((f) => (
              <option key={f.key} value={f.key}>
                {f.label[lang]}
              </option>
            ))}
          </select>
        </label>
      )}
      {mine && (
        <label className="check" title={t("views.mineHint")}>
          <input type="checkbox" checked={view.mine} onChange={(e) => setView({ ...view, mine: e.target.checked })} />
          {t("views.mine")}
        </label>
      )}
      {children}
    </fieldset>
  );
}

/** A field's label in the reader's language; a custom field not known here yet by its key. */
function fieldName(collection: CollectionName, key: string, settings: FieldSettings | undefined, lang: "en" | "zh") {
  return findField(collection, key, settings)?.label[lang] ?? key;
}

function FilterChip(props: { collection: CollectionName; filter: Filter; settings?: FieldSettings; onRemove(): void }) {
  const { t } = useTranslation();
  const field = findField(props.collection, props.filter.field, props.settings);
  const ref = field?.kind === "reference" && typeof field.ref === "string" ? field.ref : undefined;
  const refName = useRecordTitle(ref ?? "accounts", ref && props.filter.op !== "contains" ? props.filter.value : "");
  const label = useFilterLabel(props.collection, props.settings)(props.filter, refName ?? undefined);
  return (
    <li className="chip">
      <span>{label}</span>
      <button
        type="button"
        className="chip-remove"
        aria-label={t("views.removeFilter", { label })}
        onClick={props.onRemove}
      >
        ×
      </button>
    </li>
  );
}

/** "Status is Customer", "Created within the last (days) 7": how a chip reads. */
export function useFilterLabel(
  collection: CollectionName,
  settings?: FieldSettings,
): (f: Filter, refName?: string) => string {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const person = usePersonLabel();
  return (f, refName) => {
    const field = findField(collection, f.field, settings);
    const one = (v: string) => operand(field, f.op === "contains", v);
    const operand = (d: FieldDescriptor | undefined, raw: boolean, v: string): string => {
      if (raw) return `“${v}”`;
      switch (d?.kind) {
        case "picklist":
        case "multiPicklist":
          return valueLabel(d, v, lang);
        case "boolean":
          return v === "true" ? t("views.yes") : t("views.no");
        case "person":
          return v === ME ? t("views.me") : person(v).text;
        case "reference":
          return refName ?? v;
        case "date":
        case "dateTime":
          return /^\d{4}-\d{2}-\d{2}$/.test(v) ? formatCalendarDay(lang, v) : v;
        default:
          return `“${v}”`;
      }
    };
    const value = valueless.has(f.op)
      ? ""
      : f.op === "anyOf"
        ? (f.values ?? []).map(one).join(t("views.listSeparator"))
        : f.op === "between"
          ? t("views.range", { from: one(f.values?.[0] ?? ""), to: one(f.values?.[1] ?? "") })
          : one(f.value);
    const name = field?.label[lang] ?? f.field;
    return [name, t(`views.ops.${f.op}`), value].filter(Boolean).join(" ");
  };
}

/** A group header's words: a picklist value translated, a person by name, yes/no, "(none)". */
export function useGroupLabel(
  collection: CollectionName,
  groupBy: string | undefined,
  settings?: FieldSettings,
): (value: string) => string {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const person = usePersonLabel();
  const field = groupBy ? findField(collection, groupBy, settings) : undefined;
  return (value) => {
    if (!value) return t("views.noValue");
    if (field?.kind === "picklist") return valueLabel(field, value, lang);
    if (field?.kind === "boolean") return value === "true" ? t("views.yes") : t("views.no");
    if (field?.kind === "person") return person(value).text;
    return value;
  };
}
