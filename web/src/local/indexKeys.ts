import type Dexie from "dexie";

/*
 * Key-only reads for lists and search, straight from the native IndexedDB handle.
 *
 * Why not through Dexie: inside a live query, Dexie records every primary key a read returns
 * (to re-run the query when one of them is deleted), and that bookkeeping, not IndexedDB, is the
 * cost of a large key list: ~0.8 s of main thread per typed word over 50,000 contacts on the
 * bench machine. Callers keep their live query reactive with `watchTable` (one cheap read that
 * subscribes it to every change of the table) and read the rows they show through Dexie.
 */

/** Primary keys of `index` within `range`, in index order (one `getAllKeys` request). */
export async function indexPrimaryKeys(
  db: Dexie,
  table: string,
  index: string,
  range: IDBKeyRange | null = null,
  limit?: number,
): Promise<string[]> {
  // Dexie opens the database on its first query; the native handle exists only once it is open.
  if (!db.isOpen()) await db.open();
  return new Promise((resolve, reject) => {
    const tx = db.backendDB().transaction(table, "readonly");
    const req = tx.objectStore(table).index(index).getAllKeys(range, limit);
    req.onsuccess = () => resolve(req.result as string[]);
    req.onerror = () => reject(req.error ?? new Error(`reading ${table}.${index} failed`));
  });
}

/** The range of keys starting with `prefix` (as Dexie's `startsWith`). */
export function prefixRange(prefix: string): IDBKeyRange {
  return IDBKeyRange.bound(prefix, `${prefix}\uffff`);
}

/** Subscribes the running live query (if any) to every change of `table`, reading one row. */
export async function watchTable(db: Dexie, table: string): Promise<void> {
  await db.table(table).toCollection().limit(1).toArray();
}
