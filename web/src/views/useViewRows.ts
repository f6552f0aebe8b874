import type { CollectionName } from "@crm/schema";
import Dexie, { type Table } from "dexie";
import { useEffect, useMemo, useState } from "react";
import type { Row } from "../local/db.js";
import { matchesWords, searchWords, splitLongest } from "../local/search.js";
import { useRuntime } from "../runtime/context.js";
import { useRecordList } from "../ui/useRecordList.js";
import type { MatchContext } from "./filter.js";
import { type Entry, runInMemory, type ScanProgress, scanView } from "./runView.js";
import { isPlainView, rowsKey, type View } from "./view.js";

/** A group's header line inside the virtualized list. */
export interface GroupHeader {
  id: string;
  kind: "group";
  value: string;
  count: number;
  collapsed: boolean;
}
export type ListItem<R> = R | GroupHeader;

export function isGroupHeader(item: unknown): item is GroupHeader {
  return typeof item === "object" && item !== null && (item as GroupHeader).kind === "group";
}

export interface ViewRows<R> {
  /** The loaded window: rows, with group headers in place when grouped. */
  items: ListItem<R>[];
  /** How many list lines there are in all (rows of open groups + headers). */
  itemCount: number;
  /** Rows matching the view. */
  total: number;
  /** Set while a full scan is running (a filtered view over a big table). */
  progress: ScanProgress | null;
}

type AnyRow = Row<Record<string, unknown>> & { id: string };

/**
 * The rows a view shows, live. The list's plain order with nothing filtered reads the sort-key
 * index exactly as before views existed (the startup benchmark measures that first paint);
 * anything else is computed by `runView` — in memory over the search candidates when words are
 * typed, by a paged scan otherwise — and recomputed when the table changes.
 */
