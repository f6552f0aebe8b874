import { noteDocName, savedViewsDocName, settingsDocName } from "@crm/schema";
import { createServer, MemoryStorage, type RunningServer } from "@crm/sync-server";
import { IDBKeyRange } from "fake-indexeddb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import * as Y from "yjs";
import { CrmDatabase, databaseName } from "../web/src/local/db.js";
import { createRuntime, type Runtime } from "../web/src/runtime/runtime.js";
import { TestDevice, until } from "./support/clients.js";

/*
 * "Synced" means the server has durably stored every change made on this device — documents no
 * screen has open included. Each test watches every status the runtime reports and checks, at
 * that very moment, what the (in-process) server has stored.
 */

const WS = "truth";
const NOTE = noteDocName(WS, "account", "acc-1");
const SETTINGS = settingsDocName(WS);
const VIEWS = savedViewsDocName(WS);

/** What each document should hold: a text for notes, a key for settings and views. */
const expected: Record<string, (doc: Y.Doc) => boolean> = {
  [NOTE]: (doc) => doc.getText("body").toString() === "Call back on Monday",
  [SETTINGS]: (doc) => doc.getMap("t").get("currency") === "EUR",
  [VIEWS]: (doc) => doc.getMap("t").get("view") === "big deals",
};

function stored(storage: MemoryStorage, name: string): Y.Doc {
  const doc = new Y.Doc();
  for (const u of storage.loadUpdates(name).updates) Y.applyUpdate(doc, u);
  return doc;
}

/** Every time the runtime says "synced", the server must already hold `names` as expected. */
function watchTruth(runtime: Runtime, storage: MemoryStorage, names: string[]) {
  const lies: string[] = [];
  runtime.sync.onStatus((s) => {
    if (s !== "synced") return;
    for (const name of names) if (!expected[name]!(stored(storage, name))) lies.push(name);
  });
  return lies;
}

/** Opens `name`, changes it as a screen would, and lets go of it (the screen is left). */
async function editAndLeave(runtime: Runtime, name: string): Promise<void> {
  const tracked = await runtime.track(name);
  const doc = await runtime.store.openDoc(name);
  if (name === NOTE) doc.getText("body").insert(0, "Call back on Monday");
  else if (name === SETTINGS) doc.getMap("t").set("currency", "EUR");
  else doc.getMap("t").set("view", "big deals");
  await runtime.store.flush();
  tracked.release();
}

function openTab(device: TestDevice, workspace = WS, otherWorkspaces?: string[]): Promise<Runtime> {
  return createRuntime({
    workspace,
    ...(otherWorkspaces ? { otherWorkspaces } : {}),
    syncUrl: device.wsUrl,
    dexieOptions: { indexedDB: device.indexedDB, IDBKeyRange },
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    shardDelayMs: 0,
    canRead: (collection) => collection === "accounts",
  });
}

