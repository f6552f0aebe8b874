import type { DocStorage } from "./types.js";

/** How the commit of one queued entry ended: its row id (none for a barrier), or the error. */
export type CommitResult = { ok: true; id: number | undefined } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /**
   * Commit at the end of the current event-loop turn, all queued updates in one transaction
   * (true), or each entry at once, synchronously (false: storage without fsync, e.g. memory).
   */
  group: boolean;
  /** After each commit: how many updates it stored, and how long storage took (seconds). */
  onCommit?: (updates: number, seconds: number) => void;
  /** A `done` callback threw. The commit itself is over; nothing to undo, but tell the operator. */
  onCallbackError?: (error: unknown) => void;
}

interface Entry {
  doc: string;
  update: Uint8Array | null;
  done: (result: CommitResult) => void;
}

/**
 * Group commit: one fsync costs as much for one update as for a hundred, so every update that
 * arrives within one event-loop turn (Node reads all ready sockets, then runs `setImmediate`) is
 * stored in ONE transaction; only then are the entries' `done` callbacks called, in the order they
 * were queued, to apply, relay and acknowledge. Nothing is relayed or acknowledged before the
 * transaction holding it has committed. An entry without an update is a barrier: its `done` runs
 * once every entry queued before it is committed (e.g. an empty update's acknowledgement).
 * If the transaction fails, every entry of it gets the error and none of its updates is stored.
 */
export class GroupCommit {
  private queue: Entry[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private flushing = false;

  constructor(
    private readonly storage: DocStorage,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Entries queued and not yet committed. */
  get pending(): number {
    return this.queue.length;
  }

  add(doc: string, update: Uint8Array | null, done: (result: CommitResult) => void): void {
    this.queue.push({ doc, update, done });
    // A callback that queues more is served by the loop of the flush that is running.
    if (this.flushing) return;
    if (!this.options.group) this.flush();
    else this.scheduled ??= setImmediate(() => this.flush());
  }

  /** Commits everything queued now (e.g. before a room unloads or the storage closes). */
  flush(): void {
    if (this.flushing) return;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.flushing = true;
    try {
      while (this.queue.length > 0) this.commit(this.queue.splice(0));
    } finally {
      this.flushing = false;
    }
  }

  private commit(batch: Entry[]): void {
    const rows = batch.filter((e) => e.update !== null).map((e) => ({ doc: e.doc, update: e.update! }));
    let ids: number[] = [];
    let failure: { error: unknown } | undefined;
    if (rows.length > 0) {
      const started = performance.now();
      try {
        ids = this.storage.appendMany(rows);
        this.options.onCommit?.(rows.length, (performance.now() - started) / 1000);
      } catch (error) {
        failure = { error };
      }
    }
    let next = 0;
    for (const entry of batch) {
      const result: CommitResult = failure
        ? { ok: false, error: failure.error }
        : { ok: true, id: entry.update !== null ? ids[next++] : undefined };
      try {
        entry.done(result);
      } catch (error) {
        this.options.onCallbackError?.(error);
      }
    }
  }
}
