import { createServer, MemoryStorage, type RunningServer } from "@crm/sync-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TestDevice, until } from "./support/clients.js";

let server: RunningServer;
beforeAll(async () => {
  server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", storage: new MemoryStorage() });
});
afterAll(async () => server.close());

describe("web client ↔ server", () => {
  it("a record created on one device reaches another and both say synced", async () => {
    const a = new TestDevice(server.wsUrl, "t1");
    const b = new TestDevice(server.wsUrl, "t1");
    const ra = await a.open();
    const rb = await b.open();
    await until(() => ra.sync.status === "synced" && rb.sync.status === "synced", 10_000, "both synced");
    const res = await ra.store.create("accounts", { name: "Acme" });
    expect(res.ok).toBe(true);
    await until(async () => (await rb.db.accounts.count()) === 1, 5_000, "b sees the account");
    await until(() => ra.sync.status === "synced", 5_000, "a synced");
    a.close();
    b.close();
  });
});
