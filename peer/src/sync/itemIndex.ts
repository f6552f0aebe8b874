import { recordsOf, type StoredRecord } from "@crm/schema";
import * as Y from "yjs";
import type { PeerDb } from "../db/open.js";

/*
 * Which Yjs struct of a shard is what, so that an update can be understood — and a write made —
 * without decoding the shard (sync/coldApply.ts, sync/coldWrite.ts). For every record of an
 * indexed shard it holds, keyed by the struct's last id (what a following struct names as its
 * origin):
 *   - key ''   the record's own Y.Map (its item in the `records` map);
 *   - key '#h' the last struct of the record's history array (`history/<id>`), with `n` an upper
 *              bound of the entries it holds;
 *   - any other key: the struct holding the field's current value (the key's winner in the map),
 *              with the value as JSON, or NULL when the key was deleted.
 * Only current winners are kept: a struct whose origin is no row here was written concurrently
 * with (or before) what the index knows, and the update is then applied by decoding instead.
 *
 * A shard is indexed lazily: when it is decoded after the first sync (sync/shards.ts `hot`), the
 * whole index of the shard is built from the decoded document; from then on every transaction —
 * decoded or not — keeps it, in the same SQLite transaction that stores the update.
 */

export interface IndexRow {
  client: number;
  clock: number;
  record: string;
  key: string;
  /** JSON of a field's value; null for a deleted key, the record's map and the history tail. */
  value: string | null;
  /** History entries (an upper bound), for '#h' rows. */
  n: number;
}

export const MAP_KEY = "";
export const HISTORY_KEY = "#h";
const HISTORY_PREFIX = "history/";

/** Thrown while building: the shard holds something the index does not describe (a nested type). */
class NotIndexable extends Error {}

/** What `planColdApply` reads of a shard's structs (`doc`: the shard's name, for indexes of many shards). */
export interface StructIndex {
  isIndexed(doc: string): boolean;
  byId(doc: string, client: number, clock: number): IndexRow | undefined;
  byKey(doc: string, record: string, key: string): IndexRow | undefined;
  inRange(doc: string, client: number, from: number, to: number): IndexRow[];
  /** The record's live keys (the peer's projection needs them; the sync server does not ask). */
  raw(doc: string, record: string): StoredRecord | undefined;
}

/** Every row describing a decoded shard; null when it holds what the index cannot describe. */
function rowsOfDoc(ydoc: Y.Doc, values = true): IndexRow[] | null {
  if (ydoc.store.pendingStructs || ydoc.store.pendingDs) return null;
  try {
    const rows: IndexRow[] = [];
    for (const id of recordsOf(ydoc).keys()) rows.push(...rowsOfRecord(ydoc, id, values));
    for (const name of ydoc.share.keys()) {
      if (!name.startsWith(HISTORY_PREFIX)) continue;
      const tail = historyTail(ydoc, name.slice(HISTORY_PREFIX.length));
      if (tail) rows.push(tail);
    }
    return rows;
  } catch (err) {
    if (err instanceof NotIndexable) return null;
    throw err;
  }
}

/**
 * The rows of the records a decoded transaction changed (all of their keys and their history's
 * tail): those it touched and those whose history it appended to. null: the shard is left
 * undescribable (structs Yjs could not integrate yet, a nested type).
 */
function refreshedRows(
  ydoc: Y.Doc,
  tr: Y.Transaction,
  records: Iterable<string>,
  values = true,
): Map<string, IndexRow[]> | null {
  if (ydoc.store.pendingStructs || ydoc.store.pendingDs) return null;
  try {
    const ids = new Set(records);
    const recordsMap = recordsOf(ydoc);
    for (const type of tr.changed.keys()) {
      if (type._item !== null || (type as unknown) === recordsMap) continue;
      // A root that is no longer in `share` was a placeholder the transaction's reader replaced:
      // what it changed cannot be told apart here.
      let name: string;
      try {
        name = Y.findRootTypeKey(type);
      } catch {
        throw new NotIndexable();
      }
      if (name.startsWith(HISTORY_PREFIX)) ids.add(name.slice(HISTORY_PREFIX.length));
    }
    const out = new Map<string, IndexRow[]>();
    for (const id of ids) {
      const rows = rowsOfRecord(ydoc, id, values);
      const tail = historyTail(ydoc, id);
      if (tail) rows.push(tail);
      out.set(id, rows);
    }
    return out;
  } catch (err) {
    if (err instanceof NotIndexable) return null;
    throw err;
  }
}

export class ItemIndex implements StructIndex {
  private readonly st;
  private readonly indexed = new Set<string>();

