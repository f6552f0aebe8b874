import { decodeError, encodeUnsubscribe, MessageType, unwrapDoc, wrapForDoc } from "@crm/sync-server/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as syncProtocol from "y-protocols/sync";
import * as Y from "yjs";
import type { ColdDoc, Counts, DocSync, SyncClientOptions, SyncStatus } from "./types.js";
import { awarenessMessage, coversStateVector, emptyStep2 } from "./wire.js";

export type { ColdDoc, SyncClientOptions, SyncStatus } from "./types.js";

/**
 * One WebSocket to the server carrying every open document (y-websocket messages, each prefixed
 * with its document name). Reconnects by itself; on every connection it re-runs the sync
 * handshake, so changes made offline reach the server as the answer to its state vector.
 */
export class SyncClient {
  /** The transaction origin of updates that came from the server. */
  readonly origin = this;
  private readonly docs = new Map<string, DocSync>();
  /** Per document, for the current connection only (see Counts). */
  private readonly counts = new Map<string, Counts>();
  private ws: WebSocket | null = null;
  private connected = false;
  private everFailed = false;
  private stopped = true;
  private retry = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly statusListeners = new Set<(s: SyncStatus) => void>();
  private lastStatus: SyncStatus = "saved-locally";
  private readonly WS: typeof WebSocket;
  lastError: { code: string; message: string } | null = null;

  constructor(private readonly options: SyncClientOptions) {
    this.WS = options.WebSocketImpl ?? WebSocket;
  }

  connect(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.open();
  }

  /** Closes the socket and stays offline until connect() is called again. */
  disconnect(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.ws?.close();
    this.ws = null;
    this.setConnected(false);
  }

  /** Reconnect now (the browser says it is online again, or the person asked). */
  reconnectSoon(): void {
    if (this.stopped || this.connected) return;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retry = 0;
    this.open();
  }

  get isConnected(): boolean {
    return this.connected;
  }

  /** Is the document subscribed (hot or cold)? */
  has(name: string): boolean {
    return this.docs.has(name);
  }

  /** Subscribed, and on this connection: handshake done and every update sent acknowledged. */
  isSynced(name: string): boolean {
    const entry = this.docs.get(name);
    return !!entry && this.connected && this.isDocSynced(entry);
  }

  /** The state vector this tab's copy of a subscribed document holds (decoded or stored). */
  localStateVector(name: string): Uint8Array | null {
    const entry = this.docs.get(name);
    if (!entry) return null;
    return entry.doc ? Y.encodeStateVector(entry.doc) : entry.cold!.sv;
  }

  /**
   * Runs the document's handshake again on this connection (leave, then join): what this tab's
   * copy holds beyond the server's state is sent again. For a copy that learnt of stored changes
   * after its handshake (another tab's, read back from IndexedDB; a cold document marked dirty).
   */
  resync(name: string): void {
    const entry = this.docs.get(name);
    if (!entry || !this.connected) return;
    this.sendMessage(name, encodeUnsubscribe());
    this.startDoc(entry);
    this.emitStatus();
  }

  /** Keeps a decoded document in sync; returns its awareness (presence, cursors). */
  subscribe(name: string, doc: Y.Doc): awarenessProtocol.Awareness {
    const existing = this.docs.get(name);
    if (existing) {
      this.attach(name, doc);
      return existing.awareness!;
    }
    const entry = this.newEntry(name, doc, null);
    if (this.connected) this.startDoc(entry);
    this.emitStatus();
    return entry.awareness!;
  }

  /** Keeps a document in sync without decoding it until there is a reason to (see ColdDoc). */
  subscribeCold(name: string, cold: ColdDoc): void {
    if (this.docs.has(name)) return;
    const entry = this.newEntry(name, null, cold);
    if (this.connected) this.startDoc(entry);
    this.emitStatus();
  }

