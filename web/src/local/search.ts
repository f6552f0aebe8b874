import { parseSearchQuery, termsMatch } from "@crm/schema";
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
  /**
   * How many rows match in all; an upper bound when a one- or two-letter word beside a longer
   * one was checked on the rows read (the candidates not read yet are counted in).
   */
  total: number;
}

/**
 * The words of a query, each as the prefixes it may stand for (schema's `parseSearchQuery`: text
 * is lowercased words; a phone number is one word of digits, with and without its trunk or
 * international prefix). A row matches when, for every word, one of its terms starts with one of
 * the word's prefixes. Every search box goes through this.
 */
export function searchWords(query: string): string[][] {
  return parseSearchQuery(query);
}

/** The word to look up in the index (the longest: fewest matches) and the ones to check on rows. */
export function splitLongest(words: readonly QueryWord[]): [QueryWord, QueryWord[]] {
  const sorted = [...words].sort((a, b) => wordLength(b) - wordLength(a));
  return [sorted[0]!, sorted.slice(1)];
}

/** A row's terms match every word. */
export function matchesWords(terms: readonly string[], words: readonly QueryWord[]): boolean {
  return words.every((w) => termsMatch(terms, w));
}

export type QueryWord = readonly string[];
const wordLength = (w: QueryWord) => Math.min(...w.map((p) => p.length));

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
  // A word of one or two letters next to a longer one ("margaret h") would scan a large part of
  // the index for little: it is checked on the rows read instead.
  const longest = Math.max(...words.map(wordLength));
  const scanned = words.filter((w) => wordLength(w) >= SCAN_MIN || wordLength(w) === longest);
  const checked = words.filter((w) => !scanned.includes(w));
  const keysOf = async (w: QueryWord) =>
    (await Promise.all(w.map((p) => indexPrimaryKeys(db, collection, "terms", prefixRange(p))))).flat();
  const [keySets, { rank }] = await Promise.all([
    Promise.all(scanned.map(keysOf)),
    ranksOf(db, collection),
    watchTable(db, collection),
  ]);
  const sets = keySets.map((keys) => new Set(keys)).sort((a, b) => a.size - b.size);
  const [smallest, ...others] = sets as [Set<string>, ...Set<string>[]];
  const ids = [...smallest].filter((id) => others.every((s) => s.has(id)));
  const pos = (id: string) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  ids.sort((a, b) => pos(a) - pos(b));
  if (!checked.length) {
    const rows = (await table.bulkGet(ids.slice(0, limit))).filter((r): r is R => r !== undefined);
    return { rows, total: ids.length };
  }
  const matches = (r: R) => matchesWords(r.terms, checked);
  const rows: R[] = [];
  let next = 0;
  while (rows.length < limit && next < ids.length) {
    const chunk = ids.slice(next, next + Math.max(limit, 50));
    next += chunk.length;
    for (const r of await table.bulkGet(chunk)) if (r && matches(r)) rows.push(r);
  }
  // Candidates not read yet may match too: counted, so the list knows to ask for more.
  return { rows: rows.slice(0, limit), total: rows.length + (ids.length - next) };
}

/** Words at least this long are looked up in the index; shorter ones beside them on the rows. */
const SCAN_MIN = 3;
