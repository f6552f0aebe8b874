import {
  decodeMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUnsubscribe,
  encodeUpdate,
  SyncType,
  unwrapDoc,
  withProtocolVersion,
  wrapForDoc,
} from "@crm/protocol";
import { WebSocket } from "ws";
import * as Y from "yjs";

/*
 * A Node client speaking the multiplexed wire protocol directly (no provider): the tests and the
 * convergence fuzz use it, and so does `crm-server demo`, which seeds a workspace through a
 * running server like any other client. Every wait has a timeout.
 */

export async function waitUntil(what: string, predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export interface Closed {
  code: number;
  reason: string;
}

/** A WebSocket that records every binary message and how it closed. */
export class RawSocket {
  readonly messages: Uint8Array[] = [];
  closed: Closed | undefined;
  private constructor(readonly ws: WebSocket) {
    ws.on("message", (data) => this.messages.push(new Uint8Array(data as Buffer)));
    ws.on("close", (code, reason) => {
      this.closed = { code, reason: reason.toString() };
    });
    ws.on("error", () => {});
  }

  static async open(url: string, timeoutMs = 5000, headers?: Record<string, string>): Promise<RawSocket> {
    const ws = new WebSocket(url, headers ? { headers } : {});
    const socket = new RawSocket(ws);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        ws.terminate();
        reject(new Error(`timed out connecting to ${url}`));
      }, timeoutMs);
      ws.once("open", () => {
        clearTimeout(timer);
        resolve();
      });
      ws.once("error", (err) => {
        clearTimeout(timer);
        reject(err);
      });
      ws.once("close", (code) => {
        clearTimeout(timer);
        reject(new Error(`closed with ${code} while connecting to ${url}`));
      });
    });
    return socket;
  }

  send(frame: Uint8Array | string): void {
    this.ws.send(frame);
  }

  async waitClosed(timeoutMs = 5000): Promise<Closed> {
    await waitUntil("the socket to close", () => this.closed !== undefined, timeoutMs);
    return this.closed!;
  }

  /** Closes (or terminates if the handshake does not finish quickly). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.ws.close();
    try {
      await this.waitClosed(1000);
    } catch {
      this.ws.terminate();
    }
  }
}

/** Decoded error messages among raw (non-mux) messages. */
export function errorsIn(messages: Uint8Array[]): { code: string; message: string }[] {
  return messages.flatMap((m) => {
    const message = decodeMessage(m);
    return message.type === "error" ? [{ code: message.code, message: message.message }] : [];
  });
}

interface MuxDoc {
  doc: Y.Doc;
  /**
   * Sync-step-2/update messages sent for this document on this socket, and the latest `persisted`
   * count received: both for the whole socket, across subscriptions, as the server counts (a
   * count restarted on resubscribing would take an ack of earlier updates for the new ones').
   */
  counts: { sent: number; persisted: number };
  readonly sent: number;
  readonly persisted: number;
  /** Received the server's sync step 2. */
  synced: boolean;
  off: () => void;
}

/** A client of the multiplexed endpoint syncing any number of Y.Docs over one socket. */
export class MuxClient {
  readonly docs = new Map<string, MuxDoc>();
  /** Per document name, for this socket's whole life (see MuxDoc.counts). */
  private readonly counts = new Map<string, { sent: number; persisted: number }>();
  readonly errors: { docName: string; code: string; message: string }[] = [];
  private constructor(readonly socket: RawSocket) {
    socket.ws.on("message", (data) => this.onMessage(new Uint8Array(data as Buffer)));
  }

  /** Connects to the multiplexed endpoint `wsUrl`, stating this code's protocol version. */
  static async open(wsUrl: string, headers?: Record<string, string>): Promise<MuxClient> {
    return new MuxClient(await RawSocket.open(withProtocolVersion(wsUrl), 5000, headers));
  }

  /** Starts syncing `doc` under `name`: sends sync step 1, then every local update. */
  subscribe(name: string, doc = new Y.Doc()): Y.Doc {
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === this) return;
      this.send(name, encodeUpdate(update));
    };
    doc.on("update", onUpdate);
    let counts = this.counts.get(name);
    if (!counts) {
      counts = { sent: 0, persisted: 0 };
      this.counts.set(name, counts);
    }
    const entry: MuxDoc = {
      doc,
      counts,
      get sent() {
        return counts.sent;
      },
      get persisted() {
        return counts.persisted;
      },
      synced: false,
      off: () => doc.off("update", onUpdate),
    };
    this.docs.set(name, entry);
    this.socket.send(wrapForDoc(name, encodeSyncStep1(Y.encodeStateVector(doc))));
    return doc;
  }

  unsubscribe(name: string): void {
    const entry = this.docs.get(name);
    if (!entry) return;
    entry.off();
    this.docs.delete(name);
    this.socket.send(wrapForDoc(name, encodeUnsubscribe()));
  }

  doc(name: string): Y.Doc {
    const entry = this.docs.get(name);
    if (!entry) throw new Error(`not subscribed to ${name}`);
    return entry.doc;
  }

  entry(name: string): MuxDoc {
    const entry = this.docs.get(name);
    if (!entry) throw new Error(`not subscribed to ${name}`);
    return entry;
  }

  async waitSynced(name: string, timeoutMs = 5000): Promise<void> {
    await waitUntil(`${name} to sync`, () => this.entry(name).synced, timeoutMs);
  }

  /** Waits until the server has stored every update this client sent for `name`. */
  async waitPersisted(name: string, timeoutMs = 5000): Promise<void> {
    const entry = this.entry(name);
    await waitUntil(`${name} persisted`, () => entry.persisted >= entry.sent, timeoutMs);
  }

  close(): Promise<void> {
    for (const entry of this.docs.values()) entry.off();
    return this.socket.close();
  }

  private send(name: string, message: Uint8Array): void {
    const entry = this.docs.get(name);
    // Only updates (step 2 and update messages) are counted by the server's `persisted`.
    if (entry && decodeMessage(message).type === "sync") entry.counts.sent++;
    if (this.socket.ws.readyState === WebSocket.OPEN) this.socket.send(wrapForDoc(name, message));
  }

  private onMessage(frame: Uint8Array): void {
    const { docName, message: bytes } = unwrapDoc(frame);
    const message = decodeMessage(bytes);
    if (message.type === "error") {
      this.errors.push({ docName, code: message.code, message: message.message });
      return;
    }
    if (message.type === "persisted") {
      const counts = this.counts.get(docName);
      if (counts) counts.persisted = Math.max(counts.persisted, message.count);
      return;
    }
    const entry = this.docs.get(docName);
    if (!entry || message.type !== "sync") return;
    if (message.syncType === SyncType.step1) {
      this.send(docName, encodeSyncStep2(Y.encodeStateAsUpdate(entry.doc, message.payload)));
    } else {
      Y.applyUpdate(entry.doc, message.payload, this);
      if (message.syncType === SyncType.step2) entry.synced = true;
    }
  }
}
