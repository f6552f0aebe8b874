import type { CollectionName } from "@crm/schema";
import type { Table } from "dexie";
import { findField } from "./fields.js";
import { compareValues, compileFilter, groupValue, type MatchContext, sortValue, type View } from "./view.js";

/*
 * Runs a view over a collection's local projection without holding the main thread: rows are
 * read in primary-key pages (keyset: `where(":id").above(last)`, never `offset`, which walks
 * from the start every time) and the runner yields between pages, so no step takes more than a
 * few tens of milliseconds even over 250k orders. Only what ordering needs is kept per match
 * (id, sort value, group, sort key): the rows themselves are fetched for the visible window.
 */

/** One matching row, reduced to what ordering and grouping need. */
export interface Entry {
  id: string;
  /** The view's sort value (null sorts last). */
  s: string | number | null;
  /** The group value ("" for none). */
  g: string;
  /** The group's rank: an enum's declared order, else the value lowercased; null for none. */
  r: string | number | null;
  /** The row's own sort key: the tie-breaker, so equal values keep the list's usual order. */
  k: string;
}

export interface ScanProgress {
  done: number;
  total: number;
}

const CHUNK = 1000;
/** Time budget per step before yielding (the task limit is 50 ms; reading a page takes part of it). */
const STEP_MS = 25;

type AnyRow = Record<string, unknown> & { id: string; sortKey: string };

/** Reduces rows that passed the filter to entries. */
export function toEntries(collection: CollectionName, view: View, rows: AnyRow[]): Entry[] {
  const sortField = view.sort ? findField(collection, view.sort.field) : undefined;
  const groupField = view.groupBy ? findField(collection, view.groupBy) : undefined;
  return rows.map((r) => {
    const g = groupField ? groupValue(r, groupField.key) : "";
    return {
      id: r.id,
      s: sortField ? sortValue(sortField, r[sortField.key]) : null,
      g,
      r: groupField && g ? sortValue(groupField, g) : null,
      k: r.sortKey,
    };
  });
}

/** Orders entries: by group (enums in declared order, empty last), then the view's sort, then the sort key. */
export function orderEntries(entries: Entry[], view: View): Entry[] {
  const dir = view.sort?.dir ?? "asc";
  const grouped = !!view.groupBy;
  return entries.sort(
    (a, b) =>
      (grouped ? compareValues(a.r, b.r, "asc") || (a.g < b.g ? -1 : a.g > b.g ? 1 : 0) : 0) ||
      compareValues(a.s, b.s, dir) ||
      (a.k < b.k ? -1 : a.k > b.k ? 1 : 0),
  );
}

/** Filters, sorts and groups rows already in memory (the search path: at most ~1,000 rows). */
export function runInMemory(collection: CollectionName, view: View, rows: AnyRow[], ctx: MatchContext): Entry[] {
  const test = compileFilter(collection, view, ctx);
  return orderEntries(toEntries(collection, view, test ? rows.filter(test) : rows), view);
}

/** Yields to the event loop so input and paint get their turn between pages. */
function yieldToMain(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Scans the whole table page by page and returns the ordered entries, or null if `signal`
 * aborted (a newer view or an edit superseded this run).
 */
export async function scanView(
  table: Table<AnyRow, string>,
  collection: CollectionName,
  view: View,
  ctx: MatchContext,
  options: { signal: AbortSignal; total?: number; onProgress?(p: ScanProgress): void },
): Promise<Entry[] | null> {
  const test = compileFilter(collection, view, ctx);
  const out: Entry[] = [];
  let last: string | null = null;
  let done = 0;
  let stepStart = performance.now();
  for (;;) {
    const page: AnyRow[] =
      last === null
        ? await table.orderBy(":id").limit(CHUNK).toArray()
        : await table.where(":id").above(last).limit(CHUNK).toArray();
    if (options.signal.aborted) return null;
    if (!page.length) break;
    last = page[page.length - 1]!.id;
    done += page.length;
    for (const e of toEntries(collection, view, test ? page.filter(test) : page)) out.push(e);
    options.onProgress?.({ done, total: Math.max(done, options.total ?? done) });
    if (page.length < CHUNK) break;
    if (performance.now() - stepStart > STEP_MS) {
      await yieldToMain();
      if (options.signal.aborted) return null;
      stepStart = performance.now();
    }
  }
  // Sorting 250k small entries takes ~100 ms in one go; in the common case (a filter keeps a
  // few thousand) it is a few ms. Sort is synchronous, so a very large result is the one step
  // that can exceed the budget; it happens once per view change, not per keystroke.
  return orderEntries(out, view);
}
