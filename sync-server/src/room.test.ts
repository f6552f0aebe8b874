import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { encodeUpdate } from "@crm/protocol";
import Database from "better-sqlite3";
import * as decoding from "lib0/decoding";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { deletion, nestedArrays } from "./corpus/yjsInputs.js";
import { silentLogger } from "./logger.js";
import { decodeClientMessage } from "./messages.js";
import { Room, type RoomPeer } from "./room.js";
import { mapUpdate } from "./storage/contract.js";
import { MemoryStorage } from "./storage/memory.js";
import { SqliteStorage } from "./storage/sqlite.js";
import type { DocStorage, UpdateToStore } from "./storage/types.js";

class TestPeer implements RoomPeer {
  readonly awarenessIds = new Set<number>();
  readonly sent: Uint8Array[] = [];
  readonly failures: unknown[] = [];
  acks = 0;
  send(message: Uint8Array): void {
    this.sent.push(message);
  }
  persisted(): void {
    this.acks++;
  }
  failed(error: unknown): void {
    this.failures.push(error);
  }
}

const options = (storage: DocStorage, onUnload = () => {}) => ({
  storage,
  logger: silentLogger,
  idleMs: 10,
  onUnload,
});

describe("Room", () => {
  it("compacts a document with more than 50 rows when it loads", () => {
    const storage = new MemoryStorage();
    for (let i = 0; i < 60; i++) storage.append("d", mapUpdate(`k${i}`, i));
    const room = new Room("d", options(storage));
    expect(room.doc.getMap("m").size).toBe(60);
    expect(storage.loadUpdates("d").updates).toHaveLength(1);
    room.unload();
  });

  it("leaves a small document alone", () => {
    const storage = new MemoryStorage();
    for (let i = 0; i < 10; i++) storage.append("d", mapUpdate(`k${i}`, i));
    const room = new Room("d", options(storage));
    room.unload();
    expect(storage.loadUpdates("d").updates).toHaveLength(10);
  });

  it("loads what it can when a stored row is corrupt, and then never compacts", () => {
    const storage = new MemoryStorage();
    for (let i = 0; i < 60; i++) storage.append("d", mapUpdate(`k${i}`, i));
    storage.append("d", new Uint8Array([1, 2, 3, 4, 5]));
    const room = new Room("d", options(storage));
    expect(room.doc.getMap("m").size).toBe(60);
    room.unload();
    expect(storage.loadUpdates("d").updates).toHaveLength(61);
  });

  it("stores, applies, relays to others and acknowledges, in that order", () => {
    const storage = new MemoryStorage();
    const room = new Room("d", options(storage));
    const a = new TestPeer();
    const b = new TestPeer();
    room.join(a);
    room.join(b);
    const before = b.sent.length;
    const update = mapUpdate("x", 1);
    let storedWhenRelayed = -1;
    const relay = b.send.bind(b);
    b.send = (m) => {
      storedWhenRelayed = storage.loadUpdates("d").updates.length;
      relay(m);
    };
    room.handle(a, decodeClientMessage(encodeUpdate(update)));
    expect(storage.loadUpdates("d").updates).toHaveLength(1);
    expect(storedWhenRelayed).toBe(1);
    expect(b.sent.length).toBe(before + 1);
    expect(a.sent.length).toBe(1); // only the greeting: no echo to the sender
    expect(a.acks).toBe(1);
    // An empty update is acknowledged without a row.
    room.handle(a, decodeClientMessage(encodeUpdate(new Uint8Array([0, 0]))));
    expect(a.acks).toBe(2);
    expect(storage.loadUpdates("d").updates).toHaveLength(1);
    room.leave(a);
    room.leave(b);
    room.unload();
  });

  it("answers sync step 1 with what the client misses", () => {
    const storage = new MemoryStorage();
    storage.append("d", mapUpdate("x", 1));
    const room = new Room("d", options(storage));
    const peer = new TestPeer();
    room.join(peer);
    const sv = Y.encodeStateVector(new Y.Doc());
    room.handle(peer, { type: "sync-step1", stateVector: sv });
    const reply = peer.sent.at(-1)!;
    expect([...reply.slice(0, 2)]).toEqual([0, 1]);
    room.unload();
  });

  it("unloads itself once idle", async () => {
    const storage = new MemoryStorage();
    let unloaded = false;
    const room = new Room(
      "d",
      options(storage, () => {
        unloaded = true;
      }),
    );
    const peer = new TestPeer();
    room.join(peer);
    room.leave(peer);
    room.join(peer); // rejoining cancels the timer
    await new Promise((r) => setTimeout(r, 30));
    expect(unloaded).toBe(false);
    room.leave(peer);
    await new Promise((r) => setTimeout(r, 30));
    expect(unloaded).toBe(true);
    expect(room.isUnloaded).toBe(true);
  });
});

