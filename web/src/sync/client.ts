import {
  CloseCode,
  decodeMessage,
  EMPTY_UPDATE,
  encodeAwarenessStates,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUnsubscribe,
  encodeUpdate,
  isPermanentClose,
  type Message,
  mismatchDirection,
  SyncType,
  unwrapDoc,
  withProtocolVersion,
  wrapForDoc,
} from "@crm/protocol";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { ReconnectingSocket } from "./socket.js";
import { coversStateVector } from "./stateVector.js";
import type { ColdDoc, Counts, DocSync, SyncClientOptions, SyncStatus } from "./types.js";

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
  private readonly socket: ReconnectingSocket;
  private connected = false;
  private everFailed = false;
  private readonly statusListeners = new Set<(s: SyncStatus) => void>();
  private lastStatus: SyncStatus = "saved-locally";
  lastError: { code: string; message: string } | null = null;
  /**
   * The server refused this client's protocol version (close 4426): this copy of the app is older
   * than the server (or newer, after a rollback). Nothing is synced until the page is reloaded.
   */
  updateRequired: "older" | "newer" | null = null;

  constructor(private readonly options: SyncClientOptions) {
    this.socket = new ReconnectingSocket(
      // The protocol version rides on the URL: the server refuses one it no longer speaks (4426).
      statingVersion(options.url),
      options.WebSocketImpl ?? WebSocket,
      options.reconnectDelay ?? { min: 250, max: 2000 },
      {
        opened: () => this.opened(),
        message: (frame) => this.receive(frame),
        closed: (code, reason) => this.closed(code, reason),
      },
    );
  }

  connect(): void {
    this.socket.start();
  }

  /** Closes the socket and stays offline until connect() is called again. */
  disconnect(): void {
    this.socket.stop();
    this.setConnected(false);
  }

  /** Reconnect now (the browser says it is online again, or the person asked). */
  reconnectSoon(): void {
    this.socket.retryNow();
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
      this.sendMessage(entry.name, encodeAwarenessStates(awareness, changed));
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
    this.countsOf(name).sent++;
    this.sendMessage(name, encodeUpdate(update));
    this.emitStatus();
  }

  onStatus(listener: (s: SyncStatus) => void): () => void {
    this.statusListeners.add(listener);
    listener(this.status);
    return () => this.statusListeners.delete(listener);
  }

  get status(): SyncStatus {
    if (this.updateRequired) return "update-required";
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

  private opened(): void {
    this.counts.clear();
    this.options.onConnect?.();
    this.setConnected(true);
    for (const entry of this.docs.values()) this.startDoc(entry);
  }

  private closed(code: number, reason: string): "stop" | "retry" | "retry-soon" {
    this.everFailed = true;
    // Before the status is told: it then says "update required", never a moment of "offline".
    if (code === CloseCode.upgradeRequired) this.updateRequired = mismatchDirection(reason);
    this.setConnected(false);
    if (code >= 4000 && code < 5000) this.options.onServerClose?.(code, reason);
    // The server's permanent refusals (y-websocket convention): retrying cannot help.
    if (isPermanentClose(code)) {
      this.lastError ??= { code: String(code), message: reason };
      return "stop";
    }
    return code === CloseCode.accessChanged ? "retry-soon" : "retry";
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
    this.sendMessage(entry.name, encodeSyncStep1(entry.doc ? Y.encodeStateVector(entry.doc) : entry.cold!.sv));
    if (entry.doc && entry.awareness?.getLocalState() != null) {
      this.sendMessage(entry.name, encodeAwarenessStates(entry.awareness, [entry.doc.clientID]));
    }
  }

  private sendMessage(name: string, message: Uint8Array): void {
    if (this.connected) this.socket.send(wrapForDoc(name, message));
  }

  private receive(frame: Uint8Array): void {
    let docName: string;
    let message: Message;
    try {
      const unwrapped = unwrapDoc(frame);
      docName = unwrapped.docName;
      message = decodeMessage(unwrapped.message);
    } catch {
      return;
    }
    if (message.type === "persisted") {
      // Counted even for a document unsubscribed meanwhile: the count is per connection.
      const counts = this.countsOf(docName);
      counts.acked = Math.max(counts.acked, message.count);
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

  private receiveHot(entry: DocSync, doc: Y.Doc, message: Message): void {
    switch (message.type) {
      case "sync":
        if (message.syncType === SyncType.step1) {
          entry.answeredState = true;
          this.countsOf(entry.name).sent++;
          this.sendMessage(entry.name, encodeSyncStep2(Y.encodeStateAsUpdate(doc, message.payload)));
          return;
        }
        if (message.syncType !== SyncType.step2 && message.syncType !== SyncType.update) return;
        this.applyRemote(doc, message.payload);
        if (message.syncType === SyncType.step2) {
          entry.gotState = true;
          this.checkSynced(entry);
        } else if (message.syncType === SyncType.update && entry.gotState) {
          // The server holds what it relays: what it is known to hold has grown (another tab of this
          // device may be waiting for exactly that to call its stored changes acknowledged).
          this.checkSynced(entry);
        }
        return;
      case "awareness":
        if (entry.awareness) awarenessProtocol.applyAwarenessUpdate(entry.awareness, message.update, this);
        return;
      case "query-awareness":
        if (entry.awareness) {
          this.sendMessage(entry.name, encodeAwarenessStates(entry.awareness, [...entry.awareness.getStates().keys()]));
        }
        return;
      case "error":
        this.lastError = { code: message.code, message: message.message };
        return;
    }
  }

  /** Applies what the server sent; an update Yjs rejects is reported, as y-protocols does. */
  private applyRemote(doc: Y.Doc, update: Uint8Array): void {
    try {
      Y.applyUpdate(doc, update, this);
    } catch (error) {
      console.error("Caught error while handling a Yjs update", error);
    }
  }

  /**
   * A cold document answers the handshake from its stored state vector. Record documents only
   * ever gain structs (fields are set, never deleted — schema/yrecords.ts), so "the server has
   * no structs beyond ours" means there is nothing to apply, and "the server has all our structs
   * and nothing is unacknowledged" means there is nothing to send. Anything else decodes it.
   */
  private receiveCold(entry: DocSync, message: Message): void {
    const cold = entry.cold!;
    if (message.type === "sync") {
      const { syncType, payload } = message;
      if (syncType === SyncType.step1 && !cold.dirty && coversStateVector(payload, cold.sv)) {
        entry.answeredState = true;
        this.countsOf(entry.name).sent++;
        this.sendMessage(entry.name, encodeSyncStep2(EMPTY_UPDATE));
        return;
      }
      if (syncType === SyncType.step2 && Y.parseUpdateMeta(payload).to.size === 0) {
        entry.gotState = true;
        this.checkSynced(entry);
        return;
      }
      this.warm(entry, message);
    } else if (message.type === "error") {
      this.lastError = { code: message.code, message: message.message };
    }
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
  private warm(entry: DocSync, first: Message): void {
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

/** The URL stating this app's protocol version (an unparsable one is left to fail as it is). */
function statingVersion(url: string): string {
  try {
    return withProtocolVersion(url);
  } catch {
    return url;
  }
}
