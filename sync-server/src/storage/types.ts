/**
 * Where document updates live. Synchronous on purpose: better-sqlite3 is synchronous, and a
 * synchronous `append` makes the durability order (store → apply → relay → ack) trivially true.
 *
 * Every update is a Yjs v1 update. Rows of a document are identified by an increasing id; order
 * does not matter to Yjs (updates commute) but ids let compaction replace exactly the rows that
 * were merged, even if more were appended meanwhile.
 */
export interface StoredUpdates {
  /** The document's updates, oldest first. */
  updates: Uint8Array[];
  /** Id of the newest row returned (0 when there is none): pass it to `compact`. */
  lastId: number;
}

export interface DocStorage {
  /** Every stored update of `doc`. */
  loadUpdates(doc: string): StoredUpdates;
  /** Stores one update; it is durable when this returns. Returns the row id. */
  append(doc: string, update: Uint8Array): number;
  /**
   * Replaces the rows of `doc` with id ≤ `upToId` by the single update `merged`, atomically.
   * `merged` must contain everything those rows contained (e.g. `Y.mergeUpdates` of them).
   */
  compact(doc: string, merged: Uint8Array, upToId: number): void;
  /** Names of all documents that have at least one row, sorted. */
  listDocs(): string[];
  /** A trivial read, for readiness checks: throws when the storage cannot answer. */
  ping(): void;
  /**
   * After an erasure: make sure replaced rows leave no trace in the storage's files (SQLite:
   * `secure_delete` zeroes freed cells; this truncates the write-ahead log). Optional.
   */
  scrub?(): void;
  /** Releases the storage; any later call throws. */
  close(): void;
}
