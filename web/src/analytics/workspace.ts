import { allTables, catalogue, recordTable, type TableLoad, tableLoads, type WorkspaceRecords } from "@crm/analytics";
import type { FieldSettings } from "@crm/schema";
import { type Dexie, liveQuery } from "dexie";

/*
 * Keeps DuckDB's tables in step with the local database. Every collection of the analytics
 * contract that has a Dexie table of the same name is read (the projection rows: records plus
 * index keys, which the loader ignores); the rest stay the empty tables the engine starts with.
 * Each collection is watched on its own (a Dexie liveQuery), so an edit reloads only the tables
 * of the collection it touched, at most once per `debounceMs` while edits keep coming.
 *
 * Tables have the workspace's custom fields as columns (schema's descriptors, with its
 * settings): when an admin adds, retires or brings back a field, `setSettings` reloads only the
 * collections whose columns changed.
 */

export type CollectionKey = keyof WorkspaceRecords;

/** Each collection → the analytics tables its records fill (quotes and orders also fill their lines). */
export const collectionTables: Record<CollectionKey, readonly string[]> = {
  accounts: ["accounts"],
  contacts: ["contacts"],
  leads: ["leads"],
  opportunities: ["opportunities"],
  products: ["products"],
  quotes: ["quotes", "quote_lines"],
  orders: ["orders", "order_lines"],
  cases: ["cases"],
  activities: ["activities"],
  surveyResponses: ["survey_responses"],
  caseMessages: ["case_messages"],
  answerArticles: ["answer_articles"],
  consents: ["consents"],
  segments: [],
};

export const collectionKeys = Object.keys(collectionTables) as CollectionKey[];

/** The table loads of one collection's records (soft-deleted ones dropped, lines spread). */
export function collectionLoads(
  collection: CollectionKey,
  records: readonly unknown[],
  settings?: FieldSettings,
): TableLoad[] {
  const names = collectionTables[collection];
  return tableLoads({ [collection]: records } as WorkspaceRecords, settings).filter((l) => names.includes(l.spec.name));
}

/** What a collection's table looks like under `settings`: its columns and their types. */
function columnsKey(collection: CollectionKey, settings?: FieldSettings): string {
  return recordTable(collection, settings)
    .columns.map((c) => `${c.name} ${c.type}`)
    .join(",");
}

export type LoadState =
  /** The first load: `done` of `total` collections are in. */
  | { state: "loading"; done: number; total: number; collection: CollectionKey | null }
  /** All watched collections are in; `version` grows with every completed (re)load. */
  | { state: "loaded"; version: number; counts: Partial<Record<CollectionKey, number>> }
  /** The person stopped the first load; the collections loaded so far stay queryable. */
  | { state: "cancelled"; version: number; counts: Partial<Record<CollectionKey, number>> }
  | { state: "error"; collection: CollectionKey; error: unknown };

export interface WorkspaceWatch {
  /** Stops the first load where it is (keeping what is loaded) and stops watching. */
  cancel(): void;
  /** Stops watching (leaving the page). */
  stop(): void;
  /** The workspace's settings changed: reloads the collections whose columns they change. */
  setSettings(settings: FieldSettings): void;
}

export interface WatchOptions {
  /** The workspace's settings when the watch starts: custom fields are columns from the first load. */
  settings?: FieldSettings;
  /** Quiet time after an edit before its collection reloads. */
  debounceMs?: number;
}

interface Loader {
  loadTables(loads: readonly TableLoad[]): Promise<void>;
}

/** Which collections this device can read: those with a Dexie table of that name. */
export function watchedCollections(db: Dexie): CollectionKey[] {
  const names = new Set(db.tables.map((t) => t.name));
  // Segments are definitions, not data: no analytics table.
  return collectionKeys.filter((c) => names.has(c) && collectionTables[c].length > 0);
}

export function watchWorkspace(
  engine: Loader,
  db: Dexie,
  onChange: (s: LoadState) => void,
  options: WatchOptions = {},
): WorkspaceWatch {
  const debounceMs = options.debounceMs ?? 500;
  let settings = options.settings;
  const watched = watchedCollections(db);
  const counts: Partial<Record<CollectionKey, number>> = {};
  const firstStarted = new Set<CollectionKey>();
  const firstDone = new Set<CollectionKey>();
  let version = 0;
  let stopped = false;
  let cancelled = false;
  const timers = new Map<CollectionKey, ReturnType<typeof setTimeout>>();
  const latest = new Map<CollectionKey, readonly unknown[]>();

  const emitSettled = () => {
    // A load that was in flight when the person cancelled still lands: report its count.
    if (cancelled) onChange({ state: "cancelled", version, counts: { ...counts } });
    else if (stopped) return;
    else if (firstDone.size === watched.length) onChange({ state: "loaded", version, counts: { ...counts } });
    else onChange({ state: "loading", done: firstDone.size, total: watched.length, collection: null });
  };

  const load = (collection: CollectionKey) => {
    timers.delete(collection);
    const rows = latest.get(collection) ?? [];
    if (firstDone.size < watched.length && !stopped) {
      onChange({ state: "loading", done: firstDone.size, total: watched.length, collection });
    }
    engine.loadTables(collectionLoads(collection, rows, settings)).then(
      () => {
        counts[collection] = rows.length - rows.filter((r) => (r as { deletedAt?: unknown }).deletedAt != null).length;
        firstDone.add(collection);
        version += 1;
        emitSettled();
      },
      (error: unknown) => {
        if (!stopped) onChange({ state: "error", collection, error });
      },
    );
  };

  const subscriptions = watched.map((collection) =>
    liveQuery(() => db.table(collection).toArray()).subscribe({
      next(rows) {
        if (stopped) return;
        latest.set(collection, rows);
        if (!firstStarted.has(collection)) {
          // The first read of a collection loads at once; later changes wait for a quiet moment.
          firstStarted.add(collection);
          load(collection);
        } else {
          clearTimeout(timers.get(collection));
          timers.set(
            collection,
            setTimeout(() => load(collection), debounceMs),
          );
        }
      },
      error(error: unknown) {
        if (!stopped) onChange({ state: "error", collection, error });
      },
    }),
  );

  if (watched.length === 0) emitSettled();
  else onChange({ state: "loading", done: 0, total: watched.length, collection: null });

  const stop = () => {
    stopped = true;
    for (const t of timers.values()) clearTimeout(t);
    for (const s of subscriptions) s.unsubscribe();
  };
  return {
    stop,
    cancel() {
      if (stopped) return;
      stop();
      cancelled = true;
      emitSettled();
    },
    setSettings(next) {
      const before = settings;
      settings = next;
      if (stopped) return;
      // A collection not read yet loads with the new settings anyway.
      for (const c of watched)
        if (latest.has(c) && columnsKey(c, before) !== columnsKey(c, next)) {
          clearTimeout(timers.get(c));
          load(c);
        }
    },
  };
}

/** The CRM's tables, views and parameters table: names a dropped file must not take. */
export const crmTableNames: ReadonlySet<string> = new Set([
  ...allTables.map((t) => t.name),
  ...catalogue.map((v) => v.id),
  "metric_params",
]);
