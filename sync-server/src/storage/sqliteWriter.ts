import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { BackgroundResult, BackgroundWriter, UpdateToStore } from "./types.js";

const WORKER = new URL("./sqliteWriter.worker.js", import.meta.url);
/** `settle()` gives up after this long without an answer (the worker died, or the disk hangs). */
const SETTLE_TIMEOUT_MS = 30_000;

interface Answer {
  id: number;
  ids?: number[];
  error?: string;
}

/**
 * Background commits for SqliteStorage: a worker thread (sqliteWriter.worker.js) holds a second
 * connection and runs each job (a batch of appends, or a compaction) as one transaction, in the
 * order sent; the answer comes back as a message, handled on the event loop like any I/O. Started
 * on first use, so that storage used only for reads or backups has no thread.
 *
 * A batch's updates are copied into one buffer whose memory is transferred, not cloned: an
 * update is often a view into a larger socket buffer, and cloning a view clones its whole buffer
 * (measured: `postMessage` was 6 % of the server's time at 5,000 updates/s before this).
 */
export class SqliteWriter implements BackgroundWriter {
  private worker: Worker | undefined;
  private port: MessagePort | undefined;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private nextId = 1;
  /** Jobs sent and not answered yet, oldest first (answers come in the same order). */
  private readonly pending: { id: number; done: (result: BackgroundResult) => void }[] = [];
  private closed = false;

  constructor(private readonly file: string) {}

  get busy(): boolean {
    return this.pending.length > 0;
  }

  appendMany(updates: readonly UpdateToStore[], done: (result: BackgroundResult) => void): void {
    let total = 0;
    for (const u of updates) total += u.update.byteLength;
    const packed = new Uint8Array(total);
    const ends: number[] = [];
    let at = 0;
    for (const u of updates) {
      packed.set(u.update, at);
      at += u.update.byteLength;
      ends.push(at);
    }
    this.send({ kind: "append", docs: updates.map((u) => u.doc), packed, ends }, [packed.buffer], done);
  }

  /** `SqliteStorage.compact` on the writer thread, after every job sent before it. */
  compact(doc: string, merged: Uint8Array, upToId: number, done: (result: BackgroundResult) => void): void {
    const copy = merged.slice();
    this.send({ kind: "compact", doc, merged: copy, upToId }, [copy.buffer], done);
  }

  /** `appendMany`, waiting for it (and every job before it): the ids, or the error thrown. */
  appendManySync(updates: readonly UpdateToStore[]): number[] {
    return this.wait((done) => this.appendMany(updates, done));
  }

  /** `compact`, waiting for it (and every job before it). */
  compactSync(doc: string, merged: Uint8Array, upToId: number): void {
    this.wait((done) => this.compact(doc, merged, upToId, done));
  }

  private wait(start: (done: (result: BackgroundResult) => void) => void): number[] {
    let result: BackgroundResult | undefined;
    start((r) => {
      result = r;
    });
    this.settle();
    if (!result) throw new Error("the SQLite writer thread did not answer");
    if ("error" in result) throw result.error;
    return result.ids;
  }

  private send(job: object, transfer: ArrayBuffer[], done: (result: BackgroundResult) => void): void {
    if (this.closed) throw new Error("storage is closed");
    const port = this.start();
    const id = this.nextId++;
    this.pending.push({ id, done });
    port.postMessage({ ...job, id }, transfer);
  }

  settle(): void {
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    while (this.pending.length > 0 && this.port) {
      const seen = Atomics.load(this.signal, 0);
      const received = receiveMessageOnPort(this.port);
      if (received) {
        this.answer(received.message as Answer);
        continue;
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        this.fail(new Error(`the SQLite writer thread did not answer within ${SETTLE_TIMEOUT_MS} ms`));
        return;
      }
      Atomics.wait(this.signal, 0, seen, Math.min(left, 1000));
    }
  }

  /**
   * Waits for the commit in flight, closes the thread's connection (so that the main connection,
   * closed last, checkpoints and removes the write-ahead log), then stops the thread.
   */
  close(): void {
    if (this.closed) return;
    if (this.port) {
      try {
        this.wait((done) => this.send({ kind: "close" }, [], done));
      } catch {
        // the thread is gone already: nothing to close
      }
    } else this.settle();
    this.closed = true;
    this.stop();
  }

  private start(): MessagePort {
    if (this.port) return this.port;
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER, {
      workerData: { file: this.file, port: port2, signal: this.signal },
      transferList: [port2],
    });
    port1.on("message", (answer: Answer) => this.answer(answer));
    worker.on("error", (err) => this.fail(err));
    worker.on("exit", (code) => {
      if (this.worker === worker) this.fail(new Error(`the SQLite writer thread exited (${code})`));
    });
    // The server's sockets keep the process alive; this thread must not keep a finished one.
    worker.unref();
    port1.unref();
    this.worker = worker;
    this.port = port1;
    return port1;
  }

  private answer(answer: Answer): void {
    if (this.pending[0]?.id !== answer.id) return;
    const { done } = this.pending.shift()!;
    done(answer.error !== undefined ? { error: new Error(answer.error) } : { ids: answer.ids! });
  }

  /** The thread is gone or stuck: fail what is in flight; the next job starts a new thread. */
  private fail(error: unknown): void {
    this.stop();
    for (const { done } of this.pending.splice(0)) done({ error });
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = undefined;
    this.port?.close();
    this.port = undefined;
    if (worker) void worker.terminate();
  }
}
