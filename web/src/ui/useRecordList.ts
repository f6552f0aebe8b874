import type { CollectionName } from "@crm/schema";
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
): RecordListResult<R> | undefined {
  const { db } = useRuntime();
  const result = useLiveQuery(async (): Promise<{ rows: R[]; total: number | undefined }> => {
    const table = db.table<R, string>(collection);
    const words = query.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) {
      const rows = await table.orderBy("sortKey").limit(limit).toArray();
      return { rows, total: rows.length < limit ? rows.length : undefined };
    }
    // The longest word narrows the index scan most; the others are checked on the row. Keys
    // first, then the rows: a key-only index scan is one request, where `.distinct()` would
    // walk a cursor step by step.
    const [first, ...rest] = [...words].sort((a, b) => b.length - a.length) as [string, ...string[]];
    const keys = [...new Set(await table.where("terms").startsWith(first).limit(2000).primaryKeys())];
    let rows = (await table.bulkGet(keys.slice(0, 1000))).filter((r): r is R => r !== undefined);
    if (rest.length) rows = rows.filter((r) => rest.every((w) => r.terms.some((t) => t.startsWith(w))));
    rows.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    return { rows: rows.slice(0, limit), total: rows.length };
  }, [db, collection, query, limit]);
  // Counting walks the whole index: it comes after the rows and never holds them back.
  const total = useLiveQuery(() => db.table(collection).count(), [db, collection]);
  if (!result) return undefined;
  return { rows: result.rows, total: result.total ?? total ?? result.rows.length };
}
