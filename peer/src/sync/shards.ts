import { randomInt } from "node:crypto";
import {
  allShardDocNames,
  type CollectionName,
  parseDocName,
  recordsOf,
  recordTypes,
  type StoredRecord,
  settingsDocName,
  touchedRecordIds,
  writeRecord,
} from "@crm/schema";
import * as Y from "yjs";
import type { ChangeFeed } from "../changes.js";
import type { PeerDb } from "../db/open.js";
import { collectionTable, type RowWriter, rowWriter } from "../db/tables.js";
import type { Logger } from "../logger.js";
import { NotAcknowledgedError, type RecordChange } from "../types.js";
import { type ColdPlan, planColdApply } from "./coldApply.js";
import { type Shard, ShardRows } from "./shardRows.js";

export type { Shard } from "./shardRows.js";

import { encodeColdWrite } from "./coldWrite.js";
import { ItemIndex, MAP_KEY } from "./itemIndex.js";
import { project, projectRecords } from "./projector.js";
import { covers, decodeVector, mergeInto, type StateVector } from "./vectors.js";

/*
 * The peer's copy of the workspace's documents, kept the way the browser keeps them
 * (web/src/local/store.ts, web/src/sync/client.ts): every shard's encoded state and state vector
 * in the peer's database, synced from the stored vector WITHOUT decoding ("cold"), decoded
 * ("hot") only to write into it, to apply structs the server sends, or to answer a handshake
 * while it holds changes the server has not acknowledged — and dropped again after a short idle
 * time or when the hot ones pass a memory budget. This rests on the invariant of
 * schema/src/yrecords.ts: record documents only ever gain structs. The settings document (small,
 * and it does delete keys) is always hot.
 *
 * Every Yjs transaction on a hot shard commits, synchronously in its `update` event, ONE SQLite
 * transaction holding: the update, the shard's new state vector (and "dirty" when it is this
 * peer's own write), the projection rows of the records it touched, and their changes in the
 * feed. A crash at any point leaves either all of it or none of it; on restart the stored vector
 * tells the server what to send again.
 */

/** Origins of Yjs transactions: stored updates read back, the server's, and this peer's writes. */
export const LOADED = Symbol("loaded");
export const REMOTE = Symbol("remote");
export const LOCAL = Symbol("local");

export interface CommitInfo {
  shard: Shard;
  update: Uint8Array;
  local: boolean;
  /** What the transaction changed (with feed positions when the feed records). */
  changes: RecordChange[];
}

export interface ShardStoreOptions {
  db: PeerDb;
  workspace: string;
  feed: ChangeFeed;
  logger: Logger;
  /** Whether changes go into the feed (not while the first sync builds the projection). */
  recordChanges(): boolean;
  /**
   * Whether a decoded shard gets its item index (itemIndex.ts) built, so that later updates and
   * writes need no decode: after the first sync (which decodes everything once, and must not
   * pay for an index of every shard).
   */
  indexShards?(): boolean;
  /** After each committed transaction (the link sends local ones; the peer tells listeners). */
  onCommitted(info: CommitInfo): void;
  /** Encoded bytes of decoded shards kept beyond the one in use; default 4 MiB (~10–17× in heap). */
  hotBudgetBytes?: number;
  /** A decoded shard unused this long is dropped; default 5 s. */
  idleMs?: number;
}

/** Stored rows of a shard beyond this are folded into one when it is dropped. */
const FOLD_ROWS = 8;
/** Stored rows of a shard never decoded (updates applied cold) beyond this are merged into one. */
const COLD_FOLD_ROWS = 256;

export class ShardStore {
  readonly shards = new Map<string, Shard>();
  readonly settings: Shard;
  private readonly writers = new Map<CollectionName, RowWriter>();
  private readonly rows: ShardRows;
  private sweepTimer: ReturnType<typeof setInterval> | null = null;
  /** How many times a shard was decoded (a cold sync decodes none). */
  decodes = 0;
  /** Updates and writes applied without decoding their shard. */
  coldApplies = 0;
  readonly index: ItemIndex;

