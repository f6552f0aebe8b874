import { CloseCode, decodeError, MessageType, unwrapDoc, withProtocolVersion, wrapForDoc } from "@crm/protocol";
import * as decoding from "lib0/decoding";
import * as encoding from "lib0/encoding";
import { WebSocket } from "ws";
import * as Y from "yjs";
import type { Logger } from "../logger.js";
import type { LiveDocuments } from "./documents.js";
import type { Shard, ShardStore } from "./shards.js";
import { covers, decodeVector, holdsNoStructs, type StateVector } from "./vectors.js";

/*
 * The peer's one WebSocket to the server's multiplexed `/sync` endpoint — the same endpoint, the
 * same messages and the same handshake as a browser tab (web/src/sync/client.ts), authenticated
 * by a service token. Per document: our sync step 1 (the stored state vector), the server's
 * step 1 answered from the stored vector when that says there is nothing to send (cold), the
 * server's step 2 ignored when it holds no struct (cold), anything else decoding the shard.
 *
 * Subscriptions are opened a few at a time (`window`): a first sync receives the whole
 * workspace, and a message per shard arriving all at once would hold it all in memory.
 *
 * "Persisted": the server counts, per connection and document, the updates it has stored; each
 * send remembers this peer's clock at that moment, so an acknowledgement says which of the peer's
 * writes the server holds — what a write waits for before it counts.
 */

const SYNC_STEP1 = 0;
const SYNC_STEP2 = 1;
const SYNC_UPDATE = 2;

function syncMessage(type: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.sync);
  encoding.writeVarUint(e, type);
  encoding.writeVarUint8Array(e, payload);
  return encoding.toUint8Array(e);
}

const EMPTY_UPDATE = new Uint8Array([0, 0]);

interface DocConnState {
  /** Our answer to the server's step 1 went out: later writes are sent as they happen. */
  answered: boolean;
  /** The server's step 2 arrived. */
  gotState: boolean;
  sent: number;
  inflight: { index: number; localSeq: number; localSv: StateVector; answer: boolean }[];
}

export interface LinkOptions {
  /** The `/sync` WebSocket URL with credentials (`?token=`); asked again after a 4401. */
  url(fresh: boolean): Promise<string>;
  shards: ShardStore;
  logger: Logger;
  workspace: string;
  /** Documents awaiting their first answer at once; default 16. */
  window?: number;
  /** Every document got the server's state on this connection (the first time: the projection is complete). */
  onSynced(): void;
  /** Documents opened on demand (no shards: inboxes); frames for names without a shard go there. */
  documents?: LiveDocuments;
}

export class SyncLink {
  private ws: WebSocket | null = null;
  private state = new Map<string, DocConnState>();
  private queue: Shard[] = [];
  private awaiting = 0;
  private stopped = true;
  private retry = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private freshUrl = false;
  /** Every document got the server's state on the current connection. */
  synced = false;
  /** Documents the server refused (error messages), for diagnostics. */
  readonly refusals = new Map<string, string>();

