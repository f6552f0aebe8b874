import {
  type CollectionName,
  DELETED_AT,
  type FieldIssue,
  newId,
  parseDocName,
  readSettings,
  recordDocName,
  recordsOf,
  recordTypes,
  type StoredRecord,
  settingsDocName,
  touchedRecordIds,
  type WorkspaceSettings,
  writeRecord,
} from "@crm/schema";
import * as Y from "yjs";
import { coversStateVector } from "../sync/stateVector.js";
import { checkRecord } from "./checkRecord.js";
import type { CrmDatabase, Row, UpdateRow } from "./db.js";

/** Transaction origin of updates read back from IndexedDB: already stored, never re-sent. */
export const LOADED = Symbol("loaded-from-indexeddb");

/** When a document's update log passes this many rows, it is folded into one. */
const COMPACT_AFTER = 200;

interface PendingWrite {
  doc: string;
  data: Uint8Array;
  /** The document's state vector right after this update (what the log holds once it is stored). */
  sv: Map<number, number>;
  local: boolean;
  puts: Map<CollectionName, Map<string, Row<StoredRecord>>>;
  deletes: Map<CollectionName, Set<string>>;
}

export type LocalUpdateListener = (docName: string, update: Uint8Array) => void;
export type DocOpenedListener = (docName: string, doc: Y.Doc) => void;
/** A stored update was added to a document this tab has not decoded; `sv` is its new state vector. */
export type ColdWriteListener = (docName: string, sv: Uint8Array) => void;

/** A client id of this tab's bulk writes to one shard and the clock its next struct takes. */
interface BulkClient {
  client: number;
  clock: number;
}

/** See LocalStore.markClean. */
export type CleanResult = { state: "clean" } | { state: "busy" } | { state: "behind"; sv: Uint8Array };

export type WriteResult = { ok: true; id: string } | { ok: false; issues: FieldIssue[] };

/**
 * The browser's primary copy. Holds the Yjs documents this tab has opened, writes every update
 * to IndexedDB together with the projection rows it changes, and only then hands local updates
 * to the sync client — so nothing reaches the server that is not already safe on this device.
 */
export class LocalStore {
  private readonly docs = new Map<string, { doc: Y.Doc; ready: Promise<Y.Doc>; open: boolean }>();
  private pending: PendingWrite[] = [];
  /** The batch `writePending` is committing, until its listeners have been told. */
  private committing: PendingWrite[] = [];
  private flushing: Promise<void> | null = null;
  private readonly listeners = new Set<LocalUpdateListener>();
  private readonly openedListeners = new Set<DocOpenedListener>();
  private readonly updateCounts = new Map<string, number>();
  private readonly coldWriteListeners = new Set<ColdWriteListener>();
  /** Per shard, bulk-write client ids whose structs so far are all committed (see createMany). */
  private readonly bulkClients = new Map<string, BulkClient[]>();
  /** Shards with a createMany transaction in flight: their changes are not yet sent. */
  private readonly bulkInFlight = new Map<string, number>();

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

  /** Called after createMany stored an update to a document that is not decoded in this tab. */
  onColdWrite(listener: ColdWriteListener): () => void {
    this.coldWriteListeners.add(listener);
    return () => this.coldWriteListeners.delete(listener);
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
    const settings = await this.settings();
    const result = await checkRecord(type, input, async () => settings.defaultRegion, undefined, settings);
    if (!result.ok) return result;
    const id = newId();
    const fields = result.value as StoredRecord;
    await this.write(collection, id, { ...fields, ...type.deriveChanges?.(fields, null, Date.now(), settings) });
    return { ok: true, id };
  }

  /**
   * Validates `input` as a whole record and writes only the fields that differ from `base` (the
   * values the person started editing from), so a concurrent edit of another field survives.
   */
  async update(collection: CollectionName, id: string, input: unknown, base: StoredRecord): Promise<WriteResult> {
    const type = recordTypes[collection];
    const settings = await this.settings();
    const result = await checkRecord(type, input, async () => settings.defaultRegion, base, settings);
    if (!result.ok) return result;
    const baseValid = type.validate(base, { settings, update: true });
    const before = (baseValid.ok ? baseValid.value : base) as StoredRecord;
    const changes: StoredRecord = {};
    for (const [k, v] of Object.entries(result.value as StoredRecord))
      if (JSON.stringify(before[k]) !== JSON.stringify(v)) changes[k] = v;
    // Fields that follow from the change (a status change stamps its time; see schema's deriveChanges).
    Object.assign(changes, type.deriveChanges?.(changes, before, Date.now(), settings));
    if (Object.keys(changes).length) await this.write(collection, id, changes);
    return { ok: true, id };
  }