export function useViewRows<R extends AnyRow>(
  collection: CollectionName,
  view: View,
  limit: number,
  collapsed: ReadonlySet<string>,
  /** Who reads and the workspace's fields; null until the settings are read (a filtered view waits for them). */
  context: Omit<MatchContext, "now"> | null,
): ViewRows<R> | undefined {
  const { db } = useRuntime();
  const plain = isPlainView(view);
  const fast = useRecordList<R>(collection, plain ? view.query : "", plain ? limit : 1);
  const key = rowsKey(view);
  const [entries, setEntries] = useState<{ key: string; list: Entry[] } | undefined>(undefined);
  const [progress, setProgress] = useState<ScanProgress | null>(null);
  const [version, setVersion] = useState(0);

  // Any write to this table (here, another tab, or a sync) re-runs a non-plain view, debounced.
  useEffect(() => {
    if (plain) return;
    const prefix = `idb://${db.name}/${collection}/`;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onChange = (parts: Record<string, unknown>) => {
      if (!Object.keys(parts).some((p) => p.startsWith(prefix))) return;
      clearTimeout(timer);
      timer = setTimeout(() => setVersion((v) => v + 1), 200);
    };
    Dexie.on.storagemutated.subscribe(onChange);
    return () => {
      clearTimeout(timer);
      Dexie.on.storagemutated.unsubscribe(onChange);
    };
  }, [db, collection, plain]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `view`; `version` re-runs on writes
  useEffect(() => {
    if (plain || !context) return;
    const controller = new AbortController();
    const table = db.table(collection) as Table<AnyRow, string>;
    const ctx = { ...context, now: Date.now() };
    const run = async (): Promise<Entry[] | null> => {
      const words = searchWords(view.query);
      if (!words.length) {
        const total = await table.count();
        const slow = setTimeout(() => setProgress({ done: 0, total }), 150);
        try {
          return await scanView(table, collection, view, ctx, {
            signal: controller.signal,
            total,
            onProgress: (p) => !controller.signal.aborted && total > 20_000 && setProgress(p),
          });
        } finally {
          clearTimeout(slow);
        }
      }
      const [first, rest] = splitLongest(words);
      const keys = [
        ...new Set(
          await table
            .where("terms")
            .startsWithAnyOf(first as string[])
            .limit(2000)
            .primaryKeys(),
        ),
      ];
      let rows = (await table.bulkGet(keys.slice(0, 1000))).filter((r): r is AnyRow => r !== undefined);
      if (rest.length) rows = rows.filter((r) => matchesWords(r.terms, rest));
      return runInMemory(collection, view, rows, ctx);
    };
    void run().then((list) => {
      if (!list || controller.signal.aborted) return;
      setEntries({ key, list });
      setProgress(null);
    });
    return () => controller.abort();
  }, [db, collection, key, plain, context, version]);

  const current = !plain && entries?.key === key ? entries.list : undefined;
  const groups = useMemo(() => (current && view.groupBy ? groupRanges(current) : null), [current, view.groupBy]);
  const { lines, lineCount } = useMemo(
    () => (current ? windowLines(current, groups, collapsed, limit) : { lines: undefined, lineCount: 0 }),
    [current, groups, collapsed, limit],
  );

  // Rows for the visible window, fetched by id (a bulkGet of a few hundred ids is one request).
  const [loaded, setLoaded] = useState<Map<string, R>>(new Map());
  useEffect(() => {
    if (!lines) return;
    let cancelled = false;
    const ids = lines.filter((l): l is string => typeof l === "string");
    void (db.table(collection) as Table<R, string>).bulkGet(ids).then((rows) => {
      if (cancelled) return;
      const map = new Map<string, R>();
      for (const r of rows) if (r) map.set(r.id, r);
      setLoaded(map);
    });
    return () => {
      cancelled = true;
    };
  }, [db, collection, lines]);

  if (plain) {
    if (!fast) return undefined;
    return { items: fast.rows, itemCount: fast.total, total: fast.total, progress: null };
  }
  if (!lines) return progress ? { items: [], itemCount: 0, total: 0, progress } : undefined;
  const items: ListItem<R>[] = [];
  for (const l of lines) {
    if (typeof l !== "string") items.push(l);
    else {
      const row = loaded.get(l);
      // A row not fetched yet ends the window; the next fetch brings it (no holes in the list).
      if (!row) break;
      items.push(row);
    }
  }
  return { items, itemCount: lineCount, total: current!.length, progress };
}

interface GroupRange {
  value: string;
  start: number;
  count: number;
}

/** Groups as ranges of the ordered entries (one pass, no per-row allocation: 250k rows). */
function groupRanges(entries: readonly Entry[]): GroupRange[] {
  const out: GroupRange[] = [];
  for (let i = 0; i < entries.length; ) {
    const g = entries[i]!.g;
    let j = i + 1;
    while (j < entries.length && entries[j]!.g === g) j++;
    out.push({ value: g, start: i, count: j - i });
    i = j;
  }
  return out;
}

/**
 * The list's lines up to the window's end only: a header per group (with its count), then its
 * ids unless collapsed. Building every line of 250k rows cost ~60 ms; the window costs nothing.
 */
function windowLines(
  entries: readonly Entry[],
  groups: GroupRange[] | null,
  collapsed: ReadonlySet<string>,
  limit: number,
): { lines: (string | GroupHeader)[]; lineCount: number } {
  if (!groups) return { lines: entries.slice(0, limit).map((e) => e.id), lineCount: entries.length };
  const out: (string | GroupHeader)[] = [];
  let count = 0;
  for (const g of groups) {
    const isCollapsed = collapsed.has(g.value);
    count += 1 + (isCollapsed ? 0 : g.count);
    if (out.length >= limit) continue;
    out.push({ id: `group:${g.value}`, kind: "group", value: g.value, count: g.count, collapsed: isCollapsed });
    if (isCollapsed) continue;
    const end = g.start + Math.min(g.count, limit - out.length);
    for (let x = g.start; x < end; x++) out.push(entries[x]!.id);
  }
  return { lines: out, lineCount: count };
}

/**
 * The same for rows a list holds in memory (leads with their live score, the pipeline's deals:
 * thousands, not hundreds of thousands): filtered, searched, sorted and grouped at once.
 * `order`: the list's own order when the view names none (leads: by live score).
 */
export function useMemoryViewRows<R extends AnyRow>(
  collection: CollectionName,
  rows: readonly R[] | undefined,
  view: View,
  collapsed: ReadonlySet<string>,
  context: Omit<MatchContext, "now">,
  order?: (a: R, b: R) => number,
): ViewRows<R> | undefined {
  const key = rowsKey(view);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for `view`
  const ordered = useMemo(() => {
    if (!rows) return undefined;
    const words = searchWords(view.query);
    const found = words.length ? rows.filter((r) => matchesWords(r.terms, words)) : [...rows];
    if (order) found.sort(order);
    const byId = new Map(found.map((r) => [r.id, r]));
    // The list's own order is the tie-breaker (as the sort key is on the indexed path).
    const ranked = found.map((r, i) => ({ ...r, sortKey: String(i).padStart(8, "0") }));
    return { entries: runInMemory(collection, view, ranked, { ...context, now: Date.now() }), byId };
  }, [rows, key, collection, context, order]);
  const groups = useMemo(
    () => (ordered && view.groupBy ? groupRanges(ordered.entries) : null),
    [ordered, view.groupBy],
  );
  if (!ordered) return undefined;
  const { lines, lineCount } = windowLines(ordered.entries, groups, collapsed, Number.POSITIVE_INFINITY);
  const items = lines.map((l) => (typeof l === "string" ? ordered.byId.get(l)! : l));
  return { items, itemCount: lineCount, total: ordered.entries.length, progress: null };
}
