import { allShardDocNames, recordDocName, recordsOf, recordTypes, type StoredRecord, writeRecord } from "@crm/schema";
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import { afterEach, describe, expect, it, vi } from "vitest";
import * as Y from "yjs";
import { CrmDatabase } from "./db.js";
import { LocalStore } from "./store.js";

const REMOTE = Symbol("server");

function open(factory: IDBFactory) {
  const db = new CrmDatabase("crm-test", { indexedDB: factory, IDBKeyRange });
  return {
    db,
    store: new LocalStore(
      db,
      "ws1",
      () => "ada",
      (origin) => origin === REMOTE,
    ),
  };
}

function contacts(n: number, from = 0): StoredRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `c${from + i}`,
    firstName: `Bea${from + i}`,
    lastName: "Kim",
    email: `bea${from + i}@bench.example`,
    phone: `+4420${1_000_000 + i}`,
    title: "",
    accountId: "",
  }));
}

/** The projection row a list reads, derived from the record in the document. */
function expectedRow(doc: Y.Doc, id: string) {
  const type = recordTypes.contacts;
  const migrated = type.migrate(recordsOf(doc).get(id)!.toJSON() as StoredRecord);
  return { ...migrated, sortKey: type.sortKey(migrated as never), terms: type.searchTerms(migrated as never) };
}

afterEach(() => vi.useRealTimers());

describe("LocalStore.writeMany", () => {
  it("stores every shard's update with its projection rows and state vector; a reload sees the same", async () => {
    const factory = new IDBFactory();
    const { db, store } = open(factory);
    await store.writeMany("contacts", contacts(300));
    await store.writeMany("contacts", contacts(200, 300));
    const names = allShardDocNames("ws1", recordTypes.contacts).filter((n) => store.loadedDoc(n));
    expect(names.length).toBeGreaterThan(30);
    expect(await db.contacts.count()).toBe(500);
    for (const name of names) {
      const doc = store.loadedDoc(name)!;
      const state = await db.docState.get(name);
      // The handshake's vector is exactly what the stored log holds, and the rows are the records.
      expect(state).toEqual({ name, dirty: true, sv: Y.encodeStateVector(doc) });
      for (const id of recordsOf(doc).keys()) expect(await db.contacts.get(id)).toEqual(expectedRow(doc, id));
    }
    store.destroy();
    db.close();

    const again = open(factory);
    for (const name of names) {
      const doc = await again.store.openDoc(name);
      expect(Y.encodeStateVector(doc)).toEqual((await again.db.docState.get(name))!.sv);
      expect(recordsOf(doc).size).toBe(recordsOf(store.loadedDoc(name) ?? doc).size);
    }
    expect((await again.db.contacts.toArray()).map((r) => r.email).sort()).toEqual(
      contacts(500)
        .map((r) => r.email)
        .sort(),
    );
    again.store.destroy();
    again.db.close();
  });

  it("gives the same records and rows as writing them one by one", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_700_000_000_000);
    const bulk = open(new IDBFactory());
    const single = open(new IDBFactory());
    const records = contacts(120);
    await bulk.store.writeMany("contacts", records);
    for (const r of records) await single.store.write("contacts", String(r.id), r);
    expect(await bulk.db.contacts.orderBy("id").toArray()).toEqual(await single.db.contacts.orderBy("id").toArray());
    for (const name of allShardDocNames("ws1", recordTypes.contacts)) {
      const a = bulk.store.loadedDoc(name);
      const b = single.store.loadedDoc(name);
      expect(a?.getMap("records").toJSON()).toEqual(b?.getMap("records").toJSON());
    }
    for (const s of [bulk, single]) {
      s.store.destroy();
      s.db.close();
    }
  });

  it("never stores a state vector claiming structs the document is still missing", async () => {
    const { db, store } = open(new IDBFactory());
    const name = allShardDocNames("ws1", recordTypes.contacts)[0]!;
    const doc = await store.openDoc(name);
    // A teammate's two edits; the second arrives first (its dependency is not here yet).
    const theirs = new Y.Doc();
    const updates: Uint8Array[] = [];
    theirs.on("update", (u: Uint8Array) => updates.push(u));
    writeRecord(theirs, "t1", { lastName: "Lee" }, { actor: "bo", now: 1, version: 2 });
    writeRecord(theirs, "t1", { lastName: "Li" }, { actor: "bo", now: 2, version: 2 });
    Y.applyUpdate(doc, updates[1]!, REMOTE);
    await store.flush();
    // Claiming the second edit would make the server skip the first one for ever (it sends only
    // what lies beyond our vector): until the first arrives, nothing of the teammate's is claimed.
    const claimed = (await db.docState.get(name))?.sv;
    expect(claimed && Y.decodeStateVector(claimed).get(theirs.clientID)).toBeFalsy();
    Y.applyUpdate(doc, updates[0]!, REMOTE);
    await store.flush();
    expect((await db.docState.get(name))!.sv).toEqual(Y.encodeStateVector(theirs));
    expect(await db.contacts.get("t1")).toMatchObject({ lastName: "Li" });
    store.destroy();
    db.close();
  });
});