  /**
   * A local update was stored for a document that stays cold (LocalStore.createMany): its
   * handshake must now offer the new state vector, and, being unacknowledged, decode the document
   * when the server asks what it lacks (on reconnect) rather than answer "nothing".
   */
  coldWritten(name: string, sv: Uint8Array): void {
    const cold = this.docs.get(name)?.cold;
    if (!cold) return;
    cold.sv = sv;
    cold.dirty = true;
  }

  /** The document has been decoded (by us or by a local write): from now on it is handled hot. */
  attach(name: string, doc: Y.Doc): void {
    const entry = this.docs.get(name);
    if (!entry || entry.doc) return;
    entry.doc = doc;
    entry.cold = null;
    this.addAwareness(entry);
  }

  unsubscribe(name: string): void {
    const entry = this.docs.get(name);
    if (!entry) return;
    if (entry.awareness && entry.doc) {
      awarenessProtocol.removeAwarenessStates(entry.awareness, [entry.doc.clientID], "unsubscribe");
    }
    if (this.connected) this.sendMessage(name, encodeUnsubscribe());
    entry.offUpdate();
    entry.awareness?.destroy();
    this.docs.delete(name);
    this.emitStatus();
  }

  private newEntry(name: string, doc: Y.Doc | null, cold: ColdDoc | null): DocSync {
    const entry: DocSync = {
      name,
      doc,
      cold,
      queue: null,
      awareness: null,
      gotState: false,
      answeredState: false,
      offUpdate: () => {},
    };
    this.docs.set(name, entry);
    if (doc) this.addAwareness(entry);
    return entry;
  }

  private addAwareness(entry: DocSync): void {
    const awareness = new awarenessProtocol.Awareness(entry.doc!);
    // Nobody "is" on a document until a screen says so (notes set their reader).
    awareness.setLocalState(null);
    const onAwareness = ({ added, updated, removed }: Record<string, number[]>, origin: unknown) => {
      if (origin === this) return;
      const changed = [...(added ?? []), ...(updated ?? []), ...(removed ?? [])];
      this.sendMessage(entry.name, awarenessMessage(awareness, changed));
    };
    awareness.on("update", onAwareness);
    entry.awareness = awareness;
    entry.offUpdate = () => awareness.off("update", onAwareness);
  }

