import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { docFromUpdates, mapUpdate, storageContract } from "./contract.js";
import { MemoryStorage } from "./memory.js";
import { SqliteStorage } from "./sqlite.js";

storageContract("memory", () => new MemoryStorage());

let dir = "";
storageContract(
  "sqlite",
  () => {
    dir = mkdtempSync(join(tmpdir(), "crm-storage-"));
    return new SqliteStorage(dir);
  },
  () => rmSync(dir, { recursive: true, force: true }),
);

describe("SqliteStorage file", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const d = mkdtempSync(join(tmpdir(), "crm-sqlite-"));
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("keeps everything when the file is reopened", () => {
    const d = tempDir();
    const first = new SqliteStorage(d);
    const ids: number[] = [];
    for (let i = 0; i < 20; i++) {
      const id = first.append(`w/records/t/${i % 3}`, mapUpdate(`k${i}`, i));
      if (i % 3 === 0) ids.push(id);
    }
    const { updates } = first.loadUpdates("w/records/t/0");
    first.compact("w/records/t/0", Y.mergeUpdates(updates.slice(0, 4)), ids[3]!);
    expect(first.loadUpdates("w/records/t/0").updates).toHaveLength(4);
    first.append("w/records/t/0", mapUpdate("after", "compaction"));
    first.close();

    const second = new SqliteStorage(d);
    expect(second.listDocs()).toEqual(["w/records/t/0", "w/records/t/1", "w/records/t/2"]);
    const doc = docFromUpdates(second.loadUpdates("w/records/t/0").updates);
    expect(doc.getMap("m").toJSON()).toEqual({
      k0: 0,
      k3: 3,
      k6: 6,
      k9: 9,
      k12: 12,
      k15: 15,
      k18: 18,
      after: "compaction",
    });
    expect(second.loadUpdates("w/records/t/1").updates).toHaveLength(7);
    second.close();
  });

  it("uses WAL and synchronous=FULL in <dataDir>/crm.sqlite, creating the directory", () => {
    const d = join(tempDir(), "nested", "data");
    const s = new SqliteStorage(d);
    expect(s.file).toBe(join(d, "crm.sqlite"));
    s.append("a", new Uint8Array([1]));
    s.close();
    const db = new Database(join(d, "crm.sqlite"), { readonly: true });
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(db.pragma("user_version", { simple: true })).toBe(1);
    db.close();
  });

  it("appendMany is one transaction: when one row fails, none is stored", () => {
    const s = new SqliteStorage(tempDir());
    s.append("a", mapUpdate("kept", 1));
    // doc is NOT NULL: the second row fails after the first was inserted.
    expect(() =>
      s.appendMany([
        { doc: "a", update: mapUpdate("x", 1) },
        { doc: null as unknown as string, update: mapUpdate("y", 2) },
      ]),
    ).toThrow(/NOT NULL/);
    expect(s.loadUpdates("a").updates).toHaveLength(1);
    expect(s.syncsToDisk).toBe(true);
    s.close();
  });

  it("commits in the background (writer thread): views of larger buffers byte for byte, then compaction, in order", async () => {
    const s = new SqliteStorage(tempDir());
    const big = new Uint8Array(1000).map((_, i) => i % 251);
    const views = [big.subarray(10, 20), big.subarray(500, 503), big.subarray(0, 1)];
    const first = s.append("a", mapUpdate("sync", 1));
    const results: unknown[] = [];
    s.background!.appendMany(
      views.map((update, i) => ({ doc: i === 1 ? "b" : "a", update })),
      (r) => results.push(r),
    );
    const merged = Y.mergeUpdates([mapUpdate("sync", 1)]);
    s.background!.compact("a", merged, first, (r) => results.push(r));
    expect(s.background!.busy).toBe(true);
    s.background!.settle();
    expect(s.background!.busy).toBe(false);
    const [appended, compacted] = results as [{ ids: number[] }, { ids: number[] }];
    expect(appended.ids).toHaveLength(3);
    expect(appended.ids[0]).toBeGreaterThan(first);
    expect(compacted).toEqual({ ids: [] });
    expect(s.loadUpdates("a").updates.map((u) => [...u])).toEqual([[...merged], [...views[0]!], [...views[2]!]]);
    expect(s.loadUpdates("b").updates.map((u) => [...u])).toEqual([[...views[1]!]]);
    // Answers also arrive on the event loop, without settle().
    const done = new Promise((r) => s.background!.appendMany([{ doc: "c", update: big.subarray(0, 5) }], r));
    expect(await done).toEqual({ ids: [expect.any(Number)] });
    s.close();
    expect(() => s.background!.appendMany([{ doc: "c", update: big }], () => {})).toThrow(/closed/);
  });

  it("refuses a file from a newer schema version", () => {
    const d = tempDir();
    new SqliteStorage(d).close();
    const db = new Database(join(d, "crm.sqlite"));
    db.pragma("user_version = 99");
    db.close();
    expect(() => new SqliteStorage(d)).toThrow(/schema version 99/);
  });
});
