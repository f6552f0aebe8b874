// recordHistory reads IndexedDB: a real Dexie over fake-indexeddb.
import "fake-indexeddb/auto";
import {
  AccountType,
  HISTORY_LIMIT,
  readHistory,
  readRecord,
  recordDocName,
  recordsOf,
  writeRecord,
} from "@crm/schema";
import { afterEach, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { CrmDatabase } from "../local/db.js";
import { LocalStore } from "../local/store.js";
import { historyFromEntries, historyFromUpdates, recordHistory } from "./history.js";

const WS = "w1";
const open: CrmDatabase[] = [];
afterEach(async () => {
  for (const db of open.splice(0)) {
    db.close();
    await db.delete();
  }
});

function device(name: string, actor: string) {
  const db = new CrmDatabase(`history-test-${name}-${Math.random()}`);
  open.push(db);
  return { db, store: new LocalStore(db, WS, () => actor) };
}

/** The story both tests tell: created by ada, changed by bo and by ada, deleted by bo, restored by ada. */
function writeStory(w: (fields: Record<string, unknown>, actor: string, now: number) => void) {
  w({ name: "Acme", industry: "" }, "ada", 100);
  w({ industry: "Retail" }, "bo", 200);
  w({ industry: "Energy", phone: "+4930123456" }, "ada", 300);
  w({ deletedAt: 400 }, "bo", 400);
  w({ deletedAt: 0 }, "ada", 500);
}

const STORY = [
  ["created", 100, "ada"],
  ["changed", 200, "bo"],
  ["changed", 300, "ada"],
  ["deleted", 400, "bo"],
  ["restored", 500, "ada"],
];

describe("field history recorded in the record's document", () => {
  it("lists creation with its values, each change old → new, deletion and restore, with who and when", () => {
    const doc = new Y.Doc();
    writeStory((fields, actor, now) => writeRecord(doc, "a1", fields, { actor, now, version: 3 }));
    writeRecord(doc, "other", { name: "Not me" }, { actor: "bo", now: 150, version: 3 });
    const h = historyFromEntries(readHistory(doc, "a1"), readRecord(doc, "a1")!);
    expect(h.map((e) => [e.kind, e.at, e.by])).toEqual(STORY);
    // Creation lists the values it was given (an empty field is no news), undone from today's.
    expect(h[0]!.changes).toEqual([{ field: "name", from: undefined, to: "Acme" }]);
    expect(h[1]!.changes).toEqual([{ field: "industry", from: "", to: "Retail" }]);
    expect(h[2]!.changes).toEqual([
      { field: "industry", from: "Retail", to: "Energy" },
      { field: "phone", from: undefined, to: "+4930123456" },
    ]);
    expect(h[3]!.changes).toEqual([]);
  });

  it("a device that received everything in one compacted update shows the same steps; the old replay could not", async () => {
    const ada = device("ada", "ada");
    const id = "acc1";
    await ada.store.write("accounts", id, { name: "Acme", industry: "" });
    await ada.store.write("accounts", id, { industry: "Retail" });
    await ada.store.remove("accounts", id);
    await ada.store.restore("accounts", id);
    const mine = await recordHistory(ada.db, WS, "accounts", id);
    expect(mine.source).toBe("recorded");
    expect(mine.entries.map((e) => e.kind)).toEqual(["created", "changed", "deleted", "restored"]);

    // Bo's device: the shard as one update (a first sync of a compacted document).
    const bo = device("bo", "bo");
    const name = recordDocName(WS, AccountType, id);
    const state = Y.encodeStateAsUpdate(await ada.store.openDoc(name));
    await bo.db.updates.add({ doc: name, data: state });
    const theirs = await recordHistory(bo.db, WS, "accounts", id);
    expect(theirs.entries).toEqual(mine.entries);
    expect(historyFromUpdates([state], id).map((e) => e.kind)).toEqual(["created"]);

    // Bo changes it too: both devices' entries, in time order.
    const boDoc = await bo.store.openDoc(name);
    writeRecord(boDoc, id, { industry: "Energy" }, { actor: "bo", now: Date.now() + 1000, version: 3 });
    await bo.store.flush();
    const after = await recordHistory(bo.db, WS, "accounts", id);
    expect(after.entries.at(-1)).toMatchObject({
      kind: "changed",
      by: "bo",
      changes: [{ field: "industry", from: "Retail", to: "Energy" }],
    });
    expect(after.entries.at(-2)).toMatchObject({ kind: "restored", by: "ada" });
  });

  it("a record with more than HISTORY_LIMIT changes keeps the newest; its created step lists no values it cannot know", () => {
    const doc = new Y.Doc();
    const meta = (now: number) => ({ actor: "ada", now, version: 3 });
    writeRecord(doc, "hot", { name: "v0" }, meta(0));
    for (let i = 1; i <= HISTORY_LIMIT + 5; i++) writeRecord(doc, "hot", { name: `v${i}` }, meta(i));
    const h = historyFromEntries(readHistory(doc, "hot"), readRecord(doc, "hot")!);
    expect(h).toHaveLength(HISTORY_LIMIT + 1);
    expect(h[0]).toEqual({ kind: "created", at: 0, by: "ada", changes: [] });
    expect(h[1]!.changes).toEqual([{ field: "name", from: "v5", to: "v6" }]);
  });

  it("a merge's re-link reads as the account names, the merged-away (deleted) account's too", async () => {
    const ada = device("merge", "ada");
    await ada.store.write("accounts", "loser", { name: "Dup Corp" });
    await ada.store.write("accounts", "winner", { name: "Dup Corp GmbH" });
    await ada.store.write("contacts", "c1", { firstName: "Ann", lastName: "Lee", accountId: "loser" });
    // As mergeRun writes a plan: the children re-linked in one writeMany, then the loser deleted.
    await ada.store.writeMany("contacts", [{ id: "c1", accountId: "winner" }]);
    await ada.store.remove("accounts", "loser");
    const h = await recordHistory(ada.db, WS, "contacts", "c1");
    expect(h.entries.at(-1)).toMatchObject({
      kind: "changed",
      by: "ada",
      changes: [{ field: "accountId", from: "loser", to: "winner" }],
    });
    expect(h.titles).toEqual({ loser: "Dup Corp", winner: "Dup Corp GmbH" });
  });

  it("records changed only before history was recorded fall back to replaying the update log", async () => {
    const ada = device("legacy", "ada");
    const id = "acc2";
    const name = recordDocName(WS, AccountType, id);
    // An update as an older client wrote it: the field set directly, no history entry.
    const old = new Y.Doc();
    const log: Uint8Array[] = [];
    old.on("update", (u: Uint8Array) => log.push(u));
    writeRecord(old, id, { name: "Old Co" }, { actor: "ada", now: 1, version: 3 });
    old.transact(() => {
      const rec = recordsOf(old).get(id)!;
      rec.set("name", "New Co");
      rec.set("updatedAt", 2);
      rec.set("updatedBy", "bo");
    });
    for (const data of log) await ada.db.updates.add({ doc: name, data });
    const h = await recordHistory(ada.db, WS, "accounts", id);
    expect(h.source).toBe("replayed");
    expect(h.entries.map((e) => [e.kind, e.by, e.changes])).toEqual([
      ["created", "ada", [{ field: "name", from: undefined, to: "Old Co" }]],
      ["changed", "bo", [{ field: "name", from: "Old Co", to: "New Co" }]],
    ]);
  });
});

describe("the replayed update log (records without recorded entries)", () => {
  it("lists creation, each field change with old and new value, deletion and restore, with who and when", () => {
    const doc = new Y.Doc();
    recordsOf(doc);
    const log: Uint8Array[] = [];
    doc.on("update", (u: Uint8Array) => log.push(u));
    writeStory((fields, actor, now) => writeRecord(doc, "a1", fields, { actor, now, version: 3 }));
    const h = historyFromUpdates(log, "a1");
    expect(h.map((e) => [e.kind, e.at, e.by])).toEqual(STORY);
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
