import type { CollectionName } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect } from "react";
import type { Row } from "../local/db.js";
import { firstRows } from "../local/rows.js";
import { matchesWords, searchRecords, searchWords, splitLongest } from "../local/search.js";
import { useRuntime } from "../runtime/context.js";
import { markPainted } from "./paintMark.js";

/** Up to this many index entries match the longest word, its rows are read and sorted directly. */
const FEW = 1000;

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
    const words = searchWords(query);
    if (!words.length) {
      const rows = await firstRows<R>(db, collection, limit); // rows read once, in small batches
      return { rows, total: rows.length < limit ? rows.length : undefined, query };
    }
    // A typed-out word matches a few rows: its keys through Dexie (one request), the rows read and
    // sorted here — the startup benchmark's search answers in ~65 ms this way, where the key-only
    // path below first reads every id's sort position (~190 ms on a fresh page). A short prefix
    // matching hundreds or thousands of rows takes that path (local/search.ts): keys only, ordered
    // by sort position, only the page's rows read.
    const table = db.table<R, string>(collection);
    const [first, rest] = splitLongest(words);
    const keys = [
      ...new Set(
        await table
          .where("terms")
          .startsWithAnyOf(first as string[])
          .limit(FEW + 1)
          .primaryKeys(),
      ),
    ];
    if (keys.length > FEW) return { ...(await searchRecords<R>(db, collection, query, limit)), query };
    let rows = (await table.bulkGet(keys)).filter((r): r is R => r !== undefined);
    if (rest.length) rows = rows.filter((r) => matchesWords(r.terms, rest));
    rows.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
    return { rows: rows.slice(0, limit), total: rows.length, query };
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
