import { encodeUpdate } from "@crm/protocol";
import { parseDocName } from "@crm/schema";
import type * as Y from "yjs";
import { DocState, decodeRows } from "./docState.js";
import { BadFrame, errorMessage, TooLarge } from "./errors.js";
import type { Logger } from "./logger.js";
import type { ClientMessage } from "./messages.js";
import type { Metrics } from "./metrics.js";
import { RoomPresence } from "./presence.js";
import { type CommitResult, GroupCommit } from "./storage/groupCommit.js";
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
 * A document in memory: its state (DocState), who is connected, their awareness. Every document
 * update follows the same order: validate (`decodeClientMessage`) → apply to the document, which
 * proves that it applies (one Yjs throws on is refused, 4400, and never stored; the document is
 * rebuilt from storage) → commit (GroupCommit: with the other updates of this event-loop turn, in
 * one transaction) → relay what it changed to the other peers → acknowledge to the sender.
 * The document may hold updates still being committed, but nothing leaves the room before the
 * commits it depends on: the relay of an update is captured when it applies and sent after its
 * commit, and replies (sync step 1 and 2) are computed on arrival and sent after the commits
 * queued before them. A failed commit closes every peer (transient) and unloads the room, so the
 * next load holds exactly what is stored.
 */
export class Room {
  private state: DocState;
  /** While an update is being applied: where the relay of what it changed is collected. */
  private capture: Uint8Array[] | undefined;
  /** The document is being rebuilt from storage (after an update failed to apply): no compaction. */
  private rebuilding = false;
  /** Peers told that a commit failed (see discardUncommitted). */
  private discarded: Set<RoomPeer> | undefined;
  private readonly presence: RoomPresence;
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
    this.presence = new RoomPresence(name, this.peers, options);
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

  /** The room's awareness (for tests and diagnostics). */
  get awareness() {
    return this.presence.awareness;
  }

  /** Whether the document is decoded right now (see DocState). */
  get isHot(): boolean {
    return this.state.isHot;
  }

  /** Adds a peer and greets it as the reference server does: sync step 1, then known awareness. */
  join(peer: RoomPeer): void {
    if (this.unloaded) throw new Error(`room ${this.name} is unloaded`);
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    this.peers.add(peer);
    // Our state vector may count updates still being committed: sent once they are.
    const step1 = this.state.syncStep1();
    this.afterCommits(() => {
      if (this.peers.has(peer) && !this.unloaded) peer.send(step1);
    });
    this.presence.greet(peer);
  }

