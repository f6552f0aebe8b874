import { allShardDocNames, DEFAULT_WORKSPACE, type DemoSize, recordTypes } from "@crm/schema";
import { CrmDatabase, databaseName } from "../local/db.js";
import { DirtyDocs } from "../local/dirty.js";
import { type Identity, identity } from "../local/identity.js";
import { LocalStore } from "../local/store.js";
import { SyncClient } from "../sync/client.js";
import { NetworkError, reserveNumbers } from "./api.js";
import { NumberReserve } from "./numberReserve.js";
import { OtherWorkspaces } from "./otherWorkspaces.js";

/** Everything a signed-in tab holds for one workspace. */
const EMPTY_STATE_VECTOR = new Uint8Array([0]);
/** How long after connecting the quote/order number reserve is topped up (see below). */
const REFILL_DELAY_MS = 3000;

export interface Runtime {
  workspace: string;
  db: CrmDatabase;
  store: LocalStore;
  sync: SyncClient;
  me: Identity;
  /** Quote and order numbers: this device's reserve of the workspace's blocks (runtime/numberReserve.ts). */
  numbers: NumberReserve;
  /** Opens a document and keeps it synced until the returned function is called. */
  track(name: string): Promise<{ awareness: ReturnType<SyncClient["subscribe"]>; release(): void }>;
  /** Progress of subscribing record documents for sync after the first paint: [done, total]. */
  onShardProgress(listener: (done: number, total: number) => void): () => void;
  /**
   * Names of the documents holding changes this device made that the server has not stored:
   * the same notion as the save state's (unacknowledged in IndexedDB, or still being written).
   */
  unsentChanges(): Promise<string[]>;
  /** Writes the seeded demo workspace of that size (same seed → same records, ids included). */
  loadDemo(size: DemoSize, options?: DemoOptions): Promise<{ written: number; cancelled: boolean }>;
  destroy(): void;
}

export interface DemoOptions {
  seed?: number;
  /** Records written so far, of all. */
  onProgress?(done: number, total: number): void;
  /** Stops after the batch being written; what was written stays (it is ordinary data). */
  signal?: AbortSignal;
}

export interface RuntimeOptions {
  workspace?: string;
  syncUrl: string;
  dexieOptions?: ConstructorParameters<typeof CrmDatabase>[1];
  WebSocketImpl?: typeof WebSocket;
  /** Start decoding record documents after this many ms (the first paint comes first). */
  shardDelayMs?: number;
  /** Who is signed in (the session's person); without one, a remembered guest identity. */
  identity?: Identity;
  /** Record collections this person's role may read; the others are never requested. */
  canRead?: (collection: string) => boolean;
  /** Record collections this person's role may write (no number blocks are asked for the others). */
  canWrite?: (collection: string) => boolean;
  /** See SyncClientOptions.onServerClose. */
  onServerClose?: (code: number, reason: string) => void;
  /**
   * The person's other workspaces: any of them holding unsent changes on this device is synced in
   * the background (only those documents) until the server has stored them, and until then this
   * runtime's save state does not say "synced" (see others.ts).
   */
  otherWorkspaces?: readonly string[];
}

