import type { BackgroundResult, DocStorage } from "./types.js";

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
 *
 * When the storage can commit in the background (`storage.background`, a worker thread), the
 * batch is sent there and the event loop goes on decoding and relaying while fsync runs; what
 * arrives meanwhile forms the next batch, sent as soon as the answer comes. `flush()` still
 * commits synchronously (it waits for the batch in flight first).
 */
export class GroupCommit {
  private queue: Entry[] = [];
  private scheduled: NodeJS.Immediate | undefined;
  private flushing = false;
  /** The batch a background commit is storing. */
  private inFlight: Entry[] | undefined;

  constructor(
    private readonly storage: DocStorage,
    private readonly options: GroupCommitOptions,
  ) {}

  /** Entries queued or being committed. */
  get pending(): number {
    return this.queue.length + (this.inFlight?.length ?? 0);
  }

  add(doc: string, update: Uint8Array | null, done: (result: CommitResult) => void): void {
    this.queue.push({ doc, update, done });
    // A callback that queues more is served by the loop of the flush that is running.
    if (this.flushing) return;
    if (!this.options.group) this.flush();
    else if (!this.inFlight) this.scheduled ??= setImmediate(() => this.next());
  }

  /** Commits everything queued now, synchronously (e.g. before a room unloads or the storage closes). */
  flush(): void {
    if (this.flushing) return;
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.flushing = true;
    try {
      // The jobs in flight first (ours, and e.g. compactions): their callbacks run before anything queued after.
      if (this.storage.background?.busy) this.storage.background.settle();
      while (this.queue.length > 0) this.commit(this.queue.splice(0));
    } finally {
      this.flushing = false;
    }
  }

  /** Starts the next commit: in the background when the storage can, else right here. */
  private next(): void {
    this.scheduled = undefined;
    const background = this.storage.background;
    if (!background) {
      this.flush();
      return;
    }
    if (this.inFlight || this.flushing || this.queue.length === 0) return;
    const batch = this.queue.splice(0);
    const rows = rowsOf(batch);
    if (rows.length === 0) {
      this.finish(batch, { ids: [] });
      if (this.queue.length > 0) this.scheduled ??= setImmediate(() => this.next());
      return;
    }
    this.inFlight = batch;
    const started = performance.now();
    const done = (result: BackgroundResult) => {
      this.inFlight = undefined;
      if ("ids" in result) this.options.onCommit?.(rows.length, (performance.now() - started) / 1000);
      this.finish(batch, result);
      // What arrived during this commit goes next, without waiting for another turn.
      if (!this.flushing && this.queue.length > 0) this.next();
    };
    try {
      background.appendMany(rows, done);
    } catch (error) {
      done({ error });
    }
  }

  private commit(batch: Entry[]): void {
    const rows = rowsOf(batch);
    let result: BackgroundResult = { ids: [] };
    if (rows.length > 0) {
      const started = performance.now();
      try {
        result = { ids: this.storage.appendMany(rows) };
        this.options.onCommit?.(rows.length, (performance.now() - started) / 1000);
      } catch (error) {
        result = { error };
      }
    }
    this.finish(batch, result);
  }

  /** Calls every entry's `done`, in order, with its row id or the transaction's error. */
  private finish(batch: Entry[], outcome: BackgroundResult): void {
    const failure = "error" in outcome ? outcome : undefined;
    const ids = "ids" in outcome ? outcome.ids : [];
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

function rowsOf(batch: Entry[]): { doc: string; update: Uint8Array }[] {
  return batch.filter((e) => e.update !== null).map((e) => ({ doc: e.doc, update: e.update! }));
}
