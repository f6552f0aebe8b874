import {
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
} from "node:fs";
import { dirname, join, resolve } from "node:path";
import Database from "better-sqlite3";
import * as Y from "yjs";
import { errorMessage } from "./errors.js";
import { pidFilePath, runningServerPid } from "./pidfile.js";
import { DB_FILE, SCHEMA_VERSION } from "./storage/sqlite.js";

/*
 * `crm-server backup` and `crm-server restore`, as functions. Backup copies `<DATA_DIR>/crm.sqlite`
 * through SQLite's online backup API on a connection of its own, so a running server keeps
 * writing meanwhile; restore validates a backup and swaps it in atomically, keeping the database
 * it replaces next to it.
 */

/** A refusal or failure meant for the operator: the message says what and which path. */
export class BackupError extends Error {
  override name = "BackupError";
}

export interface BackupResult {
  /** Absolute path of the backup written. */
  file: string;
  bytes: number;
  documents: number;
  updates: number;
}

export interface RestoreOptions {
  /** Restore even though the pid file names a live process (when that pid is not a crm-server). */
  force?: boolean;
  /** For the name of the kept database; default now. */
  now?: Date;
}

export interface RestoreResult {
  /** The database now in place: `<dataDir>/crm.sqlite`. */
  database: string;
  /** The backup it was restored from. */
  from: string;
  documents: number;
  updates: number;
  /** Where the replaced database was kept (`crm.sqlite.before-restore-<timestamp>`), or null if there was none. */
  previous: string | null;
}

const SQLITE_HEADER = Buffer.from("SQLite format 3\0", "latin1");
const EXPECTED_COLUMNS: Record<string, string> = { id: "INTEGER", doc: "TEXT", data: "BLOB" };

/**
 * Writes a consistent copy of `<dataDir>/crm.sqlite` to `target` while a server may be writing:
 * the whole database is copied in one step of the online backup API (one read transaction; WAL
 * lets writers go on), into `<target>.partial`, which is made self-contained (no `-wal`),
 * checked, fsynced and then renamed to `target`. Every update stored before the call is in it.
 */
export async function backupDatabase(dataDir: string, target: string): Promise<BackupResult> {
  const source = join(resolve(dataDir), DB_FILE);
  const file = resolve(target);
  if (!existsSync(source)) {
    throw new BackupError(`no database at ${source} (set DATA_DIR to the server's data directory)`);
  }
  if (file === source || file.startsWith(`${source}-`)) {
    throw new BackupError(`refusing to write the backup over the live database ${file}`);
  }
  if (!existsSync(dirname(file)))
    throw new BackupError(`cannot write ${file}: directory ${dirname(file)} does not exist`);
  const partial = `${file}.partial`;
  removeDatabaseFiles(partial);

  try {
    let db: Database.Database;
    try {
      db = new Database(source, { fileMustExist: true });
    } catch (err) {
      throw new BackupError(`cannot open ${source}: ${errorMessage(err)}`);
    }
    try {
      db.pragma("busy_timeout = 5000");
      // The first step copies no page; returning the maximum makes the next step copy them all
      // at once, so the copy is one snapshot and never restarts because a writer was busy.
      await db.backup(partial, { progress: () => 0x7fffffff });
    } catch (err) {
      throw err instanceof BackupError
        ? err
        : new BackupError(`cannot write ${file} (via ${partial}): ${errorMessage(err)}`);
    } finally {
      db.close();
    }

    const counts = inspectBackup(partial, source);
    fsyncPath(partial);
    try {
      renameSync(partial, file);
    } catch (err) {
      throw new BackupError(`cannot write ${file}: ${errorMessage(err)}`);
    }
    fsyncDirectory(dirname(file));
    return { file, bytes: statSync(file).size, ...counts };
  } catch (err) {
    removeDatabaseFiles(partial);
    if (err instanceof BackupError) throw err;
    throw new BackupError(`backing up ${source} to ${file} failed: ${errorMessage(err)}`);
  }
}