  constructor(private readonly o: LinkOptions) {}

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.open();
  }

  close(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.ws?.close(1000, "peer closing");
    this.ws = null;
  }

  /** A committed local write: sent at once when the document's handshake is done (else the answer carries it). */
  sendLocal(shard: Shard, update: Uint8Array): void {
    const st = this.state.get(shard.name);
    if (!st?.answered) return;
    this.sendSync(shard, st, syncMessage(SYNC_UPDATE, update));
  }

  /** Runs a document's handshake again (after a failed store of what the server sent). */
  resync(shard: Shard): void {
    const st = this.state.get(shard.name);
    if (!st || !this.connected) return;
    const e = encoding.createEncoder();
    encoding.writeVarUint(e, MessageType.unsubscribe);
    this.raw(shard.name, encoding.toUint8Array(e));
    st.answered = false;
    this.raw(shard.name, syncMessage(SYNC_STEP1, shard.sv));
  }

  private async open(): Promise<void> {
    if (this.stopped) return;
    let url: string;
    try {
      url = await this.o.url(this.freshUrl);
    } catch (err) {
      this.o.logger.error("peer: no credentials for the sync server", {
        workspace: this.o.workspace,
        error: String(err),
      });
      this.scheduleReconnect(5000);
      return;
    }
    if (this.stopped) return;
    // The protocol version rides on the URL like a tab's (protocol/src/handshake.ts).
    const ws = new WebSocket(withProtocolVersion(url), { perMessageDeflate: false });
    this.ws = ws;
    ws.binaryType = "nodebuffer";
    ws.on("open", () => {
      if (this.ws !== ws) return;
      this.retry = 0;
      this.freshUrl = false;
      this.synced = false;
      this.state = new Map();
      this.awaiting = 0;
      const shards = [...this.o.shards.shards.values()];
      // Settings first: validation reads them.
      this.queue = [this.o.shards.settings, ...shards.filter((s) => s !== this.o.shards.settings)];
      this.pump();
      this.o.documents?.connected((name, message) => this.raw(name, message));
    });
    ws.on("message", (data: Buffer) => {
      if (this.ws !== ws) return;
      try {
        this.receive(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      } catch (err) {
        this.o.logger.error("peer: could not handle a message from the server", {
          workspace: this.o.workspace,
          error: String(err),
        });
        ws.close(4000, "peer failed to apply a message");
      }
    });
    ws.on("close", (code, reason) => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.synced = false;
      this.state = new Map();
      this.o.documents?.disconnected();
      if (this.stopped) return;
      if (code === CloseCode.unauthorized) this.freshUrl = true;
      // Refused for good reasons a quick retry does not change: a role without the right, or a
      // server of another protocol version (a worker older than its server) — try again slowly.
      const delay = code === CloseCode.forbidden || code === CloseCode.upgradeRequired ? 30_000 : undefined;
      if (code !== 1000 && code !== 1001)
        this.o.logger.warn("peer: connection closed", { workspace: this.o.workspace, code, reason: String(reason) });
      this.scheduleReconnect(delay);
    });
    ws.on("error", () => {
      // close follows
    });
  }

  private scheduleReconnect(delay?: number): void {
    if (this.stopped || this.retryTimer) return;
    const ms = delay ?? Math.min(5000, 250 * 2 ** this.retry++);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.open();
    }, ms);
    this.retryTimer.unref?.();
  }

  /** Starts handshakes while fewer than `window` documents await the server's state. */
  private pump(): void {
    const window = this.o.window ?? 16;
    while (this.awaiting < window && this.queue.length) {
      const shard = this.queue.shift()!;
      this.state.set(shard.name, { answered: false, gotState: false, sent: 0, inflight: [] });
      this.awaiting++;
      this.raw(shard.name, syncMessage(SYNC_STEP1, shard.doc ? Y.encodeStateVector(shard.doc) : shard.sv));
    }
    if (!this.synced && !this.queue.length && this.awaiting === 0 && this.state.size === this.o.shards.shards.size) {
      this.synced = true;
      this.o.onSynced();
    }
  }

  private raw(name: string, message: Uint8Array): void {
    if (this.ws?.readyState === WebSocket.OPEN) this.ws.send(wrapForDoc(name, message));
  }

  /** A sync step 2 or update: counted by the server's "persisted". */
  private sendSync(shard: Shard, st: DocConnState, message: Uint8Array, answer = false): void {
    if (this.ws?.readyState !== WebSocket.OPEN) return;
    st.sent++;
    st.inflight.push({ index: st.sent, localSeq: shard.localSeq, localSv: new Map(shard.localSv), answer });
    this.ws.send(wrapForDoc(shard.name, message));
  }

  private receive(frame: Uint8Array): void {
    const { docName, message } = unwrapDoc(frame);
    const shard = this.o.shards.get(docName);
    if (!shard) {
      this.o.documents?.receive(docName, message);
      return;
    }
    const st = this.state.get(docName);
    if (!st) return;
    const d = decoding.createDecoder(message);
    const type = decoding.readVarUint(d);
    if (type === MessageType.persisted) {
      const count = decoding.readVarUint(d);
      while (st.inflight.length && st.inflight[0]!.index <= count) {
        const done = st.inflight.shift()!;
        this.o.shards.serverHas(shard, done.localSv, done);
      }
      return;
    }
    if (type === MessageType.error) {
      const { code, message: text } = decodeError(d);
      if (this.refusals.get(docName) !== code)
        this.o.logger.error("peer: the server refused a document", { doc: docName, code, message: text });
      this.refusals.set(docName, code);
      if (!st.gotState) this.gotState(st);
      return;
    }
    if (type !== MessageType.sync) return; // awareness: the peer has no presence
    const syncType = decoding.readVarUint(d);
    const payload = decoding.readVarUint8Array(d);
    if (syncType === SYNC_STEP1) {
      const serverSv = decodeVector(payload);
      this.o.shards.serverHas(shard, serverSv);
      let answer: Uint8Array;
      // The settings document deletes keys (picklist values): it is never handled cold.
      const cold = !shard.doc && shard.collection !== null;
      if (cold && !shard.dirty && covers(serverSv, decodeVector(shard.sv))) answer = EMPTY_UPDATE;
      else answer = Y.encodeStateAsUpdate(this.o.shards.hot(shard), payload);
      st.answered = true;
      this.sendSync(shard, st, syncMessage(SYNC_STEP2, answer), true);
      return;
    }
    if (syncType === SYNC_STEP2 || syncType === SYNC_UPDATE) {
      if (shard.doc || shard.collection === null || !holdsNoStructs(payload)) {
        try {
          this.o.shards.applyRemote(shard, payload);
        } catch (err) {
          this.o.logger.error("peer: could not store what the server sent; syncing the document again", {
            doc: docName,
            error: String(err),
          });
          this.resync(shard);
          return;
        }
      }
      if (syncType === SYNC_STEP2 && !st.gotState) this.gotState(st);
    }
  }

  private gotState(st: DocConnState): void {
    st.gotState = true;
    this.awaiting--;
    this.pump();
  }
}