  constructor(private readonly o: ShardStoreOptions) {
    const { db, workspace } = o;
    this.rows = new ShardRows(db);
    this.index = new ItemIndex(db);
    const stored = this.rows.stored();
    const names = [
      settingsDocName(workspace),
      ...Object.values(recordTypes).flatMap((t) => allShardDocNames(workspace, t)),
    ];
    for (const name of names) {
      const parsed = parseDocName(name);
      const row = stored.get(name);
      this.shards.set(name, {
        name,
        collection: parsed?.kind === "records" ? (parsed.collection as CollectionName) : null,
        sv: row ? new Uint8Array(row.sv) : new Uint8Array([0]),
        dirty: !!row?.dirty,
        restoredDirty: !!row?.dirty,
        rows: row?.rows ?? 0,
        bytes: row?.bytes ?? 0,
        doc: null,
        lastUsed: 0,
        clientId: randomInt(1, 2 ** 31),
        localSeq: 0,
        localSv: new Map(),
        serverSv: new Map(),
        waiters: [],
        failure: null,
      });
    }
    this.settings = this.shards.get(settingsDocName(workspace))!;
    for (const c of Object.keys(recordTypes) as CollectionName[])
      this.writers.set(c, rowWriter(db, collectionTable(c)));
  }

  get(name: string): Shard | undefined {
    return this.shards.get(name);
  }

  /** Starts dropping idle decoded shards. */
  startSweeping(intervalMs = 1000): void {
    this.sweepTimer ??= setInterval(() => this.sweep(), intervalMs);
    this.sweepTimer.unref?.();
  }

  /** The shard decoded (from the stored state), ready to read, write or apply to. */
  hot(shard: Shard): Y.Doc {
    shard.lastUsed = Date.now();
    if (shard.doc) return shard.doc;
    this.decodes++;
    const doc = new Y.Doc();
    // The root map is defined before any update: a root first seen inside an update is a
    // placeholder, and the transaction's changes would not name the records.
    if (shard.collection) recordsOf(doc);
    const rows = this.rows.updates(shard.name);
    if (rows.length) Y.applyUpdate(doc, rows.length === 1 ? rows[0]! : Y.mergeUpdates(rows), LOADED);
    // Set after loading: structs of its own id in a non-local transaction make Yjs pick a new id.
    doc.clientID = shard.clientId;
    doc.on("update", (update: Uint8Array, origin: unknown, _d: Y.Doc, tr: Y.Transaction) =>
      this.commit(shard, doc, update, origin, tr),
    );
    shard.doc = doc;
    if (shard.collection && this.o.indexShards?.() && !this.index.isIndexed(shard.name))
      this.index.build(shard.name, doc);
    // A first sync decodes shard after shard within one burst of messages: keep to the budget now,
    // not at the next sweep.
    this.sweep(shard.lastUsed, false);
    return doc;
  }

  /** Applies what the server sent; throws when it could not be stored (the copy is then dropped). */
  applyRemote(shard: Shard, update: Uint8Array): void {
    if (this.tryCold(shard, update, REMOTE)) return;
    const doc = this.hot(shard);
    try {
      Y.applyUpdate(doc, update, REMOTE);
    } catch (err) {
      this.drop(shard, false);
      throw err;
    }
    this.checkFailure(shard);
  }

  /** Runs `write` in one local transaction of the shard and commits it; throws when it could not be stored. */
  write<T>(shard: Shard, write: (doc: Y.Doc) => T): T {
    const doc = this.hot(shard);
    let result!: T;
    doc.transact(() => {
      result = write(doc);
    }, LOCAL);
    this.checkFailure(shard);
    return result;
  }

  /** A record as its Y.Map's `toJSON()` gives it (decoding the shard only when it has no index). */
  recordRaw(shard: Shard, id: string): StoredRecord | undefined {
    if (!shard.doc && this.index.isIndexed(shard.name)) return this.index.raw(shard.name, id);
    return recordsOf(this.hot(shard)).get(id)?.toJSON() as StoredRecord | undefined;
  }

  hasRecord(shard: Shard, id: string): boolean {
    if (!shard.doc && this.index.isIndexed(shard.name)) return !!this.index.byKey(shard.name, id, MAP_KEY);
    return recordsOf(this.hot(shard)).has(id);
  }

