import type { CollectionName } from "@crm/schema";
import Dexie from "dexie";
import { useSyncExternalStore } from "react";
import type { CrmDatabase } from "../local/db.js";
import { useRuntime } from "../runtime/context.js";
import { titleFields } from "./columns.js";

/*
 * A referenced record's name in a list cell (a contact's account, a quote's deal, a custom
 * reference field). A list shows a few dozen such cells at a time, re-rendered while scrolling:
 * instead of a live query per cell (what AccountName does on pages), the names are read in one
 * `bulkGet` per collection per tick, kept per device, and dropped when that collection's table
 * changes (here, in another tab, or by sync), so a renamed account shows its new name.
 */

/** What a person calls a record: its title field(s) (a contact's first and last name), else its id. */
export function recordLabel(collection: CollectionName, row: Record<string, unknown>): string {
  const words = titleFields[collection].map((k) => row[k]).filter((v) => typeof v === "string" && v !== "");
  return words.length ? words.join(" ") : String(row.id ?? "");
}

const MAX_KEPT = 5000;

class NameCache {
  /** "collection/id" → name; null: no such record on this device. */
  private names = new Map<string, string | null>();
  private pending = new Map<CollectionName, Set<string>>();
  private listeners = new Set<() => void>();
  private scheduled = false;

  constructor(private db: CrmDatabase) {
    Dexie.on.storagemutated.subscribe((parts: Record<string, unknown>) => {
      const prefix = `idb://${db.name}/`;
      const changed = new Set<string>();
      for (const p of Object.keys(parts)) if (p.startsWith(prefix)) changed.add(p.slice(prefix.length).split("/")[0]!);
      if (!changed.size) return;
      for (const k of [...this.names.keys()]) if (changed.has(k.slice(0, k.indexOf("/")))) this.names.delete(k);
      this.notify();
    });
  }

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The name, or undefined while it is being read (the read is scheduled). */
  get(collection: CollectionName, id: string): string | null | undefined {
    const key = `${collection}/${id}`;
    if (this.names.has(key)) return this.names.get(key);
    const ids = this.pending.get(collection) ?? new Set<string>();
    ids.add(id);
    this.pending.set(collection, ids);
    if (!this.scheduled) {
      this.scheduled = true;
      setTimeout(() => void this.flush(), 0);
    }
    return undefined;
  }

  private async flush() {
    this.scheduled = false;
    const batches = [...this.pending];
    this.pending.clear();
    if (this.names.size > MAX_KEPT) this.names.clear();
    await Promise.all(
      batches.map(async ([collection, set]) => {
        const ids = [...set];
        const rows = (await this.db.table(collection).bulkGet(ids)) as (Record<string, unknown> | undefined)[];
        ids.forEach((id, i) => {
          const row = rows[i];
          this.names.set(`${collection}/${id}`, row ? recordLabel(collection, row) : null);
        });
      }),
    );
    this.notify();
  }

  private notify() {
    for (const l of this.listeners) l();
  }
}

const caches = new WeakMap<CrmDatabase, NameCache>();

function cacheOf(db: CrmDatabase): NameCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = new NameCache(db);
    caches.set(db, cache);
  }
  return cache;
}

/** A record's name: undefined while it is read, null when it is not on this device (or no id). */
export function useRecordTitle(collection: CollectionName, id: string): string | null | undefined {
  const { db } = useRuntime();
  const cache = cacheOf(db);
  return useSyncExternalStore(cache.subscribe, () => (id ? cache.get(collection, id) : null));
}

/** A referenced record's name, "—" for none; a record not on this device reads as its id, greyed. */
export function RecordName({ collection, id }: { collection: CollectionName; id: string }) {
  const name = useRecordTitle(collection, id);
  if (!id) return <span className="muted">—</span>;
  if (name === undefined) return null;
  if (name === null) return <span className="muted">{id}</span>;
  return <>{name}</>;
}
