import type Dexie from "dexie";
import type { Row } from "./db.js";
import { indexPrimaryKeys, watchTable } from "./indexKeys.js";
import { tableVersion } from "./tableVersions.js";

/*
 * The first `limit` rows of a collection in `sortKey` order: what a list shows with no query.
 *
 * A list asks again with a larger limit each time it is scrolled near its end. Reading all
 * `limit` rows again each time made one IndexedDB answer of thousands of rows, deserialized in
 * one task (268 ms at 5,000 contacts, 511 ms at 4,500 orders on the shared bench machine: the
 * scroll froze). Here the ids come from a key-only read of the index, the rows already read are
 * kept (until the table changes), and the new ones are read in small batches, each its own
 * short task.
 */

/** Rows per IndexedDB read: ~100 rows deserialize in a few ms, well under a 50 ms task. */
const BATCH = 100;
/** Up to this many rows with nothing kept (a list's first page) are read in one request. */
const ONE_READ = 300;

interface Kept {
  version: number;
  rows: Map<string, unknown>;
}

const kept = new Map<string, Kept>();

export async function firstRows<R extends Row<object>>(db: Dexie, collection: string, limit: number): Promise<R[]> {
  const table = db.table<R, string>(collection);
  const key = `${db.name}/${collection}`;
  const version = tableVersion(db, collection);
  const cache = kept.get(key);
  if ((!cache || cache.version !== version) && limit <= ONE_READ) {
    // Nothing kept (a list's first page): one request for the rows, as fast as a page can come.
    // Through Dexie (not a native read of our own): on a fresh page it answers sooner (startup bench).
    // Dexie's own range read keeps the live query subscribed to what this page shows.
    const first = await table.orderBy("sortKey").limit(limit).toArray();
    // A change while reading: the live query runs again and reads afresh.
    kept.set(key, { version, rows: new Map(first.map((r) => [(r as { id?: unknown }).id as string, r])) });
    return first;
  }
  // The live query re-runs on any change of the table (the kept rows may be stale).
  const [ids] = await Promise.all([
    indexPrimaryKeys(db, collection, "sortKey", null, limit),
    watchTable(db, collection),
  ]);
  let current = kept.get(key);
  if (!current || current.version !== tableVersion(db, collection)) {
    // Changed since read (or never read) deep in a list: read again, in batches.
    current = { version: tableVersion(db, collection), rows: new Map() };
    kept.set(key, current);
  }
  const rows = current.rows as Map<string, R>;
  const missing = ids.filter((id) => !rows.has(id));
  for (let i = 0; i < missing.length; i += BATCH) {
    const batch = missing.slice(i, i + BATCH);
    const read = await table.bulkGet(batch);
    read.forEach((r, j) => {
      if (r) rows.set(batch[j]!, r);
    });
  }
  // A row deleted between the two reads is simply not shown.
  return ids.map((id) => rows.get(id)).filter((r): r is R => r !== undefined);
}

/** Drops the kept rows (tests, a closed workspace). */
export function forgetKeptRows(): void {
  kept.clear();
}
