import type Dexie from "dexie";
import type { Row } from "./db.js";
import { indexPrimaryKeys, prefixRange, watchTable } from "./indexKeys.js";
import { tableVersion } from "./tableVersions.js";

/*
 * Word-prefix search over a collection's projection, answered in sort order: the rows a list
 * shows for a query typed into its search box.
 *
 * Why not read the matching rows and sort them: a one-letter prefix matches thousands of the
 * 50,000 contacts, and reading rows is what costs (each is deserialized on the main thread).
 * So each word's matches are found as keys only (one `getAllKeys` on the `terms` index per word,
 * see indexKeys.ts), intersected, put in the list's order by each id's position in the `sortKey`
 * index (kept in memory per table, rebuilt after the table changes), and only the rows of the
 * page asked for are read.
 */

export interface SearchResult<R> {
  /** The first `limit` matching rows, in `sortKey` order. */
  rows: R[];
  /** How many rows match in all. */
  total: number;
}

/** The lowercase words of a query; every one must prefix some term of a matching row. */
export function searchWords(query: string): string[] {
  return query.trim().toLocaleLowerCase().split(/\s+/).filter(Boolean);
}

interface Ranks {
  /** id → position in `sortKey` order. */
  rank: Map<string, number>;
  /** The table's mutation count when built: stale once it moved on. */
  version: number;
}

const ranksCache = new Map<string, Promise<Ranks>>();

async function ranksOf(db: Dexie, collection: string): Promise<Ranks> {
  const key = `${db.name}/${collection}`;
  const version = tableVersion(db, collection);
  const cached = ranksCache.get(key);
  if (cached) {
    const ranks = await cached;
    // Checked after an await: a mutation's listeners have all run by then.
    if (ranks.version === tableVersion(db, collection)) return ranks;
    if (ranksCache.get(key) !== cached) return ranksOf(db, collection);
  }
  const building = indexPrimaryKeys(db, collection, "sortKey").then((ids) => {
    const rank = new Map<string, number>();
    for (let i = 0; i < ids.length; i++) rank.set(ids[i]!, i);
    return { rank, version };
  });
  ranksCache.set(key, building);
  building.catch(() => ranksCache.delete(key));
  return building;
}

/** Drops the in-memory sort positions (a test's fresh database, a closed workspace). */
export function forgetSearchCache(): void {
  ranksCache.clear();
}

/**
 * Rows of `collection` whose terms start with every word of `query` (at least one word), the
 * first `limit` of them by `sortKey`.
 */
export async function searchRecords<R extends Row<object>>(
  db: Dexie,
  collection: string,
  query: string,
  limit: number,
): Promise<SearchResult<R>> {
  const words = searchWords(query);
  if (!words.length) throw new Error("searchRecords: the query has no word to search for");
  const table = db.table<R, string>(collection);
  // Each word's matches as keys; a row matches when it is in every set (no row read to check).
  const [keySets, { rank }] = await Promise.all([
    Promise.all(words.map((w) => indexPrimaryKeys(db, collection, "terms", prefixRange(w)))),
    ranksOf(db, collection),
    watchTable(db, collection),
  ]);
  const sets = keySets.map((keys) => new Set(keys)).sort((a, b) => a.size - b.size);
  const [smallest, ...others] = sets as [Set<string>, ...Set<string>[]];
  const ids = [...smallest].filter((id) => others.every((s) => s.has(id)));
  const pos = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  ids.sort((a, b) => pos(a) - pos(b));
  const rows = (await table.bulkGet(ids.slice(0, limit))).filter((r): r is R => r !== undefined);
  return { rows, total: ids.length };
}
