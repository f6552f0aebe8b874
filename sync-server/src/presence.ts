import { encodeAwarenessStates } from "@crm/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import * as awarenessProtocol from "y-protocols/awareness";
import * as Y from "yjs";
import type { Logger } from "./logger.js";
import { AwarenessLimits } from "./messages.js";
import type { Metrics } from "./metrics.js";

/** What the room needs of a peer to decide whose presence it may set. */
export interface PresencePeer {
  send(message: Uint8Array): void;
  /** Client ids this peer owns in the room; their states are removed when it leaves. */
  readonly awarenessIds: Set<number>;
  /** Who is behind the peer (a principal); absent without sign-in. */
  readonly owner?: string;
}

/**
 * Who owns each awareness client id of a room. Without this, any peer could send a state for
 * another peer's client id with a larger clock and replace that person's presence, or a `null`
 * state and make them vanish. A client id belongs to the peer that announced it first; entries
 * for ids owned by another peer are dropped, unless that peer is the same principal (a person's
 * reconnected tab takes its presence back before the old socket is noticed gone). An id stays
 * owned after its state is removed, until its peer leaves. A peer owns at most
 * `AwarenessLimits.maxClientsPerPeer` ids; entries beyond are dropped.
 */
export class PresenceOwners {
  private readonly owners = new Map<number, PresencePeer>();

  /**
   * The entries of `update` (validated by decodeClientMessage) that `peer` may apply, as an
   * awareness update, binding new ids to it; null when none is left.
   */
  filter(peer: PresencePeer, update: Uint8Array): { update: Uint8Array | null; dropped: number } {
    const d = decoding.createDecoder(update);
    const count = decoding.readVarUint(d);
    const kept: { id: number; clock: number; state: string }[] = [];
    for (let i = 0; i < count; i++) {
      const id = decoding.readVarUint(d);
      const clock = decoding.readVarUint(d);
      const state = decoding.readVarString(d);
      if (this.claim(peer, id, state)) kept.push({ id, clock, state });
    }
    const dropped = count - kept.length;
    if (kept.length === 0) return { update: null, dropped };
    if (dropped === 0) return { update, dropped };
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, kept.length);
    for (const { id, clock, state } of kept) {
      encoding.writeVarUint(e, id);
      encoding.writeVarUint(e, clock);
      encoding.writeVarString(e, state);
    }
    return { update: encoding.toUint8Array(e), dropped };
  }

  /** The peer leaves: its ids are free again; returns them (their states are to be removed). */
  release(peer: PresencePeer): number[] {
    const ids = [...peer.awarenessIds];
    for (const id of ids) if (this.owners.get(id) === peer) this.owners.delete(id);
    peer.awarenessIds.clear();
    return ids;
  }

  private claim(peer: PresencePeer, id: number, state: string): boolean {
    const owner = this.owners.get(id);
    if (owner === peer) return true;
    // Another peer's id: only the same principal (on another connection) may take it over.
    if (owner !== undefined && (owner.owner === undefined || owner.owner !== peer.owner)) return false;
    // Removing a state nobody announced: nothing to do, and nothing to own.
    if (owner === undefined && state === "null") return false;
    if (peer.awarenessIds.size >= AwarenessLimits.maxClientsPerPeer) return false;
    owner?.awarenessIds.delete(id);
    this.owners.set(id, peer);
    peer.awarenessIds.add(id);
    return true;
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}

/**
 * A room's presence: the y-protocols Awareness (created on first use: most documents never see
 * one), who owns which client id, and the relay of changes to the room's other peers.
 */
export class RoomPresence {
  private state: awarenessProtocol.Awareness | undefined;
  private readonly owners = new PresenceOwners();

  constructor(
    private readonly doc: string,
    private readonly peers: ReadonlySet<PresencePeer>,
    private readonly options: { logger: Logger; metrics?: Metrics },
  ) {}

  get awareness(): awarenessProtocol.Awareness {
    if (!this.state) {
      // Awareness only needs a doc for a client id of its own (we never set a local state).
      const awareness = new awarenessProtocol.Awareness(new Y.Doc());
      awareness.setLocalState(null);
      awareness.on("update", (change: AwarenessChange, origin: unknown) => this.relay(change, origin));
      this.state = awareness;
    }
    return this.state;
  }

  /** A joining peer gets every known state (as the reference server greets). */
  greet(peer: PresencePeer): void {
    const states = this.state?.getStates();
    if (states && states.size > 0) peer.send(this.encode([...states.keys()]));
  }

  /** An awareness update from `peer`: only its own client ids are applied. */
  receive(peer: PresencePeer, update: Uint8Array): void {
    const own = this.owners.filter(peer, update);
    if (own.dropped > 0)
      this.options.logger.warn("dropped foreign awareness states", { doc: this.doc, dropped: own.dropped });
    if (own.update) awarenessProtocol.applyAwarenessUpdate(this.awareness, own.update, peer);
  }

  answerQuery(peer: PresencePeer): void {
    peer.send(this.encode([...this.awareness.getStates().keys()]));
  }

  /** The peer left: its states are removed (and the removal relayed). */
  leave(peer: PresencePeer): void {
    const ids = this.owners.release(peer);
    if (ids.length > 0 && this.state) awarenessProtocol.removeAwarenessStates(this.state, ids, null);
  }

  destroy(): void {
    this.state?.destroy();
  }

  private encode(ids: number[]): Uint8Array {
    return encodeAwarenessStates(this.awareness, ids);
  }

  private relay({ added, updated, removed }: AwarenessChange, origin: unknown): void {
    const from = origin !== null && this.peers.has(origin as PresencePeer) ? origin : undefined;
    const changed = [...added, ...updated, ...removed];
    if (changed.length === 0) return;
    const message = this.encode(changed);
    let recipients = 0;
    for (const peer of this.peers) {
      if (peer === from) continue;
      peer.send(message);
      recipients++;
    }
    this.options.metrics?.relayed("awareness", recipients);
  }
}
