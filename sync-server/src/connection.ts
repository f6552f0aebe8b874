import { CloseCode, encodeError, encodePermissionDenied, encodePersisted, unwrapDoc, wrapForDoc } from "@crm/protocol";
import { parseDocName } from "@crm/schema";
import type { RawData, WebSocket } from "ws";
import { type Principal, principalId } from "./auth/gate.js";
import { stampIdentity } from "./auth/identity.js";
import {
  BadDocumentName,
  BadFrame,
  closeReason,
  errorMessage,
  Forbidden,
  ProtocolError,
  TooLarge,
  TooManyDocuments,
} from "./errors.js";
import type { Logger } from "./logger.js";
import { decodeClientMessage } from "./messages.js";
import type { Metrics } from "./metrics.js";
import type { DocQuotas } from "./quotas.js";
import { TokenBucket } from "./rate.js";
import type { Room, RoomPeer } from "./room.js";
import type { Rooms } from "./rooms.js";

export type Endpoint =
  /** `/sync/<docName>`: stock y-websocket, one document; extensions only with `?ext=1`. */
  | { kind: "doc"; docName: string; ext: boolean }
  /** `/sync`: every frame is `varString docName` + one message; extensions always on. */
  | { kind: "mux" };

export interface ConnectionOptions {
  rooms: Rooms;
  logger: Logger;
  maxFrameBytes: number;
  /** Close a connection whose unsent output exceeds this (a client that does not read). */
  maxBufferedBytes: number;
  /** Ping interval; a connection that did not answer the previous ping is dropped. */
  pingIntervalMs: number;
  /**
   * Messages per second one connection may send, on average; bursts up to 10 s worth are fine
   * (a reconnecting tab answers hundreds of sync steps at once). Beyond it: `rate-limited`, close
   * 4029 — transient, so clients come back after their backoff. 0 = no limit.
   */
  maxMessagesPerSecond?: number;
  /** Bytes of frames per second one connection may send, on average (bursts as above). 0 = no limit. */
  maxBytesPerSecond?: number;
  /**
   * Bytes of awareness (presence) messages per second: every one is relayed to every other peer
   * of the document, so this is much lower than the general byte rate. 0 = no limit.
   */
  maxAwarenessBytesPerSecond?: number;
  /** Counts refused connections. */
  metrics?: Metrics;
  /** Documents open per connection and principal, documents created per hour (none: no limits). */
  quotas?: DocQuotas;
}

/**
 * Who is on the other end and what they may do (absent when the server runs without sign-in, as
 * the protocol tests do). `rights` is read when a document is joined and for every update, through
 * a per-connection cache that `recheck()` clears when the principal's access changes.
 */
export interface ConnectionAccess {
  principal: Principal;
  rights(docName: string): "none" | "read" | "write";
  identity: { id: string; name: string };
}

/** A document joined by a connection. */
class Peer implements RoomPeer {
  readonly awarenessIds = new Set<number>();
  constructor(
    private readonly conn: Connection,
    readonly docName: string,
    readonly room: Room,
    readonly owner: string | undefined,
  ) {}
  send(message: Uint8Array): void {
    this.conn.sendFor(this.docName, message);
  }
  persisted(): void {
    this.conn.acknowledge(this.docName);
  }
  failed(error: unknown): void {
    this.conn.commitFailed(this.docName, error);
  }
  creating(): void {
    this.conn.creatingDocument();
  }
}

let nextConnectionId = 1;

/**
 * One WebSocket, from upgrade to close. It decodes every frame completely before acting on it;
 * anything malformed closes this connection only (4400/4404/4413, after an `error` message where
 * extensions are on). No exception escapes a handler.
 */
export class Connection {
  readonly id = nextConnectionId++;
  private readonly peers = new Map<string, Peer>();
  /**
   * Cumulative stored sync-step-2/update messages per document, for `persisted`: per connection,
   * NOT per subscription, and kept when the client unsubscribes. An update committed after its
   * subscription ended is still acknowledged (the client may wait for it) and counted; the
   * client counts the same way, so no acknowledgement of an earlier subscription's updates can
   * be taken for a later one's, whatever order unsubscribe, subscribe and commits happen in.
   * (A count per subscription would not do: an ack sent just before the server read the
   * unsubscribe is still on the wire when the client has resubscribed.)
   */
  private readonly persistedCounts = new Map<string, number>();
  private closed = false;
  private alive = true;
  private readonly pingTimer: NodeJS.Timeout;
  private readonly rightsCache = new Map<string, "none" | "read" | "write">();
  /** The rate limits: messages, bytes, and awareness bytes per second. */
  private readonly messageRate: TokenBucket;
  private readonly byteRate: TokenBucket;
  private readonly awarenessRate: TokenBucket;

