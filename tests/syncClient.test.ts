import { createServer, type RunningServer } from "@crm/sync-server";
import { HeldStorage } from "@crm/sync-server/testing";
import { afterEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { SyncClient, type SyncStatus } from "../web/src/sync/client.js";

const NOTE = "w1/notes/account/acc-1";

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe("SyncClient acknowledgements across unsubscribe and subscribe", () => {
  let server: RunningServer;
  let storage: HeldStorage;
  let client: SyncClient;
  afterEach(async () => {
    client.destroy();
    storage.releaseAll();
    await server.close();
  });

  async function start() {
    storage = new HeldStorage();
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", storage });
    client = new SyncClient({ url: server.wsUrl, WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket });
    client.connect();
    const doc = new Y.Doc();
    // As LocalStore does: every local update is handed to the client (here without IndexedDB).
    doc.on("update", (u: Uint8Array, origin: unknown) => {
      if (origin !== client) client.sendLocalUpdate(NOTE, u);
    });
    return doc;
  }

  it("an acknowledgement of the earlier subscription's updates does not cover the resubscribed document's", async () => {
    const doc = await start();
    client.subscribe(NOTE, doc);
    await until("synced", () => client.status === "synced");
    doc.getText("body").insert(0, "one");
    await until("one stored", () => client.status === "synced");

    client.unsubscribe(NOTE);
    client.subscribe(NOTE, doc);
    await until("synced again", () => client.status === "synced");
    storage.holding = true;
    const seen: SyncStatus[] = [];
    const off = client.onStatus((s) => seen.push(s));
    doc.getText("body").insert(3, " two");
    await until("the update's commit in flight", () => storage.held === 1);
    // The server has acknowledged three messages of this connection (two before the resubscribe):
    // counted from 0 again, the client would take them for the one it has just sent.
    expect(client.status).toBe("syncing");
    expect(client.isSynced(NOTE)).toBe(false);
    storage.release();
    await until("two stored", () => client.status === "synced");
    off();
    expect(seen).toEqual(["synced", "syncing", "synced"]);
    expect(new TextDecoder().decode(storage.committed.at(-1)!.update)).toContain(" two");
  });

  it("an update still being committed when its subscription ended is acknowledged all the same", async () => {
    const doc = await start();
    client.subscribe(NOTE, doc);
    await until("synced", () => client.status === "synced");
    // Whenever the client says "synced", the server has stored all of the document.
    const lies: string[] = [];
    const off = client.onStatus((s) => {
      if (s !== "synced") return;
      const stored = new Y.Doc();
      for (const c of storage.committed) Y.applyUpdate(stored, c.update);
      const text = stored.getText("body").toString();
      if (text !== doc.getText("body").toString()) lies.push(text);
    });
    storage.holding = true;
    doc.getText("body").insert(0, "in flight");
    await until("the update's commit in flight", () => storage.held === 1);
    client.unsubscribe(NOTE);
    client.subscribe(NOTE, doc);
    expect(client.status).toBe("syncing");
    storage.holding = false;
    storage.releaseAll();
    // The client counts the update sent before it left; a server that dropped that
    // acknowledgement (its subscription was over) would leave it waiting here.
    await until("synced", () => client.status === "synced");
    off();
    expect(lies).toEqual([]);
  });

  it("a relayed update tells onDocSynced that the server holds more (another tab may wait for it)", async () => {
    const doc = await start();
    const synced: Map<number, number>[] = [];
    client.destroy();
    client = new SyncClient({
      url: server.wsUrl,
      WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
      onDocSynced: (_name, sv) => synced.push(Y.decodeStateVector(sv)),
    });
    client.connect();
    client.subscribe(NOTE, doc);
    await until("synced", () => client.status === "synced");
    const other = new SyncClient({
      url: server.wsUrl,
      WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    });
    const theirs = new Y.Doc();
    theirs.on("update", (u: Uint8Array, origin: unknown) => {
      if (origin !== other) other.sendLocalUpdate(NOTE, u);
    });
    other.connect();
    other.subscribe(NOTE, theirs);
    await until("the other synced", () => other.status === "synced");
    theirs.getText("body").insert(0, "from elsewhere");
    await until("relayed", () => doc.getText("body").toString() === "from elsewhere");
    // Called for the relayed update, with a state vector that covers it.
    await until("reported", () => synced.some((sv) => (sv.get(theirs.clientID) ?? 0) > 0));
    other.destroy();
  });
});
