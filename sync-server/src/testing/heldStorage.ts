import { MemoryStorage } from "../storage/memory.js";
import type { BackgroundResult, BackgroundWriter, DocStorage, StoredUpdates, UpdateToStore } from "../storage/types.js";

/**
 * In-memory storage whose commits a test holds and releases, so that "an update's commit is
 * still in flight while the client does X" can be staged exactly. It commits through
 * `background` as SQLite's writer thread does: GroupCommit sends one batch at a time and
 * queues what arrives meanwhile for the next.
 */
export class HeldStorage implements DocStorage {
  readonly syncsToDisk = true;
  private readonly inner = new MemoryStorage();
  private readonly waiting: (() => void)[] = [];
  /** Jobs committed whose `done` has not run yet (it runs on a later turn, or in `settle`). */
  private readonly answering = new Set<() => void>();
  /** While true, commits wait for `release()`. */
  holding = false;
  /** Updates stored so far, of every document, in commit order. */
  readonly committed: UpdateToStore[] = [];

  readonly background: BackgroundWriter & { busy: boolean } = {
    busy: false,
    appendMany: (updates, done) => this.run(() => ({ ids: this.appendMany(updates) }), done),
    compact: (doc, merged, upToId, done) =>
      this.run(() => {
        this.inner.compact(doc, merged, upToId);
        return { ids: [] };
      }, done),
    settle: () => {
      this.releaseAll();
      for (const answer of [...this.answering]) answer();
    },
  };

  /** Batches waiting for `release`. */
  get held(): number {
    return this.waiting.length;
  }

  /** Commits the oldest held batch (its acknowledgements follow on the event loop). */
  release(): void {
    this.waiting.shift()?.();
  }

  releaseAll(): void {
    while (this.waiting.length) this.release();
  }

  loadUpdates(doc: string): StoredUpdates {
    return this.inner.loadUpdates(doc);
  }

  append(doc: string, update: Uint8Array): number {
    this.committed.push({ doc, update });
    return this.inner.append(doc, update);
  }

  appendMany(updates: readonly UpdateToStore[]): number[] {
    this.committed.push(...updates);
    return this.inner.appendMany(updates);
  }

  compact(doc: string, merged: Uint8Array, upToId: number): void {
    this.inner.compact(doc, merged, upToId);
  }

  listDocs(): string[] {
    return this.inner.listDocs();
  }

  ping(): void {
    this.inner.ping();
  }

  close(): void {
    this.releaseAll();
    this.inner.close();
  }

  private run(job: () => BackgroundResult, done: (result: BackgroundResult) => void): void {
    this.background.busy = true;
    const go = () => {
      let result: BackgroundResult;
      try {
        result = job();
      } catch (error) {
        result = { error };
      }
      // As from a worker thread: the answer comes on a later turn of the event loop.
      const answer = () => {
        if (!this.answering.delete(answer)) return;
        clearImmediate(timer);
        this.background.busy = this.waiting.length > 0 || this.answering.size > 0;
        done(result);
      };
      this.answering.add(answer);
      const timer = setImmediate(answer);
    };
    if (this.holding) this.waiting.push(go);
    else go();
  }
}