/** Makes the copy a single file (journal_mode DELETE), checks it and counts what it holds. */
function inspectBackup(partial: string, source: string): { documents: number; updates: number } {
  const db = new Database(partial, { fileMustExist: true });
  try {
    db.pragma("journal_mode = DELETE");
    const check = db.pragma("quick_check", { simple: true });
    if (check !== "ok") throw new BackupError(`the copy of ${source} fails its integrity check: ${String(check)}`);
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'updates'").get();
    if (!hasTable) throw new BackupError(`${source} has no "updates" table: not a crm-server database`);
    const row = db.prepare("SELECT COUNT(DISTINCT doc) AS documents, COUNT(*) AS updates FROM updates").get() as {
      documents: number;
      updates: number;
    };
    return { documents: row.documents, updates: row.updates };
  } finally {
    db.close();
  }
}

/**
 * Checks that `file` is a crm-server database: SQLite, an `updates(id, doc, data)` table, a known
 * `user_version`, and every row's data a decodable Yjs update. Throws a `BackupError` naming
 * `label` (default: the file) and what is wrong. Opens `file` read-write: pass a copy.
 */
export function validateDatabase(file: string, label = file): { documents: number; updates: number } {
  if (!hasSqliteHeader(file)) throw new BackupError(`${label} is not a SQLite database`);
  let db: Database.Database;
  try {
    db = new Database(file, { fileMustExist: true });
  } catch (err) {
    throw new BackupError(`${label} cannot be opened as a SQLite database: ${errorMessage(err)}`);
  }
  try {
    let check: unknown;
    try {
      check = db.pragma("quick_check", { simple: true });
    } catch (err) {
      throw new BackupError(`${label} is not a readable SQLite database: ${errorMessage(err)}`);
    }
    if (check !== "ok") throw new BackupError(`${label} is damaged (integrity check: ${String(check)})`);
    const hasTable = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'updates'").get();
    if (!hasTable) throw new BackupError(`${label} has no "updates" table: not a crm-server database`);
    const columns = new Map(
      (db.pragma("table_info(updates)") as { name: string; type: string }[]).map((c) => [c.name, c.type.toUpperCase()]),
    );
    for (const [name, type] of Object.entries(EXPECTED_COLUMNS)) {
      if (columns.get(name) !== type) {
        throw new BackupError(
          `${label}: table "updates" needs column ${name} ${type}, has ${columns.has(name) ? `${name} ${columns.get(name)}` : "none"}`,
        );
      }
    }
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version < 1 || version > SCHEMA_VERSION) {
      throw new BackupError(`${label} has schema version ${version}; this crm-server knows 1 to ${SCHEMA_VERSION}`);
    }
    const docs = new Set<string>();
    let updates = 0;
    const rows = db.prepare("SELECT id, doc, data FROM updates ORDER BY id").iterate() as IterableIterator<{
      id: number;
      doc: unknown;
      data: unknown;
    }>;
    for (const row of rows) {
      if (typeof row.doc !== "string" || !(row.data instanceof Uint8Array)) {
        throw new BackupError(`${label}: row ${row.id} needs a text document name and binary data`);
      }
      try {
        Y.decodeUpdate(row.data);
      } catch (err) {
        throw new BackupError(
          `${label}: row ${row.id} of document ${JSON.stringify(row.doc)} is not a Yjs update (${errorMessage(err)})`,
        );
      }
      docs.add(row.doc);
      updates++;
    }
    return { documents: docs.size, updates };
  } finally {
    db.close();
  }
}

