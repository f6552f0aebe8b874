import { parseDocName } from "@crm/schema";
import type { SyncClient } from "../sync/client.js";
import { coversStateVector } from "../sync/stateVector.js";
import type { LocalStore } from "./store.js";

const EMPTY_STATE_VECTOR = new Uint8Array([0]);

export interface DirtyDocsOptions {
  workspace: string;
  store: LocalStore;
  client: SyncClient;
  /** Record shard documents: subscribed cold (not decoded) when only their changes must be sent. */
  isShard(name: string): boolean;
  /** The document may be unsubscribed now, if nothing else keeps it (see runtime.ts). */
  letGo(name: string): void;
  /** Something that the save state depends on changed. */
  changed(): void;
}

/**
 * The documents this device changed that the server has not acknowledged storing — `dirty` in
 * `docState`, set in the same IndexedDB transaction as the update — kept subscribed until it
 * has, whether or not a screen has them open: notes, settings, saved views and queries, record
 * shards, any kind to come. The list is read from IndexedDB at startup and on every connection
 * (another tab, since closed, may have left changes), and grows with every local write.
 *
 * The save state may say "Synced" only when this holds nothing (`busy` is false): a document
 * leaves the list only once IndexedDB's flag is cleared, which `LocalStore.markClean` does only
 * when the server is known to hold every struct stored for it.
 */
export class DirtyDocs {
  private readonly dirty = new Set<string>();
  /** Local writes handed to the sync client, per document: a clean verdict older than one is stale. */
  private readonly writes = new Map<string, number>();
  private scanning = 0;
  private read = false;
  /**
   * Documents caught up from IndexedDB on this connection — once each, never a loop: later
   * "behind" verdicts wait for what the server relays (another tab still sending) or the next
   * connection's scan.
   */
  private readonly caughtUp = new Set<string>();
  private destroyed = false;

  constructor(private readonly o: DirtyDocsOptions) {}

  /** True while the save state cannot say "synced" because of unacknowledged documents. */
  get busy(): boolean {
    return !this.read || this.scanning > 0 || this.dirty.size > 0;
  }

  /** Does the document hold changes the server has not acknowledged (as far as this tab knows)? */
  holds(name: string): boolean {
    return this.dirty.has(name);
  }

  names(): string[] {
    return [...this.dirty];
  }

  /** A connection opened: read the stored list again, before the handshakes are answered. */
  connected(): void {
    this.caughtUp.clear();
    void this.scan();
  }

  /** Reads the dirty documents from IndexedDB and makes sure each is being sent. */
  async scan(): Promise<void> {
    this.scanning++;
    try {
      const rows = await this.o.store.dirtyDocs();
      for (const { name, sv } of rows) {
        if (this.destroyed) return;
        if (parseDocName(name)?.workspace !== this.o.workspace) continue;
        this.dirty.add(name);
        const { client } = this.o;
        if (!client.has(name)) {
          await this.subscribe(name, sv);
          continue;
        }
        const local = client.localStateVector(name);
        // Stored beyond this tab's copy (another tab wrote it): read it in and send it.
        if (sv && local && !coversStateVector(local, sv)) await this.catchUp(name, sv);
        else if (client.isSynced(name)) void this.clean(name, local!);
      }
      this.read = true;
    } catch (err) {
      // Not knowing what is unsent, the save state keeps saying "Syncing"; the next connection retries.
      console.warn("could not read the documents with unsent changes:", err);
    } finally {
      this.scanning--;
      if (!this.destroyed) this.o.changed();
    }
  }

  /** A local update of `name` is stored (and about to be handed to the sync client). */
  localWrite(name: string): void {
    this.dirty.add(name);
    this.writes.set(name, (this.writes.get(name) ?? 0) + 1);
    const loaded = this.o.store.loadedDoc(name);
    if (!this.o.client.has(name) && loaded) this.o.client.subscribe(name, loaded);
  }

  /**
   * The sync client says the server holds everything this tab sent of `name`, and at least `sv`
   * (after each acknowledgement, and each update the server relays while synced).
   */
  synced(name: string, sv: Uint8Array): void {
    if (this.dirty.has(name)) void this.clean(name, sv);
    else this.o.letGo(name);
  }

  destroy(): void {
    this.destroyed = true;
  }

  /** Documents with a `markClean` under way, and the newest state vector that arrived meanwhile. */
  private readonly cleaning = new Map<string, Uint8Array | null>();

  private async clean(name: string, sv: Uint8Array): Promise<void> {
    // One at a time per document (relayed updates of co-edited notes come many a second); the
    // latest state vector that came meanwhile is tried right after.
    if (this.cleaning.has(name)) {
      this.cleaning.set(name, sv);
      return;
    }
    this.cleaning.set(name, null);
    try {
      await this.cleanOnce(name, sv);
    } finally {
      const again = this.cleaning.get(name);
      this.cleaning.delete(name);
      if (again && !this.destroyed && this.dirty.has(name)) void this.clean(name, again);
    }
  }

  private async cleanOnce(name: string, sv: Uint8Array): Promise<void> {
    const writes = this.writes.get(name) ?? 0;
    const result = await this.o.store.markClean(name, sv);
    if (this.destroyed) return;
    if (result.state === "clean") {
      // A write stored meanwhile keeps it dirty: its own acknowledgement comes back here.
      if ((this.writes.get(name) ?? 0) === writes) this.dirty.delete(name);
      this.o.letGo(name);
      this.o.changed();
    } else if (result.state === "behind") await this.catchUp(name, result.sv);
    // "busy": a local write of it is on its way; its acknowledgement comes back here.
  }

  /**
   * IndexedDB holds structs of `name` beyond this tab's copy: a decoded copy reads them in, a cold
   * one is marked dirty (its handshake then decodes it from IndexedDB), and the handshake runs
   * again so that they are sent.
   */
  private async catchUp(name: string, storedSv: Uint8Array): Promise<void> {
    if (this.caughtUp.has(name) || this.o.store.hasPendingLocalWritesFor(name)) return;
    this.caughtUp.add(name);
    if (!(await this.o.store.refresh(name))) this.o.client.coldWritten(name, storedSv);
    if (!this.destroyed) this.o.client.resync(name);
  }

  private async subscribe(name: string, sv: Uint8Array | undefined): Promise<void> {
    const { client, store } = this.o;
    if (this.o.isShard(name) && !store.loadedDoc(name)) {
      client.subscribeCold(name, { sv: sv ?? EMPTY_STATE_VECTOR, dirty: true, load: () => store.openDoc(name) });
      return;
    }
    // A copy decoded earlier in this tab may lack what another tab stored since.
    if (store.loadedDoc(name)) await store.refresh(name);
    const doc = await store.openDoc(name);
    if (!this.destroyed && !client.has(name)) client.subscribe(name, doc);
  }
}
