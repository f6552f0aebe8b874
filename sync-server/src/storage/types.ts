/**
 * Where document updates live. Synchronous on purpose: better-sqlite3 is synchronous, and a
 * synchronous commit makes the durability order (store → apply → relay → ack) easy to keep. The
 * rooms do not call `append` per update: `GroupCommit` (groupCommit.ts) gathers the updates of
 * one event-loop turn and stores them with one `appendMany`, i.e. one transaction and one fsync.
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

/** One update to store with `appendMany`. */
export interface UpdateToStore {
  doc: string;
  update: Uint8Array;
}

/** How a background commit ended: the row ids, in order, or why nothing was stored. */
export type BackgroundResult = { ids: number[] } | { error: unknown };

/**
 * Commits on another thread, so that the event loop is not blocked while fsync runs. The rows
 * are visible to `loadUpdates` once `done` is called.
 */
export interface BackgroundWriter {
  /** True while a job is in flight. Jobs run one at a time, in the order they were started. */
  readonly busy: boolean;
  /** Stores `updates` in one transaction; `done` runs on this thread's event loop afterwards. */
  appendMany(updates: readonly UpdateToStore[], done: (result: BackgroundResult) => void): void;
  /** `DocStorage.compact`, in the background (`done` gets no ids). */
  compact(doc: string, merged: Uint8Array, upToId: number, done: (result: BackgroundResult) => void): void;
  /** Blocks this thread until every job in flight is over and its `done` has run. */
  settle(): void;
}

export interface DocStorage {
  /**
   * True when a commit is expensive (an fsync): then rooms group the updates of one event-loop
   * turn into one commit. False (in memory): each update is committed as it arrives.
   */
  readonly syncsToDisk: boolean;
  /** Present when commits can run on another thread (SQLite); GroupCommit then uses it. */
  readonly background?: BackgroundWriter;
  /** Every stored update of `doc`. */
  loadUpdates(doc: string): StoredUpdates;
  /** Stores one update; it is durable when this returns. Returns the row id. */
  append(doc: string, update: Uint8Array): number;
  /**
   * Stores several updates in one transaction: all are durable when this returns, or it throws
   * and none is stored. Returns their row ids, in order.
   */
  appendMany(updates: readonly UpdateToStore[]): number[];
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
