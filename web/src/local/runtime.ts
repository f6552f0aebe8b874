import {
  allShardDocNames,
  DEFAULT_WORKSPACE,
  type DemoSize,
  generateDemo,
  recordTypes,
  type StoredRecord,
} from "@crm/schema";
import { SyncClient } from "../sync/client.js";
import { CrmDatabase, databaseName } from "./db.js";
import { type Identity, identity } from "./identity.js";
import { LocalStore } from "./store.js";

/** Everything a signed-in tab holds for one workspace. */
export interface Runtime {
  workspace: string;
  db: CrmDatabase;
  store: LocalStore;
  sync: SyncClient;
  me: Identity;
  /** Opens a document and keeps it synced until the returned function is called. */
  track(name: string): Promise<{ awareness: ReturnType<SyncClient["subscribe"]>; release(): void }>;
  /** Progress of decoding record documents in the background: [done, total]. */
  onShardProgress(listener: (done: number, total: number) => void): () => void;
  /** Writes the seeded demo workspace of that size (same seed → same records, ids included). */
  loadDemo(size: DemoSize, seed?: number): Promise<void>;
  destroy(): void;
}

export interface RuntimeOptions {
  workspace?: string;
  syncUrl: string;
  dexieOptions?: ConstructorParameters<typeof CrmDatabase>[1];
  WebSocketImpl?: typeof WebSocket;
  /** Start decoding record documents after this many ms (the first paint comes first). */
  shardDelayMs?: number;
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const workspace = options.workspace ?? DEFAULT_WORKSPACE;
  const db = new CrmDatabase(databaseName(workspace), options.dexieOptions);
  const me = await identity(db);
  const refs = new Map<string, number>();
  const progress = new Set<(done: number, total: number) => void>();
  const shardNames = Object.values(recordTypes).flatMap((t) => allShardDocNames(workspace, t));
  let shardsDone = 0;
  let destroyed = false;
  let sync: SyncClient | null = null;
  const store = new LocalStore(
    db,
    workspace,
    () => me.id,
    (origin) => origin === sync,
  );
  sync = new SyncClient({
    url: options.syncUrl,
    WebSocketImpl: options.WebSocketImpl,
    hasLocalWork: () => store.hasPendingLocalWrites() || shardsDone < shardNames.length,
    onDocSynced: (name) => void store.markClean(name),
  });
  const client = sync;
  store.onLocalUpdate((name, update) => {
    client.sendLocalUpdate(name, update);
    client.emitStatus();
  });

  async function track(name: string) {
    const doc = await store.openDoc(name);
    refs.set(name, (refs.get(name) ?? 0) + 1);
    const awareness = client.subscribe(name, doc);
    let released = false;
    return {
      awareness,
      release() {
        if (released) return;
        released = true;
        const n = (refs.get(name) ?? 1) - 1;
        refs.set(name, n);
        if (n === 0 && !shardNames.includes(name)) client.unsubscribe(name);
      },
    };
  }

  // Record documents are decoded after the first paint, one at a time, yielding between them
  // so typing and scrolling stay smooth; the lists meanwhile read the indexed projection.
  const loadShards = async () => {
    for (const name of shardNames) {
      if (destroyed) return;
      const doc = await store.openDoc(name);
      client.subscribe(name, doc);
      shardsDone++;
      for (const l of progress) l(shardsDone, shardNames.length);
      if (shardsDone === shardNames.length) client.emitStatus();
      await new Promise((r) => setTimeout(r, 0));
    }
  };
  setTimeout(() => void loadShards(), options.shardDelayMs ?? 0);
  client.connect();

  return {
    workspace,
    db,
    store,
    sync: client,
    me,
    track,
    onShardProgress(listener) {
      progress.add(listener);
      listener(shardsDone, shardNames.length);
      return () => progress.delete(listener);
    },
    async loadDemo(size, seed = 7) {
      const demo = generateDemo(size, seed, Date.now());
      await store.writeMany("accounts", demo.accounts as unknown as StoredRecord[]);
      await store.writeMany("contacts", demo.contacts as unknown as StoredRecord[]);
    },
    destroy() {
      destroyed = true;
      client.destroy();
      store.destroy();
      db.close();
    },
  };
}
