import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { allShardDocNames, noteDocName, parseDocName, recordDocName, settingsDocName, shardOf } from "./docs.js";
import { AccountType } from "./records/account.js";
import { recordTypes } from "./recordTypes.js";
import { readRecord, touchedRecordIds, writeRecord } from "./yrecords.js";

describe("document names", () => {
  it("round-trips shard and note names", () => {
    expect(parseDocName(recordDocName("default", AccountType, "abc"))).toMatchObject({
      kind: "records",
      collection: "accounts",
    });
    expect(parseDocName(noteDocName("default", "account", "abc"))).toEqual({
      kind: "notes",
      workspace: "default",
      typeName: "account",
      recordId: "abc",
    });
    expect(allShardDocNames("w1", AccountType)).toHaveLength(AccountType.shards);
    expect(parseDocName(settingsDocName("w1"))).toEqual({ kind: "settings", workspace: "w1", scope: "workspace" });
  });

  it("names a valid document for every shard of every record type", () => {
    for (const type of Object.values(recordTypes))
      for (const name of allShardDocNames("w1", type))
        expect(parseDocName(name), name).toMatchObject({ kind: "records", collection: type.collection });
    expect(parseDocName(noteDocName("w1", "surveyResponse", "abc"))).toMatchObject({ typeName: "surveyResponse" });
  });

  it("refuses names outside the scheme", () => {
    for (const bad of [
      "",
      "default",
      "../etc/passwd",
      "default/records/accounts/x1",
      "Default/notes/account/a",
      "a/b/c/d/e",
      "default/settings/workspace/other",
      "default/settings/user/main",
      "default/records/SurveyResponses/00",
      `w/notes/account/${"x".repeat(300)}`,
    ]) {
      expect(parseDocName(bad), bad).toBeNull();
    }
  });

  it("accepts only the canonical name of a document that can exist", () => {
    // One document, one name: the shard is spelled as shardDocName spells it.
    expect(parseDocName("w1/records/accounts/07")).toMatchObject({ shard: 7 });
    for (const alias of ["w1/records/accounts/7", "w1/records/accounts/007", "w1/records/accounts/0007"])
      expect(parseDocName(alias), alias).toBeNull();
    // Shards stop at each type's count; 100+ only where a type has that many.
    expect(parseDocName(`w1/records/accounts/${AccountType.shards - 1}`)).not.toBeNull();
    expect(parseDocName(`w1/records/accounts/${AccountType.shards}`)).toBeNull();
    expect(parseDocName("w1/records/orders/127")).toMatchObject({ collection: "orders", shard: 127 });
    expect(parseDocName("w1/records/orders/128")).toBeNull();
    expect(parseDocName("w1/records/products/01")).toBeNull();
    // Only known collections and note types; the workspace-wide notes only under "all".
    expect(parseDocName("w1/records/fuzz/00")).toBeNull();
    expect(parseDocName("w1/records/savedViews/00")).toBeNull();
    expect(parseDocName("w1/notes/secret/x")).toBeNull();
    expect(parseDocName("w1/notes/savedQuery/all")).toMatchObject({ typeName: "savedQuery", recordId: "all" });
    expect(parseDocName("w1/notes/savedView/all")).toMatchObject({ typeName: "savedView" });
    expect(parseDocName("w1/notes/savedView/other")).toBeNull();
    // Record ids: the id format, bounded.
    expect(parseDocName(`w1/notes/account/${"a".repeat(64)}`)).not.toBeNull();
    expect(parseDocName(`w1/notes/account/${"a".repeat(65)}`)).toBeNull();
    for (const id of ["Abc", "-a", "a.b", "a b", "a%2f", "é"])
      expect(parseDocName(`w1/notes/account/${id}`), id).toBeNull();
  });

  it("spreads ids evenly and stably over shards", () => {
    const counts = new Array(AccountType.shards).fill(0);
    for (let i = 0; i < 32_000; i++) counts[shardOf(`id-${i}`, AccountType.shards)]++;
    expect(Math.min(...counts)).toBeGreaterThan(800);
    expect(Math.max(...counts)).toBeLessThan(1200);
    expect(shardOf("stable-id", 32)).toBe(shardOf("stable-id", 32));
  });
});

describe("records in a shard document", () => {
  it("merges concurrent edits of different fields of one record", () => {
    const a = new Y.Doc();
    writeRecord(a, "r1", { name: "Acme", phone: "1", website: "" }, { actor: "a", now: 1, version: 2 });
    const b = new Y.Doc();
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    writeRecord(a, "r1", { website: "https://acme.io" }, { actor: "a", now: 2, version: 2 });
    writeRecord(b, "r1", { phone: "+4930123456" }, { actor: "b", now: 2, version: 2 });
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b));
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    expect(readRecord(a, "r1")).toMatchObject({ website: "https://acme.io", phone: "+4930123456" });
    expect(readRecord(b, "r1")).toEqual(readRecord(a, "r1"));
  });

  it("writes only fields that changed, and reports which records a transaction touched", () => {
    const doc = new Y.Doc();
    writeRecord(doc, "r1", { name: "A" }, { actor: "a", now: 1, version: 2 });
    let touched = new Set<string>();
    doc.on("afterTransaction", (tr: Y.Transaction) => (touched = touchedRecordIds(tr, doc)));
    expect(writeRecord(doc, "r1", { name: "A", phone: "2" }, { actor: "a", now: 2, version: 2 })).toEqual(["phone"]);
    expect([...touched]).toEqual(["r1"]);
    writeRecord(doc, "r2", { name: "B" }, { actor: "a", now: 3, version: 2 });
    expect([...touched]).toEqual(["r2"]);
  });
});
