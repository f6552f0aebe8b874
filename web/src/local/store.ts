import {
  type CollectionName,
  DELETED_AT,
  type FieldIssue,
  newId,
  parseDocName,
  recordDocName,
  recordsOf,
  recordTypes,
  type StoredRecord,
  touchedRecordIds,
  writeRecord,
} from "@crm/schema";
import * as Y from "yjs";
import type { CrmDatabase, Row, UpdateRow } from "./db.js";

/** Transaction origin of updates read back from IndexedDB: already stored, never re-sent. */
export const LOADED = Symbol("loaded-from-indexeddb");

/** When a document's update log passes this many rows, it is folded into one. */
const COMPACT_AFTER = 200;

interface PendingWrite {
  doc: string;
  data: Uint8Array;
  local: boolean;
  puts: Map<CollectionName, Map<string, Row<StoredRecord>>>;
  deletes: Map<CollectionName, Set<string>>;
}

export type LocalUpdateListener = (docName: string, update: Uint8Array) => void;
export type DocOpenedListener = (docName: string, doc: Y.Doc) => void;

export type WriteResult = { ok: true; id: string } | { ok: false; issues: FieldIssue[] };

/**
 * The browser's primary copy. Holds the Yjs documents this tab has opened, writes every update
 * to IndexedDB together with the projection rows it changes, and only then hands local updates
 * to the sync client — so nothing reaches the server that is not already safe on this device.
 */
export class LocalStore {
  private readonly docs = new Map<string, { doc: Y.Doc; ready: Promise<Y.Doc>; open: boolean }>();
  private pending: PendingWrite[] = [];
  private flushing: Promise<void> | null = null;
  private readonly listeners = new Set<LocalUpdateListener>();
  private readonly openedListeners = new Set<DocOpenedListener>();
  private readonly updateCounts = new Map<string, number>();

  constructor(
    readonly db: CrmDatabase,
    readonly workspace: string,
    /** Who is writing: stored as createdBy/updatedBy. */
    private readonly actor: () => string,
    /** Origins whose updates came from the server (stored, not sent back). */
    private readonly isRemote: (origin: unknown) => boolean = () => false,
  ) {}

