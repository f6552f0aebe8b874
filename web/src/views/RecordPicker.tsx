import type { CollectionName } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useDeferredValue, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { matchesWords, searchWords, splitLongest } from "../local/search.js";
import { useRuntime } from "../runtime/context.js";
import { recordLabel } from "./RecordName.js";

const SHOWN = 20;

/**
 * Picks one record of a collection for a filter ("Account is Acme"): words typed in the box find
 * records through the local search index, as every search box does; the matches are a list box
 * to choose from with the arrow keys (Tab from the box). The chosen record's id is the value.
 */
export function RecordPicker(props: {
  collection: CollectionName;
  value: string;
  onChange(id: string): void;
  invalid?: boolean;
  describedBy?: string;
}) {
  const { t } = useTranslation();
  const { db } = useRuntime();
  const [query, setQuery] = useState("");
  const deferred = useDeferredValue(query);
  const id = useId();
  const found = useLiveQuery(async () => {
    const table = db.table(props.collection);
    const words = searchWords(deferred);
    let rows: Record<string, unknown>[];
    if (!words.length) rows = await table.orderBy("sortKey").limit(SHOWN).toArray();
    else {
      const [first, rest] = splitLongest(words);
      const keys = [
        ...new Set(
          await table
            .where("terms")
            .startsWithAnyOf(first as string[])
            .limit(500)
            .primaryKeys(),
        ),
      ];
      rows = ((await table.bulkGet(keys)) as (Record<string, unknown> | undefined)[]).filter(
        (r): r is Record<string, unknown> => !!r && matchesWords(r.terms as string[], rest),
      );
      rows.sort((a, b) => String(a.sortKey).localeCompare(String(b.sortKey)));
      rows = rows.slice(0, SHOWN);
    }
    return rows.map((r) => ({ id: String(r.id), label: recordLabel(props.collection, r) }));
  }, [db, props.collection, deferred]);
  const options = found ?? [];
  return (
    <span className="record-picker">
      <label htmlFor={`${id}-q`}>
        <span>{t("views.findRecord")}</span>
      </label>
      <input
        id={`${id}-q`}
        type="search"
        value={query}
        autoComplete="off"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          // Enter picks the first match when none is picked yet; the next Enter adds the filter.
          if (e.key === "Enter" && !props.value && options[0]) {
            e.preventDefault();
            props.onChange(options[0].id);
          }
        }}
      />
      <label htmlFor={`${id}-list`}>
        <span>{t("views.value")}</span>
      </label>
      <select
        id={`${id}-list`}
        size={Math.min(6, Math.max(2, options.length))}
        value={props.value}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.describedBy}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.id} value={o.id}>
            {o.label}
          </option>
        ))}
      </select>
      {found && !options.length && <span className="muted small">{t("views.noRecord")}</span>}
    </span>
  );
}