/**
 * Replaces `<dataDir>/crm.sqlite` by the backup `source`, after validating it, and only when no
 * server runs on `dataDir` (its pid file names a live process) unless `force`. Steps: copy to
 * `crm.sqlite.restoring`, validate, fsync; keep the current database as
 * `crm.sqlite.before-restore-<timestamp>` (a hard link, with its `-wal` moved along so nothing of it
 * is lost); drop the stale `-shm`; rename the copy over `crm.sqlite`; fsync the directory. On any
 * refusal the data directory is left as it was.
 */
export function restoreDatabase(dataDir: string, source: string, options: RestoreOptions = {}): RestoreResult {
  const dir = resolve(dataDir);
  const from = resolve(source);
  const live = join(dir, DB_FILE);
  if (from === live) throw new BackupError(`${from} is the live database itself`);

  let stat: Stats;
  try {
    stat = statSync(from);
  } catch {
    throw new BackupError(`no backup file at ${from}`);
  }
  if (!stat.isFile()) throw new BackupError(`${from} is not a file`);
  if (existsSync(`${from}-wal`) && statSync(`${from}-wal`).size > 0) {
    throw new BackupError(
      `${from} has a write-ahead log beside it (${from}-wal): it is a live or uncleanly closed database, not a backup; make one with crm-server backup`,
    );
  }
  if (!hasSqliteHeader(from)) throw new BackupError(`${from} is not a SQLite database`);

  const pid = runningServerPid(dir);
  if (pid !== undefined && !options.force) {
    throw new BackupError(
      `a server (pid ${pid}, from ${pidFilePath(dir)}) is running on ${dir}: stop it first, or pass --force if that process is not a crm-server`,
    );
  }

  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new BackupError(`cannot create the data directory ${dir}: ${errorMessage(err)}`);
  }
  const staging = `${live}.restoring`;
  removeDatabaseFiles(staging);
  try {
    try {
      copyFileSync(from, staging);
    } catch (err) {
      throw new BackupError(`cannot copy ${from} to ${staging}: ${errorMessage(err)}`);
    }
    const counts = validateDatabase(staging, from);
    fsyncPath(staging);

    let previous: string | null = null;
    if (existsSync(live)) {
      const stamp = (options.now ?? new Date()).toISOString().replace(/[:.]/g, "-");
      previous = `${live}.before-restore-${stamp}`;
      for (let n = 2; existsSync(previous); n++) previous = `${live}.before-restore-${stamp}-${n}`;
      try {
        linkSync(live, previous);
      } catch {
        copyFileSync(live, previous);
        fsyncPath(previous);
      }
    }
    // The replaced database's write-ahead log holds committed rows: it goes with `previous` (SQLite
    // finds it by name), never into the restored database.
    if (existsSync(`${live}-wal`)) {
      if (previous) renameSync(`${live}-wal`, `${previous}-wal`);
      else rmSync(`${live}-wal`, { force: true });
    }
    rmSync(`${live}-shm`, { force: true });
    renameSync(staging, live);
    fsyncDirectory(dir);
    return { database: live, from, ...counts, previous };
  } catch (err) {
    removeDatabaseFiles(staging);
    if (err instanceof BackupError) throw err;
    throw new BackupError(`restoring ${from} into ${live} failed: ${errorMessage(err)}`);
  }
}

function hasSqliteHeader(file: string): boolean {
  const header = Buffer.alloc(SQLITE_HEADER.length);
  let fd: number;
  try {
    fd = openSync(file, "r");
  } catch {
    return false;
  }
  try {
    return readSync(fd, header, 0, header.length, 0) === header.length && header.equals(SQLITE_HEADER);
  } finally {
    closeSync(fd);
  }
}

function removeDatabaseFiles(file: string): void {
  for (const suffix of ["", "-journal", "-wal", "-shm"]) rmSync(`${file}${suffix}`, { force: true });
}

function fsyncPath(path: string): void {
  const fd = openSync(path, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename durable (Linux; a no-op where directories cannot be fsynced). */
function fsyncDirectory(dir: string): void {
  try {
    fsyncPath(dir);
  } catch {
    // not supported on this platform
  }
}
