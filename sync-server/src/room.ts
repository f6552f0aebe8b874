import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import { DocState } from "./doc-state.js";
import { errorMessage, TooLarge } from "./errors.js";
import type { Logger } from "./logger.js";
import { type ClientMessage, encodeAwarenessMessage, encodeSyncUpdate } from "./messages.js";
import type { Metrics } from "./metrics.js";
import { PresenceOwners } from "./presence.js";
import { type CommitResult, GroupCommit } from "./storage/group-commit.js";
import type { DocStorage } from "./storage/types.js";

/** One connection's membership in a room (a socket on `/sync/<doc>`, or one document of a mux socket). */
export interface RoomPeer {
  /** Sends one y-websocket message (the connection adds the document name on the mux endpoint). */
  send(message: Uint8Array): void;
  /** One more sync-step-2/update message from this peer is stored: acknowledge it (extensions only). */
  persisted(): void;
  /** Its update could not be stored: report it and close the connection (transient, 4500). */
  failed(error: unknown): void;
  /** Awareness client ids this peer owns (presence.ts); removed from the room when it leaves. */
  readonly awarenessIds: Set<number>;
  /** Who is behind the peer (a principal id), so that a person's other connection may take its presence over. */
  readonly owner?: string;
  /**
   * Its next update writes the document's first row: throws (a `ProtocolError`) when whoever
   * is behind the peer may not create one more document (quotas.ts). Absent: no quota.
   */
  creating?(): void;
}

/**
 * How long a document stays decoded after its last update, by default. Shorter saves memory
 * sooner (a document uploaded once is cold half a second later); longer saves re-decoding a
 * large document edited at long intervals (a 200 KB records shard decodes in ~20 ms).
 */
export const DEFAULT_HOT_MS = 500;

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
  /** Commits updates; shared by every room of a server (one transaction per turn). Default: the room's own. */
  commits?: GroupCommit;
  /** Keep the document decoded this long after its last update (default DEFAULT_HOT_MS; see DocState). */
  hotMs?: number;
  /** Memory became garbage (the document cooled down or the room unloaded); its encoded size. */
  onRelease?: (encodedBytes: number) => void;
  /**
   * Largest encoded document (about: the state's size plus the updates since it was last
   * encoded). An update that would grow the document beyond it is refused, nothing of it stored.
   */
  maxDocBytes?: number;
}

/**
 * A document in memory: its committed state (DocState), who is connected, their awareness.
 * Every document update follows the same order: validate (done by `decodeClientMessage`) →
 * commit (GroupCommit: with the other updates of this event-loop turn, in one transaction) →
 * apply → relay to the other peers (the doc's 'update' event) → acknowledge to the sender.
 * The state only ever holds committed updates, so no reply can carry an uncommitted one.
 */
export class Room {
  private readonly state: DocState;
  private awarenessState: awarenessProtocol.Awareness | undefined;
  private readonly presence = new PresenceOwners();
  private readonly peers = new Set<RoomPeer>();
  private readonly commits: GroupCommit;
  private rows = 0;
  private lastId = 0;
  private appendedSinceCompaction = 0;
  /** Entries of this room queued for commit and not yet done. */
  private inFlight = 0;
  /** A compaction runs on the storage's writer thread. */
  private compacting = false;
  /** False when a stored row failed to apply: then compaction could drop data, so it is skipped. */
  private compactable = true;
  private idleTimer: NodeJS.Timeout | undefined;
  private unloaded = false;

  constructor(
    readonly name: string,
    private readonly options: RoomOptions,
  ) {
    this.commits =
      options.commits ??
      new GroupCommit(options.storage, {
        group: options.storage.syncsToDisk,
        onCommit: (n, seconds) => options.metrics?.committed(n, seconds),
      });
    this.state = this.load();
  }

  get size(): number {
    return this.peers.size;
  }

  get isUnloaded(): boolean {
    return this.unloaded;
  }

