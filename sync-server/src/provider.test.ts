import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { WebSocket } from "ws";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";
import { createServer, type RunningServer } from "./app.js";
import { provisionWorkspace, waitUntil } from "./testing/clients.js";

// The stock y-websocket provider, unchanged, against the per-document endpoint.
const DOC = "default/records/accounts/07";
const WebSocketPolyfill = WebSocket as unknown as typeof globalThis.WebSocket;

describe("stock y-websocket WebsocketProvider on /sync/<doc>", () => {
  let dataDir: string;
  let server: RunningServer | undefined;
  const providers: WebsocketProvider[] = [];

  const connect = (doc = new Y.Doc(), name = DOC, params?: Record<string, string>) => {
    const provider = new WebsocketProvider(server!.wsUrl, name, doc, {
      WebSocketPolyfill,
      disableBc: true, // in one process, BroadcastChannel would sync the docs without the server
      ...(params ? { params } : {}),
    });
    providers.push(provider);
    return provider;
  };

  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), "crm-provider-"));
  });
  afterEach(async () => {
    for (const p of providers.splice(0)) {
      p.destroy();
      p.doc.destroy();
    }
    await server?.close();
    server = undefined;
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("two providers converge, and a third sees the data after a server restart", async () => {
    const consoleError = vi.spyOn(console, "error");
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", dataDir });
    const a = connect();
    const b = connect();
    await waitUntil("both synced", () => a.synced && b.synced);

    a.doc.getMap("records").set("acc-1", "Acme");
    b.doc.getMap("records").set("acc-2", "Globex");
    a.doc.getText("notes").insert(0, "hello ");
    b.doc.getText("notes").insert(0, "world ");
    const converged = () => isDeepStrictEqual(a.doc.toJSON(), b.doc.toJSON()) && a.doc.getMap("records").size === 2;
    await waitUntil("the two docs to converge", converged);
    expect(b.doc.getMap("records").toJSON()).toEqual({ "acc-1": "Acme", "acc-2": "Globex" });
    const expected = a.doc.toJSON();
    // No extension messages reached the stock clients.
    expect(consoleError).not.toHaveBeenCalledWith("Unable to compute message");
    consoleError.mockRestore();

    // Everything the providers sent is stored before we stop the server.
    await waitUntil("updates stored", () => {
      const stored = new Y.Doc();
      for (const u of server!.storage.loadUpdates(DOC).updates) Y.applyUpdate(stored, u);
      stored.getMap("records");
      stored.getText("notes");
      return isDeepStrictEqual(stored.toJSON(), expected);
    });
    for (const p of providers.splice(0)) p.destroy();
    await server.close();

    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1", dataDir });
    const c = connect();
    c.doc.getText("notes");
    await waitUntil("third provider synced", () => c.synced && c.doc.getMap("records").size === 2);
    expect(c.doc.toJSON()).toEqual(expected);
  });

  it("relays awareness and removes a client's awareness when it disconnects", async () => {
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1" });
    const a = connect();
    const b = connect();
    a.awareness.setLocalStateField("user", { name: "Ada" });
    await waitUntil("b sees a's awareness", () => b.awareness.getStates().get(a.doc.clientID)?.user?.name === "Ada");

    // A newcomer gets the current states on join.
    const c = connect();
    await waitUntil("c sees a's awareness", () => c.awareness.getStates().has(a.doc.clientID));

    a.disconnect();
    await waitUntil("a's awareness removed at b", () => !b.awareness.getStates().has(a.doc.clientID));
    await waitUntil("a's awareness removed at c", () => !c.awareness.getStates().has(a.doc.clientID));
  });

  it("closes with 4404 on an invalid document name, and the provider stops retrying", async () => {
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1" });
    const p = connect(new Y.Doc(), "not/a/valid/Name!");
    const closed = new Promise<{ code: number }>((resolve) => p.on("closed", (e) => resolve(e)));
    const event = await Promise.race([
      closed,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no close")), 5000)),
    ]);
    expect(event.code).toBe(4404);
  });

  it("sends persisted acknowledgements only with ?ext=1", async () => {
    server = await createServer({ auth: "off", port: 0, host: "127.0.0.1" });
    const p = connect(new Y.Doc(), DOC, { ext: "1" });
    const consoleError = vi.spyOn(console, "error").mockImplementation(() => {});
    await waitUntil("synced", () => p.synced);
    p.doc.getMap("m").set("k", 1);
    await waitUntil("the provider saw an extension message", () =>
      consoleError.mock.calls.some((call) => call[0] === "Unable to compute message"),
    );
    consoleError.mockRestore();
  });
});

describe("stock WebsocketProvider against a server that requires sign-in", () => {
  let dataDir: string;
  let server: RunningServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("connects with a service token in params, and stops retrying when refused (4401)", async () => {
    dataDir = mkdtempSync(join(tmpdir(), "crm-provider-auth-"));
    const { workspace, token } = await provisionWorkspace(dataDir, "editor");
    server = await createServer({ port: 0, host: "127.0.0.1", dataDir });
    const name = `${workspace}/records/accounts/07`;
    const open = (params?: Record<string, string>) =>
      new WebsocketProvider(server!.wsUrl, name, new Y.Doc(), {
        WebSocketPolyfill,
        disableBc: true,
        ...(params ? { params } : {}),
      });
    const bot = open({ token });
    await waitUntil("the bot to sync", () => bot.synced);
    bot.doc.getMap("records").set("from-bot", 1);
    await waitUntil("stored", () => server!.storage.loadUpdates(name).updates.length > 0);

    const anonymous = open();
    const closes: number[] = [];
    anonymous.on("connection-close", (event) => {
      if (event) closes.push(event.code);
    });
    await waitUntil("the refusal", () => closes.length > 0);
    await new Promise((r) => setTimeout(r, 1500)); // a retrying provider would be back within 1.2 s
    expect(closes).toEqual([4401]);
    expect(anonymous.shouldConnect).toBe(false);
    expect(anonymous.doc.getMap("records").size).toBe(0);
    for (const p of [bot, anonymous]) {
      p.destroy();
      p.doc.destroy();
    }
  });
});