describe("the save state never says Synced before the server stored every change", () => {
  let storage: MemoryStorage;
  let server: RunningServer;
  let port: number | undefined;
  const closers: (() => void)[] = [];
  beforeEach(() => {
    storage = new MemoryStorage();
    port = undefined;
  });
  afterEach(async () => {
    for (const close of closers.splice(0)) close();
    await server.close();
  });

  async function serverUp(): Promise<void> {
    server = await createServer({ auth: "off", port: port ?? 0, host: "127.0.0.1", storage });
    port = Number(new URL(server.wsUrl).port);
  }

  async function device(): Promise<TestDevice> {
    const d = new TestDevice(server.wsUrl, WS);
    closers.push(() => d.close());
    return d;
  }

  it("notes, settings and a saved view changed offline and left are sent on reconnect", async () => {
    await serverUp();
    const a = await device();
    const ra = await a.open();
    await until(() => ra.sync.status === "synced", 10_000, "a synced");
    await server.close();
    await until(() => ra.sync.status === "offline", 10_000, "a offline");
    for (const name of [NOTE, SETTINGS, VIEWS]) await editAndLeave(ra, name);
    const lies = watchTruth(ra, storage, [NOTE, SETTINGS, VIEWS]);

    await serverUp();
    await until(() => ra.sync.status === "synced", 15_000, "a synced again");
    expect(lies).toEqual([]);
    for (const name of [NOTE, SETTINGS, VIEWS]) expect(expected[name]!(stored(storage, name))).toBe(true);
    // Acknowledged: clean in IndexedDB, and no longer kept subscribed (no screen has them).
    await until(() => [NOTE, SETTINGS, VIEWS].every((n) => !ra.sync.has(n)), 5_000, "documents let go");
    expect((await ra.db.docState.bulkGet([NOTE, SETTINGS, VIEWS])).map((r) => r?.dirty)).toEqual([false, false, false]);

    const b = await device();
    const rb = await b.open();
    const note = await rb.track(NOTE);
    const copy = await rb.store.openDoc(NOTE);
    await until(() => expected[NOTE]!(copy), 5_000, "b reads the notes");
    note.release();
  });

  it("changes left unsent by a closed tab are sent when the device opens the workspace again", async () => {
    await serverUp();
    const a = await device();
    const ra = await a.open();
    await until(() => ra.sync.status === "synced", 10_000, "a synced");
    await server.close();
    await until(() => ra.sync.status === "offline", 10_000, "a offline");
    await editAndLeave(ra, NOTE);
    await editAndLeave(ra, VIEWS);
    a.close();

    await serverUp();
    const again = await a.open();
    // Watched from before the first connection: no "Synced" before the unsent list is read.
    const lies = watchTruth(again, storage, [NOTE, VIEWS]);
    await until(() => again.sync.status === "synced", 15_000, "a synced after reopening");
    expect(lies).toEqual([]);
    expect(await again.unsentChanges()).toEqual([]);
  });

  it("a tab still open sends what another tab of the device stored and left unsent, its own stale copy included", async () => {
    await serverUp();
    const dev = await device();
    const one = await openTab(dev);
    const two = await openTab(dev);
    closers.push(
      () => one.destroy(),
      () => two.destroy(),
    );
    await until(() => one.sync.status === "synced" && two.sync.status === "synced", 10_000, "both tabs synced");
    // Tab two decodes the notes (a screen opened and left them): its copy stays in memory.
    (await two.track(NOTE)).release();
    await until(() => !two.sync.has(NOTE), 5_000, "tab two let the notes go");

    await server.close();
    await until(() => one.sync.status === "offline" && two.sync.status === "offline", 10_000, "offline");
    await editAndLeave(one, NOTE);
    await editAndLeave(one, SETTINGS);
    one.destroy();
    expect(expected[NOTE]!(await two.store.openDoc(NOTE))).toBe(false);
    const lies = watchTruth(two, storage, [NOTE, SETTINGS]);

    await serverUp();
    await until(() => two.sync.status === "synced", 15_000, "tab two synced");
    expect(lies).toEqual([]);
    expect(expected[NOTE]!(stored(storage, NOTE))).toBe(true);
    expect(expected[SETTINGS]!(stored(storage, SETTINGS))).toBe(true);
    expect(await two.unsentChanges()).toEqual([]);
  });

  it("changes left unsent in another workspace are sent while a different one is open, which says Synced only after", async () => {
    await serverUp();
    const dev = await device();
    const first = await openTab(dev);
    await until(() => first.sync.status === "synced", 10_000, "first workspace synced");
    await server.close();
    await until(() => first.sync.status === "offline", 10_000, "offline");
    await editAndLeave(first, NOTE);
    await editAndLeave(first, VIEWS);
    // The person switches to their other workspace.
    first.destroy();
    const second = await openTab(dev, "elsewhere", [WS, "elsewhere"]);
    closers.push(() => second.destroy());
    const lies = watchTruth(second, storage, [NOTE, VIEWS]);

    await serverUp();
    await until(() => second.sync.status === "synced", 15_000, "the open workspace synced");
    expect(lies).toEqual([]);
    expect(expected[NOTE]!(stored(storage, NOTE))).toBe(true);
    const db = new CrmDatabase(databaseName(WS), { indexedDB: dev.indexedDB, IDBKeyRange });
    expect((await db.docState.filter((r) => r.dirty).toArray()).map((r) => r.name)).toEqual([]);
    db.close();
  });
});
