import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { silentLogger } from "./logger.js";
import { decodeClientMessage } from "./messages.js";
import { Room, type RoomPeer } from "./room.js";
import { mapUpdate } from "./storage/contract.js";
import { MemoryStorage } from "./storage/memory.js";

class TestPeer implements RoomPeer {
  readonly awarenessIds = new Set<number>();
  readonly sent: Uint8Array[] = [];
  acks = 0;
  send(message: Uint8Array): void {
    this.sent.push(message);
  }
  persisted(): void {
    this.acks++;
  }
}

function updateMessage(update: Uint8Array): Uint8Array {
  return new Uint8Array([0, 2, ...encodeLength(update.length), ...update]);
}

function encodeLength(n: number): number[] {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

const options = (storage: MemoryStorage, onUnload = () => {}) => ({
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
    room.handle(a, decodeClientMessage(updateMessage(update)));
    expect(storage.loadUpdates("d").updates).toHaveLength(1);
    expect(storedWhenRelayed).toBe(1);
    expect(b.sent.length).toBe(before + 1);
    expect(a.sent.length).toBe(1); // only the greeting: no echo to the sender
    expect(a.acks).toBe(1);
    // An empty update is acknowledged without a row.
    room.handle(a, decodeClientMessage(updateMessage(new Uint8Array([0, 0]))));
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