  /** The decoded document (decoding it if the room is cold): for tests and diagnostics. */
  get doc(): Y.Doc {
    return this.state.ydoc;
  }

  /** Whether the document is decoded right now (see DocState). */
  get isHot(): boolean {
    return this.state.isHot;
  }

  /** The room's awareness, created on first use (most documents never see one). */
  get awareness(): awarenessProtocol.Awareness {
    if (!this.awarenessState) {
      // Awareness only needs a doc for a client id of its own (we never set a local state).
      const awareness = new awarenessProtocol.Awareness(new Y.Doc());
      awareness.setLocalState(null);
      awareness.on("update", (change: AwarenessChange, origin: unknown) => this.relayAwareness(change, origin));
      this.awarenessState = awareness;
    }
    return this.awarenessState;
  }

  /** Adds a peer and greets it as the reference server does: sync step 1, then known awareness. */
  join(peer: RoomPeer): void {
    if (this.unloaded) throw new Error(`room ${this.name} is unloaded`);
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.peers.add(peer);
    peer.send(this.state.syncStep1());
    const states = this.awarenessState?.getStates();
    if (states && states.size > 0) {
      peer.send(encodeAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(this.awareness, [...states.keys()])));
    }
  }

  leave(peer: RoomPeer): void {
    if (!this.peers.delete(peer)) return;
    const ids = this.presence.release(peer);
    if (ids.length > 0 && this.awarenessState) awarenessProtocol.removeAwarenessStates(this.awareness, ids, null);
    if (this.peers.size === 0 && !this.unloaded) {
      clearTimeout(this.idleTimer);
      this.idleTimer = setTimeout(() => {
        if (this.peers.size === 0) this.unload();
      }, this.options.idleMs);
      this.idleTimer.unref();
    }
  }

  /** Acts on one decoded, validated message from a joined peer. Storage errors reach `peer.failed`. */
  handle(peer: RoomPeer, message: ClientMessage): void {
    switch (message.type) {
      case "sync-step1": {
        const { stateVector } = message;
        // Answer after this room's queued updates are committed and applied: the reply then
        // covers everything received before the request, as with a synchronous store.
        this.afterCommits(() => {
          if (this.peers.has(peer) && !this.unloaded) peer.send(this.state.syncStep2(stateVector));
        });
        return;
      }
      case "sync-update":
        this.receiveUpdate(peer, message.update, message.empty);
        return;
      case "awareness": {
        // Only the sender's own client ids: another person's presence is not its to set or remove.
        const { update, dropped } = this.presence.filter(peer, message.update);
        if (dropped > 0) this.options.logger.warn("dropped foreign awareness states", { doc: this.name, dropped });
        if (update) awarenessProtocol.applyAwarenessUpdate(this.awareness, update, peer);
        return;
      }
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
    // Queued updates of this room commit (and apply) first: compaction must include them.
    if (this.inFlight > 0 || this.compacting) this.commits.flush();
    this.unloaded = true;
    clearTimeout(this.idleTimer);
    try {
      if (this.rows > (this.options.compactRows ?? 50)) this.compact();
    } catch (err) {
      this.options.logger.error("compaction failed", { doc: this.name, error: errorMessage(err) });
    }
    this.peers.clear();
    this.awarenessState?.destroy();
    const released = this.state.encodedBytes;
    this.state.destroy();
    this.options.onUnload(this);
    this.options.onRelease?.(released);
  }

  /** Runs `action` now when nothing of this room waits for a commit, else right after those commits. */
  private afterCommits(action: () => void): void {
    if (this.inFlight === 0) {
      action();
      return;
    }
    this.inFlight++;
    this.commits.add(this.name, null, () => {
      this.inFlight--;
      action();
    });
  }

  private receiveUpdate(peer: RoomPeer, update: Uint8Array, empty: boolean): void {
    // An empty update stores nothing but is acknowledged in order, after the sender's earlier ones.
    if (empty) {
      this.afterCommits(() => peer.persisted());
      return;
    }
    const max = this.options.maxDocBytes;
    if (max !== undefined && this.state.encodedBytes + update.byteLength > max) {
      throw new TooLarge(`document ${this.name} would exceed MAX_DOC_BYTES (${max} bytes)`);
    }
    // The first row of a document creates it: counted against the sender's quota first.
    if (this.rows === 0 && this.inFlight === 0) peer.creating?.();
    this.inFlight++;
    this.commits.add(this.name, update, (result) => this.committed(peer, update, result));
  }

  /** One update's transaction is over: apply, relay (through the doc's 'update' event), acknowledge. */
  private committed(peer: RoomPeer, update: Uint8Array, result: CommitResult): void {
    this.inFlight--;
    if (!result.ok) {
      peer.failed(result.error);
      return;
    }
    this.lastId = result.id!;
    this.rows++;
    this.appendedSinceCompaction++;
    if (!this.unloaded) {
      try {
        this.state.apply(update, peer);
      } catch (err) {
        // Validated, yet Yjs refused it: keep the stored row (it may apply with later updates) but
        // never compact it away, and tell the operator.
        this.compactable = false;
        this.options.logger.error("stored update failed to apply", { doc: this.name, error: errorMessage(err) });
      }
    }
    peer.persisted();
    if (!this.unloaded && this.appendedSinceCompaction >= (this.options.liveCompactRows ?? 1000)) {
      this.compactInBackground();
    }
  }

  /** Live compaction: on the writer thread when there is one (its fsync must not stall the relay). */
  private compactInBackground(): void {
    const background = this.options.storage.background;
    try {
      if (!background) {
        this.compact();
        return;
      }
      if (this.compacting || !this.compactable || this.rows <= 1) return;
      const replaced = this.rows;
      this.compacting = true;
      this.appendedSinceCompaction = 0;
      background.compact(this.name, this.state.encoded(), this.lastId, (result) => {
        this.compacting = false;
        if ("error" in result) {
          this.options.logger.error("compaction failed", { doc: this.name, error: errorMessage(result.error) });
        } else {
          this.rows -= replaced - 1;
        }
      });
    } catch (err) {
      this.compacting = false;
      this.options.logger.error("compaction failed", { doc: this.name, error: errorMessage(err) });
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

  /**
   * Reads the stored rows. None or one (the usual case once compacted): kept encoded (cold), as
   * stored. Several: decoded, which checks that they apply (one bad row is skipped and logged,
   * and the document is then never compacted), and compacted when there are many.
   */
  private load(): DocState {
    const { updates, lastId } = this.options.storage.loadUpdates(this.name);
    this.lastId = lastId;
    this.rows = updates.length;
    const stateOptions = {
      hotMs: this.options.hotMs ?? DEFAULT_HOT_MS,
      onUpdate: (update: Uint8Array, origin: unknown) => this.relayUpdate(update, origin),
      onCooled: (bytes: number) => this.options.onRelease?.(bytes),
      onBrokenState: (err: unknown) => {
        this.compactable = false;
        this.options.logger.error("stored state failed to apply", { doc: this.name, error: errorMessage(err) });
      },
    };
    if (updates.length <= 1) return DocState.cold(updates[0], stateOptions);
    const doc = new Y.Doc();
    let merged: Uint8Array | undefined;
    try {
      merged = Y.mergeUpdates(updates);
      Y.applyUpdate(doc, merged, "storage");
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
          Y.applyUpdate(doc, u, "storage");
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
    return DocState.hot(doc, stateOptions);
  }

  /** Replaces every stored row by the document's state (which holds every committed update). */
  private compact(): void {
    if (!this.compactable || this.rows <= 1) return;
    this.options.storage.compact(this.name, this.state.encoded(), this.lastId);
    this.rows = 1;
    this.appendedSinceCompaction = 0;
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