  /** The workspace's default phone region ("" for none), from the settings document. */
  async phoneRegion(): Promise<string> {
    return (await this.settings()).defaultRegion;
  }

  /** The workspace's settings as this device has them: records are validated with their custom fields and picklists. */
  async settings(): Promise<WorkspaceSettings> {
    return readSettings(await this.openDoc(settingsDocName(this.workspace))).settings;
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

  /**
   * Creates many NEW records (imports): every id must come from `newId()` just before, never an
   * id that may exist — the record is built without reading its shard, and a second record map
   * under an existing id would compete with the first. Resolves when all are in IndexedDB.
   *
   * Shards this tab has not decoded stay undecoded: each one's records are written into a
   * scratch Y.Doc holding only them, whose update is stored with the projection rows (built from
   * the scratch records) and the shard's advanced state vector, in one IndexedDB transaction, and
   * then sent like any local update. Decoding 64 contact shards to add records to them would keep
   * every record's Yjs structs in memory (~300 MiB after 100,000 contacts) and the garbage
   * collector marking them through the rest of the import. Shards already decoded are written
   * as usual (`writeMany`).
   */
  async createMany(collection: CollectionName, records: StoredRecord[]): Promise<void> {
    const type = recordTypes[collection];
    const cold = new Map<string, StoredRecord[]>();
    const hot: StoredRecord[] = [];
    for (const r of records) {
      const name = recordDocName(this.workspace, type, String(r.id));
      if (this.docs.has(name)) {
        hot.push(r);
        continue;
      }
      const list = cold.get(name) ?? [];
      cold.set(name, list);
      list.push(r);
    }
    const hotWritten = hot.length ? this.writeMany(collection, hot) : Promise.resolve();
    if (cold.size) await this.createCold(collection, cold);
    await hotWritten;
  }

  private async createCold(collection: CollectionName, byDoc: Map<string, StoredRecord[]>): Promise<void> {
    const type = recordTypes[collection];
    const meta = { actor: this.actor(), now: Date.now(), version: type.version };
    const writes: { name: string; update: Uint8Array; sv: Map<number, number>; bulk: BulkClient }[] = [];
    const rows: Row<StoredRecord>[] = [];
    for (const [name, list] of byDoc) {
      const scratch = new Y.Doc();
      const bulk = this.bulkClients.get(name)?.pop();
      if (bulk) {
        // Continue this tab's earlier bulk client for the shard rather than adding a client id
        // to its state vector per batch: a placeholder covers the clocks already committed, so
        // the update holds only the new structs.
        scratch.clientID = bulk.client;
        scratch.store.clients.set(bulk.client, [new Y.GC(Y.createID(bulk.client, 0), bulk.clock)]);
      }
      const records = recordsOf(scratch);
      let update: Uint8Array | null = null;
      scratch.on("update", (u: Uint8Array) => {
        update = u;
      });
      scratch.transact(() => {
        for (const r of list) writeRecord(scratch, String(r.id), r, meta);
      });
      for (const r of list) rows.push(projectRow(type, records.get(String(r.id))!.toJSON() as StoredRecord));
      const clock = Y.getState(scratch.store, scratch.clientID);
      writes.push({
        name,
        update: update!,
        sv: new Map([[scratch.clientID, clock]]),
        bulk: { client: scratch.clientID, clock },
      });
      scratch.destroy();
    }
    for (const { name } of writes) this.bulkInFlight.set(name, (this.bulkInFlight.get(name) ?? 0) + 1);
    let stored: Map<string, Uint8Array>;
    try {
      stored = await this.commit(
        writes.map((w) => ({ doc: w.name, data: w.update, sv: w.sv, local: true })),
        new Map([[collection, new Map(rows.map((r) => [String(r.id), r]))]]),
        new Map(),
      );
    } finally {
      for (const { name } of writes) {
        const n = (this.bulkInFlight.get(name) ?? 1) - 1;
        if (n) this.bulkInFlight.set(name, n);
        else this.bulkInFlight.delete(name);
      }
    }
    // Only a committed client may continue: after a failed commit its next structs would follow
    // clocks nobody has, and never apply anywhere.
    for (const w of writes) {
      const pool = this.bulkClients.get(w.name) ?? [];
      this.bulkClients.set(w.name, pool);
      pool.push(w.bulk);
    }
    for (const w of writes) {
      const entry = this.docs.get(w.name);
      if (entry) {
        // Decoded meanwhile (its read may have missed this update): applying twice is harmless.
        const doc = await entry.ready;
        Y.applyUpdate(doc, w.update, LOADED);
        this.updateCounts.set(w.name, (this.updateCounts.get(w.name) ?? 0) + 1);
      } else for (const l of this.coldWriteListeners) l(w.name, stored.get(w.name)!);
      for (const l of this.listeners) l(w.name, w.update);
    }
  }

  /** Resolves when every update so far is in IndexedDB. */
  async flush(): Promise<void> {
    while (this.pending.length || this.flushing) {
      if (!this.flushing) this.flushing = this.writePending().finally(() => (this.flushing = null));
      await this.flushing;
    }
  }

  /** Local changes on their way into IndexedDB (not yet handed to the sync client). */
  hasPendingLocalWrites(): boolean {
    return this.bulkInFlight.size > 0 || this.pending.some((p) => p.local) || this.committing.some((p) => p.local);
  }

  /** Documents with local writes on their way into IndexedDB. */
  pendingLocalDocNames(): string[] {
    const local = [...this.pending, ...this.committing].filter((p) => p.local).map((p) => p.doc);
    return [...new Set([...local, ...this.bulkInFlight.keys()])];
  }

  hasPendingLocalWritesFor(name: string): boolean {
    const of = (p: PendingWrite) => p.doc === name && p.local;
    return this.bulkInFlight.has(name) || this.pending.some(of) || this.committing.some(of);
  }

  /**
   * Records that the server holds every change of this document made on this device, given the
   * state vector the server is known to hold. Refused ("busy") while a local write of it is on its
   * way, and ("behind") when the stored document holds structs beyond `serverSv` — written by
   * another tab, or stored after this tab decoded it: those are not on the server yet.
   */
  async markClean(name: string, serverSv: Uint8Array): Promise<CleanResult> {
    if (this.hasPendingLocalWritesFor(name)) return { state: "busy" };
    const db = this.db;
    return db.transaction("rw", db.docState, async (): Promise<CleanResult> => {
      const row = await db.docState.get(name);
      if (!row?.dirty) return { state: "clean" };
      if (row.sv && !coversStateVector(serverSv, row.sv)) return { state: "behind", sv: row.sv };
      await db.docState.update(name, { dirty: false });
      return { state: "clean" };
    });
  }

  /** Documents holding local changes the server has not acknowledged (as stored in IndexedDB). */
  async dirtyDocs(): Promise<{ name: string; sv: Uint8Array | undefined }[]> {
    const rows = await this.db.docState.filter((r) => r.dirty).toArray();
    return rows.map((r) => ({ name: r.name, sv: r.sv }));
  }

  /**
   * Applies to a decoded document what IndexedDB holds of it beyond this tab's copy (updates
   * another tab stored). They are already stored, so they are not stored again; the caller has
   * them sent. Returns false when the document is not decoded here.
   */
  async refresh(name: string): Promise<boolean> {
    const entry = this.docs.get(name);
    if (!entry?.open) return false;
    const rows = await this.db.updates.where("doc").equals(name).toArray();
    if (rows.length) Y.applyUpdate(entry.doc, Y.mergeUpdates(rows.map((r) => r.data)), LOADED);
    return true;
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
    // Read off the document, not decoded from the update: `Y.parseUpdateMeta` reads every string
    // and value of the update again (~6% of a 100k-row import's CPU). The document holds at least
    // what its log holds; structs still pending (missing a dependency) are left out, so the stored
    // vector can only under-claim, and a server with those structs just sends them again.
    const write: PendingWrite = {
      doc: name,
      data,
      sv: Y.decodeStateVector(Y.encodeStateVector(doc)),
      local,
      puts: new Map(),
      deletes: new Map(),
    };
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
        puts.set(id, projectRow(type, rec.toJSON() as StoredRecord));
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
    this.committing = batch;
    try {
      await this.commitBatch(batch);
    } finally {
      this.committing = [];
    }
  }

  private async commitBatch(batch: PendingWrite[]): Promise<void> {
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
    await this.commit(batch, puts, deletes);
    for (const w of batch) {
      const count = (this.updateCounts.get(w.doc) ?? 0) + 1;
      this.updateCounts.set(w.doc, count);
      if (count > COMPACT_AFTER) void this.compact(w.doc);
      if (w.local) for (const l of this.listeners) l(w.doc, w.data);
    }
  }

  /**
   * ONE IndexedDB transaction: the updates, the projection rows they change, and each document's
   * stored state vector advanced by them (so the sync handshake can run without decoding it).
   * Returns each document's new encoded state vector.
   */
  private async commit(
    writes: readonly Pick<PendingWrite, "doc" | "data" | "sv" | "local">[],
    puts: Map<CollectionName, Map<string, Row<StoredRecord>>>,
    deletes: Map<CollectionName, Set<string>>,
  ): Promise<Map<string, Uint8Array>> {
    const db = this.db;
    const names = [...new Set(writes.map((w) => w.doc))];
    const dirty = new Set(writes.filter((w) => w.local).map((w) => w.doc));
    const tables = Object.keys(recordTypes).map((c) => db.table(c));
    const stored = new Map<string, Uint8Array>();
    await db.transaction("rw", [db.updates, db.docState, ...tables], async () => {
      await db.updates.bulkAdd(writes.map((w): UpdateRow => ({ doc: w.doc, data: w.data })));
      for (const [c, rows] of puts) if (rows.size) await db.table(c).bulkPut([...rows.values()]);
      for (const [c, ids] of deletes) if (ids.size) await db.table(c).bulkDelete([...ids]);
      const states = await db.docState.bulkGet(names);
      const svs = new Map(names.map((n, i) => [n, states[i]?.sv ? Y.decodeStateVector(states[i]!.sv!) : new Map()]));
      for (const w of writes) {
        const sv = svs.get(w.doc)!;
        for (const [client, clock] of w.sv) sv.set(client, Math.max(sv.get(client) ?? 0, clock));
      }
      for (const name of names) stored.set(name, Y.encodeStateVector(svs.get(name)!));
      await db.docState.bulkPut(
        names.map((name, i) => ({
          name,
          dirty: dirty.has(name) || (states[i]?.dirty ?? false),
          sv: stored.get(name)!,
        })),
      );
    });
    return stored;
  }

  /** Folds a document's update log into one update holding the same state. */
  private async compact(name: string): Promise<void> {
    const entry = this.docs.get(name);
    if (!entry) return;
    this.updateCounts.set(name, 1);
    const db = this.db;
    await db.transaction("rw", db.updates, async () => {
      const rows = await db.updates.where("doc").equals(name).toArray();
      // Another tab may have stored updates this copy lacks: they go into the folded state (and
      // into this copy) rather than being deleted with the rows.
      Y.applyUpdate(entry.doc, Y.mergeUpdates(rows.map((r) => r.data)), LOADED);
      const state = Y.encodeStateAsUpdate(entry.doc);
      await db.updates.bulkDelete(rows.map((r) => r.id!));
      await db.updates.add({ doc: name, data: state });
    });
  }
}

/** The row a list reads for a record: the migrated record plus its index keys. */
function projectRow(type: (typeof recordTypes)[CollectionName], record: StoredRecord): Row<StoredRecord> {
  const migrated = type.migrate(record);
  // biome-ignore lint/suspicious/noExplicitAny: each collection's type checks its own record
  const anyType = type as any;
  return { ...migrated, sortKey: anyType.sortKey(migrated), terms: anyType.searchTerms(migrated) };
}
