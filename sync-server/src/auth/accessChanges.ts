import { randomBytes } from "node:crypto";
import type Database from "better-sqlite3";

/*
 * Access changes — a session ended, a token revoked, a member removed or given another role — must
 * reach every server's open sockets, whichever process made them: this server's own API (at once,
 * in-process), the `crm-server` CLI, or later another server instance on the same database.
 *
 * Each change is written to `auth_access_changes` in the same transaction as the change itself, and
 * numbered by an AUTOINCREMENT `seq` (never reused, so pruning old rows cannot make a number come
 * back). A store that has listeners polls for rows above the last `seq` it saw (one indexed read,
 * every second by default) and hands them to its listeners — skipping rows it wrote itself, which
 * its listeners already heard when they were committed. Commits are serialised by SQLite, so rows
 * become visible in `seq` order and none is skipped.
 */

/** What changed, so open connections can be re-checked at once (see app.ts). */
export type AccessChange =
  | { kind: "session-revoked"; sessionHash: string }
  | { kind: "member-changed"; userId: string; workspaceId: string }
  | { kind: "token-revoked"; tokenId: string };

export const DEFAULT_ACCESS_POLL_MS = 1000;
/** Rows older than this are deleted: a server polls every second, so it has long seen them. */
const KEEP_MS = 3600_000;

export class AccessChanges {
  private readonly listeners = new Set<(change: AccessChange) => void>();
  /** Tells this store's rows from other processes'. */
  private readonly origin = randomBytes(9).toString("base64url");
  private cursor: number;
  private timer: NodeJS.Timeout | undefined;
  private readonly insert: Database.Statement;
  private readonly prune: Database.Statement;
  private readonly since: Database.Statement;

  constructor(
    private readonly db: Database.Database,
    private readonly pollMs = DEFAULT_ACCESS_POLL_MS,
  ) {
    db.exec(`
      CREATE TABLE IF NOT EXISTS auth_access_changes (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        at INTEGER NOT NULL,
        origin TEXT NOT NULL,
        change TEXT NOT NULL
      );
    `);
    this.insert = db.prepare("INSERT INTO auth_access_changes (at, origin, change) VALUES (?, ?, ?)");
    this.prune = db.prepare("DELETE FROM auth_access_changes WHERE at < ?");
    this.since = db.prepare("SELECT seq, origin, change FROM auth_access_changes WHERE seq > ? ORDER BY seq");
    // Only what happens from now on matters: connections opened later are checked when they open.
    this.cursor = (db.prepare("SELECT COALESCE(MAX(seq), 0) AS n FROM auth_access_changes").get() as { n: number }).n;
  }

  /** Call inside the transaction that makes the change. */
  record(change: AccessChange, now = Date.now()): void {
    this.insert.run(now, this.origin, JSON.stringify(change));
    this.prune.run(now - KEEP_MS);
  }

  /** Tells this process's listeners; call once the change is committed. */
  notify(change: AccessChange): void {
    for (const l of this.listeners) l(change);
  }

  /** Listeners hear this process's changes at once and other processes' within `pollMs`. */
  listen(listener: (change: AccessChange) => void): () => void {
    this.listeners.add(listener);
    if (!this.timer && this.pollMs > 0) {
      this.timer = setInterval(() => {
        try {
          this.poll();
        } catch {
          // A busy or closing database: the next poll reads from the same cursor.
        }
      }, this.pollMs);
      this.timer.unref();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stop();
    };
  }

  /** Hands other processes' new changes to the listeners; returns how many there were. */
  poll(): number {
    if (!this.db.open) return 0;
    const rows = this.since.all(this.cursor) as { seq: number; origin: string; change: string }[];
    let foreign = 0;
    for (const row of rows) {
      this.cursor = row.seq;
      if (row.origin === this.origin) continue;
      foreign++;
      this.notify(JSON.parse(row.change) as AccessChange);
    }
    return foreign;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