  /** Sends a local update that is already stored in IndexedDB. */
  sendLocalUpdate(name: string, update: Uint8Array): void {
    const entry = this.docs.get(name);
    // Until we have answered the server's state vector, that answer will carry this update.
    if (!entry || !this.connected || !entry.answeredState) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.sync);
    syncProtocol.writeUpdate(e, update);
    this.countsOf(name).sent++;
    this.sendMessage(name, encoding.toUint8Array(e));
    this.emitStatus();
  }

  onStatus(listener: (s: SyncStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }

  get status(): SyncStatus {
    if (!this.connected) return this.everFailed ? "offline" : "saved-locally";
    if (this.options.hasLocalWork?.()) return "syncing";
    for (const d of this.docs.values()) if (!this.isDocSynced(d)) return "syncing";
    // Updates sent for a document unsubscribed since are still owed an acknowledgement.
    for (const c of this.counts.values()) if (c.acked < c.sent) return "syncing";
    return "synced";
  }

  /** Re-evaluates the status (call after local writes are queued). */
  emitStatus(): void {
    const s = this.status;
    if (s === this.lastStatus) return;
    this.lastStatus = s;
    for (const l of this.statusListeners) l(s);
  }

  destroy(): void {
    this.disconnect();
    for (const name of [...this.docs.keys()]) this.unsubscribe(name);
  }

  private open(): void {
    let ws: WebSocket;
    try {
      ws = new this.WS(this.options.url);
    } catch {
      this.scheduleReconnect();
      return;
    }
    ws.binaryType = "arraybuffer";
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      this.retry = 0;
      this.counts.clear();
      this.options.onConnect?.();
      this.setConnected(true);
      for (const entry of this.docs.values()) this.startDoc(entry);
    };
    ws.onmessage = (event: MessageEvent) => {
      if (this.ws !== ws) return;
      this.receive(new Uint8Array(event.data as ArrayBuffer));
    };
    ws.onclose = (event: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.everFailed = true;
      this.setConnected(false);
      if (event.code >= 4000 && event.code < 5000) this.options.onServerClose?.(event.code, event.reason);
      // 4400–4499 are the server's permanent refusals (y-websocket convention): retrying cannot help.
      if (event.code >= 4400 && event.code < 4500) {
        this.lastError ??= { code: String(event.code), message: event.reason };
        this.stopped = true;
        return;
      }
      if (event.code === 4100) this.retry = 0;
      this.scheduleReconnect();
    };
    ws.onerror = () => {
      // onclose follows and decides what happens next.
    };
  }

  private scheduleReconnect(): void {
    if (this.stopped) return;
    const { min, max } = this.options.reconnectDelay ?? { min: 250, max: 2000 };
    const delay = Math.min(max, min * 2 ** this.retry++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped && !this.ws) this.open();
    }, delay);
  }

  private setConnected(connected: boolean): void {
    this.connected = connected;
    if (!connected) {
      this.counts.clear();
      for (const d of this.docs.values()) {
        d.gotState = false;
        d.answeredState = false;
        // Messages of the old connection must not be answered on the next one.
        if (d.queue) d.queue.length = 0;
        // Everyone else's cursors are stale once we cannot hear them.
        if (d.awareness && d.doc) {
          const others = [...d.awareness.getStates().keys()].filter((id) => id !== d.doc!.clientID);
          awarenessProtocol.removeAwarenessStates(d.awareness, others, this);
        }
      }
    }
    this.emitStatus();
  }

  /** Starts the handshake: our state vector. The counts go on (see Counts). */
  private startDoc(entry: DocSync): void {
    entry.gotState = false;
    entry.answeredState = false;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.sync);
    encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
    encoding.writeVarUint8Array(e, entry.doc ? Y.encodeStateVector(entry.doc) : entry.cold!.sv);
    this.sendMessage(entry.name, encoding.toUint8Array(e));
    if (entry.doc && entry.awareness?.getLocalState() != null) {
      this.sendMessage(entry.name, awarenessMessage(entry.awareness, [entry.doc.clientID]));
    }
  }

  private sendMessage(name: string, message: Uint8Array): void {
    if (this.ws && this.connected && this.ws.readyState === 1)
      this.ws.send(wrapForDoc(name, message) as Uint8Array<ArrayBuffer>);
  }

  private receive(frame: Uint8Array): void {
    let docName: string;
    let message: Uint8Array;
    try {
      ({ docName, message } = unwrapDoc(frame));
    } catch {
      return;
    }
    if (message[0] === MessageType.persisted) {
      // Counted even for a document unsubscribed meanwhile: the count is per connection.
      const d = decoding.createDecoder(message);
      decoding.readVarUint(d);
      let persisted: number;
      try {
        persisted = decoding.readVarUint(d);
      } catch {
        return;
      }
      const counts = this.countsOf(docName);
      counts.acked = Math.max(counts.acked, persisted);
      const entry = this.docs.get(docName);
      if (entry) this.checkSynced(entry);
      this.emitStatus();
      return;
    }
    const entry = this.docs.get(docName);
    if (!entry) return;
    if (entry.queue) entry.queue.push(message);
    else if (entry.doc) this.receiveHot(entry, entry.doc, message);
    else this.receiveCold(entry, message);
    this.emitStatus();
  }

  private receiveHot(entry: DocSync, doc: Y.Doc, message: Uint8Array): void {
    const d = decoding.createDecoder(message);
    const type = decoding.readVarUint(d);
    switch (type) {
      case MessageType.sync: {
        const reply = encoding.createEncoder();
        encoding.writeVarUint(reply, MessageType.sync);
        const syncType = syncProtocol.readSyncMessage(d, reply, doc, this);
        if (syncType === syncProtocol.messageYjsSyncStep1) {
          entry.answeredState = true;
          this.countsOf(entry.name).sent++;
          this.sendMessage(entry.name, encoding.toUint8Array(reply));
        } else if (syncType === syncProtocol.messageYjsSyncStep2) {
          entry.gotState = true;
          this.checkSynced(entry);
        } else if (syncType === syncProtocol.messageYjsUpdate && entry.gotState) {
          // The server holds what it relays: what it is known to hold has grown (another tab of this
          // device may be waiting for exactly that to call its stored changes acknowledged).
          this.checkSynced(entry);
        }
        break;
      }
      case MessageType.awareness:
        if (entry.awareness)
          awarenessProtocol.applyAwarenessUpdate(entry.awareness, decoding.readVarUint8Array(d), this);
        break;
      case MessageType.queryAwareness:
        if (entry.awareness) {
          this.sendMessage(entry.name, awarenessMessage(entry.awareness, [...entry.awareness.getStates().keys()]));
        }
        break;
      default:
        this.receiveControl(entry, type, d);
    }
  }

  /**
   * A cold document answers the handshake from its stored state vector. Record documents only
   * ever gain structs (fields are set, never deleted — schema/yrecords.ts), so "the server has
   * no structs beyond ours" means there is nothing to apply, and "the server has all our structs
   * and nothing is unacknowledged" means there is nothing to send. Anything else decodes it.
   */
  private receiveCold(entry: DocSync, message: Uint8Array): void {
    const cold = entry.cold!;
    const d = decoding.createDecoder(message);
    const type = decoding.readVarUint(d);
    if (type === MessageType.sync) {
      const syncType = decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (syncType === syncProtocol.messageYjsSyncStep1 && !cold.dirty && coversStateVector(payload, cold.sv)) {
        entry.answeredState = true;
        this.countsOf(entry.name).sent++;
        this.sendMessage(entry.name, emptyStep2());
        return;
      }
      if (syncType === syncProtocol.messageYjsSyncStep2 && Y.parseUpdateMeta(payload).to.size === 0) {
        entry.gotState = true;
        this.checkSynced(entry);
        return;
      }
      this.warm(entry, message);
    } else if (type !== MessageType.awareness && type !== MessageType.queryAwareness) {
      this.receiveControl(entry, type, d);
    }
  }

  private receiveControl(_entry: DocSync, type: number, d: decoding.Decoder): void {
    if (type === MessageType.error) this.lastError = decodeError(d);
  }

  private countsOf(name: string): Counts {
    let counts = this.counts.get(name);
    if (!counts) {
      counts = { sent: 0, acked: 0 };
      this.counts.set(name, counts);
    }
    return counts;
  }

  private isDocSynced(d: DocSync): boolean {
    if (!d.gotState || !d.answeredState) return false;
    const counts = this.counts.get(d.name);
    return !counts || counts.acked >= counts.sent;
  }

  private checkSynced(entry: DocSync): void {
    if (!this.isDocSynced(entry)) return;
    // Everything this tab stored for a cold document is now on the server: the next handshake
    // (another connection) needs no decoding for it.
    if (entry.cold) entry.cold.dirty = false;
    this.options.onDocSynced?.(entry.name, entry.doc ? Y.encodeStateVector(entry.doc) : entry.cold!.sv);
  }

  /** Decodes a cold document, then handles what arrived meanwhile, in order. */
  private warm(entry: DocSync, first: Uint8Array): void {
    const cold = entry.cold!;
    entry.queue = [first];
    cold.load().then(
      (doc) => {
        this.attach(entry.name, doc);
        const queued = entry.queue ?? [];
        entry.queue = null;
        if (this.docs.get(entry.name) !== entry) return;
        for (const m of queued) this.receiveHot(entry, doc, m);
        this.emitStatus();
      },
      (error: Error) => {
        entry.queue = null;
        this.lastError = { code: "local-load", message: error.message };
      },
    );
  }
}