describe("LocalStore.createMany (new records, shards left undecoded)", () => {
  it("stores the same records and rows as writing them one by one, without decoding a shard", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(1_700_000_000_000);
    const factory = new IDBFactory();
    const bulk = open(factory);
    const single = open(new IDBFactory());
    const coldWrites: string[] = [];
    bulk.store.onColdWrite((name) => coldWrites.push(name));
    const records = contacts(400);
    await bulk.store.createMany("contacts", records.slice(0, 200));
    await bulk.store.createMany("contacts", records.slice(200));
    for (const r of records) await single.store.write("contacts", String(r.id), r);
    expect(bulk.store.openDocNames()).toEqual([]);
    expect(coldWrites.length).toBeGreaterThan(60);
    expect(await bulk.db.contacts.orderBy("id").toArray()).toEqual(await single.db.contacts.orderBy("id").toArray());

    // What a reload decodes is those records, and the handshake's vector is the shard's.
    const again = open(factory);
    for (const name of allShardDocNames("ws1", recordTypes.contacts)) {
      const doc = await again.store.openDoc(name);
      expect(doc.getMap("records").toJSON()).toEqual(single.store.loadedDoc(name)?.getMap("records").toJSON() ?? {});
      const state = await again.db.docState.get(name);
      if (!state) continue;
      expect(state.sv).toEqual(Y.encodeStateVector(doc));
      expect(state.dirty).toBe(true);
      // The second batch continued the first one's client: one client id per shard, not per batch.
      expect(Y.decodeStateVector(state.sv!).size).toBe(1);
    }
    for (const s of [bulk, single, again]) {
      s.store.destroy();
      s.db.close();
    }
  });

  it("writes into a decoded shard as usual, and a shard decoded during the write ends up holding it", async () => {
    const { db, store } = open(new IDBFactory());
    const names = allShardDocNames("ws1", recordTypes.contacts);
    const decoded = await store.openDoc(names[0]!);
    const records = contacts(300);
    const written = store.createMany("contacts", records);
    const racing = store.openDoc(names[1]!); // decoded while the bulk transaction is in flight
    await written;
    const late = await racing;
    const inShard = (name: string) =>
      records.filter((r) => recordDocName("ws1", recordTypes.contacts, String(r.id)) === name).map((r) => r.id);
    expect([...recordsOf(decoded).keys()].sort()).toEqual(inShard(names[0]!).sort());
    expect([...recordsOf(late).keys()].sort()).toEqual(inShard(names[1]!).sort());
    expect(await db.contacts.count()).toBe(300);
    // An edit of an imported record in a decoded shard changes that record, not a new copy.
    const id = String(inShard(names[1]!)[0]);
    await store.update(
      "contacts",
      id,
      { ...records.find((r) => r.id === id), title: "CTO" },
      (await db.contacts.get(id))!,
    );
    expect(await db.contacts.get(id)).toMatchObject({ title: "CTO", email: records.find((r) => r.id === id)!.email });
    store.destroy();
    db.close();
  });

  it("a failed transaction stores nothing and its client id is not continued", async () => {
    const { db, store } = open(new IDBFactory());
    await store.createMany("contacts", contacts(100));
    const before = await db.updates.count();
    // A row IndexedDB cannot store (a function is not cloneable) aborts the whole transaction.
    const bad = contacts(100, 100).map((r, i) => (i === 50 ? { ...r, title: (() => 1) as unknown as string } : r));
    await expect(store.createMany("contacts", bad)).rejects.toThrow();
    expect(await db.updates.count()).toBe(before);
    expect(await db.contacts.count()).toBe(100);
    await store.createMany("contacts", contacts(100, 200));
    // Every stored update still applies completely: no struct follows a clock that was never stored.
    for (const name of allShardDocNames("ws1", recordTypes.contacts)) {
      const doc = new Y.Doc();
      for (const row of await db.updates.where("doc").equals(name).toArray()) Y.applyUpdate(doc, row.data);
      expect(doc.store.pendingStructs).toBeNull();
    }
    expect(await db.contacts.count()).toBe(200);
    store.destroy();
    db.close();
  });
});
