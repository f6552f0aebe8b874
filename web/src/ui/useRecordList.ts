import type { CollectionName } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect } from "react";
import { useRuntime } from "../app/runtime-context.js";
import type { Row } from "../local/db.js";
import { firstRows } from "../local/rows.js";
import { searchRecords } from "../local/search.js";
import { markPainted } from "./paintMark.js";

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
  const result = useLiveQuery(async (): Promise<{ rows: R[]; total: number | undefined; query: string }> => {
    const words = query.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
    if (!words.length) {
      const rows = await firstRows<R>(db, collection, limit); // rows read once, in small batches
      return { rows, total: rows.length < limit ? rows.length : undefined, query };
    }
    // Matches found as keys, ordered by sort position, only the page's rows read (local/search.ts).
    return { ...(await searchRecords<R>(db, collection, query, limit)), query };
  }, [db, collection, query, limit]);
  // The search benchmark's "rows of this query painted" (tests/bench/everyday.bench.ts).
  useEffect(() => {
    if (result) markPainted("crm:list-rows", { collection, query: result.query, rows: result.rows.length });
  }, [result, collection]);
  // Counting walks the whole index: it comes after the rows and never holds them back.
  const total = useLiveQuery(() => db.table(collection).count(), [db, collection]);
  if (!result) return undefined;
  return { rows: result.rows, total: result.total ?? total ?? result.rows.length };
}
