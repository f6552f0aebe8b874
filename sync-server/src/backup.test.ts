import { execFile } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createServer, type RunningServer } from "./app.js";
import { BackupError, backupDatabase, restoreDatabase } from "./backup.js";
import { PID_FILE, writePidFile } from "./pidfile.js";
import { mapUpdate } from "./storage/contract.js";
import { SqliteStorage } from "./storage/sqlite.js";
import { MuxClient } from "./testing/clients.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));
const DOCS = ["default/records/orders/11", "default/records/accounts/01", "default/notes/account/acc-7"];

const dirs: string[] = [];
const servers: RunningServer[] = [];
const clients: MuxClient[] = [];
function tempDir(prefix = "crm-backup-"): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

async function startServer(dataDir: string): Promise<RunningServer> {
  const server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", dataDir, metrics: false });
  servers.push(server);
  return server;
}

function view(doc: Y.Doc): unknown {
  return { m: doc.getMap("m").toJSON(), t: doc.getText("t").toString() };
}

function clockOf(doc: Y.Doc, client: number): number {
  return Y.decodeStateVector(Y.encodeStateVector(doc)).get(client) ?? 0;
}

interface Snapshot {
  /** The writer's clock after this update. */
  clock: number;
  /** Sync messages sent for the document so far (compare with `persisted`). */
  sent: number;
  state: Uint8Array;
}

/**
 * One client writing to every document of DOCS until stopped, remembering the document's state
 * after every update: a single writer's history is linear, so any state the server stored is
 * one of these snapshots.
 */
class Writer {
  readonly history = new Map<string, Snapshot[]>();
  private round = 0;
  private timer: NodeJS.Timeout | undefined;

  private constructor(readonly client: MuxClient) {}

  static async open(server: RunningServer): Promise<Writer> {
    const client = await MuxClient.open(server.wsUrl);
    clients.push(client);
    const writer = new Writer(client);
    for (const name of DOCS) {
      client.subscribe(name);
      writer.history.set(name, []);
    }
    for (const name of DOCS) await client.waitSynced(name);
    return writer;
  }

  writeRound(): void {
    const n = this.round++;
    for (const name of DOCS) {
      const doc = this.client.doc(name);
      doc.transact(() => {
        doc.getMap("m").set(`k${n}`, { n, doc: name, pad: "x".repeat(n % 7 === 0 ? 2000 : 20) });
        if (n % 3 === 0) doc.getText("t").insert(doc.getText("t").length, `${n};`);
        if (n % 11 === 10) doc.getMap("m").delete(`k${n - 5}`);
      });
      this.history.get(name)!.push({
        clock: clockOf(doc, doc.clientID),
        sent: this.client.entry(name).sent,
        state: Y.encodeStateAsUpdate(doc),
      });
    }
  }

