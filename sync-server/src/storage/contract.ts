import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import type { DocStorage } from "./types.js";

/** A Yjs update that sets `key` to `value` in the map "m" (from a fresh client). */
export function mapUpdate(key: string, value: unknown): Uint8Array {
  const doc = new Y.Doc();
  doc.getMap("m").set(key, value);
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

export function docFromUpdates(updates: Uint8Array[]): Y.Doc {
  const doc = new Y.Doc();
  for (const u of updates) Y.applyUpdate(doc, u);
  return doc;
}

/**
 * The behaviour every `DocStorage` must have. Each implementation's test calls this once with a
 * factory; `cleanup` runs after each test.
 */
export function storageContract(
  name: string,
  open: () => DocStorage | Promise<DocStorage>,
  cleanup?: () => void | Promise<void>,
): void {
  describe(`DocStorage contract: ${name}`, () => {
    let storage: DocStorage;
    beforeEach(async () => {
      storage = await open();
    });
    afterEach(async () => {
      try {
        storage.close();
      } catch {
        // already closed by the test
      }
      await cleanup?.();
    });

    it("starts empty", () => {
      expect(storage.listDocs()).toEqual([]);
      expect(storage.loadUpdates("a/records/x/00")).toEqual({ updates: [], lastId: 0 });
    });

    it("returns appended updates byte for byte, in order, per document", () => {
      const a1 = mapUpdate("k", 1);
      const a2 = mapUpdate("k2", "two");
      const b1 = new Uint8Array([1, 2, 3, 0, 255]);
      const id1 = storage.append("a", a1);
      const idB = storage.append("b", b1);
      const id2 = storage.append("a", a2);
      expect(id1).toBeLessThan(idB);
      expect(idB).toBeLessThan(id2);
      const a = storage.loadUpdates("a");
      expect(a.updates.map((u) => [...u])).toEqual([[...a1], [...a2]]);
      expect(a.lastId).toBe(id2);
      expect(storage.loadUpdates("b").updates.map((u) => [...u])).toEqual([[...b1]]);
      expect(storage.listDocs()).toEqual(["a", "b"]);
    });

    it("stores several updates in one appendMany, in order, with increasing ids", () => {
      const before = storage.append("a", mapUpdate("first", 1));
      const updates = [mapUpdate("x", 1), mapUpdate("y", 2), mapUpdate("z", 3)];
      const ids = storage.appendMany([
        { doc: "a", update: updates[0]! },
        { doc: "b", update: updates[1]! },
        { doc: "a", update: updates[2]! },
      ]);
      expect(ids).toHaveLength(3);
      expect(ids[0]).toBeGreaterThan(before);
      expect(ids[1]).toBeGreaterThan(ids[0]!);
      expect(ids[2]).toBeGreaterThan(ids[1]!);
      const a = storage.loadUpdates("a");
      expect(a.updates.slice(1).map((u) => [...u])).toEqual([[...updates[0]!], [...updates[2]!]]);
      expect(a.lastId).toBe(ids[2]);
      expect(storage.loadUpdates("b").lastId).toBe(ids[1]);
      expect(storage.appendMany([])).toEqual([]);
    });

    it("is not affected by later changes to the caller's buffers", () => {
      const u = new Uint8Array([5, 6, 7]);
      storage.append("a", u);
      u[0] = 99;
      expect([...(storage.loadUpdates("a").updates[0] ?? [])]).toEqual([5, 6, 7]);
    });

    it("keeps document names with slashes and unicode apart", () => {
      storage.append("default/records/accounts/07", new Uint8Array([1]));
      storage.append("default/records/accounts/7", new Uint8Array([2]));
      storage.append("ünï/cödé", new Uint8Array([3]));
      expect(storage.listDocs()).toEqual(["default/records/accounts/07", "default/records/accounts/7", "ünï/cödé"]);
      expect(storage.loadUpdates("ünï/cödé").updates).toHaveLength(1);
    });

    it("compacts the rows up to an id into one merged update, keeping later rows", () => {
      const updates = Array.from({ length: 10 }, (_, i) => mapUpdate(`k${i}`, i));
      const ids = updates.map((u) => storage.append("d", u));
      storage.append("other", mapUpdate("x", 1));
      const { updates: loaded, lastId } = storage.loadUpdates("d");
      expect(lastId).toBe(ids[9]);
      const firstSix = loaded.slice(0, 6);
      storage.compact("d", Y.mergeUpdates(firstSix), ids[5]!);
      const after = storage.loadUpdates("d");
      expect(after.updates).toHaveLength(5);
      expect(after.lastId).toBe(ids[9]);
      const doc = docFromUpdates(after.updates);
      expect(doc.getMap("m").toJSON()).toEqual(Object.fromEntries(updates.map((_, i) => [`k${i}`, i])));
      expect(storage.loadUpdates("other").updates).toHaveLength(1);
      // Rows appended after compaction come after the merged one.
      const later = storage.append("d", mapUpdate("late", true));
      expect(later).toBeGreaterThan(ids[9]!);
      expect(storage.loadUpdates("d").updates).toHaveLength(6);
    });

    it("compacts everything into one row when given the last id", () => {
      for (let i = 0; i < 5; i++) storage.append("d", mapUpdate(`k${i}`, i));
      const { updates, lastId } = storage.loadUpdates("d");
      storage.compact("d", Y.mergeUpdates(updates), lastId);
      const after = storage.loadUpdates("d");
      expect(after.updates).toHaveLength(1);
      expect(after.lastId).toBe(lastId);
      expect(docFromUpdates(after.updates).getMap("m").size).toBe(5);
    });

    it("ignores a compaction with nothing to replace", () => {
      storage.compact("nothing", mapUpdate("a", 1), 100);
      expect(storage.listDocs()).toEqual([]);
      const id = storage.append("d", mapUpdate("a", 1));
      storage.compact("d", mapUpdate("b", 2), id - 1);
      expect(storage.loadUpdates("d").updates).toHaveLength(1);
    });

    it("stores large updates", () => {
      const big = new Uint8Array(3 * 1024 * 1024).map((_, i) => i % 251);
      storage.append("big", big);
      const loaded = storage.loadUpdates("big").updates[0]!;
      expect(loaded.byteLength).toBe(big.byteLength);
      expect(Buffer.compare(Buffer.from(loaded), Buffer.from(big))).toBe(0);
    });

    it("answers ping while open, empty or not", () => {
      storage.ping();
      storage.append("a", new Uint8Array([0, 0]));
      storage.ping();
    });

    it("refuses to work after close", () => {
      storage.close();
      expect(() => storage.append("a", new Uint8Array([1]))).toThrow();
      expect(() => storage.loadUpdates("a")).toThrow();
      expect(() => storage.ping()).toThrow();
    });
  });
}