  /**
   * `writeRecord` in one local transaction: without decoding the shard when it is indexed and
   * cold (coldWrite.ts), otherwise into the decoded shard. Returns the fields written.
   */
  writeFields(shard: Shard, id: string, fields: StoredRecord, meta: { actor: string; now: number; version: number }) {
    if (!shard.doc && this.index.isIndexed(shard.name)) {
      const existing = this.index.raw(shard.name, id);
      const clock = shard.localSv.get(shard.clientId) ?? 0;
      const cold = encodeColdWrite(this.index, shard.name, shard.clientId, clock, id, existing, fields, meta);
      if (cold && !cold.update.length) return cold.written;
      if (cold && this.tryCold(shard, cold.update, LOCAL)) return cold.written;
      if (cold) this.o.logger.warn("a write built without decoding did not check out; decoding", { doc: shard.name });
    }
    return this.write(shard, (doc) => writeRecord(doc, id, fields, meta));
  }

  /** This process's writes to the shard so far (a write waits for the server to hold them). */
  localTarget(shard: Shard): StateVector {
    return new Map(shard.localSv);
  }

  /**
   * The server holds at least `sv` of the shard: its handshake said so, or it acknowledged a send
   * (`ack`: the peer's write count when it was sent, and whether it was a handshake answer, which
   * carries every stored struct the server lacked).
   */
  serverHas(shard: Shard, sv: StateVector, ack?: { localSeq: number; answer: boolean }): void {
    mergeInto(shard.serverSv, sv);
    if (ack?.answer) shard.restoredDirty = false;
    if (ack && ack.localSeq === shard.localSeq && !shard.restoredDirty && shard.dirty) {
      this.rows.setDirty(shard, false);
    }
    if (!shard.waiters.length) return;
    shard.waiters = shard.waiters.filter((w) => {
      if (!this.holds(shard, w.target)) return true;
      w.resolve();
      return false;
    });
  }

  private holds(shard: Shard, target: StateVector): boolean {
    return !shard.restoredDirty && covers(shard.serverSv, target);
  }

