import { DEFAULT_WORKSPACE, parseDocName } from "@crm/schema";
import Dexie from "dexie";
import { CrmDatabase, databaseName } from "../local/db.js";
import type { Runtime } from "./runtime.js";

/*
 * "Sign out and remove this device's data", for shared computers. What this app stores on a
 * device, and what removal does with it:
 *
 * - IndexedDB `crm-<workspace>` (Dexie, one per workspace ever opened here): records, notes,
 *   settings, saved views and queries, their update logs, number reserves — deleted, every one.
 * - localStorage `crm.*`: the remembered session, chosen workspace, the people directory (names
 *   of colleagues), per-list views, the SQL console's scratch text — deleted, except
 *   `crm.language` (the interface language, about nobody: the sign-in screen keeps it).
 * - sessionStorage `crm.*` (unsaved settings drafts, searches) — deleted, in every open tab.
 * - The analytics database: DuckDB-WASM runs in memory only (`db.open({})`, no OPFS, no
 *   IndexedDB), so it lives as long as the tab: the page is reloaded after removal, and every
 *   other tab of the app reloads too (BroadcastChannel), which ends their engines.
 * - Cache Storage: the service worker's app-shell precache and the `duckdb` runtime cache hold
 *   only the app's own public code (scripts, styles, the wasm) — kept, so the app still opens.
 *   Any other cache is removed (none holds data today; one that did would go too).
 *
 * Refused while this device holds changes the server has not stored — the save state's notion
 * (documents flagged dirty in IndexedDB, writes on their way into it), in every workspace here.
 */

const CHANNEL = "crm-device";
/** Cache Storage caches that hold only the app's code, never data. */
const CODE_CACHES = [/^workbox-precache/, /^duckdb$/];
const KEPT_LOCAL_KEYS = new Set(["crm.language"]);
/** This tab, so that it does not act on its own announcement (every channel object of the tab hears it). */
const TAB = Math.random().toString(36).slice(2);

/** Changes one workspace on this device holds that the server has not stored. */
export interface UnsentWorkspace {
  workspace: string;
  /** Names of the documents holding them. */
  docs: string[];
}

/** The workspaces this device holds data of (their IndexedDB databases). */
export async function workspacesOnDevice(known: readonly string[]): Promise<string[]> {
  const prefix = databaseName("");
  let names: string[] = [];
  if (typeof indexedDB.databases === "function") {
    names = (await indexedDB.databases()).map((d) => d.name ?? "").filter((n) => n.startsWith(prefix));
  } else {
    // No way to list databases (old browsers): the workspaces this person has, and the default one.
    names = [...known, DEFAULT_WORKSPACE].map(databaseName);
  }
  return [...new Set(names)].map((n) => n.slice(prefix.length)).sort();
}

/**
 * Every workspace on this device with changes the server has not stored. The open workspace is
 * asked through its runtime (which also knows writes still on their way); the others are read
 * from their databases.
 */
export async function unsentOnDevice(current: Runtime | null, known: readonly string[]): Promise<UnsentWorkspace[]> {
  const found: UnsentWorkspace[] = [];
  for (const workspace of await workspacesOnDevice(known)) {
    let docs: string[];
    if (current && current.workspace === workspace) docs = await current.unsentChanges();
    else {
      const db = new CrmDatabase(databaseName(workspace));
      try {
        docs = (await db.docState.filter((r) => r.dirty).toArray()).map((r) => r.name).sort();
      } finally {
        db.close();
      }
    }
    if (docs.length) found.push({ workspace, docs });
  }
  return found;
}

/** What kind of thing a document is, for telling a person what is unsent. */
export type DocKind = "records" | "notes" | "settings" | "savedViews" | "savedQueries" | "inbox";

export function docKind(name: string): DocKind {
  const parsed = parseDocName(name);
  if (parsed?.kind === "records") return "records";
  if (parsed?.kind === "settings") return "settings";
  if (parsed?.kind === "inbox") return "inbox";
  if (parsed?.kind === "notes" && parsed.typeName === "savedView") return "savedViews";
  if (parsed?.kind === "notes" && parsed.typeName === "savedQuery") return "savedQueries";
  return "notes";
}

/**
 * Deletes this device's data (see above). The open runtime must be closed first. Other tabs are
 * told before their databases go, so that they close them and reload rather than re-create them.
 */
export async function removeDeviceData(known: readonly string[]): Promise<void> {
  clearStorage(localStorage, KEPT_LOCAL_KEYS);
  clearStorage(sessionStorage, new Set());
  announce();
  for (const workspace of await workspacesOnDevice(known)) await Dexie.delete(databaseName(workspace));
  if (typeof caches !== "undefined") {
    for (const name of await caches.keys()) if (!CODE_CACHES.some((re) => re.test(name))) await caches.delete(name);
  }
}

/** Another tab removed this device's data: `then` should close everything and reload. */
export function onDeviceDataRemoved(then: () => void): () => void {
  if (typeof BroadcastChannel === "undefined") return () => {};
  const channel = new BroadcastChannel(CHANNEL);
  channel.onmessage = (event: MessageEvent<{ removed?: string }>) => {
    if (!event.data?.removed || event.data.removed === TAB) return;
    clearStorage(sessionStorage, new Set());
    then();
  };
  return () => channel.close();
}

function announce(): void {
  if (typeof BroadcastChannel === "undefined") return;
  const channel = new BroadcastChannel(CHANNEL);
  channel.postMessage({ removed: TAB });
  channel.close();
}

function clearStorage(storage: Storage, keep: Set<string>): void {
  const keys: string[] = [];
  for (let i = 0; i < storage.length; i++) {
    const key = storage.key(i);
    if (key?.startsWith("crm.") && !keep.has(key)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}
