import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { demoBatches } from "./demo.js";
import { eraseHistory, HISTORY_LIMIT, readHistory, VALUE_LIMIT } from "./recordHistory.js";
import { readRecord, touchedRecordIds, writeRecord } from "./yrecords.js";

const meta = (actor: string, now: number) => ({ actor, now, version: 3 });

/** Every struct of a document, by the root type it sits under (root types only). */
function rootsWithContent(doc: Y.Doc): string[] {
  return [...doc.share.entries()].filter(([, t]) => t._start !== null || t._map.size > 0).map(([n]) => n);
}

describe("field history recorded by the writer", () => {
  it("appends one entry per change of an existing record: who, when, old → new; bookkeeping is no change", () => {
    const doc = new Y.Doc();
    writeRecord(doc, "a1", { name: "Acme", industry: "" }, meta("ada", 100));
    expect(readHistory(doc, "a1")).toEqual([]);
    writeRecord(doc, "a1", { industry: "Retail", name: "Acme", updatedAt: 5, _v: 9 }, meta("bo", 200));
    writeRecord(doc, "a1", { industry: "Energy", phone: "+4930123456" }, meta("ada", 300));
    writeRecord(doc, "a1", { deletedAt: 400 }, meta("bo", 400));
    writeRecord(doc, "a1", { deletedAt: 0 }, meta("ada", 500));
    // A save that changes nothing (a list of lines with the same content) is no entry.
    writeRecord(doc, "a1", { industry: "Energy" }, meta("ada", 600));
    expect(readHistory(doc, "a1")).toEqual([
      { at: 200, by: "bo", changes: [["industry", "", "Retail"]] },
      {
        at: 300,
        by: "ada",
        changes: [
          ["industry", "Retail", "Energy"],
          ["phone", null, "+4930123456"],
        ],
      },
      { at: 400, by: "bo", changes: [["deletedAt", null, 400]] },
      { at: 500, by: "ada", changes: [["deletedAt", 400, 0]] },
    ]);
    // The record itself is as before: history is not one of its fields.
    expect(Object.keys(readRecord(doc, "a1")!).sort()).toEqual(
      ["_v", "createdAt", "createdBy", "deletedAt", "id", "industry", "name", "phone", "updatedAt", "updatedBy"].sort(),
    );
  });

  it("compares lists by content, and clips long values with their length", () => {
    const doc = new Y.Doc();
    const lines = [{ productId: "p1", quantity: 1 }];
    writeRecord(doc, "q1", { lines, description: "short" }, meta("ada", 1));
    writeRecord(doc, "q1", { lines: [{ productId: "p1", quantity: 1 }] }, meta("ada", 2));
    expect(readHistory(doc, "q1")).toEqual([]);
    const long = "x".repeat(VALUE_LIMIT + 250);
    writeRecord(doc, "q1", { description: long }, meta("bo", 3));
    expect(readHistory(doc, "q1")[0]!.changes).toEqual([
      ["description", "short", { "~clipped": "x".repeat(VALUE_LIMIT), length: VALUE_LIMIT + 250 }],
    ]);
  });

  it("creating records, one or a whole demo data set in bulk, adds no history structs", () => {
    const doc = new Y.Doc();
    writeRecord(doc, "one", { name: "One" }, meta("ada", 1));
    let n = 0;
    for (const batch of demoBatches("demo", 3))
      doc.transact(() => {
        for (const r of batch.records) writeRecord(doc, String(r.id), r, meta("demo", 2));
        n += batch.records.length;
      });
    expect(n).toBeGreaterThan(1000);
    expect(rootsWithContent(doc)).toEqual(["records"]);
  });

  it("keeps the last HISTORY_LIMIT entries of a hot record, dropping the oldest in the same update", () => {
    const doc = new Y.Doc();
    writeRecord(doc, "hot", { n: 0 }, meta("ada", 0));
    for (let i = 1; i <= HISTORY_LIMIT + 30; i++) writeRecord(doc, "hot", { n: i }, meta("ada", i));
    const h = readHistory(doc, "hot");
    expect(h).toHaveLength(HISTORY_LIMIT);
    expect(h[0]!.changes).toEqual([["n", 30, 31]]);
    expect(h.at(-1)!.changes).toEqual([["n", HISTORY_LIMIT + 29, HISTORY_LIMIT + 30]]);

    // The trim travels with the append: a copy fed only the last write's update agrees.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc));
    let last: Uint8Array | null = null;
    doc.on("update", (u: Uint8Array) => (last = u));
    writeRecord(doc, "hot", { n: -1 }, meta("bo", 9999));
    Y.applyUpdate(copy, last!);
    expect(readHistory(copy, "hot")).toEqual(readHistory(doc, "hot"));
    expect(readHistory(copy, "hot")).toHaveLength(HISTORY_LIMIT);
  });

  it("two devices changing a record offline, even for its first change, both keep both entries", () => {
    const a = new Y.Doc();
    const b = new Y.Doc();
    writeRecord(a, "r1", { name: "Acme", phone: "1", website: "" }, meta("ada", 1));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    writeRecord(a, "r1", { website: "https://acme.io" }, meta("ada", 3));
    writeRecord(b, "r1", { phone: "+4930123456" }, meta("bo", 2));
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const expected = [
      { at: 2, by: "bo", changes: [["phone", "1", "+4930123456"]] },
      { at: 3, by: "ada", changes: [["website", "", "https://acme.io"]] },
    ];
    expect(readHistory(a, "r1")).toEqual(expected);
    expect(readHistory(b, "r1")).toEqual(expected);
  });

  it("history appends do not touch the projection: touchedRecordIds names only the changed record", () => {
    const doc = new Y.Doc();
    writeRecord(doc, "r1", { name: "A" }, meta("ada", 1));
    writeRecord(doc, "r2", { name: "B" }, meta("ada", 1));
    const touched: string[][] = [];
    doc.on("afterTransaction", (tr: Y.Transaction) => touched.push([...touchedRecordIds(tr, doc)]));
    writeRecord(doc, "r1", { name: "A2" }, meta("bo", 2));
    // A history-only change (erasing it) touches no record.
    eraseHistory(doc, "r1");
    expect(touched).toEqual([["r1"], []]);
    // And a copy receiving the update (history root unknown to it beforehand) sees the same.
    const copy = new Y.Doc();
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(new Y.Doc())));
    const seen: string[][] = [];
    copy.on("afterTransaction", (tr: Y.Transaction) => seen.push([...touchedRecordIds(tr, copy)]));
    writeRecord(doc, "r2", { name: "B2" }, meta("bo", 3));
    Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc, Y.encodeStateVector(copy)));
    expect(seen).toEqual([["r2"]]);
    expect(readHistory(copy, "r2")).toEqual([{ at: 3, by: "bo", changes: [["name", "B", "B2"]] }]);
  });

  it("erasing a record's history leaves no trace of its values in the encoded document", () => {
    const doc = new Y.Doc();
    writeRecord(doc, "c1", { email: "first@example.test" }, meta("ada", 1));
    writeRecord(doc, "c1", { email: "second@example.test" }, meta("ada", 2));
    writeRecord(doc, "c1", { email: "" }, meta("ada", 3));
    const bytes = () => Buffer.from(Y.encodeStateAsUpdate(doc));
    expect(bytes().includes("first@example.test")).toBe(true);
    expect(eraseHistory(doc, "c1")).toBe(2);
    expect(readHistory(doc, "c1")).toEqual([]);
    expect(bytes().includes("first@example.test")).toBe(false);
    expect(bytes().includes("second@example.test")).toBe(false);
  });

  it("skips malformed entries instead of showing them half", () => {
    const doc = new Y.Doc();
    doc
      .getArray("history/x")
      .push([
        { at: 1, by: "ada", changes: [["name", "a", "b"], "junk"] },
        { at: "yesterday", by: "bo", changes: [] },
        null,
      ]);
    expect(readHistory(doc, "x")).toEqual([{ at: 1, by: "ada", changes: [["name", "a", "b"]] }]);
  });
});
