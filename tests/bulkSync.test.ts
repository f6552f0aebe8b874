import { allShardDocNames, newId, recordTypes, type StoredRecord } from "@crm/schema";
import { createServer, MemoryStorage } from "@crm/sync-server";
import { describe, expect, it } from "vitest";
import { TestDevice, until } from "./support/clients.js";

/*
 * An import writes its records into shard documents it never decodes (LocalStore.createMany).
 * Those records must still reach the server and every other device — while connected, and after
 * the server was away during the import.
 */

function contacts(n: number, tag: string): StoredRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    id: newId(),
    firstName: `${tag}${i}`,
    lastName: "Kim",
    email: `${tag}${i}@bulk.example`,
    phone: "",
    title: "",
    accountId: "",
  }));
}

const contactShards = (workspace: string) => allShardDocNames(workspace, recordTypes.contacts);

describe("records created in bulk (shards left undecoded)", () => {
  it("reach another device and the writer says synced, its shards still undecoded", async () => {
    const server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", storage: new MemoryStorage() });
    const a = new TestDevice(server.wsUrl, "bulk1");
    const b = new TestDevice(server.wsUrl, "bulk1");
    try {
      const ra = await a.open();
      const rb = await b.open();
      await until(() => ra.sync.status === "synced" && rb.sync.status === "synced", 10_000, "both synced");
      await ra.store.createMany("contacts", contacts(300, "a"));
      await until(async () => (await rb.db.contacts.count()) === 300, 10_000, "b has the 300 contacts");
      await until(() => ra.sync.status === "synced", 10_000, "a synced");
      expect(contactShards("bulk1").filter((n) => ra.store.loadedDoc(n))).toEqual([]);
      // Acknowledged: the next start has nothing to send, so the shards stay cold there too.
      expect((await ra.db.docState.bulkGet(contactShards("bulk1"))).some((s) => s?.dirty)).toBe(false);
    } finally {
      a.close();
      b.close();
      await server.close();
    }
  });

  it("written while the server is down, they reach it when it is back (same tab, no reload)", async () => {
    const storage = new MemoryStorage();
    let server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", storage });
    const port = Number(new URL(server.wsUrl).port);
    const a = new TestDevice(server.wsUrl, "bulk2");
    const b = new TestDevice(server.wsUrl, "bulk2");
    try {
      const ra = await a.open();
      await until(() => ra.sync.status === "synced", 10_000, "a synced");
      await server.close();
      await until(() => ra.sync.status === "offline", 10_000, "a offline");
      await ra.store.createMany("contacts", contacts(200, "off"));
      server = await createServer({ auth: "off", port, host: "127.0.0.1", storage });
      await until(() => ra.sync.status === "synced", 20_000, "a synced again");
      const rb = await b.open();
      await until(async () => (await rb.db.contacts.count()) === 200, 10_000, "b has the 200 contacts");
    } finally {
      a.close();
      b.close();
      await server.close();
    }
  });
});
