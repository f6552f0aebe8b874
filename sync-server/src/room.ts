import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { errorMessage } from "./errors.js";
import type { Logger } from "./logger.js";
import {
  type ClientMessage,
  encodeAwarenessMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeSyncUpdate,
} from "./messages.js";
import type { Metrics } from "./metrics.js";
import type { DocStorage } from "./storage/types.js";

/** One connection's membership in a room (a socket on `/sync/<doc>`, or one document of a mux socket). */
export interface RoomPeer {
  /** Sends one y-websocket message (the connection adds the document name on the mux endpoint). */
  send(message: Uint8Array): void;
  /** One more sync-step-2/update message from this peer is stored: acknowledge it (extensions only). */
  persisted(): void;
  /** Awareness client ids this peer announced; removed from the room when it leaves. */
  readonly awarenessIds: Set<number>;
}

export interface RoomOptions {
  storage: DocStorage;
  logger: Logger;
  /** Unload this long after the last peer left. */
  idleMs: number;
  /** Called when the room unloads itself; the registry forgets it. */
  onUnload: (room: Room) => void;
  /** Compact on load (and on unload) when a document has more rows than this. */
  compactRows?: number;
  /** Compact while loaded every time this many rows were appended. */
  liveCompactRows?: number;
  /** Counts stored updates, their persist time and relayed messages. */
  metrics?: Metrics;
}

/**
 * A document in memory: its Y.Doc, who is connected, their awareness. Every document update
 * follows the same order: validate (done by `decodeClientMessage`) → store durably → apply →
 * relay to the other peers (the doc's 'update' event) → acknowledge to the sender.
 */
export class Room {
  readonly doc = new Y.Doc();
  readonly awareness: awarenessProtocol.Awareness;
  private readonly peers = new Set<RoomPeer>();
  private rows = 0;
  private lastId = 0;
  private appendedSinceCompaction = 0;
  /** False when a stored row failed to apply: then compaction could drop data, so it is skipped. */
  private compactable = true;
  private idleTimer: NodeJS.Timeout | undefined;
  private unloaded = false;

  constructor(
    readonly name: string,
    private readonly options: RoomOptions,
  ) {
    this.load();
    this.awareness = new awarenessProtocol.Awareness(this.doc);
    this.awareness.setLocalState(null);
    this.doc.on("update", (update: Uint8Array, origin: unknown) => this.relayUpdate(update, origin));
    this.awareness.on("update", (change: AwarenessChange, origin: unknown) => this.relayAwareness(change, origin));
  }

  get size(): number {
    return this.peers.size;
  }

  get isUnloaded(): boolean {
    return this.unloaded;
  }

