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

/**
 * Primary keys of `index` within `range`, in index order (one `getAllKeys` request), on the native
 * transaction of a Dexie transaction: Dexie opens the database, or refuses as for any query when
 * it is closed (a workspace being switched), and nothing passes through its read bookkeeping.
 */
export function indexPrimaryKeys(
  db: Dexie,
  table: string,
  index: string,
  range: IDBKeyRange | null = null,
  limit?: number,
): Promise<string[]> {
  return readIndex<string>(db, table, index, "getAllKeys", range, limit);
}

/** Rows by `index` within `range`, in index order, in one `getAll` request (as above). */
export function indexRows<R>(
  db: Dexie,
  table: string,
  index: string,
  range: IDBKeyRange | null = null,
  limit?: number,
): Promise<R[]> {
  return readIndex<R>(db, table, index, "getAll", range, limit);
}

function readIndex<T>(
  db: Dexie,
  table: string,
  index: string,
  method: "getAll" | "getAllKeys",
  range: IDBKeyRange | null,
  limit: number | undefined,
): Promise<T[]> {
  return db.transaction("r", table, (tx) => {
    const idb = (tx as unknown as { idbtrans: IDBTransaction }).idbtrans;
    return new Promise<T[]>((resolve, reject) => {
      const req = idb.objectStore(table).index(index)[method](range, limit);
      req.onsuccess = () => resolve(req.result as T[]);
      req.onerror = () => reject(req.error ?? new Error(`reading ${table}.${index} failed`));
    });
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
