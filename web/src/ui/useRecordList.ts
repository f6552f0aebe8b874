import type { CollectionName } from "@crm/schema";
import type { Collection } from "dexie";
import { useLiveQuery } from "dexie-react-hooks";
import { useRuntime } from "../app/runtime-context.js";
import type { Row } from "../local/db.js";

export interface RecordListResult<R> {
  rows: R[];
  total: number;
}

/**
 * Rows of a collection from the local projection, live: sorted by the type's sort key, or,
 * with a query, found by word prefix in the search index (every word must match).
 * Never touches Yjs, so it answers as fast as IndexedDB can.
 */
export function useRecordList<R extends Row<object>>(
  collection: CollectionName,
  query: string,
  limit: number,
  filter?: (c: Collection<R, string>) => Collection<R, string>,
): RecordListResult<R> | undefined {
  const { db } = useRuntime();
  return useLiveQuery(async () => {
    const table = db.table<R, string>(collection);
    const words = query.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) {
      const base = table.orderBy("sortKey");
      const [rows, total] = await Promise.all([
        (filter ? filter(base) : base).limit(limit).toArray(),
        filter ? filter(table.toCollection()).count() : table.count(),
      ]);
      return { rows, total };
    }
    // The longest word narrows the index scan most; the others are checked on the row.
    const [first, ...rest] = [...words].sort((a, b) => b.length - a.length) as [string, ...string[]];
    let found = table.where("terms").startsWith(first).distinct();
    if (rest.length) found = found.filter((r) => rest.every((w) => r.terms.some((t) => t.startsWith(w))));
    if (filter) found = filter(found);
    const rows = await found.limit(500).toArray();
    rows.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    return { rows: rows.slice(0, limit), total: rows.length };
  }, [db, collection, query, limit, filter]);
}