  /** Adds a peer and greets it as the reference server does: sync step 1, then known awareness. */
  join(peer: RoomPeer): void {
    if (this.unloaded) throw new Error(`room ${this.name} is unloaded`);
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.peers.add(peer);
    peer.send(encodeSyncStep1(this.doc));
    const states = this.awareness.getStates();
    if (states.size > 0) {
      peer.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
  }

  leave(peer: RoomPeer): void {
    if (!this.peers.delete(peer)) return;
    if (peer.awarenessIds.size > 0) {
      awarenessProtocol.removeAwarenessStates(this.awareness, [...peer.awarenessIds], null);
      peer.awarenessIds.clear();
    }
    if (this.peers.size === 0 && !this.unloaded) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => {
        if (this.peers.size === 0) this.unload();
      }, this.options.idleMs);
      this.idleTimer.unref();
    }
  }

  /** Acts on one decoded, validated message from a joined peer. Storage errors propagate. */
  handle(peer: RoomPeer, message: ClientMessage): void {
    switch (message.type) {
      case "sync-step1":
        peer.send(encodeSyncStep2(Y.encodeStateAsUpdate(this.doc, message.stateVector)));
        return;
      case "sync-update":
        this.receiveUpdate(peer, message.update, message.empty);
        return;
      case "awareness":
        awarenessProtocol.applyAwarenessUpdate(this.awareness, message.update, peer);
        return;
      case "query-awareness":
        peer.send(
          encodeAwarenessMessage(
            awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...this.awareness.getStates().keys()]),
          ),
        );
        return;
      case "unsubscribe":
        throw new Error("unsubscribe is handled by the connection");
    }
  }

  /** Writes what is worth compacting and frees the document. Peers must have left (or be closed). */
  unload(): void {
    if (this.unloaded) return;
    this.unloaded = true;
    clearTimeout(this.idleTimer);
    try {
      if (this.rows > (this.options.compactRows ?? 50)) this.compactFromDoc();
    } catch (err) {
      this.options.logger.error("compaction failed", { doc: this.name, error: errorMessage(err) });
    }
    this.peers.clear();
    this.awareness.destroy();
    this.doc.destroy();
    this.options.onUnload(this);
  }

  private receiveUpdate(peer: RoomPeer, update: Uint8Array, empty: boolean): void {
    if (!empty) {
      const started = performance.now();
      this.lastId = this.options.storage.append(this.name, update);
      this.options.metrics?.updateStored((performance.now() - started) / 1000);
      this.rows++;
      this.appendedSinceCompaction++;
      try {
        Y.applyUpdate(this.doc, update, peer);
      } catch (err) {
        // Validated, yet Yjs refused it: keep the stored row (it may apply with later updates) but
        // never compact it away, and tell the operator.
        this.compactable = false;
        this.options.logger.error("stored update failed to apply", { doc: this.name, error: errorMessage(err) });
      }
    }
    peer.persisted();
    if (this.appendedSinceCompaction >= (this.options.liveCompactRows ?? 1000)) {
      try {
        this.compactFromDoc();
      } catch (err) {
        this.options.logger.error("compaction failed", { doc: this.name, error: errorMessage(err) });
      }
    }
  }

  private relayUpdate(update: Uint8Array, origin: unknown): void {
    if (this.peers.size === 0) return;
    const message = encodeSyncUpdate(update);
    let recipients = 0;
    for (const peer of this.peers) {
      if (peer === origin) continue;
      peer.send(message);
      recipients++;
    }
    this.options.metrics?.relayed("update", recipients);
  }

  private relayAwareness({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const from = origin !== null && this.peers.has(origin as RoomPeer) ? (origin as RoomPeer) : undefined;
    if (from) {
      for (const id of added) from.awarenessIds.add(id);
      for (const id of updated) from.awarenessIds.add(id);
      for (const id of removed) from.awarenessIds.delete(id);
    }
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const message = encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
    let recipients = 0;
    for (const peer of this.peers) {
      if (peer === from) continue;
      peer.send(message);
      recipients++;
    }
    this.options.metrics?.relayed("awareness", recipients);
  }

  private load(): void {
    const { updates, lastId } = this.options.storage.loadUpdates(this.name);
    this.lastId = lastId;
    this.rows = updates.length;
    if (updates.length === 0) return;
    let merged: Uint8Array | undefined;
    try {
      merged = updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates);
      Y.applyUpdate(this.doc, merged, "storage");
    } catch (err) {
      // One bad row must not make the document unusable: apply what applies, one by one.
      this.options.logger.error("stored updates failed to merge; applying one by one", {
        doc: this.name,
        error: errorMessage(err),
      });
      merged = undefined;
      this.compactable = false;
      for (const u of updates) {
        try {
          Y.applyUpdate(this.doc, u, "storage");
        } catch (e) {
          this.options.logger.error("skipped a stored update that does not apply", {
            doc: this.name,
            error: errorMessage(e),
          });
        }
      }
    }
    if (merged && updates.length > (this.options.compactRows ?? 50)) {
      try {
        this.options.storage.compact(this.name, merged, lastId);
        this.rows = 1;
        this.appendedSinceCompaction = 0;
      } catch (err) {
        this.options.logger.error("compaction failed", { doc: this.name, error: errorMessage(err) });
      }
    }
  }

  /** Replaces every stored row by the document's state (which includes pending updates). */
  private compactFromDoc(): void {
    if (!this.compactable || this.rows <= 1) return;
    this.options.storage.compact(this.name, Y.encodeStateAsUpdate(this.doc), this.lastId);
    this.rows = 1;
    this.appendedSinceCompaction = 0;
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
