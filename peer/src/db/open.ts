import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import Database from "better-sqlite3";

/*
 * The peer's own database: one SQLite file per workspace (`<dir>/<workspace>.sqlite`). It holds
 * what the peer must not lose across a crash, and all of it changes in the same transactions:
 *
 * - `docs` + `doc_updates`: every shard document's encoded state (an update log, folded now and
 *   then) and state vector — the peer's copy of the workspace, synced from those vectors without
 *   decoding (see shards.ts);
 * - `r_<collection>`: the projection, one row per record (tables.ts);
 * - `changes`: the change feed, appended in the transaction that changes the rows (changes.ts);
 * - `consumers`, `jobs`, `idempotency`: the feed's readers, the job queue and the API's
 *   idempotency keys (their modules).
 *
 * WAL with synchronous=FULL: a committed transaction survives SIGKILL and power loss, like the
 * server's own storage — except the storing of updates that came from the server, which the
 * server sends again if a power cut loses them (sync/shardRows.ts `append`).
 */

export const PEER_SCHEMA_VERSION = 1;

export type PeerDb = Database.Database;

/** Opens (creating when missing) a peer database; `":memory:"` for tests. */
export function openPeerDb(file: string, options: { cacheMiB?: number } = {}): PeerDb {
  if (file !== ":memory:") mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma("journal_mode = WAL");
  db.pragma("synchronous = FULL");
  db.pragma("busy_timeout = 5000");
  // The page cache is the peer's largest memory cost besides decoded shards: bounded, because a
  // list reads few pages (indexes) and the operating system caches the file anyway.
  db.pragma(`cache_size = -${(options.cacheMiB ?? 32) * 1024}`);
  db.pragma("temp_store = MEMORY");
  db.exec(`
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS docs (
      name TEXT PRIMARY KEY,
      sv BLOB NOT NULL,
      dirty INTEGER NOT NULL DEFAULT 0,
      rows INTEGER NOT NULL DEFAULT 0,
      bytes INTEGER NOT NULL DEFAULT 0
    );
    CREATE TABLE IF NOT EXISTS doc_updates (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      doc TEXT NOT NULL,
      data BLOB NOT NULL
    );
    CREATE INDEX IF NOT EXISTS doc_updates_doc ON doc_updates (doc, id);
  `);
  const version = Number(readMeta(db, "schema_version") ?? 0);
  if (version > PEER_SCHEMA_VERSION)
    throw new Error(`${file} was written by a newer version of the peer (schema ${version})`);
  writeMeta(db, "schema_version", String(PEER_SCHEMA_VERSION));
  return db;
}

export function readMeta(db: PeerDb, key: string): string | undefined {
  const row = db.prepare("SELECT value FROM meta WHERE key = ?").get(key) as { value: string } | undefined;
  return row?.value;
}

export function writeMeta(db: PeerDb, key: string, value: string): void {
  db.prepare("INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(
    key,
    value,
  );
}

/**
 * Marks the file as this process's: a second process on the same file would answer the same
 * server handshakes and run the same jobs. The owner's pid is kept in `meta`; a live other
 * process → refused; a dead one (SIGKILL) → taken over.
 */
export function claimPeerDb(db: PeerDb, file: string, pid = process.pid): void {
  db.transaction(() => {
    const owner = Number(readMeta(db, "owner_pid") ?? 0);
    if (owner && owner !== pid && processAlive(owner))
      throw new Error(`${file} is in use by process ${owner} (another peer or worker runs on this DATA_DIR)`);
    writeMeta(db, "owner_pid", String(pid));
  }).immediate();
}

export function releasePeerDb(db: PeerDb, pid = process.pid): void {
  if (!db.open) return;
  if (Number(readMeta(db, "owner_pid") ?? 0) === pid) db.prepare("DELETE FROM meta WHERE key = 'owner_pid'").run();
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
