import { recordsOf, recordTypes, seededRandom, writeRecord } from "@crm/schema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { type IndexRow, MemoryIndex } from "./itemIndex.js";

/*
 * The in-memory index (the sync server's) answers like a plain list of its rows: by key, by id,
 * by clock range (probed for short ranges, scanned for long ones), and it keeps one row per
 * record key as records change.
 */

const meta = (now: number) => ({ actor: "u", now, version: recordTypes.accounts.version });

function randomDoc(seed: number): Y.Doc {
  const random = seededRandom(seed);
  const doc = new Y.Doc();
  doc.clientID = 7;
  recordsOf(doc);
  for (let i = 0; i < 300; i++)
    writeRecord(doc, `r${Math.floor(random() * 40)}`, { name: `N${i}`, phone: `${Math.floor(random() * 9)}` }, meta(i));
  return doc;
}

const key = (r: IndexRow) => `${r.record}\0${r.key}`;

describe("MemoryIndex", () => {
  it("answers by key, id and clock range exactly like its list of rows", () => {
    const doc = randomDoc(3);
    const index = new MemoryIndex();
    expect(index.build(doc)).toBe(true);
    const rows = index.rows();
    expect(index.size).toBe(rows.length);
    expect(new Set(rows.map(key)).size).toBe(rows.length);
    for (const r of rows) {
      expect(index.byKey("", r.record, r.key)).toBe(r);
      expect(index.byId("", r.client, r.clock)).toBe(r);
    }
    const max = Math.max(...rows.map((r) => r.clock));
    const random = seededRandom(9);
    for (let i = 0; i < 200; i++) {
      const from = Math.floor(random() * max);
      const to = from + (i % 2 ? Math.floor(random() * 10) : Math.floor(random() * max)); // probed, scanned
      const want = rows.filter((r) => r.client === 7 && r.clock >= from && r.clock <= to);
      expect(index.inRange("", 7, from, to).sort((a, b) => a.clock - b.clock)).toEqual(
        want.sort((a, b) => a.clock - b.clock),
      );
    }
    expect(index.inRange("", 8, 0, max)).toEqual([]);
  });

  it("keeps one row per key through puts and refreshes, equal to a fresh build", () => {
    const doc = randomDoc(5);
    const kept = new MemoryIndex();
    kept.build(doc);
    doc.on("afterTransaction", (tr: Y.Transaction) => kept.refresh(doc, tr, ["r1", "r2"]));
    writeRecord(doc, "r1", { name: "changed" }, meta(1000));
    writeRecord(doc, "r2", { phone: null }, meta(1001));
    const replaced = kept.byKey("", "r1", "name")!;
    kept.put({ ...replaced, clock: replaced.clock + 1000 }); // a later struct for the same key
    expect(kept.byId("", replaced.client, replaced.clock)).toBeUndefined();
    kept.put(replaced);
    const fresh = new MemoryIndex();
    fresh.build(doc);
    const strip = (r: IndexRow) => [key(r), r.client, r.clock, r.value];
    expect(kept.rows().map(strip).sort()).toEqual(fresh.rows().map(strip).sort());
    expect(kept.size).toBe(fresh.size);
  });

  it("keeps no values when told (the sync server's), the same structs otherwise", () => {
    const doc = randomDoc(8);
    const full = new MemoryIndex();
    const bare = new MemoryIndex(false);
    full.build(doc);
    bare.build(doc);
    expect(bare.rows().every((r) => r.value === null)).toBe(true);
    expect(full.rows().some((r) => r.value !== null)).toBe(true);
    const ids = (i: MemoryIndex) =>
      i
        .rows()
        .map((r) => `${key(r)} ${r.client}:${r.clock}`)
        .sort();
    expect(ids(bare)).toEqual(ids(full));
    bare.put({ client: 7, clock: 99_999, record: "r0", key: "name", value: '"x"', n: 0 });
    expect(bare.byKey("", "r0", "name")?.value).toBeNull();
  });
});
