import { newId } from "@crm/schema";
import type Database from "better-sqlite3";
import type { PeerDb } from "../db/open.js";
import type { EnqueueInput, Job, JobState, JobStore } from "./types.js";

/*
 * The job queue in the peer's SQLite file. Besides the async `JobStore` calls, `enqueueNow` is
 * synchronous so that a change-feed consumer can enqueue inside the transaction that advances its
 * cursor (changes.ts): the job and "this change was handled" commit together.
 */

type Row = Record<string, unknown>;

function toJob(r: Row): Job {
  return {
    id: String(r.id),
    key: String(r.key),
    kind: String(r.kind),
    payload: JSON.parse(String(r.payload)),
    state: r.state as JobState,
    runAt: Number(r.run_at),
    attempts: Number(r.attempts),
    maxAttempts: Number(r.max_attempts),
    leaseOwner: r.lease_owner == null ? null : String(r.lease_owner),
    leaseUntil: r.lease_until == null ? null : Number(r.lease_until),
    lastError: r.last_error == null ? null : String(r.last_error),
    result: r.result == null ? null : JSON.parse(String(r.result)),
    createdAt: Number(r.created_at),
    doneAt: r.done_at == null ? null : Number(r.done_at),
  };
}

export class SqliteJobStore implements JobStore {
  private readonly st;
  private readonly claims = new Map<string, Database.Statement>();
  /** Called after a job is enqueued (the runner wakes up). */
  onEnqueued: (() => void) | null = null;

  /** `table`: another queue in the same file (the mail queue in the server's shared database). */
  constructor(
    private readonly db: PeerDb,
    private readonly table = "jobs",
  ) {
    if (!/^[a-z_]+$/.test(table)) throw new Error(`bad job table name ${table}`);
    const t = table;
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${t} (
        id TEXT PRIMARY KEY,
        key TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL,
        run_at INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        lease_owner TEXT,
        lease_until INTEGER,
        last_error TEXT,
        result TEXT,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        done_at INTEGER
      );
      CREATE INDEX IF NOT EXISTS ${t}_due ON ${t} (state, run_at);
    `);
    this.st = {
      insert: db.prepare(
        `INSERT INTO ${t} (id, key, kind, payload, state, run_at, max_attempts, created_at, updated_at)
         VALUES (?, ?, ?, ?, 'queued', ?, ?, ?, ?) ON CONFLICT (key) DO NOTHING`,
      ),
      byKey: db.prepare(`SELECT * FROM ${t} WHERE key = ?`),
      byId: db.prepare(`SELECT * FROM ${t} WHERE id = ?`),
      complete: db.prepare(
        `UPDATE ${t} SET state = 'done', result = ?, done_at = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND state = 'running' AND lease_owner = ?`,
      ),
      retry: db.prepare(
        `UPDATE ${t} SET state = CASE WHEN attempts >= max_attempts THEN 'dead' ELSE 'queued' END,
           run_at = ?, last_error = ?, updated_at = ?, lease_owner = NULL, lease_until = NULL,
           done_at = CASE WHEN attempts >= max_attempts THEN ? ELSE NULL END
         WHERE id = ? AND state = 'running' AND lease_owner = ? RETURNING state`,
      ),
      extend: db.prepare(`UPDATE ${t} SET lease_until = ? WHERE id = ? AND state = 'running' AND lease_owner = ?`),
      counts: db.prepare(`SELECT state, COUNT(*) AS n FROM ${t} GROUP BY state`),
      requeue: db.prepare(
        `UPDATE ${t} SET state = 'queued', lease_owner = NULL, lease_until = NULL WHERE state = 'running'`,
      ),
      prune: db.prepare(`DELETE FROM ${t} WHERE state IN ('done', 'dead') AND done_at < ?`),
    };
  }

  /** Synchronous enqueue, for use inside a transaction of this database. */
  enqueueNow(input: EnqueueInput, now = Date.now()): { job: Job; created: boolean } {
    if (!input.key) throw new Error("a job needs an idempotency key");
    const id = newId();
    const created =
      this.st.insert.run(
        id,
        input.key,
        input.kind,
        JSON.stringify(input.payload ?? null),
        input.runAt ?? now,
        input.maxAttempts ?? 10,
        now,
        now,
      ).changes === 1;
    const job = toJob(this.st.byKey.get(input.key) as Row);
    if (created) queueMicrotask(() => this.onEnqueued?.());
    return { job, created };
  }

  async enqueue(input: EnqueueInput, now = Date.now()) {
    return this.enqueueNow(input, now);
  }

  async claim(owner: string, kinds: readonly string[], leaseMs: number, now = Date.now()): Promise<Job | null> {
    if (!kinds.length) return null;
    const sql = `UPDATE ${this.table} SET state = 'running', lease_owner = ?, lease_until = ?, attempts = attempts + 1, updated_at = ?
      WHERE id = (SELECT id FROM ${this.table} WHERE kind IN (${kinds.map(() => "?").join(", ")})
        AND ((state = 'queued' AND run_at <= ?) OR (state = 'running' AND lease_until <= ?))
        ORDER BY run_at, id LIMIT 1)
      RETURNING *`;
    let st = this.claims.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.claims.set(sql, st);
    }
    const row = st.get(owner, now + leaseMs, now, ...kinds, now, now) as Row | undefined;
    return row ? toJob(row) : null;
  }

  async complete(id: string, owner: string, result?: unknown, now = Date.now()): Promise<boolean> {
    return (
      this.st.complete.run(result === undefined ? null : JSON.stringify(result), now, now, id, owner).changes === 1
    );
  }

  async fail(id: string, owner: string, error: string, runAt: number, now = Date.now()): Promise<JobState | null> {
    const row = this.st.retry.get(runAt, error.slice(0, 2000), now, now, id, owner) as { state: JobState } | undefined;
    return row?.state ?? null;
  }

  async extend(id: string, owner: string, leaseUntil: number): Promise<boolean> {
    return this.st.extend.run(leaseUntil, id, owner).changes === 1;
  }

  async get(id: string): Promise<Job | undefined> {
    const row = this.st.byId.get(id) as Row | undefined;
    return row ? toJob(row) : undefined;
  }

  async byKey(key: string): Promise<Job | undefined> {
    const row = this.st.byKey.get(key) as Row | undefined;
    return row ? toJob(row) : undefined;
  }

  async nextRunAt(kinds: readonly string[]): Promise<number | null> {
    if (!kinds.length) return null;
    const v = this.db
      .prepare(
        `SELECT MIN(CASE WHEN state = 'queued' THEN run_at ELSE lease_until END) FROM ${this.table}
         WHERE state IN ('queued', 'running') AND kind IN (${kinds.map(() => "?").join(", ")})`,
      )
      .pluck()
      .get(...kinds) as number | null;
    return v ?? null;
  }

  async counts(): Promise<Record<JobState, number>> {
    const out: Record<JobState, number> = { queued: 0, running: 0, done: 0, dead: 0 };
    for (const r of this.st.counts.all() as { state: JobState; n: number }[]) out[r.state] = r.n;
    return out;
  }

  /**
   * At start, in a process that owns the file (open.ts `claimPeerDb`): jobs left running were held
   * by a process that is gone — they are due again now, rather than when their lease runs out.
   */
  requeueAbandoned(): number {
    return this.st.requeue.run().changes;
  }

  /** Forgets finished jobs older than `ms` (their keys with them: a key is unique only while kept). */
  prune(ms: number, now = Date.now()): number {
    return this.st.prune.run(now - ms).changes;
  }
}