  constructor(private readonly db: PeerDb) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS y_items (
        doc TEXT NOT NULL, client INTEGER NOT NULL, clock INTEGER NOT NULL,
        record TEXT NOT NULL, key TEXT NOT NULL, value TEXT, n INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (doc, client, clock)
      ) WITHOUT ROWID;
      CREATE UNIQUE INDEX IF NOT EXISTS y_items_record ON y_items (doc, record, key);
      CREATE TABLE IF NOT EXISTS y_indexed (doc TEXT PRIMARY KEY) WITHOUT ROWID;
    `);
    for (const d of db.prepare("SELECT doc FROM y_indexed").pluck().all() as string[]) this.indexed.add(d);
    this.st = {
      byId: db.prepare("SELECT * FROM y_items WHERE doc = ? AND client = ? AND clock = ?"),
      byKey: db.prepare("SELECT * FROM y_items WHERE doc = ? AND record = ? AND key = ?"),
      // Without INDEXED BY, SQLite scans the shard's rows by the primary key's `doc` prefix (ms a call).
      ofRecord: db.prepare("SELECT * FROM y_items INDEXED BY y_items_record WHERE doc = ? AND record = ?"),
      inRange: db.prepare("SELECT * FROM y_items WHERE doc = ? AND client = ? AND clock BETWEEN ? AND ?"),
      put: db.prepare(
        "INSERT OR REPLACE INTO y_items (doc, client, clock, record, key, value, n) VALUES (?, ?, ?, ?, ?, ?, ?)",
      ),
      removeKey: db.prepare("DELETE FROM y_items WHERE doc = ? AND record = ? AND key = ?"),
      removeRecord: db.prepare("DELETE FROM y_items WHERE doc = ? AND record = ?"),
      clear: db.prepare("DELETE FROM y_items WHERE doc = ?"),
      mark: db.prepare("INSERT OR IGNORE INTO y_indexed (doc) VALUES (?)"),
      unmark: db.prepare("DELETE FROM y_indexed WHERE doc = ?"),
    };
  }

  isIndexed(doc: string): boolean {
    return this.indexed.has(doc);
  }

  byId(doc: string, client: number, clock: number): IndexRow | undefined {
    return this.st.byId.get(doc, client, clock) as IndexRow | undefined;
  }

  byKey(doc: string, record: string, key: string): IndexRow | undefined {
    return this.st.byKey.get(doc, record, key) as IndexRow | undefined;
  }

  inRange(doc: string, client: number, from: number, to: number): IndexRow[] {
    return this.st.inRange.all(doc, client, from, to) as IndexRow[];
  }

  /** The record as its Y.Map's `toJSON()` gives it (its live keys), or undefined. */
  raw(doc: string, record: string): StoredRecord | undefined {
    const rows = this.st.ofRecord.all(doc, record) as IndexRow[];
    if (!rows.some((r) => r.key === MAP_KEY)) return undefined;
    const out: StoredRecord = {};
    for (const r of rows)
      if (r.key !== MAP_KEY && r.key !== HISTORY_KEY && r.value !== null) out[r.key] = JSON.parse(r.value);
    return out;
  }

  /** Sets the struct of a record's key (replacing what the key had). Call inside the commit's transaction. */
  put(doc: string, row: IndexRow): void {
    this.st.removeKey.run(doc, row.record, row.key);
    this.st.put.run(doc, row.client, row.clock, row.record, row.key, row.value, row.n);
  }

  /** Builds the whole index of a decoded shard (false when it holds what the index cannot describe). */
  build(doc: string, ydoc: Y.Doc): boolean {
    const rows = rowsOfDoc(ydoc);
    if (!rows) return false;
    this.db.transaction(() => {
      this.st.clear.run(doc);
      for (const r of rows) this.st.put.run(doc, r.client, r.clock, r.record, r.key, r.value, r.n);
      this.st.mark.run(doc);
    })();
    this.indexed.add(doc);
    return true;
  }

  /**
   * After a decoded transaction (inside its commit's SQLite transaction): the rows of the records
   * and histories it touched are read again from the document. A document left with structs it
   * could not integrate yet is no longer indexed (until it is decoded again without them).
   */
  refresh(doc: string, ydoc: Y.Doc, tr: Y.Transaction, records: Iterable<string>): void {
    if (!this.indexed.has(doc)) return;
    const changed = refreshedRows(ydoc, tr, records);
    if (!changed) {
      this.forget(doc);
      return;
    }
    for (const [id, rows] of changed) {
      this.st.removeRecord.run(doc, id);
      for (const r of rows) this.st.put.run(doc, r.client, r.clock, r.record, r.key, r.value, r.n);
    }
  }

  /** The shard is not indexed any more (its rows are dropped). Call inside a transaction. */
  forget(doc: string): void {
    this.st.clear.run(doc);
    this.st.unmark.run(doc);
    this.indexed.delete(doc);
  }

  /** After a rolled-back commit: what this process believes must match the database again. */
  reload(doc: string): void {
    const marked = this.db.prepare("SELECT 1 FROM y_indexed WHERE doc = ?").get(doc) !== undefined;
    if (marked) this.indexed.add(doc);
    else this.indexed.delete(doc);
  }
}

type AnyItem = Y.Item & { content: Y.ContentAny | Y.ContentType | Y.ContentDeleted };

function lastClock(item: Y.Item): number {
  return item.id.clock + item.length - 1;
}

function rowsOfRecord(ydoc: Y.Doc, id: string, values = true): IndexRow[] {
  const map = recordsOf(ydoc).get(id);
  const own = map?._item;
  if (!map || !own) return [];
  const rows: IndexRow[] = [
    { client: own.id.client, clock: lastClock(own), record: id, key: MAP_KEY, value: null, n: 0 },
  ];
  for (const [key, item] of map._map as Map<string, AnyItem>) {
    if (key === MAP_KEY || key === HISTORY_KEY) throw new NotIndexable();
    let value: string | null = null;
    if (!item.deleted) {
      if (!(item.content instanceof Y.ContentAny)) throw new NotIndexable();
      if (values) value = JSON.stringify(item.content.arr[item.length - 1] ?? null);
    }
    rows.push({ client: item.id.client, clock: lastClock(item), record: id, key, value, n: 0 });
  }
  return rows;
}

function historyTail(ydoc: Y.Doc, id: string): IndexRow | null {
  const type = ydoc.share.get(HISTORY_PREFIX + id);
  let item = type?._start ?? null;
  if (!type || !item) return null;
  while (item.right) item = item.right;
  return { client: item.id.client, clock: lastClock(item), record: id, key: HISTORY_KEY, value: null, n: type._length };
}

/**
 * The item index of ONE shard, in memory: what the sync server keeps beside a loaded record
 * shard so that it can take an update without decoding it (sync-server/src/docState.ts).
 */
export class MemoryIndex implements StructIndex {
  /**
   * Rows by record then key, and by client then last clock: nested maps keyed by the parts, so a
   * row costs its object and two map entries — no composite key strings (a server holds millions).
   */
  private readonly records = new Map<string, Map<string, IndexRow>>();
  private readonly ids = new Map<number, Map<number, IndexRow>>();
  private count = 0;
  private complete = false;
  /** One string per field name: decoding makes a new one for every struct (millions, a dozen names). */
  private readonly names = new Map<string, string>();

  /**
   * `values`: keep the fields' values (JSON). The sync server plans without them (`records:
   * false`); dropping them saves a string per row and the JSON encoding while building.
   */
  constructor(private readonly values = true) {}

  /** Every row (tests compare a kept index with one built afresh). */
  rows(): IndexRow[] {
    const out: IndexRow[] = [];
    for (const keys of this.records.values()) out.push(...keys.values());
    return out;
  }

  get size(): number {
    return this.count;
  }

  isIndexed(): boolean {
    return this.complete;
  }

  byId(_doc: string, client: number, clock: number): IndexRow | undefined {
    return this.ids.get(client)?.get(clock);
  }

  byKey(_doc: string, record: string, key: string): IndexRow | undefined {
    return this.records.get(record)?.get(key);
  }

  inRange(_doc: string, client: number, from: number, to: number): IndexRow[] {
    const clocks = this.ids.get(client);
    const out: IndexRow[] = [];
    if (!clocks) return out;
    // A delete set names short ranges (a value replaced): probe them; scan only for long ones.
    if (to - from < 64) {
      for (let c = from; c <= to; c++) {
        const r = clocks.get(c);
        if (r) out.push(r);
      }
    } else for (const r of clocks.values()) if (r.clock >= from && r.clock <= to) out.push(r);
    return out;
  }

  raw(): undefined {
    return undefined;
  }

  /** Takes `row` over (its key is replaced by the one string kept for it, its value dropped when told). */
  put(row: IndexRow): void {
    const kept = row;
    let name = this.names.get(row.key);
    if (name === undefined) {
      name = row.key;
      this.names.set(name, name);
    }
    kept.key = name;
    if (!this.values) kept.value = null;
    let keys = this.records.get(row.record);
    if (!keys) {
      keys = new Map();
      this.records.set(row.record, keys);
    }
    const old = keys.get(row.key);
    if (old) this.ids.get(old.client)?.delete(old.clock);
    else this.count++;
    keys.set(row.key, kept);
    let clocks = this.ids.get(row.client);
    if (!clocks) {
      clocks = new Map();
      this.ids.set(row.client, clocks);
    }
    clocks.set(row.clock, kept);
  }

  build(ydoc: Y.Doc): boolean {
    this.clear();
    const rows = rowsOfDoc(ydoc, this.values);
    if (!rows) return false;
    for (const r of rows) this.put(r);
    this.complete = true;
    return true;
  }

  refresh(ydoc: Y.Doc, tr: Y.Transaction, records: Iterable<string>): void {
    if (!this.complete) return;
    const changed = refreshedRows(ydoc, tr, records, this.values);
    if (!changed) {
      this.clear();
      return;
    }
    for (const [id, rows] of changed) {
      this.removeRecord(id);
      for (const r of rows) this.put(r);
    }
  }

  clear(): void {
    this.ids.clear();
    this.records.clear();
    this.count = 0;
    this.complete = false;
  }

  private removeRecord(record: string): void {
    const keys = this.records.get(record);
    if (!keys) return;
    for (const old of keys.values()) this.ids.get(old.client)?.delete(old.clock);
    this.count -= keys.size;
    this.records.delete(record);
  }
}