  /** Resolves once the server holds `target` of the shard; rejects after `timeoutMs`. */
  waitStored(shard: Shard, target: StateVector, timeoutMs: number): Promise<void> {
    if (this.holds(shard, target)) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        target,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        shard.waiters = shard.waiters.filter((w) => w !== waiter);
        reject(new NotAcknowledgedError(shard.name));
      }, timeoutMs);
      shard.waiters.push(waiter);
    });
  }

  /**
   * Drops decoded shards idle for `idleMs` (unless `idle` is false), then the least recently used
   * beyond the budget — never the most recently used one (it is being worked on).
   */
  sweep(now = Date.now(), idle = true): void {
    const idleMs = this.o.idleMs ?? 5000;
    const budget = this.o.hotBudgetBytes ?? 4 * 1024 * 1024;
    const hot = [...this.shards.values()].filter((s) => s.doc && s !== this.settings);
    if (idle) for (const s of hot) if (now - s.lastUsed >= idleMs) this.drop(s, true);
    const left = hot.filter((s) => s.doc).sort((a, b) => b.lastUsed - a.lastUsed);
    let bytes = 0;
    for (const [i, s] of left.entries()) {
      bytes += s.bytes;
      if (i > 0 && bytes > budget) this.drop(s, true);
    }
  }

  /** Forgets the decoded copy (folding its stored rows into one first, when asked and worth it). */
  drop(shard: Shard, fold: boolean): void {
    const doc = shard.doc;
    if (!doc) return;
    shard.doc = null;
    if (fold && shard.rows > FOLD_ROWS && !shard.failure) {
      try {
        this.rows.fold(shard, Y.encodeStateAsUpdate(doc));
      } catch (err) {
        this.o.logger.warn("could not fold a shard's stored updates", { doc: shard.name, error: String(err) });
      }
    }
    doc.destroy();
  }

  /** Decoded shards now (the settings document is always one). */
  hotCount(): number {
    let n = 0;
    for (const s of this.shards.values()) if (s.doc) n++;
    return n;
  }

  close(): void {
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    for (const s of this.shards.values()) this.drop(s, true);
  }

  private checkFailure(shard: Shard): void {
    const failure = shard.failure;
    if (!failure) return;
    shard.failure = null;
    // The decoded copy holds what could not be stored: forget it; the stored state is the truth.
    this.drop(shard, false);
    throw failure;
  }

  private commit(shard: Shard, doc: Y.Doc, update: Uint8Array, origin: unknown, tr: Y.Transaction): void {
    if (origin === LOADED || shard.failure) return;
    const local = origin !== REMOTE;
    try {
      const sv = Y.encodeStateVector(doc);
      const collection = shard.collection;
      const writer = collection ? this.writers.get(collection)! : null;
      const projected =
        collection && writer
          ? project(this.o.workspace, collection, doc, tr, (id) => writer.get(id), local ? "local" : "remote")
          : null;
      let changes: RecordChange[] = [];
      const dirty = local || shard.dirty;
      this.rows.append(
        shard,
        update,
        sv,
        dirty,
        () => {
          if (projected && writer) {
            for (const row of projected.rows) writer.put(row);
            if (this.o.recordChanges()) changes = this.o.feed.append(projected.changes);
            this.index.refresh(shard.name, doc, tr, touchedRecordIds(tr, doc));
          }
        },
        local,
      );
      if (local) {
        shard.localSeq++;
        shard.localSv.set(doc.clientID, Y.getState(doc.store, doc.clientID));
      }
      this.o.onCommitted({ shard, update, local, changes });
    } catch (err) {
      this.index.reload(shard.name);
      shard.failure = err;
      this.o.logger.error("could not store a shard update", { doc: shard.name, error: String(err) });
    }
  }

  /** Applies an update to a cold, indexed shard without decoding it; false when it must be decoded. */
  private tryCold(shard: Shard, update: Uint8Array, origin: typeof REMOTE | typeof LOCAL): boolean {
    if (shard.doc || !shard.collection || !this.index.isIndexed(shard.name)) return false;
    const plan = planColdApply(shard.name, update, decodeVector(shard.sv), this.index);
    if (!plan) return false;
    this.commitCold(shard, update, plan, origin === LOCAL);
    return true;
  }

  /** `commit` for an update planned by coldApply.ts: the same SQLite transaction, no Y.Doc. */
  private commitCold(shard: Shard, update: Uint8Array, plan: ColdPlan, local: boolean): void {
    const collection = shard.collection!;
    const writer = this.writers.get(collection)!;
    const projected = projectRecords(
      this.o.workspace,
      collection,
      [...plan.records].map(([id, r]) => [id, r.raw] as [string, StoredRecord]),
      (id) => writer.get(id),
      local ? "local" : "remote",
    );
    const sv = Y.encodeStateVector(plan.sv);
    const dirty = local || shard.dirty;
    let changes: RecordChange[] = [];
    this.rows.append(
      shard,
      update,
      sv,
      dirty,
      () => {
        for (const row of projected.rows) writer.put(row);
        if (this.o.recordChanges()) changes = this.o.feed.append(projected.changes);
        for (const row of plan.rows) this.index.put(shard.name, row);
      },
      local,
    );
    this.coldApplies++;
    if (local) {
      shard.localSeq++;
      shard.localSv.set(shard.clientId, plan.sv.get(shard.clientId) ?? 0);
    }
    if (shard.rows > COLD_FOLD_ROWS) this.foldCold(shard);
    this.o.onCommitted({ shard, update, local, changes });
  }

  /** Merges a cold shard's stored rows into one (Yjs merges encoded updates without a document). */
  private foldCold(shard: Shard): void {
    try {
      this.rows.fold(shard, Y.mergeUpdates(this.rows.updates(shard.name)));
    } catch (err) {
      this.o.logger.warn("could not fold a shard's stored updates", { doc: shard.name, error: String(err) });
    }
  }

  /** The server's vector for a shard, decoded (exported for the link). */
  static vector(sv: Uint8Array): StateVector {
    return decodeVector(sv);
  }
}