  /** Called after a local update is durable in IndexedDB. */
  onLocalUpdate(listener: LocalUpdateListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Called when a document has been decoded from IndexedDB and is live in memory. */
  onDocOpened(listener: DocOpenedListener): () => void {
    this.openedListeners.add(listener);
    return () => this.openedListeners.delete(listener);
  }

  /**
   * A document that is fully open: its stored updates applied and its changes being persisted.
   * A document still being read is not returned — an update applied to it now would be neither
   * stored nor projected.
   */
  loadedDoc(name: string): Y.Doc | undefined {
    const entry = this.docs.get(name);
    return entry?.open ? entry.doc : undefined;
  }

  openDocNames(): string[] {
    return [...this.docs.keys()];
  }

  /** Opens a document from IndexedDB (once; later calls share the same Y.Doc). */
  openDoc(name: string): Promise<Y.Doc> {
    const existing = this.docs.get(name);
    if (existing) return existing.ready;
    const parsed = parseDocName(name);
    if (!parsed) throw new Error(`Not a document name: ${name}`);
    const doc = new Y.Doc();
    // Define the root map before any update arrives: a root type first seen inside an update is a
    // placeholder that getMap() later replaces, and the projection would miss that transaction.
    if (parsed.kind === "records") recordsOf(doc);
    const ready = this.db.updates
      .where("doc")
      .equals(name)
      .toArray()
      .then((rows) => {
        this.updateCounts.set(name, rows.length);
        if (rows.length) Y.applyUpdate(doc, Y.mergeUpdates(rows.map((r) => r.data)), LOADED);
        const collection = parsed.kind === "records" && parsed.collection in recordTypes ? parsed.collection : null;
        doc.on("update", (update: Uint8Array, origin: unknown, _d: Y.Doc, tr: Y.Transaction) => {
          if (origin === LOADED) return;
          this.enqueue(name, update, !this.isRemote(origin), collection as CollectionName | null, tr, doc);
        });
        entry.open = true;
        for (const l of this.openedListeners) l(name, doc);
        return doc;
      });
    const entry = { doc, ready, open: false };
    this.docs.set(name, entry);
    return ready;
  }

  /** Validates and creates a record; nothing is written when any field is invalid. */
  async create(collection: CollectionName, input: unknown): Promise<WriteResult> {
    const type = recordTypes[collection];
    const result = type.validate(input);
    if (!result.ok) return result;
    const id = newId();
    const fields = result.value as StoredRecord;
    await this.write(collection, id, { ...fields, ...type.deriveChanges?.(fields, null, Date.now()) });
    return { ok: true, id };
  }

  /**
   * Validates `input` as a whole record and writes only the fields that differ from `base` (the
   * values the person started editing from), so a concurrent edit of another field survives.
   */
  async update(collection: CollectionName, id: string, input: unknown, base: StoredRecord): Promise<WriteResult> {
    const type = recordTypes[collection];
    const result = type.validate(input);
    if (!result.ok) return result;
    const baseValid = type.validate(base);
    const before = (baseValid.ok ? baseValid.value : base) as StoredRecord;
    const changes: StoredRecord = {};
    for (const [k, v] of Object.entries(result.value as StoredRecord))
      if (JSON.stringify(before[k]) !== JSON.stringify(v)) changes[k] = v;
    // Fields that follow from the change (a status change stamps its time; see schema's deriveChanges).
    Object.assign(changes, type.deriveChanges?.(changes, before, Date.now()));
    if (Object.keys(changes).length) await this.write(collection, id, changes);
    return { ok: true, id };
  }

  async remove(collection: CollectionName, id: string): Promise<void> {
    await this.write(collection, id, { [DELETED_AT]: Date.now() });
  }

  async restore(collection: CollectionName, id: string): Promise<void> {
    await this.write(collection, id, { [DELETED_AT]: 0 });
  }

  /** Writes already-validated fields; resolves when they are in IndexedDB. */
  async write(collection: CollectionName, id: string, fields: StoredRecord): Promise<void> {
    const type = recordTypes[collection];
    const doc = await this.openDoc(recordDocName(this.workspace, type, id));
    writeRecord(doc, id, fields, { actor: this.actor(), now: Date.now(), version: type.version });
    await this.flush();
  }

  /** Many records at once, one Yjs transaction per shard (demo data, imports). */
  async writeMany(collection: CollectionName, records: StoredRecord[]): Promise<void> {
    const type = recordTypes[collection];
    const byDoc = new Map<string, StoredRecord[]>();
    for (const r of records) {
      const name = recordDocName(this.workspace, type, String(r.id));
      const list = byDoc.get(name) ?? [];
      byDoc.set(name, list);
      list.push(r);
    }
    const now = Date.now();
    for (const [name, list] of byDoc) {
      const doc = await this.openDoc(name);
      doc.transact(() => {
        for (const r of list) writeRecord(doc, String(r.id), r, { actor: this.actor(), now, version: type.version });
      });
    }
    await this.flush();
  }

  /** Resolves when every update so far is in IndexedDB. */
  async flush(): Promise<void> {
    while (this.pending.length || this.flushing) {
      if (!this.flushing) this.flushing = this.writePending().finally(() => (this.flushing = null));
      await this.flushing;
    }
  }

  hasPendingLocalWrites(): boolean {
    return this.pending.some((p) => p.local);
  }

  /** Records that the server holds every change of this document made on this device. */
  async markClean(name: string): Promise<void> {
    if (this.pending.some((p) => p.doc === name && p.local)) return;
    await this.db.docState.update(name, { dirty: false });
  }

  destroy(): void {
    for (const { doc } of this.docs.values()) doc.destroy();
    this.docs.clear();
  }

  private enqueue(
    name: string,
    data: Uint8Array,
    local: boolean,
    collection: CollectionName | null,
    tr: Y.Transaction,
    doc: Y.Doc,
  ): void {
    const write: PendingWrite = { doc: name, data, local, puts: new Map(), deletes: new Map() };
    if (collection) {
      const type = recordTypes[collection];
      const records = recordsOf(doc);
      const puts = new Map<string, Row<StoredRecord>>();
      const deletes = new Set<string>();
      for (const id of touchedRecordIds(tr, doc)) {
        const rec = records.get(id);
        if (!rec || rec.get(DELETED_AT)) {
          deletes.add(id);
          continue;
        }
        const migrated = type.migrate(rec.toJSON() as StoredRecord);
        // biome-ignore lint/suspicious/noExplicitAny: each collection's type checks its own record
        const anyType = type as any;
        puts.set(id, { ...migrated, sortKey: anyType.sortKey(migrated), terms: anyType.searchTerms(migrated) });
      }
      write.puts.set(collection, puts);
      write.deletes.set(collection, deletes);
    }
    this.pending.push(write);
    if (!this.flushing) queueMicrotask(() => void this.flush());
  }

  private async writePending(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    if (!batch.length) return;
    const db = this.db;
    const puts = new Map<CollectionName, Map<string, Row<StoredRecord>>>();
    const deletes = new Map<CollectionName, Set<string>>();
    for (const w of batch) {
      for (const [c, rows] of w.puts) {
        const p = puts.get(c) ?? new Map();
        const d = deletes.get(c) ?? new Set();
        for (const [id, row] of rows) {
          p.set(id, row);
          d.delete(id);
        }
        puts.set(c, p);
        deletes.set(c, d);
      }
      for (const [c, ids] of w.deletes) {
        const p = puts.get(c) ?? new Map();
        const d = deletes.get(c) ?? new Set();
        for (const id of ids) {
          p.delete(id);
          d.add(id);
        }
        puts.set(c, p);
        deletes.set(c, d);
      }
    }
    const names = [...new Set(batch.map((w) => w.doc))];
    const dirty = new Set(batch.filter((w) => w.local).map((w) => w.doc));
    const tables = Object.keys(recordTypes).map((c) => db.table(c));
    await db.transaction("rw", [db.updates, db.docState, ...tables], async () => {
      await db.updates.bulkAdd(batch.map((w): UpdateRow => ({ doc: w.doc, data: w.data })));
      for (const [c, rows] of puts) if (rows.size) await db.table(c).bulkPut([...rows.values()]);
      for (const [c, ids] of deletes) if (ids.size) await db.table(c).bulkDelete([...ids]);
      // Each document's state vector advances with the updates stored for it, in this transaction.
      const states = await db.docState.bulkGet(names);
      const svs = new Map(names.map((n, i) => [n, states[i]?.sv ? Y.decodeStateVector(states[i]!.sv!) : new Map()]));
      for (const w of batch) {
        const sv = svs.get(w.doc)!;
        for (const [client, clock] of Y.parseUpdateMeta(w.data).to)
          sv.set(client, Math.max(sv.get(client) ?? 0, clock));
      }
      await db.docState.bulkPut(
        names.map((name, i) => ({
          name,
          dirty: dirty.has(name) || (states[i]?.dirty ?? false),
          sv: Y.encodeStateVector(svs.get(name)!),
        })),
      );
    });
    for (const w of batch) {
      const count = (this.updateCounts.get(w.doc) ?? 0) + 1;
      this.updateCounts.set(w.doc, count);
      if (count > COMPACT_AFTER) void this.compact(w.doc);
      if (w.local) for (const l of this.listeners) l(w.doc, w.data);
    }
  }

  /** Folds a document's update log into one update holding the same state. */
  private async compact(name: string): Promise<void> {
    const entry = this.docs.get(name);
    if (!entry) return;
    this.updateCounts.set(name, 1);
    const db = this.db;
    await db.transaction("rw", db.updates, async () => {
      const keys = await db.updates.where("doc").equals(name).primaryKeys();
      const state = Y.encodeStateAsUpdate(entry.doc);
      await db.updates.bulkDelete(keys);
      await db.updates.add({ doc: name, data: state });
    });
  }
}
