import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { SqliteWriter } from "./sqliteWriter.js";
import type { DocStorage, StoredUpdates, UpdateToStore } from "./types.js";

/** `PRAGMA user_version` of the database this code writes; restore accepts 1…SCHEMA_VERSION. */
export const SCHEMA_VERSION = 1;
export const DB_FILE = "crm.sqlite";

/**
 * The embedded default: one SQLite file `<dataDir>/crm.sqlite`, WAL with `synchronous=FULL`, so
 * every commit (`append`, `appendMany`, `compact`) is fsynced before it returns. One table of
 * updates; compaction swaps a document's first rows for one merged row in a transaction.
 * Every write goes through ONE connection: with `background` (the default), the writer thread's
 * (sqliteWriter.ts), also for the synchronous methods (they wait for it), so that compaction never
 * contends with the commits; this thread's connection only reads. Without `background`, this
 * thread's connection writes, in IMMEDIATE transactions.
 */
export class SqliteStorage implements DocStorage {
  readonly file: string;
  readonly syncsToDisk = true;
  readonly background: SqliteWriter | undefined;
  private readonly db: Database.Database;
  private readonly stmts: {
    load: Database.Statement<[string], { id: number; data: Buffer }>;
    append: Database.Statement<[string, Uint8Array]>;
    maxUpTo: Database.Statement<[string, number], { id: number | null }>;
    deleteUpTo: Database.Statement<[string, number]>;
    insertWithId: Database.Statement<[number, string, Uint8Array]>;
    listDocs: Database.Statement<[], { doc: string }>;
    ping: Database.Statement<[], unknown>;
  };
  private readonly compactTx: Database.Transaction<(doc: string, merged: Uint8Array, upToId: number) => void>;
  private readonly appendManyTx: Database.Transaction<(updates: readonly UpdateToStore[]) => number[]>;

  /** `background: false` keeps every commit on this thread (group commit still applies). */
  constructor(dataDir: string, options: { background?: boolean } = {}) {
    mkdirSync(dataDir, { recursive: true });
    this.file = join(dataDir, DB_FILE);
    this.db = new Database(this.file);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("synchronous = FULL");
    this.db.pragma("busy_timeout = 5000");
    // Deleted rows (compaction, erasure) are overwritten with zeros, not left in free pages.
    this.db.pragma("secure_delete = ON");
    this.migrate();
    this.background = (options.background ?? true) ? new SqliteWriter(this.file) : undefined;
    this.stmts = {
      load: this.db.prepare("SELECT id, data FROM updates WHERE doc = ? ORDER BY id"),
      append: this.db.prepare("INSERT INTO updates (doc, data) VALUES (?, ?)"),
      maxUpTo: this.db.prepare("SELECT MAX(id) AS id FROM updates WHERE doc = ? AND id <= ?"),
      deleteUpTo: this.db.prepare("DELETE FROM updates WHERE doc = ? AND id <= ?"),
      insertWithId: this.db.prepare("INSERT INTO updates (id, doc, data) VALUES (?, ?, ?)"),
      listDocs: this.db.prepare("SELECT DISTINCT doc FROM updates ORDER BY doc"),
      ping: this.db.prepare("SELECT id FROM updates LIMIT 1"),
    };
    this.compactTx = this.db.transaction((doc: string, merged: Uint8Array, upToId: number) => {
      // The merged row takes the id of the newest row it replaces, so rows stay in order.
      const last = this.stmts.maxUpTo.get(doc, upToId)?.id;
      if (last == null) return;
      this.stmts.deleteUpTo.run(doc, upToId);
      this.stmts.insertWithId.run(last, doc, merged);
    });
    this.appendManyTx = this.db.transaction((updates: readonly UpdateToStore[]) =>
      updates.map((u) => Number(this.stmts.append.run(u.doc, u.update).lastInsertRowid)),
    );
  }

  loadUpdates(doc: string): StoredUpdates {
    const rows = this.stmts.load.all(doc);
    return {
      updates: rows.map((r) => new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength)),
      lastId: rows.at(-1)?.id ?? 0,
    };
  }

  append(doc: string, update: Uint8Array): number {
    if (this.background) return this.background.appendManySync([{ doc, update }])[0]!;
    return Number(this.stmts.append.run(doc, update).lastInsertRowid);
  }

  appendMany(updates: readonly UpdateToStore[]): number[] {
    if (updates.length === 0) return [];
    if (this.background) return this.background.appendManySync(updates);
    return this.appendManyTx.immediate(updates);
  }

  compact(doc: string, merged: Uint8Array, upToId: number): void {
    if (this.background) this.background.compactSync(doc, merged, upToId);
    else this.compactTx.immediate(doc, merged, upToId);
  }

  listDocs(): string[] {
    return this.stmts.listDocs.all().map((r) => r.doc);
  }

  scrub(): void {
    this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  ping(): void {
    this.stmts.ping.get();
  }

  close(): void {
    this.background?.close();
    if (this.db.open) this.db.close();
  }

  private migrate(): void {
    const version = this.db.pragma("user_version", { simple: true }) as number;
    if (version > SCHEMA_VERSION) {
      throw new Error(`${this.file} has schema version ${version}; this server knows up to ${SCHEMA_VERSION}`);
    }
    if (version < 1) {
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS updates (
          id INTEGER PRIMARY KEY AUTOINCREMENT,
          doc TEXT NOT NULL,
          data BLOB NOT NULL
        );
        CREATE INDEX IF NOT EXISTS updates_doc_id ON updates (doc, id);
      `);
      this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
    }
  }
}
