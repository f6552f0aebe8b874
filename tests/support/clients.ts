import "fake-indexeddb/auto";
import { IDBFactory, IDBKeyRange } from "fake-indexeddb";
import WebSocket from "ws";
import { createRuntime, type Runtime } from "../../web/src/runtime/runtime.js";

/**
 * A browser-less CRM client: the web app's real LocalStore and SyncClient over fake-indexeddb
 * (one IDBFactory per "device", so reloads find their data) and a `ws` WebSocket.
 */
export class TestDevice {
  readonly indexedDB = new IDBFactory();
  runtime: Runtime | null = null;
  constructor(
    readonly wsUrl: string,
    readonly workspace: string,
  ) {}

  async open(): Promise<Runtime> {
    this.runtime = await createRuntime({
      workspace: this.workspace,
      syncUrl: this.wsUrl,
      dexieOptions: { indexedDB: this.indexedDB, IDBKeyRange },
      WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
      shardDelayMs: 0,
      // The fuzz and crash tests write accounts and contacts: syncing the 300-odd empty shards of
      // the other record types on every reconnect would only slow them down.
      canRead: (collection) => collection === "accounts" || collection === "contacts",
    });
    return this.runtime;
  }

  /** Like closing the tab and opening it again: memory gone, IndexedDB kept. */
  async reload(): Promise<Runtime> {
    await this.runtime?.store.flush();
    this.runtime?.destroy();
    return this.open();
  }

  close(): void {
    this.runtime?.destroy();
    this.runtime = null;
  }
}

export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = "condition",
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