  leave(peer: RoomPeer): void {
    if (!this.peers.delete(peer)) return;
    this.presence.leave(peer);
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
        // The reply covers everything received before the request (it is all applied), and is
        // sent once this room's updates queued before it are committed.
        const reply = this.state.syncStep2(message.stateVector);
        this.afterCommits(() => {
          if (this.peers.has(peer) && !this.unloaded) peer.send(reply);
        });
        return;
      }
      case "sync-update":
        this.receiveUpdate(peer, message.update, message.empty);
        return;
      case "awareness":
        this.presence.receive(peer, message.update);
        return;
      case "query-awareness":
        this.presence.answerQuery(peer);
        return;
      case "unsubscribe":
        throw new Error("unsubscribe is handled by the connection");
    }
  }

  /** Writes what is worth compacting and frees the document. Peers must have left (or be closed). */
  unload(): void {
    if (this.unloaded) return;
    // Queued updates of this room commit first: compaction must include them (and a failed
    // commit among them unloads the room itself).
    if (this.inFlight > 0 || this.compacting) this.commits.flush();
    if (this.unloaded) return;
    this.unloaded = true;
    clearTimeout(this.idleTimer);
    try {
      if (this.rows > (this.options.compactRows ?? 50)) this.compact();
    } catch (err) {
      this.options.logger.error("compaction failed", { doc: this.name, error: errorMessage(err) });
    }
    this.peers.clear();
    this.presence.destroy();
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
    const changes = this.applyOrRefuse(update, peer);
    this.inFlight++;
    this.commits.add(this.name, update, (result) => this.committed(peer, changes, result));
  }

  /**
   * Applies `update` to the document before it is committed: only what Yjs integrates is ever
   * stored. (Missing dependencies are not a failure: Yjs keeps such structs pending, they may
   * apply once the rest arrives, and the encoded state keeps them.) A cold document is decoded
   * for it, as any update needs. Returns what the update changed, to relay after the commit.
   * When Yjs throws (an update valid on its own can contradict the document: e.g. an origin in
   * another type), the document may be half-changed: it is rebuilt from storage, and the update
   * is refused.
   */
  private applyOrRefuse(update: Uint8Array, origin: RoomPeer): Uint8Array[] {
    // A record shard's update that only continues it: stored and relayed as it came, no decode.
    if (this.state.applyCold(update)) return [update];
    const changes: Uint8Array[] = [];
    this.capture = changes;
    let failure: unknown;
    try {
      this.state.apply(update, origin);
      if (isWedged(this.state.ydoc)) failure = new Error("it leaves the document inside a failed transaction");
    } catch (err) {
      failure = err;
    } finally {
      this.capture = undefined;
    }
    if (failure === undefined) return changes;
    this.options.logger.warn("refused an update that does not apply", { doc: this.name, error: errorMessage(failure) });
    this.rebuild();
    throw new BadFrame(`the update does not apply to this document: ${errorMessage(failure)}`);
  }

  /** Replaces the document by what storage holds, once this room's queued updates are stored. */
  private rebuild(): void {
    this.rebuilding = true;
    try {
      if (this.inFlight > 0 || this.compacting) this.commits.flush();
      const broken = this.state;
      this.compactable = true;
      this.state = this.load();
      this.options.onRelease?.(broken.encodedBytes);
      broken.destroy();
    } finally {
      this.rebuilding = false;
    }
  }

  /** One update's transaction is over: relay what it changed, acknowledge it. */
  private committed(peer: RoomPeer, changes: Uint8Array[], result: CommitResult): void {
    this.inFlight--;
    if (!result.ok) {
      this.discardUncommitted(peer, result.error);
      return;
    }
    this.lastId = result.id!;
    this.rows++;
    this.appendedSinceCompaction++;
    if (!this.unloaded) for (const change of changes) this.relayUpdate(change, peer);
    peer.persisted();
    // Compaction writes the document's state: only when it holds nothing uncommitted.
    if (
      !this.unloaded &&
      this.inFlight === 0 &&
      this.appendedSinceCompaction >= (this.options.liveCompactRows ?? 1000)
    ) {
      this.compactInBackground();
    }
  }

  /**
   * A commit failed, so the document holds an update that is not stored: every peer is closed
   * (4500, transient: they reconnect and sync again) and the room unloads without compacting;
   * the next load holds exactly what storage holds.
   */
  private discardUncommitted(sender: RoomPeer, error: unknown): void {
    // Each peer is failed once, also when several updates of the failed transaction were its.
    this.discarded ??= new Set();
    const failed = this.discarded;
    const fail = (peer: RoomPeer) => {
      if (failed.has(peer)) return;
      failed.add(peer);
      peer.failed(error);
    };
    fail(sender);
    if (this.unloaded) return;
    this.compactable = false;
    for (const peer of [...this.peers]) fail(peer);
    this.peers.clear();
    this.unload();
  }

  /** Live compaction: on the writer thread when there is one (its fsync must not stall the relay). */
  private compactInBackground(): void {
    if (this.rebuilding) return;
    const background = this.options.storage.background;
    try {
      if (!background) {
        this.compact();
        return;
      }
      if (this.compacting || !this.compactable || this.rows <= 1 || this.inFlight > 0) return;
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
    if (this.capture) {
      this.capture.push(update); // applied, not committed yet: sent by `committed`
      return;
    }
    if (this.peers.size === 0) return;
    const message = encodeUpdate(update);
    let recipients = 0;
    for (const peer of this.peers) {
      if (peer === origin) continue;
      peer.send(message);
      recipients++;
    }
    this.options.metrics?.relayed("update", recipients);
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
      records: parseDocName(this.name)?.kind === "records",
    };
    if (updates.length <= 1) return DocState.cold(updates[0], stateOptions);
    const { doc, merged } = decodeRows(updates, (message, err) =>
      this.options.logger.error(message, { doc: this.name, error: errorMessage(err) }),
    );
    // A row that does not apply is kept, never compacted away.
    if (!merged) this.compactable = false;
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

  /** Replaces every stored row by the document's state, when it holds nothing uncommitted. */
  private compact(): void {
    if (!this.compactable || this.rows <= 1 || this.inFlight > 0 || this.rebuilding) return;
    this.options.storage.compact(this.name, this.state.encoded(), this.lastId);
    this.rows = 1;
    this.appendedSinceCompaction = 0;
  }
}

/** A Y.Doc left inside a transaction whose cleanup threw (Yjs internals): nothing more would be emitted. */
function isWedged(doc: Y.Doc): boolean {
  return (doc as unknown as { _transactionCleanups: unknown[] })._transactionCleanups.length > 0;
}
