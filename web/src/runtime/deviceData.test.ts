import "fake-indexeddb/auto";
import { inboxReadDocName, noteDocName, savedQueriesDocName, savedViewsDocName, settingsDocName } from "@crm/schema";
import Dexie from "dexie";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { CrmDatabase } from "../local/db.js";
import { docKind, removeDeviceData, unsentOnDevice } from "./deviceData.js";
import { createRuntime } from "./runtime.js";

/** Web Storage in memory (Node has none). */
class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  get length() {
    return this.items.size;
  }
  key(i: number) {
    return [...this.items.keys()][i] ?? null;
  }
  getItem(k: string) {
    return this.items.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.items.set(k, String(v));
  }
  removeItem(k: string) {
    this.items.delete(k);
  }
  clear() {
    this.items.clear();
  }
  keys() {
    return [...this.items.keys()].sort();
  }
}

async function seed(workspace: string, rows: { name: string; dirty: boolean }[]) {
  const db = new CrmDatabase(`crm-${workspace}`);
  await db.docState.bulkPut(rows);
  db.close();
}

async function databases(): Promise<string[]> {
  return (await indexedDB.databases()).map((d) => d.name ?? "").sort();
}

beforeEach(async () => {
  for (const name of await databases()) await Dexie.delete(name);
  Object.assign(globalThis, { localStorage: new MemoryStorage(), sessionStorage: new MemoryStorage() });
});
afterEach(() => {
  Object.assign(globalThis, { localStorage: undefined, sessionStorage: undefined });
});

describe("what this device has not sent", () => {
  it("lists every workspace's documents flagged dirty, and none of a clean one", async () => {
    await seed("w1", [{ name: noteDocName("w1", "account", "a1"), dirty: false }]);
    await seed("w2", [
      { name: noteDocName("w2", "account", "a1"), dirty: true },
      { name: settingsDocName("w2"), dirty: true },
      { name: savedViewsDocName("w2"), dirty: false },
    ]);
    expect(await unsentOnDevice(null, [])).toEqual([
      { workspace: "w2", docs: [noteDocName("w2", "account", "a1"), settingsDocName("w2")] },
    ]);
  });

  it("asks the open workspace's runtime, which also knows the writes still on their way", async () => {
    const runtime = await createRuntime({
      workspace: "open",
      // Nothing listens there: the runtime stays offline.
      syncUrl: "ws://127.0.0.1:9/sync",
      WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
      shardDelayMs: 60_000,
    });
    try {
      const name = noteDocName("open", "account", "a1");
      const doc = await runtime.store.openDoc(name);
      doc.getText("body").insert(0, "typed");
      // On its way into IndexedDB or stored there: unsent either way.
      expect(await unsentOnDevice(runtime, [])).toEqual([{ workspace: "open", docs: [name] }]);
      await runtime.store.flush();
      expect(await unsentOnDevice(runtime, [])).toEqual([{ workspace: "open", docs: [name] }]);
    } finally {
      runtime.destroy();
    }
  });

  it("names the kind of each document", () => {
    expect(docKind("w/records/accounts/07")).toBe("records");
    expect(docKind(noteDocName("w", "contact", "c1"))).toBe("notes");
    expect(docKind(settingsDocName("w"))).toBe("settings");
    expect(docKind(savedViewsDocName("w"))).toBe("savedViews");
    expect(docKind(savedQueriesDocName("w"))).toBe("savedQueries");
    expect(docKind(inboxReadDocName("w", "u1"))).toBe("inbox");
  });
});

describe("removing this device's data", () => {
  it("deletes every workspace's database and the crm.* keys but the language, and nothing else", async () => {
    await seed("w1", [{ name: settingsDocName("w1"), dirty: false }]);
    await seed("w2", [{ name: settingsDocName("w2"), dirty: false }]);
    const other = new Dexie("another-app");
    other.version(1).stores({ t: "id" });
    await other.open();
    other.close();
    for (const key of ["crm.session", "crm.workspace", "crm.people.w1", "crm.language", "theirs"])
      localStorage.setItem(key, "x");
    sessionStorage.setItem("crm.settings.draft.w1.general", "{}");

    await removeDeviceData([]);
    expect(await databases()).toEqual(["another-app"]);
    expect((localStorage as MemoryStorage).keys()).toEqual(["crm.language", "theirs"]);
    expect(sessionStorage.length).toBe(0);
  });
});