/** One commit as seen when SQLite reported it done: its size, and what peers had got by then. */
interface SeenCommit {
  updates: number;
  /** Rows a separate connection reads at that moment: the commit is durable and visible. */
  rowsVisible: number;
  relayedBefore: number;
  acksBefore: number;
}

/** Real SQLite, committing in the background (worker thread) or on this thread; records each commit. */
function observedSqlite(dir: string, background: boolean, seen: () => { relayed: number; acks: number }) {
  const storage = new SqliteStorage(dir, { background });
  const commits: SeenCommit[] = [];
  const reader = new Database(storage.file, { readonly: true });
  const record = (updates: number) => {
    const { relayed, acks } = seen();
    const { n } = reader.prepare("SELECT COUNT(*) AS n FROM updates").get() as { n: number };
    commits.push({ updates, rowsVisible: n, relayedBefore: relayed, acksBefore: acks });
  };
  if (storage.background) {
    const writer = storage.background;
    const start = writer.appendMany.bind(writer);
    writer.appendMany = (updates, done) =>
      start(updates, (result) => {
        record(updates.length);
        done(result);
      });
  } else {
    const append = storage.appendMany.bind(storage);
    storage.appendMany = (updates: readonly UpdateToStore[]) => {
      const ids = append(updates);
      record(updates.length);
      return ids;
    };
  }
  return { storage, commits, close: () => reader.close() };
}

