// The write side of SqliteStorage's background commits (sqliteWriter.ts): a worker thread that
// owns a write connection to the same file (WAL, synchronous=FULL) and runs each job it is sent
// in one transaction, so that the server's event loop keeps running while fsync does.
// Plain JavaScript on purpose: a worker gets no TypeScript loader (tsx) when the server was
// started through tsx's in-process API (bin/crmServer.js) or inside Vitest.
import { workerData } from "node:worker_threads";
import Database from "better-sqlite3";

/** @type {{ file: string, port: import("node:worker_threads").MessagePort, signal: Int32Array }} */
const { file, port, signal } = workerData;
const db = new Database(file);
db.pragma("journal_mode = WAL");
db.pragma("synchronous = FULL");
db.pragma("busy_timeout = 5000");
// Rows this connection deletes (live compaction) are zeroed, not left in free pages: an erased
// contact's old values must not survive in the file (see privacy.ts).
db.pragma("secure_delete = ON");
const insert = db.prepare("INSERT INTO updates (doc, data) VALUES (?, ?)");
const maxUpTo = db.prepare("SELECT MAX(id) AS id FROM updates WHERE doc = ? AND id <= ?");
const deleteUpTo = db.prepare("DELETE FROM updates WHERE doc = ? AND id <= ?");
const insertWithId = db.prepare("INSERT INTO updates (id, doc, data) VALUES (?, ?, ?)");

/** Appends: the updates arrive packed in one transferred buffer, `ends[i]` the end of update i. */
const append = db.transaction((/** @type {string[]} */ docs, /** @type {Uint8Array} */ packed, ends) => {
  let start = 0;
  return docs.map((doc, i) => {
    const end = ends[i];
    const id = Number(
      insert.run(doc, Buffer.from(packed.buffer, packed.byteOffset + start, end - start)).lastInsertRowid,
    );
    start = end;
    return id;
  });
});
// Same statements as SqliteStorage.compact: the merged row keeps the id of the newest it replaces.
const compact = db.transaction((/** @type {string} */ doc, /** @type {Uint8Array} */ merged, upToId) => {
  const last = maxUpTo.get(doc, upToId)?.id;
  if (last == null) return [];
  deleteUpTo.run(doc, upToId);
  insertWithId.run(last, doc, merged);
  return [];
});

port.on("message", (job) => {
  if (job.kind === "close") {
    db.close();
    port.postMessage({ id: job.id, ids: [] });
    Atomics.add(signal, 0, 1);
    Atomics.notify(signal, 0);
    return;
  }
  try {
    // IMMEDIATE: the write lock is taken at BEGIN (waiting up to busy_timeout), never upgraded
    // from a read in the middle of the transaction, which SQLite refuses at once ("database is
    // locked") when another connection (the auth store's) wrote since that read.
    const ids =
      job.kind === "append"
        ? append.immediate(job.docs, job.packed, job.ends)
        : compact.immediate(job.doc, job.merged, job.upToId);
    port.postMessage({ id: job.id, ids });
  } catch (err) {
    port.postMessage({ id: job.id, error: err instanceof Error ? err.message : String(err) });
  }
  // Wakes a main thread blocked in `settle()` (Atomics.wait) once the answer is posted.
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
});
port.on("close", () => {
  if (db.open) db.close();
});
