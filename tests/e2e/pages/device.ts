import type { Page } from "@playwright/test";

/*
 * What the page's own device holds, through the app's test hook `window.__crm` and the browser's
 * storage: records written as a form would write them, the signed-in person, unsent changes.
 */

type Crm = {
  me: { id: string };
  store: {
    create(c: string, r: object): Promise<{ ok: boolean; id: string; issues?: unknown }>;
    writeMany(c: string, r: unknown[]): Promise<void>;
  };
  db: Record<string, { count(): Promise<number> }>;
  loadDemo(size: string): Promise<unknown>;
  unsentChanges(): Promise<string[]>;
};

export class Device {
  constructor(readonly page: Page) {}

  /** Writes a record through the app's own store (as a form would), returning its id. */
  create(collection: string, record: object): Promise<string> {
    return this.page.evaluate(
      async ([c, r]) => {
        const result = await (window as unknown as { __crm: Crm }).__crm.store.create(c as string, r as object);
        if (!result.ok) throw new Error(JSON.stringify(result.issues));
        return result.id;
      },
      [collection, record] as const,
    );
  }

  /** Writes records one by one through the app's own store (each validated as a form would), returning their ids. */
  async createMany(collection: string, records: object[]): Promise<string[]> {
    const ids: string[] = [];
    for (const record of records) ids.push(await this.create(collection, record));
    return ids;
  }

  /** Writes many records of each collection, as an import does. */
  async writeMany(data: Record<string, unknown[]>): Promise<void> {
    await this.page.evaluate(async (d) => {
      const crm = (window as unknown as { __crm: Crm }).__crm;
      for (const [collection, records] of Object.entries(d)) await crm.store.writeMany(collection, records);
    }, data);
  }

  /** The demo workspace ("Load demo data"), written to the end. */
  async loadDemo(size = "demo"): Promise<void> {
    await this.page.evaluate((s) => (window as unknown as { __crm: Crm }).__crm.loadDemo(s), size);
  }

  /** How many records of `collection` this device has. */
  count(collection: string): Promise<number> {
    return this.page.evaluate((c) => (window as unknown as { __crm: Crm }).__crm.db[c]!.count(), collection);
  }

  /** The signed-in person's id. */
  myId(): Promise<string> {
    return this.page.evaluate(() => (window as unknown as { __crm: Crm }).__crm.me.id);
  }

  /** The documents this tab still has to get stored by the server (the save state's notion). */
  unsentChanges(): Promise<string[]> {
    return this.page.evaluate(() => (window as unknown as { __crm: Crm }).__crm.unsentChanges());
  }

  /** The app's IndexedDB databases on this origin. */
  databases(): Promise<string[]> {
    return this.page.evaluate(async () =>
      (await indexedDB.databases()).map((d) => d.name ?? "").filter((n) => n.startsWith("crm-")),
    );
  }

  /** The app's localStorage keys (`crm.*`). */
  storageKeys(): Promise<string[]> {
    return this.page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("crm.")));
  }

  /** Waits until the service worker controls the page, so a reload works with the server down. */
  async waitForServiceWorker(): Promise<void> {
    await this.page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      if (!navigator.serviceWorker.controller) {
        await new Promise<void>((r) =>
          navigator.serviceWorker.addEventListener("controllerchange", () => r(), { once: true }),
        );
      }
    });
  }
}