/** The payload of a sync-step-2 message. */
function step2Payload(message: Uint8Array): Uint8Array {
  const d = decoding.createDecoder(message);
  expect([decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([0, 1]);
  return decoding.readVarUint8Array(d);
}

async function until(what: string, condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe.each([
  { mode: "background (worker thread)", background: true },
  { mode: "on the event loop", background: false },
])("Room with group commit on SQLite, $mode", ({ background }) => {
  const dirs: string[] = [];
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  const open = (seen: () => { relayed: number; acks: number } = () => ({ relayed: 0, acks: 0 })) => {
    const dir = mkdtempSync(join(tmpdir(), "crm-room-"));
    dirs.push(dir);
    const observed = observedSqlite(dir, background, () => seen());
    cleanups.push(() => {
      observed.close();
      observed.storage.close();
    });
    return observed;
  };

  it("commits the updates of one event-loop turn in one transaction, and relays and acknowledges none before it", async () => {
    const writers = [new TestPeer(), new TestPeer(), new TestPeer()];
    const reader = new TestPeer();
    let greeting = 0;
    const { storage, commits } = open(() => ({
      relayed: reader.sent.length - greeting,
      acks: writers.reduce((n, w) => n + w.acks, 0),
    }));
    const room = new Room("d", options(storage));
    for (const p of [...writers, reader]) room.join(p);
    greeting = reader.sent.length;
    for (let i = 0; i < 30; i++) {
      room.handle(writers[i % 3]!, decodeClientMessage(encodeUpdate(mapUpdate(`k${i}`, i))));
    }
    // Nothing is relayed or acknowledged within the turn the updates arrived in.
    expect(reader.sent.length).toBe(greeting);
    expect(writers.map((w) => w.acks)).toEqual([0, 0, 0]);
    await until("every ack", () => writers.every((w) => w.acks === 10));
    expect(commits).toEqual([{ updates: 30, rowsVisible: 30, relayedBefore: 0, acksBefore: 0 }]);
    expect(reader.sent.length).toBe(greeting + 30);
    // Each writer got the other writers' updates, never its own.
    expect(writers.map((w) => w.sent.length)).toEqual([1 + 20, 1 + 20, 1 + 20]);
    expect(room.doc.getMap("m").size).toBe(30);
    room.unload();
  });

  it("while a commit is in flight, what arrives forms the next transaction, committed in order", async () => {
    const writer = new TestPeer();
    const reader = new TestPeer();
    const { storage, commits } = open(() => ({ relayed: reader.sent.length - 1, acks: writer.acks }));
    const room = new Room("d", options(storage));
    room.join(writer);
    room.join(reader);
    room.handle(writer, decodeClientMessage(encodeUpdate(mapUpdate("a", 1))));
    await new Promise((r) => setImmediate(r)); // the first transaction starts
    for (const key of ["b", "c"]) room.handle(writer, decodeClientMessage(encodeUpdate(mapUpdate(key, 1))));
    await until("three acks", () => writer.acks === 3);
    expect(commits).toEqual([
      { updates: 1, rowsVisible: 1, relayedBefore: 0, acksBefore: 0 },
      { updates: 2, rowsVisible: 3, relayedBefore: 1, acksBefore: 1 },
    ]);
    room.unload();
  });

  it("answers a sync step 1 received after an update only once that update is committed, and with it", async () => {
    const { storage } = open();
    const room = new Room("d", options(storage));
    const writer = new TestPeer();
    room.join(writer);
    room.handle(writer, decodeClientMessage(encodeUpdate(mapUpdate("x", 1))));
    room.handle(writer, { type: "sync-step1", stateVector: Y.encodeStateVector(new Y.Doc()) });
    // The empty update is acknowledged after the one before it, not ahead of it.
    room.handle(writer, decodeClientMessage(encodeUpdate(new Uint8Array([0, 0]))));
    expect(writer.sent).toHaveLength(1);
    expect(writer.acks).toBe(0);
    await until("both acks", () => writer.acks === 2);
    const copy = new Y.Doc();
    Y.applyUpdate(copy, step2Payload(writer.sent[1]!));
    expect(copy.getMap("m").toJSON()).toEqual({ x: 1 });
    room.unload();
  });

  it("unloading commits what is queued or in flight first, and compacts with it", async () => {
    const { storage } = open();
    const room = new Room("d", { ...options(storage), compactRows: 5 });
    const writer = new TestPeer();
    room.join(writer);
    for (let i = 0; i < 8; i++) room.handle(writer, decodeClientMessage(encodeUpdate(mapUpdate(`k${i}`, i))));
    await new Promise((r) => setImmediate(r));
    room.handle(writer, decodeClientMessage(encodeUpdate(mapUpdate("last", true))));
    room.leave(writer);
    room.unload();
    expect(writer.acks).toBe(9);
    const rows = storage.loadUpdates("d").updates;
    expect(rows).toHaveLength(1);
    const doc = new Y.Doc();
    Y.applyUpdate(doc, rows[0]!);
    expect(doc.getMap("m").size).toBe(9);
  });

  it("compacts while loaded without losing an update committed meanwhile", async () => {
    const { storage } = open();
    const room = new Room("d", { ...options(storage), liveCompactRows: 5 });
    const writer = new TestPeer();
    room.join(writer);
    for (let i = 0; i < 23; i++) {
      room.handle(writer, decodeClientMessage(encodeUpdate(mapUpdate(`k${i}`, i))));
      if (i % 3 === 0) await new Promise((r) => setImmediate(r));
    }
    await until("every ack", () => writer.acks === 23);
    storage.background?.settle();
    const rows = storage.loadUpdates("d").updates;
    expect(rows.length).toBeLessThan(23);
    const doc = new Y.Doc();
    for (const u of rows) Y.applyUpdate(doc, u);
    expect(doc.getMap("m").size).toBe(23);
    room.unload();
  });

  it("when the transaction fails, stores, relays and acknowledges nothing, closes every peer and unloads", async () => {
    const { storage } = open();
    const room = new Room("d", options(storage));
    const writer = new TestPeer();
    const reader = new TestPeer();
    room.join(writer);
    room.join(reader);
    room.handle(writer, decodeClientMessage(encodeUpdate(mapUpdate("x", 1))));
    room.handle(writer, decodeClientMessage(encodeUpdate(mapUpdate("y", 2))));
    storage.close(); // the commit at the end of this turn throws
    await until("the failure", () => writer.failures.length > 0);
    expect(writer.failures).toHaveLength(1);
    expect(writer.acks).toBe(0);
    expect(reader.sent).toHaveLength(1);
    // The document held the updates (applied before the commit): it is dropped, and every peer
    // reconnects to a room loaded from what is stored.
    expect(reader.failures).toHaveLength(1);
    expect(room.isUnloaded).toBe(true);
  });
});

describe("Room: an update is applied before it is stored", () => {
  it("nothing of an update leaves the room before its commit, nor ever if the commit fails", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crm-room-"));
    const storage = new SqliteStorage(dir);
    try {
      const room = new Room("d", options(storage));
      const writer = new TestPeer();
      const reader = new TestPeer();
      room.join(writer);
      room.join(reader);
      room.handle(writer, decodeClientMessage(encodeUpdate(mapUpdate("secret", 1))));
      // Asked after the update arrived: the reply would carry it, so it waits for the commit.
      room.handle(reader, { type: "sync-step1", stateVector: Y.encodeStateVector(new Y.Doc()) });
      const late = new TestPeer();
      room.join(late); // its greeting (our state vector) counts the update: it waits too
      storage.close(); // the commit fails
      await until("the failure", () => writer.failures.length > 0 && reader.failures.length > 0);
      expect(reader.sent).toHaveLength(1); // the greeting from before the update, nothing since
      expect(late.sent).toHaveLength(0);
      expect(late.failures).toHaveLength(1);
      expect(writer.acks).toBe(0);
      expect(room.isUnloaded).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("refuses an update Yjs cannot apply to the document, stores nothing of it and rebuilds the document", () => {
    const storage = new MemoryStorage();
    // A chain of 5,000 nested arrays (client 7) is stored, as 25 updates of 200 levels each
    // could build it; deleting its root overflows Yjs' stack while it applies.
    storage.append("d", nestedArrays(5000));
    const room = new Room("d", options(storage));
    const writer = new TestPeer();
    const reader = new TestPeer();
    room.join(writer);
    room.join(reader);
    expect(() => room.handle(writer, decodeClientMessage(encodeUpdate(deletion(7, 0, 1))))).toThrow(
      /does not apply to this document/,
    );
    expect(storage.loadUpdates("d").updates).toHaveLength(1);
    expect(reader.sent).toHaveLength(1); // the greeting only: nothing relayed
    // The document is what storage holds (not half-deleted), and takes the next update as usual.
    expect(room.doc.getArray("a").length).toBe(1);
    room.handle(writer, decodeClientMessage(encodeUpdate(mapUpdate("next", 1))));
    expect(room.doc.getMap("m").get("next")).toBe(1);
    expect(reader.sent).toHaveLength(2);
    expect(storage.loadUpdates("d").updates).toHaveLength(2);
    room.unload();
  });
});

describe("Room memory: decoded while busy, encoded when quiet", () => {
  it("cools down after hotMs, then answers from the encoded state exactly as the Y.Doc did", async () => {
    const storage = new MemoryStorage();
    const room = new Room("d", { ...options(storage), hotMs: 20 });
    const a = new TestPeer();
    const b = new TestPeer();
    room.join(a);
    room.join(b);
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on("update", (u: Uint8Array) => updates.push(u));
    source.getMap("m").set("one", 1);
    const afterOne = Y.encodeStateVector(source);
    source.getMap("m").set("two", 2);
    for (const u of updates) room.handle(a, decodeClientMessage(encodeUpdate(u)));
    expect(room.isHot).toBe(true);
    const empty = Y.encodeStateVector(new Y.Doc());
    room.handle(b, { type: "sync-step1", stateVector: empty });
    room.handle(b, { type: "sync-step1", stateVector: afterOne });
    const [hotFull, hotDiff] = b.sent.slice(-2).map(step2Payload);
    await new Promise((r) => setTimeout(r, 60));
    expect(room.isHot).toBe(false);
    room.handle(b, { type: "sync-step1", stateVector: empty });
    room.handle(b, { type: "sync-step1", stateVector: afterOne });
    const [coldFull, coldDiff] = b.sent.slice(-2).map(step2Payload);
    expect(Buffer.from(coldFull!).equals(Buffer.from(hotFull!))).toBe(true);
    const fromDiff = (base: Uint8Array, diff: Uint8Array) => {
      const d = new Y.Doc();
      Y.applyUpdate(d, base);
      Y.applyUpdate(d, diff);
      return d.getMap("m").toJSON();
    };
    expect(fromDiff(updates[0]!, coldDiff!)).toEqual({ one: 1, two: 2 });
    expect(fromDiff(updates[0]!, hotDiff!)).toEqual({ one: 1, two: 2 });
    // A later update decodes it again, and is relayed as before.
    const before = b.sent.length;
    const late = new Y.Doc();
    late.getMap("m").set("three", 3);
    room.handle(a, decodeClientMessage(encodeUpdate(Y.encodeStateAsUpdate(late))));
    expect(room.isHot).toBe(true);
    expect(b.sent.length).toBe(before + 1);
    expect(room.doc.getMap("m").toJSON()).toEqual({ one: 1, two: 2, three: 3 });
    room.unload();
  });

  it("loads a compacted document encoded, without decoding it, and greets with its state vector", () => {
    const storage = new MemoryStorage();
    const source = new Y.Doc();
    source.getMap("m").set("k", "v");
    storage.append("d", Y.encodeStateAsUpdate(source));
    const released: number[] = [];
    const room = new Room("d", { ...options(storage), onRelease: (bytes) => released.push(bytes) });
    expect(room.isHot).toBe(false);
    const peer = new TestPeer();
    room.join(peer);
    const d = decoding.createDecoder(peer.sent[0]!);
    expect([decoding.readVarUint(d), decoding.readVarUint(d)]).toEqual([0, 0]);
    expect([...decoding.readVarUint8Array(d)]).toEqual([...Y.encodeStateVector(source)]);
    room.leave(peer);
    room.unload();
    expect(released).toEqual([Y.encodeStateAsUpdate(source).byteLength]);
  });
});
