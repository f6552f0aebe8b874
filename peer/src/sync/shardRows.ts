import type { CollectionName } from "@crm/schema";
import type Database from "better-sqlite3";
import type * as Y from "yjs";
import type { StateVector } from "./vectors.js";

export interface Shard {
  readonly name: string;
  /** null for the settings document. */
  readonly collection: CollectionName | null;
  /** The stored state vector (what the peer's copy holds). */
  sv: Uint8Array;
  /** Holds writes of this peer that the server has not acknowledged (stored, survives restarts). */
  dirty: boolean;
  /**
   * Was dirty when this process started: writes of an earlier run (its clock unknown here) wait
   * until a handshake answer — which carries everything stored — is acknowledged.
   */
  restoredDirty: boolean;
  rows: number;
  bytes: number;
  doc: Y.Doc | null;
  lastUsed: number;
  /** This process's client id in the shard (a decoded copy continues it: every struct of it is stored). */
  readonly clientId: number;
  /** Counts this peer's write transactions; an acknowledged send carrying the latest one cleans the shard. */
  localSeq: number;
  /** The clock of this process's writes. */
  readonly localSv: StateVector;
  /** What the server is known to hold (its handshake, acknowledged sends). */
  readonly serverSv: StateVector;
  waiters: { target: StateVector; resolve(): void }[];
  /** A commit of this shard's last transaction failed (the decoded copy is then dropped). */
  failure: unknown;
}

/** What the peer's database holds of each shard: its stored updates and state vector (db/open.ts). */
export class ShardRows {
  private readonly st;

  constructor(private readonly db: Database.Database) {
    this.st = {
      docs: db.prepare("SELECT name, sv, dirty, rows, bytes FROM docs"),
      updates: db.prepare("SELECT data FROM doc_updates WHERE doc = ? ORDER BY id").pluck(),
      insertUpdate: db.prepare("INSERT INTO doc_updates (doc, data) VALUES (?, ?)"),
      upsertDoc: db.prepare(
        `INSERT INTO docs (name, sv, dirty, rows, bytes) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET sv = excluded.sv, dirty = excluded.dirty, rows = excluded.rows, bytes = excluded.bytes`,
      ),
      setDirty: db.prepare("UPDATE docs SET dirty = ? WHERE name = ?"),
      clearUpdates: db.prepare("DELETE FROM doc_updates WHERE doc = ?"),
    };
  }

  stored(): Map<string, { name: string; sv: Buffer; dirty: number; rows: number; bytes: number }> {
    const rows = this.st.docs.all() as { name: string; sv: Buffer; dirty: number; rows: number; bytes: number }[];
    return new Map(rows.map((r) => [r.name, r]));
  }

  updates(name: string): Buffer[] {
    return this.st.updates.all(name) as Buffer[];
  }

  /**
   * One SQLite transaction: the update, the shard's new vector (and dirty), and `more` (the
   * projection rows, the feed, the item index). The shard's counters follow once it committed.
   */
  /**
   * Stores one update with what `more` writes, in one transaction. `local`: this peer's own write,
   * whose only copy it is until the server acknowledges it — synced to disk before this returns.
   * An update from the server is not (WAL, synchronous NORMAL: a killed process loses nothing, a
   * power cut may lose the last ones, with their state vector, so the server sends them again and
   * their changes and jobs — deterministic keys — are made again). The next synced commit makes
   * every earlier one durable too: the WAL is synced in order.
   */
  append(shard: Shard, update: Uint8Array, sv: Uint8Array, dirty: boolean, more: () => void, local = true): void {
    // SQLite refuses to change it inside a transaction (an outer one decides then).
    const relaxed = !local && !this.db.inTransaction;
    if (relaxed) this.db.pragma("synchronous = NORMAL");
    try {
      this.db.transaction(() => {
        this.st.insertUpdate.run(shard.name, update);
        this.st.upsertDoc.run(shard.name, sv, dirty ? 1 : 0, shard.rows + 1, shard.bytes + update.length);
        more();
      })();
    } finally {
      if (relaxed) this.db.pragma("synchronous = FULL");
    }
    shard.sv = sv;
    shard.rows++;
    shard.bytes += update.length;
    shard.dirty = dirty;
  }

  /** Replaces the shard's stored rows by one holding its whole state. */
  fold(shard: Shard, state: Uint8Array): void {
    this.db.transaction(() => {
      this.st.clearUpdates.run(shard.name);
      this.st.insertUpdate.run(shard.name, state);
      this.st.upsertDoc.run(shard.name, shard.sv, shard.dirty ? 1 : 0, 1, state.length);
    })();
    shard.rows = 1;
    shard.bytes = state.length;
  }

  setDirty(shard: Shard, dirty: boolean): void {
    this.st.setDirty.run(dirty ? 1 : 0, shard.name);
    shard.dirty = dirty;
  }
}