  start(intervalMs = 1): void {
    this.timer = setInterval(() => this.writeRound(), intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    for (const name of DOCS) await this.client.waitPersisted(name, 10_000);
  }

  /** Per document, the writer's clock up to which the server has acknowledged (stored) everything. */
  acknowledgedClocks(): Map<string, number> {
    const acked = new Map<string, number>();
    for (const name of DOCS) {
      const persisted = this.client.entry(name).persisted;
      const done = this.history.get(name)!.filter((s) => s.sent <= persisted);
      acked.set(name, done.at(-1)?.clock ?? 0);
    }
    return acked;
  }

  clientId(name: string): number {
    return this.client.doc(name).clientID;
  }
}

/**
 * Restores `backup` into a wiped `dataDir`, starts a server on it and checks every document: its
 * stored state is exactly one of the writer's snapshots (nothing torn, nothing extra), at or after
 * what was acknowledged before the backup started; a client syncing from the server sees it too.
 */
async function expectRestoredMatches(
  writer: Writer,
  ackedBefore: Map<string, number>,
  backup: string,
  dataDir: string,
) {
  rmSync(dataDir, { recursive: true, force: true });
  const restored = restoreDatabase(dataDir, backup);
  expect(restored.previous).toBeNull();
  expect(restored.documents).toBe(DOCS.length);

  const server = await startServer(dataDir);
  expect(server.storage.listDocs()).toEqual([...DOCS].sort());
  const expected = new Map<string, unknown>();
  for (const name of DOCS) {
    const doc = new Y.Doc();
    for (const u of server.storage.loadUpdates(name).updates) Y.applyUpdate(doc, u);
    const sv = Y.decodeStateVector(Y.encodeStateVector(doc));
    expect([...sv.keys()], name).toEqual([writer.clientId(name)]);
    const clock = sv.get(writer.clientId(name))!;
    expect(clock, `${name}: every update acknowledged before the backup is in it`).toBeGreaterThanOrEqual(
      ackedBefore.get(name)!,
    );
    const snapshot = writer.history.get(name)!.find((s) => s.clock === clock);
    expect(snapshot, `${name}: the backup holds a state the server had (clock ${clock})`).toBeDefined();
    const original = new Y.Doc();
    Y.applyUpdate(original, snapshot!.state);
    expect(Y.encodeStateVector(doc)).toEqual(Y.encodeStateVector(original));
    expect(Y.equalSnapshots(Y.snapshot(doc), Y.snapshot(original)), name).toBe(true);
    expect(view(doc)).toEqual(view(original));
    expected.set(name, view(original));
  }

  const reader = await MuxClient.open(server.wsUrl);
  clients.push(reader);
  for (const name of DOCS) reader.subscribe(name);
  for (const name of DOCS) {
    await reader.waitSynced(name);
    expect(view(reader.doc(name)), name).toEqual(expected.get(name));
  }
}

describe("crm-server backup / restore", () => {
  it("backs up while a client keeps writing; restoring into a wiped data dir gives every document back", async () => {
    const dataDir = tempDir();
    const server = await startServer(dataDir);
    const writer = await Writer.open(server);
    for (let i = 0; i < 30; i++) writer.writeRound();
    for (const name of DOCS) await writer.client.waitPersisted(name);
    writer.start();
    await new Promise((r) => setTimeout(r, 50));

    const ackedBefore = writer.acknowledgedClocks();
    const file = join(tempDir(), "crm-backup.sqlite");
    const result = await backupDatabase(dataDir, file);
    await new Promise((r) => setTimeout(r, 50));
    await writer.stop();

    expect(result).toMatchObject({ file, documents: DOCS.length });
    expect(result.bytes).toBe(readFileSync(file).byteLength);
    expect(result.updates).toBeGreaterThan(30 * DOCS.length - 1);
    expect(existsSync(`${file}.partial`)).toBe(false);
    // A single self-contained file (rollback journal, not WAL): copying it alone is enough.
    expect(readFileSync(file).subarray(18, 20)).toEqual(Buffer.from([1, 1]));

    await clients.splice(0)[0]!.close();
    await servers.splice(0)[0]!.close();
    await expectRestoredMatches(writer, ackedBefore, file, dataDir);
  });

  it("runs as `crm-server backup <file>` next to a running server, and fails clearly with exit code 1", async () => {
    const dataDir = tempDir();
    const server = await startServer(dataDir);
    const writer = await Writer.open(server);
    for (let i = 0; i < 10; i++) writer.writeRound();
    for (const name of DOCS) await writer.client.waitPersisted(name);
    writer.start(2);
    await new Promise((r) => setTimeout(r, 20));

    const ackedBefore = writer.acknowledgedClocks();
    const file = join(tempDir(), "nightly.sqlite");
    const run = (args: string[], env: NodeJS.ProcessEnv) =>
      promisify(execFile)(process.execPath, ["--import", "tsx", CLI, ...args], {
        cwd: REPO,
        env: { ...process.env, ...env },
        timeout: 30_000,
      });
    // The writer keeps writing from this process while the backup runs in another one.
    const { stdout } = await run(["backup", file], { DATA_DIR: dataDir });
    await writer.stop();
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const printed = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(printed).toMatchObject({ msg: "backup written", file, documents: DOCS.length });
    expect(printed.bytes).toBe(readFileSync(file).byteLength);

    await clients.splice(0)[0]!.close();
    await servers.splice(0)[0]!.close();
    await expectRestoredMatches(writer, ackedBefore, file, dataDir);

    const empty = tempDir();
    const failed = await run(["backup", join(empty, "b.sqlite")], { DATA_DIR: join(empty, "nothing-here") }).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain(`no database at ${join(empty, "nothing-here", "crm.sqlite")}`);
  }, 60_000);

  it("names the path when there is no database or the target cannot be written", async () => {
    const empty = tempDir();
    await expect(backupDatabase(empty, join(empty, "b.sqlite"))).rejects.toThrow(
      new BackupError(`no database at ${join(empty, "crm.sqlite")} (set DATA_DIR to the server's data directory)`),
    );
    const dataDir = tempDir();
    new SqliteStorage(dataDir).close();
    const target = join(empty, "missing-dir", "b.sqlite");
    await expect(backupDatabase(dataDir, target)).rejects.toThrow(`cannot write ${target}`);
    await expect(backupDatabase(dataDir, join(dataDir, "crm.sqlite"))).rejects.toThrow(/over the live database/);
    expect(readdirSync(empty)).toEqual([]);
  });
});

describe("crm-server restore refuses", () => {
  /** A data dir holding a database with one document, and a way to check it was left alone. */
  function existingDatabase(): { dataDir: string; unchanged: () => void } {
    const dataDir = tempDir();
    const storage = new SqliteStorage(dataDir);
    storage.append("default/records/orders/11", mapUpdate("kept", true));
    storage.close();
    const bytes = readFileSync(join(dataDir, "crm.sqlite"));
    const listing = readdirSync(dataDir).sort();
    return {
      dataDir,
      unchanged: () => {
        expect(readdirSync(dataDir).sort()).toEqual(listing);
        expect(readFileSync(join(dataDir, "crm.sqlite")).equals(bytes)).toBe(true);
      },
    };
  }

  function sqliteFile(setup: (db: Database.Database) => void): string {
    const file = join(tempDir(), "candidate.sqlite");
    const db = new Database(file);
    setup(db);
    db.close();
    return file;
  }

  it("a file that is not SQLite", () => {
    const { dataDir, unchanged } = existingDatabase();
    const file = join(tempDir(), "notes.txt");
    writeFileSync(file, "these are not the bytes you are looking for\n".repeat(50));
    expect(() => restoreDatabase(dataDir, file)).toThrow(new BackupError(`${file} is not a SQLite database`));
    unchanged();
  });

  it("a SQLite file without our table, with an unknown schema version or an undecodable update", () => {
    const { dataDir, unchanged } = existingDatabase();
    const noTable = sqliteFile((db) => db.exec("CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT)"));
    expect(() => restoreDatabase(dataDir, noTable)).toThrow(`${noTable} has no "updates" table`);
    unchanged();

    const wrongColumns = sqliteFile((db) => {
      db.exec("CREATE TABLE updates (id INTEGER PRIMARY KEY, doc TEXT, payload BLOB)");
      db.pragma("user_version = 1");
    });
    expect(() => restoreDatabase(dataDir, wrongColumns)).toThrow(/needs column data BLOB, has none/);
    unchanged();

    const newer = tempDir();
    new SqliteStorage(newer).close();
    const newerFile = join(newer, "crm.sqlite");
    const db = new Database(newerFile);
    db.pragma("user_version = 7");
    db.close();
    expect(() => restoreDatabase(dataDir, newerFile)).toThrow(`${newerFile} has schema version 7`);
    unchanged();

    const garbage = tempDir();
    const storage = new SqliteStorage(garbage);
    storage.append("default/records/orders/11", mapUpdate("fine", 1));
    const badId = storage.append("default/records/orders/12", Uint8Array.from([5, 200, 1, 2]));
    storage.close();
    const garbageFile = join(garbage, "crm.sqlite");
    expect(() => restoreDatabase(dataDir, garbageFile)).toThrow(
      `${garbageFile}: row ${badId} of document "default/records/orders/12" is not a Yjs update`,
    );
    unchanged();
  });

  it("while a server runs on the data dir (unless --force for a pid that is not ours)", async () => {
    const { dataDir, unchanged } = existingDatabase();
    const source = tempDir();
    const storage = new SqliteStorage(source);
    storage.append("default/records/accounts/02", mapUpdate("restored", true));
    storage.close();
    const backup = join(tempDir(), "b.sqlite");
    await backupDatabase(source, backup);

    await startServer(dataDir);
    expect(readFileSync(join(dataDir, PID_FILE), "utf8").trim()).toBe(String(process.pid));
    const bytes = readFileSync(join(dataDir, "crm.sqlite"));
    expect(() => restoreDatabase(dataDir, backup)).toThrow(
      new RegExp(`a server \\(pid ${process.pid}, from .*crm-server.pid\\) is running on ${dataDir}`),
    );
    expect(readFileSync(join(dataDir, "crm.sqlite")).equals(bytes)).toBe(true);
    await servers.splice(0)[0]!.close();
    expect(existsSync(join(dataDir, PID_FILE))).toBe(false);
    unchanged();

    // A pid file naming a live process that is not a server there: refused, then --force.
    writePidFile(dataDir, process.ppid);
    expect(() => restoreDatabase(dataDir, backup)).toThrow(/is running on/);
    const result = restoreDatabase(dataDir, backup, { force: true, now: new Date("2026-03-04T05:06:07.089Z") });
    expect(result.previous).toBe(join(dataDir, "crm.sqlite.before-restore-2026-03-04T05-06-07-089Z"));
    const after = new SqliteStorage(dataDir);
    expect(after.listDocs()).toEqual(["default/records/accounts/02"]);
    after.close();
  });
});

describe("crm-server restore", () => {
  it("keeps the replaced database, with its write-ahead log, so a mistaken restore can be undone", async () => {
    // A data dir as a killed server leaves it: rows still in crm.sqlite-wal.
    const live = tempDir();
    const crashed = tempDir();
    const storage = new SqliteStorage(live);
    storage.append("default/records/orders/11", mapUpdate("only-in-the-wal", 1));
    for (const f of ["crm.sqlite", "crm.sqlite-wal"]) copyFileSync(join(live, f), join(crashed, f));
    storage.close();
    expect(existsSync(join(crashed, "crm.sqlite-wal"))).toBe(true);

    const other = tempDir();
    const source = new SqliteStorage(other);
    source.append("default/records/accounts/02", mapUpdate("new", 2));
    source.close();
    const backup = join(tempDir(), "b.sqlite");
    await backupDatabase(other, backup);

    const result = restoreDatabase(crashed, backup);
    expect(result).toMatchObject({ database: join(crashed, "crm.sqlite"), from: backup, documents: 1, updates: 1 });
    expect(readdirSync(crashed).sort()).toEqual(
      [
        "crm.sqlite",
        `${result.previous!.slice(crashed.length + 1)}`,
        `${result.previous!.slice(crashed.length + 1)}-wal`,
      ].sort(),
    );
    const restored = new SqliteStorage(crashed);
    expect(restored.listDocs()).toEqual(["default/records/accounts/02"]);
    restored.close();

    // Undo: put the kept database back (as an operator would with mv) and every row is there.
    const undo = tempDir();
    copyFileSync(result.previous!, join(undo, "crm.sqlite"));
    copyFileSync(`${result.previous!}-wal`, join(undo, "crm.sqlite-wal"));
    const back = new SqliteStorage(undo);
    expect(back.listDocs()).toEqual(["default/records/orders/11"]);
    const doc = new Y.Doc();
    for (const u of back.loadUpdates("default/records/orders/11").updates) Y.applyUpdate(doc, u);
    expect(doc.getMap("m").toJSON()).toEqual({ "only-in-the-wal": 1 });
    back.close();
  });

  it("creates a missing data directory and refuses a live database with its -wal beside it", async () => {
    const source = tempDir();
    const storage = new SqliteStorage(source);
    storage.append("default/records/orders/11", mapUpdate("a", 1));
    const live = join(source, "crm.sqlite");
    const target = join(tempDir(), "new", "data");
    expect(() => restoreDatabase(target, live)).toThrow(`${live} has a write-ahead log beside it`);
    expect(existsSync(target)).toBe(false);
    storage.close();
    expect(restoreDatabase(target, live)).toMatchObject({ documents: 1, updates: 1, previous: null });
  });
});
