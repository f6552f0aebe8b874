import type { CollectionName } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { usePersonLabel } from "../ui/Person.js";
import { AddFilter, valueText } from "./AddFilter.js";
import "./views.css";
import { fieldsOf, findField } from "./fields.js";
import { SavedViewPicker } from "./SavedViewPicker.js";
import type { ListView } from "./useListView.js";
import { type Filter, valueless } from "./view.js";

/**
 * The bar above a list: saved views, filter chips with "Add filter", sort, group-by and "Mine".
 * It sits in the page head before the search box (see ListPage: Tab goes bar → search → New →
 * rows) and wraps onto its own line.
 */
export function ViewBar({
  collection,
  list,
  sortAndGroup = true,
}: {
  collection: CollectionName;
  list: ListView;
  /** False where the list keeps its own order (leads: by the live score) and shows no groups. */
  sortAndGroup?: boolean;
}) {
  const { t } = useTranslation();
  const { view, setView } = list;
  const table = fieldsOf(collection);
  const label = useFilterLabel(collection);
  const groupable = table.fields.filter((f) => f.groupable);
  return (
    <fieldset className="view-bar">
      <legend className="sr-only">{t("views.bar")}</legend>
      <SavedViewPicker collection={collection} list={list} />
      <ul className="chips" aria-label={t("views.filters")}>
        {view.filters.map((f, i) => (
          <li key={`${f.field}-${f.op}-${f.value}`} className="chip">
            <span>{label(f)}</span>
            <button
              type="button"
              className="chip-remove"
              aria-label={t("views.removeFilter", { label: label(f) })}
              onClick={() => setView({ ...view, filters: view.filters.filter((_, j) => j !== i) })}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <AddFilter
        collection={collection}
        onAdd={(f) =>
          // The same filter twice changes nothing: it is not added again.
          view.filters.some((x) => x.field === f.field && x.op === f.op && x.value === f.value)
            ? undefined
            : setView({ ...view, filters: [...view.filters, f] })
        }
      />
      {sortAndGroup && (
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
            {table.fields.map((f) => (
              <option key={f.key} value={f.key}>
                {t(f.label)}
              </option>
            ))}
          </select>
        </label>
      )}
      {sortAndGroup && view.sort && (
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
      {sortAndGroup && groupable.length > 0 && (
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
            {groupable.map((f) => (
              <option key={f.key} value={f.key}>
                {t(f.label)}
              </option>
            ))}
          </select>
        </label>
      )}
      {table.mine && (
        <label className="check" title={t("views.mineHint")}>
          <input type="checkbox" checked={view.mine} onChange={(e) => setView({ ...view, mine: e.target.checked })} />
          {t("views.mine")}
        </label>
      )}
    </fieldset>
  );
}

/** "Status is Customer", "Created within the last (days) 7": how a chip reads. */
export function useFilterLabel(collection: CollectionName): (f: Filter) => string {
  const { t } = useTranslation();
  const person = usePersonLabel();
  return (f) => {
    const field = findField(collection, f.field);
    if (!field) return f.field;
    const value = valueless.has(f.op)
      ? ""
      : field.kind === "enum"
        ? valueText(t, field, f.value)
        : field.kind === "person" && f.op !== "contains"
          ? person(f.value).text
          : `“${f.value}”`;
    return [t(field.label), t(`views.ops.${f.op}`), value].filter(Boolean).join(" ");
  };
}

/** A group header's words: an enum value translated, an empty value as "(none)". */
export function useGroupLabel(collection: CollectionName, groupBy: string | undefined): (value: string) => string {
  const { t } = useTranslation();
  const person = usePersonLabel();
  const field = groupBy ? findField(collection, groupBy) : undefined;
  return (value) => {
    if (!value) return t("views.noValue");
    if (field?.kind === "enum") return valueText(t, field, value);
    if (field?.kind === "person") return person(value).text;
    return value;
  };
}