export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const workspace = options.workspace ?? DEFAULT_WORKSPACE;
  const db = new CrmDatabase(databaseName(workspace), options.dexieOptions);
  // Open IndexedDB now, while React mounts: the first list query then finds it open.
  void db.open().catch(() => {});
  const me = options.identity ?? (await identity(db));
  const refs = new Map<string, number>();
  const progress = new Set<(done: number, total: number) => void>();
  const shardNames = Object.values(recordTypes)
    .filter((t) => options.canRead?.(t.collection) ?? true)
    .flatMap((t) => allShardDocNames(workspace, t));
  const shardSet = new Set(shardNames);
  let shardsSubscribed = false;
  let destroyed = false;
  let sync: SyncClient | null = null;
  let dirty: DirtyDocs | null = null;
  let others: OtherWorkspaces | null = null;
  const store = new LocalStore(
    db,
    workspace,
    () => me.id,
    (origin) => origin === sync,
  );
  sync = new SyncClient({
    url: options.syncUrl,
    WebSocketImpl: options.WebSocketImpl,
    // "Synced" also needs every document with unacknowledged changes to be sent, screen or not.
    hasLocalWork: () =>
      store.hasPendingLocalWrites() || !shardsSubscribed || (dirty?.busy ?? true) || (others?.busy ?? false),
    onDocSynced: (name, sv) => dirty?.synced(name, sv),
    onConnect: () => dirty?.connected(),
    ...(options.onServerClose ? { onServerClose: options.onServerClose } : {}),
  });
  const client = sync;

  /**
   * A document stays subscribed while a screen has it, while it is a record shard, and while it
   * holds changes the server has not acknowledged (a screen let go of notes typed offline: they
   * are sent on reconnect all the same) — until the server has acknowledged them.
   */
  const keep = (name: string) =>
    shardSet.has(name) ||
    (refs.get(name) ?? 0) > 0 ||
    (dirty?.holds(name) ?? true) ||
    store.hasPendingLocalWritesFor(name) ||
    !client.isSynced(name);
  const letGo = (name: string) => {
    if (!destroyed && client.has(name) && !keep(name)) client.unsubscribe(name);
  };
  dirty = new DirtyDocs({
    workspace,
    store,
    client,
    isShard: (name) => shardSet.has(name),
    letGo,
    changed: () => client.emitStatus(),
  });
  const dirtyDocs = dirty;
  store.onLocalUpdate((name, update) => {
    dirtyDocs.localWrite(name);
    client.sendLocalUpdate(name, update);
    client.emitStatus();
  });
  const elsewhere = (options.otherWorkspaces ?? []).filter((w) => w !== workspace);
  if (elsewhere.length) {
    others = new OtherWorkspaces(elsewhere, {
      ...(options.dexieOptions ? { dexieOptions: options.dexieOptions } : {}),
      open: (other) =>
        createRuntime({
          workspace: other,
          syncUrl: options.syncUrl,
          ...(options.dexieOptions ? { dexieOptions: options.dexieOptions } : {}),
          ...(options.WebSocketImpl ? { WebSocketImpl: options.WebSocketImpl } : {}),
          ...(options.identity ? { identity: options.identity } : {}),
          // Only its unsent documents: no record shards, no number blocks.
          canRead: () => false,
        }),
      changed: () => client.emitStatus(),
    });
  }

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
        refs.set(name, (refs.get(name) ?? 1) - 1);
        letGo(name);
      },
    };
  }

  // Record documents are synced *cold*: from the state vectors stored with their updates, with
  // no decoding. One is decoded only when it is written to, when the server has something new for
  // it, or when it holds changes the server has not acknowledged (sync/client.ts). The lists read
  // the indexed projection throughout, so startup costs neither time nor memory per record.
  store.onDocOpened((name, doc) => client.attach(name, doc));
  store.onColdWrite((name, sv) => {
    if (client.has(name)) client.coldWritten(name, sv);
    else client.subscribeCold(name, { sv, dirty: true, load: () => store.openDoc(name) });
  });
  const loadShards = async () => {
    if (destroyed) return;
    // Also read on every connection (onConnect); read here for a start without one. After the
    // first paint, like the shards: until then the save state says "Syncing" anyway.
    void dirtyDocs.scan();
    const states = new Map((await db.docState.bulkGet(shardNames)).filter((r) => r).map((r) => [r!.name, r!]));
    for (const name of shardNames) {
      const state = states.get(name);
      const loaded = store.loadedDoc(name);
      if (loaded) client.subscribe(name, loaded);
      else
        client.subscribeCold(name, {
          sv: state?.sv ?? EMPTY_STATE_VECTOR,
          // A document stored before state vectors were kept is treated as unacknowledged: decoded.
          dirty: state ? state.dirty || !state.sv : false,
          load: () => store.openDoc(name),
        });
    }
    shardsSubscribed = true;
    for (const l of progress) l(shardNames.length, shardNames.length);
    client.emitStatus();
  };
  setTimeout(() => void loadShards(), options.shardDelayMs ?? 0);
  const numbers = new NumberReserve(db, {
    fetchBlock: (kind, count, atLeast) => reserveNumbers(workspace, kind, count, atLeast),
    // Without canWrite, what may not be read may not be written either (tools syncing a few types).
    canReserve: (kind) => (options.canWrite ?? options.canRead)?.(kind === "quote" ? "quotes" : "orders") ?? true,
    onError: (kind, err) => {
      if (!(err instanceof NetworkError) && !destroyed) console.warn(`${kind} numbers not reserved:`, err);
    },
  });
  // The reserve is topped up whenever the server is reachable (again), so a device that goes offline
  // later has numbers to give — a few seconds after connecting: a refill reads every quote and
  // order number on the device (its `atLeast`), which must not compete with the first paint and
  // the first search. Offline there is nothing to ask, so nothing is read.
  let wasConnected = false;
  let refillTimer: ReturnType<typeof setTimeout> | undefined;
  client.onStatus((status) => {
    const connected = status === "syncing" || status === "synced";
    if (connected && !wasConnected && !destroyed) {
      clearTimeout(refillTimer);
      refillTimer = setTimeout(() => void (destroyed || numbers.refillAll()), REFILL_DELAY_MS);
    }
    wasConnected = connected;
  });
  client.connect();

  return {
    workspace,
    db,
    store,
    sync: client,
    me,
    numbers,
    track,
    onShardProgress(listener) {
      progress.add(listener);
      listener(shardsSubscribed ? shardNames.length : 0, shardNames.length);
      return () => progress.delete(listener);
    },
    async loadDemo(size, { seed = 7, onProgress, signal } = {}) {
      let written = 0;
      // Batches of one collection each, generated as they are written: memory stays flat and the
      // page can show progress (and stop) between them.
      // The generator (names, industries, price lists) is loaded only when someone asks for it.
      const { demoBatches } = await import("@crm/schema/demo");
      for (const batch of demoBatches(size, seed, Date.now())) {
        if (signal?.aborted || destroyed) return { written, cancelled: true };
        await store.writeMany(batch.collection, batch.records);
        written = batch.done;
        onProgress?.(batch.done, batch.total);
        await new Promise((r) => setTimeout(r, 0)); // let the page paint the progress
      }
      return { written, cancelled: false };
    },
    async unsentChanges() {
      const stored = (await store.dirtyDocs()).map((d) => d.name);
      return [...new Set([...stored, ...dirtyDocs.names(), ...store.pendingLocalDocNames()])].sort();
    },
    destroy() {
      destroyed = true;
      dirtyDocs.destroy();
      others?.destroy();
      client.destroy();
      store.destroy();
      db.close();
    },
  };
}
