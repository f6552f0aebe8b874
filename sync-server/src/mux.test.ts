import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CloseCode, decodeMessage, encodeQueryAwareness, encodeUpdate, unwrapDoc, wrapForDoc } from "@crm/protocol";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as Y from "yjs";
import { createServer, type RunningServer } from "./app.js";
import { MuxClient, RawSocket, waitUntil } from "./testing/clients.js";

const ACCOUNTS = "default/records/accounts/03";
const NOTE = "default/notes/account/acc-1";

describe("multiplexed endpoint /sync", () => {
  let dataDir: string;
  let server: RunningServer;
  const clients: MuxClient[] = [];
  const open = async () => {
    const c = await MuxClient.open(server.wsUrl);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), "crm-mux-"));
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((c) => c.close()));
    await server?.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("two clients exchange updates on two documents over one socket each", async () => {
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", dataDir });
    const a = await open();
    const b = await open();
    for (const c of [a, b]) {
      c.subscribe(ACCOUNTS);
      c.subscribe(NOTE);
    }
    await Promise.all([a, b].flatMap((c) => [c.waitSynced(ACCOUNTS), c.waitSynced(NOTE)]));

    a.doc(ACCOUNTS).getMap("records").set("acc-1", { name: "Acme" });
    b.doc(NOTE).getText("body").insert(0, "Call back on Monday");
    b.doc(ACCOUNTS).getMap("records").set("acc-2", { name: "Globex" });

    await waitUntil("accounts converge", () => a.doc(ACCOUNTS).getMap("records").size === 2);
    await waitUntil("accounts converge at b", () => b.doc(ACCOUNTS).getMap("records").size === 2);
    await waitUntil("note reaches a", () => a.doc(NOTE).getText("body").toString() === "Call back on Monday");
    for (const c of [a, b]) {
      await c.waitPersisted(ACCOUNTS);
      await c.waitPersisted(NOTE);
    }
    expect(server.storage.listDocs()).toEqual([NOTE, ACCOUNTS].sort());
    expect(a.errors).toEqual([]);
  });

  it("acknowledges with persisted only after the update is stored", async () => {
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", dataDir: join(dataDir, "ack") });
    const raw = await RawSocket.open(server.wsUrl);
    const source = new Y.Doc();
    const updates: Uint8Array[] = [];
    source.on("update", (u: Uint8Array) => updates.push(u));
    for (let i = 0; i < 5; i++) source.getMap("m").set(`k${i}`, i);

    const storedAtAck: number[] = [];
    raw.ws.on("message", (data) => {
      const { docName, message } = unwrapDoc(new Uint8Array(data as Buffer));
      const decoded = decodeMessage(message);
      if (decoded.type !== "persisted" || docName !== ACCOUNTS) return;
      const count = decoded.count;
      // Synchronously, at the moment the ack arrives, the acknowledged updates are in storage.
      const stored = server.storage.loadUpdates(ACCOUNTS).updates.map((u) => Buffer.from(u).toString("hex"));
      for (const u of updates.slice(0, count)) expect(stored).toContain(Buffer.from(u).toString("hex"));
      storedAtAck.push(count);
    });
    for (const u of updates) raw.send(wrapForDoc(ACCOUNTS, encodeUpdate(u)));
    // An empty update counts too, without a row.
    raw.send(wrapForDoc(ACCOUNTS, encodeUpdate(new Uint8Array([0, 0]))));
    await waitUntil("six acks", () => storedAtAck.length === 6);
    expect(storedAtAck).toEqual([1, 2, 3, 4, 5, 6]);
    expect(server.storage.loadUpdates(ACCOUNTS).updates).toHaveLength(5);
    await raw.close();
  });

  it("unsubscribe stops the relay for that document only; a later message rejoins", async () => {
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1" });
    const a = await open();
    const b = await open();
    for (const c of [a, b]) {
      c.subscribe(ACCOUNTS);
      c.subscribe(NOTE);
    }
    await Promise.all([a, b].flatMap((c) => [c.waitSynced(ACCOUNTS), c.waitSynced(NOTE)]));
    const bAccounts = b.doc(ACCOUNTS);
    b.unsubscribe(ACCOUNTS);
    // The unsubscribe must reach the server before a's edit (they travel on different sockets).
    await waitUntil("server dropped b from the room", () => server.rooms.get(ACCOUNTS).size === 1);
    let relayedToB = 0;
    b.socket.ws.on("message", (data) => {
      if (unwrapDoc(new Uint8Array(data as Buffer)).docName === ACCOUNTS) relayedToB++;
    });
    a.doc(ACCOUNTS).getMap("records").set("x", 1);
    a.doc(NOTE).getText("body").insert(0, "still here");
    await waitUntil("note still relayed", () => b.doc(NOTE).getText("body").length > 0);
    await a.waitPersisted(ACCOUNTS);
    expect(relayedToB).toBe(0);
    expect(bAccounts.getMap("records").size).toBe(0);

    b.subscribe(ACCOUNTS, bAccounts);
    await waitUntil("rejoined and caught up", () => bAccounts.getMap("records").get("x") === 1);
  });

  it("refuses an invalid document name with an error and 4404", async () => {
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1" });
    const c = await open();
    c.subscribe("../../etc/passwd");
    const closed = await c.socket.waitClosed();
    expect(closed.code).toBe(CloseCode.badDocumentName);
    expect(c.errors).toEqual([
      { docName: "../../etc/passwd", code: "bad-document-name", message: expect.stringContaining("invalid") },
    ]);
  });

  it("unloads an idle room and compacts a document with many rows when it loads", async () => {
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", roomIdleMs: 50 });
    const a = await open();
    const doc = a.subscribe(ACCOUNTS);
    await a.waitSynced(ACCOUNTS);
    for (let i = 0; i < 80; i++) doc.getMap("records").set(`r${i}`, i);
    await a.waitPersisted(ACCOUNTS);
    expect(server.storage.loadUpdates(ACCOUNTS).updates.length).toBeGreaterThanOrEqual(80);
    a.unsubscribe(ACCOUNTS);
    await waitUntil("room unloaded", () => !server.rooms.loaded().includes(ACCOUNTS));
    expect(server.storage.loadUpdates(ACCOUNTS).updates).toHaveLength(1);

    const b = await open();
    const copy = b.subscribe(ACCOUNTS);
    await b.waitSynced(ACCOUNTS);
    expect(copy.getMap("records").size).toBe(80);
  });

  it("closes a connection that floods the server (rate-limited, transient 4029); others carry on", async () => {
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", maxMessagesPerSecond: 20 });
    const calm = await open();
    calm.subscribe(ACCOUNTS);
    await calm.waitSynced(ACCOUNTS);
    const flood = await RawSocket.open(server.wsUrl);
    const queryAwareness = wrapForDoc(NOTE, encodeQueryAwareness());
    // 20/s with bursts of 10 s worth: 200 pass at once, the 201st is refused.
    for (let i = 0; i < 250; i++) flood.send(queryAwareness);
    const closed = await flood.waitClosed();
    expect(closed.code).toBe(CloseCode.rateLimited);
    expect(closed.reason).toContain("rate-limited");
    calm.doc(ACCOUNTS).getMap("records").set("still", 1);
    await calm.waitPersisted(ACCOUNTS);
    expect(calm.socket.closed).toBeUndefined();
  });

  it("refuses an update that would grow a document beyond MAX_DOC_BYTES, storing none of it", async () => {
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", maxDocBytes: 4000 });
    const c = await open();
    const doc = c.subscribe(NOTE);
    await c.waitSynced(NOTE);
    doc.getText("body").insert(0, "a".repeat(2500));
    await c.waitPersisted(NOTE);
    const rows = server.storage.loadUpdates(NOTE).updates.length;
    doc.getText("body").insert(0, "b".repeat(2500));
    const closed = await c.socket.waitClosed();
    expect(closed.code).toBe(CloseCode.tooLarge);
    expect(c.errors).toEqual([{ docName: NOTE, code: "too-large", message: expect.stringContaining("MAX_DOC_BYTES") }]);
    expect(server.storage.loadUpdates(NOTE).updates.length).toBe(rows);
  });
});