  constructor(
    private readonly ws: WebSocket,
    private readonly endpoint: Endpoint,
    private readonly options: ConnectionOptions,
    readonly access?: ConnectionAccess,
  ) {
    this.messageRate = new TokenBucket(options.maxMessagesPerSecond ?? 0, "messages per second");
    this.byteRate = new TokenBucket(options.maxBytesPerSecond ?? 0, "bytes per second");
    this.awarenessRate = new TokenBucket(options.maxAwarenessBytesPerSecond ?? 0, "bytes of presence per second");
    ws.on("message", (data, isBinary) => this.onMessage(data, isBinary));
    ws.on("close", () => this.onClose());
    ws.on("error", (err) => {
      // ws cuts frames beyond its own maxPayload (close 1009) before we see them.
      if ((err as { code?: string }).code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH")
        this.options.metrics?.refused("too-large");
      this.options.logger.warn("socket error", { conn: this.id, error: errorMessage(err) });
    });
    ws.on("pong", () => {
      this.alive = true;
    });
    this.pingTimer = setInterval(() => this.ping(), options.pingIntervalMs);
    this.pingTimer.unref();
    if (endpoint.kind === "doc") {
      try {
        if (this.rights(endpoint.docName) === "none") throw new Forbidden("you may not open this document");
        this.join(endpoint.docName);
      } catch (err) {
        this.fail(err, endpoint.docName);
      }
    }
  }

  private get ext(): boolean {
    return this.endpoint.kind === "mux" || this.endpoint.ext;
  }

  /** Sends one message of `docName` (prefixed with the name on the mux endpoint). */
  sendFor(docName: string, message: Uint8Array): void {
    if (this.closed || this.ws.readyState !== this.ws.OPEN) return;
    if (this.ws.bufferedAmount > this.options.maxBufferedBytes) {
      this.options.logger.warn("client does not read; dropping it", { conn: this.id });
      this.terminate();
      return;
    }
    try {
      this.ws.send(this.endpoint.kind === "mux" ? wrapForDoc(docName, message) : message);
    } catch (err) {
      this.options.logger.warn("send failed", { conn: this.id, error: errorMessage(err) });
    }
  }

  acknowledge(docName: string): void {
    const count = (this.persistedCounts.get(docName) ?? 0) + 1;
    this.persistedCounts.set(docName, count);
    if (this.ext) this.sendFor(docName, encodePersisted(count));
  }

  /** The next update creates a document (its first row): counted against the principal's quota. */
  creatingDocument(): void {
    this.options.quotas?.creating(this.principalKey);
  }

  /** Whose documents these are, for the quotas: the principal (undefined without sign-in). */
  private get principalKey(): string | undefined {
    return this.access ? principalId(this.access.principal) : undefined;
  }

  /** An update of `docName` could not be stored (it is committed after the handler returned). */
  commitFailed(docName: string, error: unknown): void {
    if (!this.closed) this.fail(error, docName);
  }

  private rights(docName: string): "none" | "read" | "write" {
    if (!this.access) return "write";
    let r = this.rightsCache.get(docName);
    if (r === undefined) {
      r = this.access.rights(docName);
      this.rightsCache.set(docName, r);
    }
    return r;
  }

  /**
   * The principal's access changed (role, membership): documents it may no longer read are left
   * (mux: with a `forbidden` error for each; a per-document socket is closed with 4403).
   */
  recheck(): void {
    this.rightsCache.clear();
    for (const name of [...this.peers.keys()]) {
      if (this.rights(name) !== "none") continue;
      if (this.endpoint.kind === "doc") {
        this.fail(new Forbidden("you no longer have access to this document"), name);
        return;
      }
      this.leave(name);
      this.sendFor(name, encodeError("forbidden", "you no longer have access to this document"));
    }
  }

  /** Has this connection joined a document of `workspaceId`? */
  usesWorkspace(workspaceId: string): boolean {
    if (this.endpoint.kind === "doc") return this.endpoint.docName.startsWith(`${workspaceId}/`);
    for (const name of this.peers.keys()) if (name.startsWith(`${workspaceId}/`)) return true;
    return false;
  }

  /** Closes with the given code (server shutdown, access changes). */
  close(code: number, reason: string): void {
    this.leaveAll();
    try {
      this.ws.close(code, reason);
    } catch {
      this.terminate();
    }
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (this.closed) return;
    let docName = this.endpoint.kind === "doc" ? this.endpoint.docName : "";
    try {
      const frame = toBytes(data);
      this.messageRate.take(1);
      this.byteRate.take(frame.byteLength);
      if (frame.byteLength > this.options.maxFrameBytes) {
        throw new TooLarge(`frame of ${frame.byteLength} bytes exceeds ${this.options.maxFrameBytes}`);
      }
      if (!isBinary) throw new BadFrame("text frames are not part of the protocol");
      let message: Uint8Array = frame;
      if (this.endpoint.kind === "mux") {
        try {
          ({ docName, message } = unwrapDoc(frame));
        } catch (err) {
          throw new BadFrame(`document name: ${errorMessage(err)}`);
        }
        if (!parseDocName(docName)) throw new BadDocumentName(`invalid document name ${JSON.stringify(docName)}`);
      }
      const decoded = decodeClientMessage(message);
      if (decoded.type === "awareness") this.awarenessRate.take(message.byteLength);
      if (decoded.type === "unsubscribe") {
        if (this.endpoint.kind !== "mux") throw new BadFrame("unsubscribe is only valid on the multiplexed endpoint");
        this.leave(docName);
        return;
      }
      let peer = this.peers.get(docName);
      if (!peer) {
        if (this.rights(docName) === "none") {
          // On the mux endpoint a forbidden document is refused alone; the others keep syncing.
          if (this.endpoint.kind === "doc") throw new Forbidden("you may not open this document");
          this.sendFor(docName, encodeError("forbidden", "you may not open this document"));
          return;
        }
        try {
          peer = this.join(docName);
        } catch (err) {
          // Over a quota on the mux endpoint: that document is refused alone, as a forbidden one.
          if (!(err instanceof TooManyDocuments) || this.endpoint.kind !== "mux") throw err;
          this.options.logger.warn("refused a document", { conn: this.id, doc: docName, code: err.code });
          this.options.metrics?.refused("too-many-documents");
          this.sendFor(docName, encodeError(err.code, err.message));
          return;
        }
      }
      if (decoded.type === "sync-update" && !decoded.empty && this.rights(docName) !== "write") {
        // Never applied, stored or relayed; the sender is told why and may keep reading.
        this.options.metrics?.refused("read-only");
        if (this.ext)
          this.sendFor(docName, encodeError("read-only", "your role may read this document, not change it"));
        else this.sendFor(docName, encodePermissionDenied("read-only: your role may not change this document"));
        return;
      }
      const stamped =
        decoded.type === "awareness" && this.access
          ? { ...decoded, update: stampIdentity(decoded.update, this.access.identity) }
          : decoded;
      peer.room.handle(peer, stamped);
    } catch (err) {
      this.fail(err, docName);
    }
  }

  private join(docName: string): Peer {
    if (!parseDocName(docName)) throw new BadDocumentName(`invalid document name ${JSON.stringify(docName)}`);
    this.options.quotas?.opening(this.principalKey, this.peers.size);
    let room: Room;
    try {
      room = this.options.rooms.get(docName);
    } catch (err) {
      this.options.quotas?.closed(this.principalKey);
      throw err;
    }
    const peer = new Peer(this, docName, room, this.principalKey);
    this.peers.set(docName, peer);
    room.join(peer);
    return peer;
  }

  private leave(docName: string): void {
    const peer = this.peers.get(docName);
    if (!peer) return;
    this.peers.delete(docName);
    this.options.quotas?.closed(this.principalKey);
    peer.room.leave(peer);
  }

  private leaveAll(): void {
    for (const name of [...this.peers.keys()]) {
      try {
        this.leave(name);
      } catch (err) {
        this.options.logger.error("leaving a room failed", { conn: this.id, doc: name, error: errorMessage(err) });
      }
    }
  }

  /** Reports `err` to the client (where extensions are on) and closes this connection. */
  private fail(err: unknown, docName: string): void {
    const protocolError = err instanceof ProtocolError ? err : undefined;
    if (!protocolError) {
      this.options.logger.error("internal error", {
        conn: this.id,
        doc: docName,
        error: errorMessage(err),
        stack: err instanceof Error ? err.stack : undefined,
      });
    } else {
      this.options.logger.warn("refused a client", { conn: this.id, doc: docName, code: protocolError.code });
      if (protocolError.code !== "internal") this.options.metrics?.refused(protocolError.code);
    }
    const code = protocolError?.code ?? "internal";
    const message = protocolError ? protocolError.message : "internal server error";
    try {
      if (this.ext) this.sendFor(docName, encodeError(code, message));
    } catch {
      // closing anyway
    }
    this.close(protocolError?.closeCode ?? CloseCode.internal, closeReason(`${code}: ${message}`));
    this.closed = true;
  }

  private ping(): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (!this.alive) {
      this.options.logger.warn("no pong; dropping the connection", { conn: this.id });
      this.terminate();
      return;
    }
    this.alive = false;
    try {
      this.ws.ping();
    } catch {
      this.terminate();
    }
  }

  private terminate(): void {
    this.leaveAll();
    this.closed = true;
    try {
      this.ws.terminate();
    } catch {
      // already gone
    }
  }

  private onClose(): void {
    this.closed = true;
    clearInterval(this.pingTimer);
    this.leaveAll();
  }
}

function toBytes(data: RawData): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data);
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return data;
}
