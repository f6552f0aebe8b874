import type { CollectionName } from "@crm/schema";
import type { PeerDb } from "./db/open.js";
import type { Logger } from "./logger.js";
import type { RecordChange } from "./types.js";

/*
 * The change feed: every change the projection sees, appended to `changes` in the SAME SQLite
 * transaction as the rows and the shard state it comes from. So a crash never records a change
 * twice (the update and its change commit together; on restart the shard's stored state vector
 * says the update is there, and the server does not send it again) nor loses one.
 *
 * Consumers (the webhook outbox, the rule engine, notifications) read it by cursor: a consumer's
 * handler runs inside a transaction that also advances its cursor in `consumers`, so whatever it
 * writes to this database — jobs, most of all — commits together with "these changes were
 * handled". Exactly once, across crashes, with no coordination beyond SQLite.
 */

/** What a consumer's handler may do besides reading the changes: it runs inside this transaction. */
export interface ConsumerContext {
  /** The database the handler's writes must go to, to commit with the cursor (the job queue uses it). */
  db: PeerDb;
}

export type ChangeHandler = (changes: readonly RecordChange[], ctx: ConsumerContext) => void;

export interface ConsumerOptions {
  /** Only changes of these collections reach the handler (the cursor passes the others). */
  collections?: readonly CollectionName[];
  /** Changes per call; default 200. */
  batch?: number;
}

interface Consumer {
  name: string;
  handler: ChangeHandler;
  options: ConsumerOptions;
  running: boolean;
  failures: number;
  timer: ReturnType<typeof setTimeout> | null;
}

type ChangeRow = {
  seq: number;
  collection: string;
  record_id: string;
  kind: string;
  actor: string;
  at: number;
  origin: string;
  fields: string;
  record: string;
};

export class ChangeFeed {
  private readonly consumers = new Map<string, Consumer>();
  private readonly insert;
  private readonly readAfter;
  private closed = false;

  constructor(
    private readonly db: PeerDb,
    readonly workspace: string,
    private readonly logger: Logger,
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        collection TEXT NOT NULL,
        record_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        actor TEXT NOT NULL,
        at INTEGER NOT NULL,
        origin TEXT NOT NULL,
        fields TEXT NOT NULL,
        record TEXT NOT NULL,
        recorded_at INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS consumers (name TEXT PRIMARY KEY, seq INTEGER NOT NULL);
    `);
    this.insert = db.prepare(
      `INSERT INTO changes (collection, record_id, kind, actor, at, origin, fields, record, recorded_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.readAfter = db.prepare("SELECT * FROM changes WHERE seq > ? ORDER BY seq LIMIT ?");
  }

  /** Appends changes; call inside the transaction that writes what they describe. */
  append(changes: readonly Omit<RecordChange, "seq">[], now = Date.now()): RecordChange[] {
    return changes.map((c) => {
      const info = this.insert.run(
        c.collection,
        c.id,
        c.kind,
        c.actor,
        c.at,
        c.origin,
        JSON.stringify(c.fields),
        JSON.stringify(c.record),
        now,
      );
      return { ...c, seq: Number(info.lastInsertRowid) };
    });
  }

  /** Changes after `seq`, oldest first. */
  read(afterSeq: number, limit = 200): RecordChange[] {
    return (this.readAfter.all(afterSeq, limit) as ChangeRow[]).map((r) => ({
      seq: r.seq,
      workspace: this.workspace,
      collection: r.collection as CollectionName,
      id: r.record_id,
      kind: r.kind as RecordChange["kind"],
      actor: r.actor,
      at: r.at,
      origin: r.origin as RecordChange["origin"],
      fields: JSON.parse(r.fields),
      record: JSON.parse(r.record),
    }));
  }

  /** The newest change's position (0 when none was ever recorded). */
  lastSeq(): number {
    return (this.db.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'changes'").pluck().get() as number) ?? 0;
  }

  /** A consumer's cursor: the last change it has handled. */
  cursor(name: string): number {
    return (this.db.prepare("SELECT seq FROM consumers WHERE name = ?").pluck().get(name) as number) ?? 0;
  }

  /**
   * Registers a durable consumer. A consumer seen for the first time starts at the current end
   * of the feed (it hears changes from now on, not the history); later it resumes where its
   * cursor is, including after a crash. The handler runs synchronously inside the transaction
   * that advances the cursor; if it throws, nothing of the batch commits and it is retried after
   * a backoff (1 s, 2 s, … 60 s) — so a handler must not throw for a change it dislikes.
   */
  consume(name: string, handler: ChangeHandler, options: ConsumerOptions = {}): () => void {
    if (this.consumers.has(name)) throw new Error(`a consumer named ${name} is already registered`);
    this.db
      .prepare("INSERT INTO consumers (name, seq) VALUES (?, ?) ON CONFLICT (name) DO NOTHING")
      .run(name, this.lastSeq());
    const consumer: Consumer = { name, handler, options, running: false, failures: 0, timer: null };
    this.consumers.set(name, consumer);
    this.schedule(consumer, 0);
    return () => {
      if (consumer.timer) clearTimeout(consumer.timer);
      this.consumers.delete(name);
    };
  }

  /** New changes were committed: consumers catch up (soon, off the committing call). */
  wake(): void {
    for (const c of this.consumers.values()) this.schedule(c, 0);
  }

  close(): void {
    this.closed = true;
    for (const c of this.consumers.values()) if (c.timer) clearTimeout(c.timer);
    this.consumers.clear();
  }

  /**
   * Drops changes every consumer has handled and that are older than `retentionMs` (changes are
   * also kept that long for readers without a cursor, like a "what changed" screen).
   */
  prune(retentionMs: number, now = Date.now()): number {
    const minCursor = this.db.prepare("SELECT MIN(seq) FROM consumers").pluck().get() as number | null;
    const upTo = minCursor ?? Number.MAX_SAFE_INTEGER;
    return this.db.prepare("DELETE FROM changes WHERE seq <= ? AND recorded_at < ?").run(upTo, now - retentionMs)
      .changes;
  }

  private schedule(c: Consumer, delay: number): void {
    if (this.closed || c.timer) return;
    c.timer = setTimeout(() => {
      c.timer = null;
      this.run(c);
    }, delay);
    c.timer.unref?.();
  }

  private run(c: Consumer): void {
    if (c.running || this.closed || !this.consumers.has(c.name)) return;
    c.running = true;
    try {
      const batch = c.options.batch ?? 200;
      const wanted = c.options.collections ? new Set<string>(c.options.collections) : null;
      for (;;) {
        const from = this.cursor(c.name);
        const changes = this.read(from, batch);
        if (!changes.length) break;
        const mine = wanted ? changes.filter((x) => wanted.has(x.collection)) : changes;
        this.db.transaction(() => {
          if (mine.length) c.handler(mine, { db: this.db });
          this.db.prepare("UPDATE consumers SET seq = ? WHERE name = ?").run(changes[changes.length - 1]!.seq, c.name);
        })();
        c.failures = 0;
        if (changes.length < batch) break;
      }
    } catch (err) {
      c.failures++;
      const delay = Math.min(60_000, 1000 * 2 ** (c.failures - 1));
      this.logger.error("change consumer failed; retrying", {
        consumer: c.name,
        workspace: this.workspace,
        error: String(err),
        retryInMs: delay,
      });
      c.running = false;
      this.schedule(c, delay);
      return;
    }
    c.running = false;
  }
}
