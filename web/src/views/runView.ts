import type { CollectionName } from "@crm/schema";
import type { Table } from "dexie";
import { compareValues, compileFilter, groupRank, groupValue, type MatchContext, sortValue } from "./filter.js";
import type { View } from "./view.js";
import { findField } from "./viewFields.js";

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
  /** The group's rank: a picklist's declared order, a person's name, else the value lowercased; null for none. */
  r: string | number | null;
  /** The row's own sort key: the tie-breaker, so equal values keep the list's usual order. */
  k: string;
}

export interface ScanProgress {
  done: number;
  total: number;
}

/**
 * Rows per read. Measured over 250k orders (Chromium, this 2-core machine): pages of 1,000 gave
 * long tasks of 60–190 ms (a page's rows are deserialized in the task that delivers them, and
 * garbage piles up faster); pages of 250 gave none over 50 ms, for the same total time (~6 s).
 */
const CHUNK = 250;
/** Time budget per step before yielding (the task limit is 50 ms; reading a page takes part of it). */
const STEP_MS = 25;

type AnyRow = Record<string, unknown> & { id: string; sortKey: string };

/** Reduces rows that passed the filter to entries. */
export function toEntries(collection: CollectionName, view: View, rows: AnyRow[], ctx?: MatchContext): Entry[] {
  const sortKey = view.sort?.field;
  const groupKey = view.groupBy;
  // A custom field not known on this device yet sorts and groups by its stored value as text.
  const sortField = sortKey ? findField(collection, sortKey, ctx?.settings) : undefined;
  const groupField = groupKey ? findField(collection, groupKey, ctx?.settings) : undefined;
  return rows.map((r) => {
    const g = groupKey ? groupValue(r, groupKey) : "";
    return {
      id: r.id,
      s: sortKey ? sortValue(sortField, r[sortKey], ctx) : null,
      g,
      r: groupKey && g ? groupRank(groupField, g, ctx) : null,
      k: r.sortKey,
    };
  });
}

export function entryOrder(view: View): (a: Entry, b: Entry) => number {
  const dir = view.sort?.dir ?? "asc";
  const grouped = !!view.groupBy;
  return (a, b) =>
    (grouped ? compareValues(a.r, b.r, "asc") || (a.g < b.g ? -1 : a.g > b.g ? 1 : 0) : 0) ||
    compareValues(a.s, b.s, dir) ||
    (a.k < b.k ? -1 : a.k > b.k ? 1 : 0);
}

/** Orders entries: by group (picklists in declared order, empty last), then the view's sort, then the sort key. */
export function orderEntries(entries: Entry[], view: View): Entry[] {
  return entries.sort(entryOrder(view));
}

/** Filters, sorts and groups rows already in memory (the search path: at most ~1,000 rows). */
export function runInMemory(collection: CollectionName, view: View, rows: AnyRow[], ctx: MatchContext): Entry[] {
  const test = compileFilter(collection, view, ctx);
  return orderEntries(toEntries(collection, view, test ? rows.filter(test) : rows, ctx), view);
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
    for (const e of toEntries(collection, view, test ? page.filter(test) : page, ctx)) out.push(e);
    options.onProgress?.({ done, total: Math.max(done, options.total ?? done) });
    if (page.length < CHUNK) break;
    if (performance.now() - stepStart > STEP_MS) {
      await yieldToMain();
      if (options.signal.aborted) return null;
      stepStart = performance.now();
    }
  }
  return sortSliced(out, entryOrder(view), options.signal);
}

/**
 * A merge sort that yields: one `Array.sort` of 250k entries took ~310 ms here, far over the
 * 50 ms budget. Runs of 4,096 are sorted (a few ms each), then merged bottom-up, checking the
 * clock every 1,024 items. Stable, like `Array.sort`.
 */
export async function sortSliced<T>(items: T[], cmp: (a: T, b: T) => number, signal: AbortSignal): Promise<T[] | null> {
  const RUN = 4096;
  let start = performance.now();
  const pause = async () => {
    if (performance.now() - start < STEP_MS) return false;
    await yieldToMain();
    start = performance.now();
    return signal.aborted;
  };
  const n = items.length;
  for (let lo = 0; lo < n; lo += RUN) {
    const run = items.slice(lo, lo + RUN).sort(cmp);
    for (let i = 0; i < run.length; i++) items[lo + i] = run[i]!;
    if (await pause()) return null;
  }
  let src = items;
  let dst = new Array<T>(n);
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (k < hi) {
        dst[k++] = j >= hi || (i < mid && cmp(src[i]!, src[j]!) <= 0) ? src[i++]! : src[j++]!;
        if ((k & 1023) === 0 && (await pause())) return null;
      }
    }
    [src, dst] = [dst, src];
  }
  return src;
}
