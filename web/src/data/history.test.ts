import { recordsOf, writeRecord } from "@crm/schema";
import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { historyFromUpdates } from "./history.js";

describe("field history from a shard's update log", () => {
  it("lists creation, each field change with old and new value, deletion and restore, with who and when", () => {
    const doc = new Y.Doc();
    recordsOf(doc);
    const log: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => log.push(u));
    const w = (fields: Record<string, unknown>, actor: string, now: number) =>
      writeRecord(doc, "a1", fields, { actor, now, version: 3 });
    w({ name: "Acme", industry: "" }, "ada", 100);
    writeRecord(doc, "other", { name: "Not me" }, { actor: "bo", now: 150, version: 3 });
    w({ industry: "Retail" }, "bo", 200);
    w({ industry: "Energy", phone: "+4930123456" }, "ada", 300);
    w({ deletedAt: 400 }, "bo", 400);
    w({ deletedAt: 0 }, "ada", 500);

    const h = historyFromUpdates(log, "a1");
    expect(h.map((e) => [e.kind, e.at, e.by])).toEqual([
      ["created", 100, "ada"],
      ["changed", 200, "bo"],
      ["changed", 300, "ada"],
      ["deleted", 400, "bo"],
      ["restored", 500, "ada"],
    ]);
    // Creation lists the fields given a value; an empty field is no news.
    expect(h[0]!.changes).toEqual([{ field: "name", from: undefined, to: "Acme" }]);
    expect(h[2]!.changes).toEqual([
      { field: "industry", from: "Retail", to: "Energy" },
      { field: "phone", from: undefined, to: "+4930123456" },
    ]);
  });

  it("reads a compacted log as one starting state", () => {
    const doc = new Y.Doc();
    writeRecord(doc, "a1", { name: "Old" }, { actor: "ada", now: 1, version: 1 });
    writeRecord(doc, "a1", { name: "New" }, { actor: "bo", now: 2, version: 1 });
    const h = historyFromUpdates([Y.encodeStateAsUpdate(doc)], "a1");
    expect(h).toEqual([
      { kind: "created", at: 1, by: "ada", changes: [{ field: "name", from: undefined, to: "New" }] },
    ]);
  });
});
