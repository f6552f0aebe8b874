import type { CollectionName, FieldSettings, WorkspaceSettings } from "@crm/schema";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import type { Column } from "../ui/RecordList.js";
import { type Cell, langOf, numericKinds, useCellRenderer } from "./cells.js";
import { columnOptions, defaultColumnsOf, shownColumns, titleFields } from "./columns.js";
import { findField } from "./viewFields.js";

/** How one list draws what the descriptors alone do not say. */
export interface ListColumnsSpec<R> {
  /** The title column's header; default: the first title field's label. */
  titleHeader?: string;
  /** What a click on the title column's header sorts by; default: the first title field. */
  titleSort?: string;
  /** Cells a list draws its own way (status badges, a tick box, an overdue due date). */
  cells?: Partial<Record<string, Cell<R>>>;
  /** Headers and cells of the list's computed columns (columns.ts `extraColumns`). */
  extras?: Record<string, { header: string; cell: Cell<R>; className?: string }>;
}

export interface ChooserModel {
  /** Every column a person can show, with its label in the reader's language. */
  options: { key: string; label: string }[];
  /** The columns shown, in order. */
  shown: string[];
  defaults: string[];
  /** The title column's label (always shown, first). */
  title: string;
}

/**
 * The columns a list draws — the title column, then the chosen (or default) columns, each cell
 * by its descriptor's kind unless the list draws it itself — and what the column chooser offers.
 */
export function useListColumns<R extends { id: string }>(
  collection: CollectionName,
  spec: ListColumnsSpec<R>,
  chosen: readonly string[] | undefined,
  settings: WorkspaceSettings & FieldSettings,
): { columns: Column<R>[]; chooser: ChooserModel } {
  const { i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const renderer = useCellRenderer<R & Record<string, unknown>>(settings);
  const chosenKey = chosen?.join("\n");
  // biome-ignore lint/correctness/useExhaustiveDependencies: `chosenKey` stands for `chosen`
  return useMemo(() => {
    const [first] = titleFields[collection];
    const titleField = first ? findField(collection, first, settings) : undefined;
    const title = spec.titleHeader ?? titleField?.label[lang] ?? "";
    const options = columnOptions(collection, settings).map((o) => ({
      key: o.key,
      label: o.field ? o.field.label[lang] : (spec.extras?.[o.key]?.header ?? o.key),
    }));
    const shown = shownColumns(collection, chosen, settings);
    const columns: Column<R>[] = [
      { key: "title", header: title, cell: () => null, sortField: spec.titleSort ?? titleField?.key },
    ];
    shown.forEach((key, i) => {
      const narrow = i >= 3 ? "hide-narrow" : undefined;
      const extra = spec.extras?.[key];
      if (extra) {
        columns.push({ key, header: extra.header, cell: extra.cell, className: extra.className ?? narrow });
        return;
      }
      const field = findField(collection, key, settings);
      if (!field) return;
      const cell = (spec.cells?.[key] as Cell<R> | undefined) ?? (renderer(field) as Cell<R>);
      const className = [numericKinds.has(field.kind) ? "num" : "", narrow ?? ""].filter(Boolean).join(" ");
      columns.push({
        key,
        header: field.label[lang],
        cell,
        className: className || undefined,
        sortField: field.sort ? key : undefined,
      });
    });
    return { columns, chooser: { options, shown, defaults: defaultColumnsOf(collection), title } };
  }, [collection, spec, chosenKey, settings, lang, renderer]);
}
