import {
  decodeMessage,
  encodeSyncStep1,
  encodeSyncStep2,
  encodeUnsubscribe,
  encodeUpdate,
  SyncType,
} from "@crm/protocol";
import * as Y from "yjs";
import { NotAcknowledgedError, PeerUnavailableError } from "../types.js";

/*
 * Documents that are not record shards and that the peer opens only when it needs one — a
 * person's inbox (notifications). Unlike shards they are not subscribed on every connect and not
 * kept in the peer's database: a job opens one (sync from nothing: they are small), writes, waits
 * until the server stored the write, and lets go; the document is unsubscribed after `idleMs`
 * unused. This keeps the peer's open documents to the record shards plus the few inboxes in use
 * (the server's per-principal quota counts them), and needs no durable state: a job is the
 * durable unit — if the peer stops before the server acknowledged, the job runs again, finds what
 * the server has and writes what is missing.
 *
 * They ride the peer's one `/sync` connection (SyncLink hands them every frame for a name it has
 * no shard of), with the protocol's counting: the server's "persisted" count of this connection's
 * sends says which write is stored.
 */

const REMOTE = Symbol("remote");

interface LiveDoc {
  name: string;
  doc: Y.Doc;
  refs: number;
  /** The server's state arrived on this connection (its step 2). */
  synced: boolean;
  /** Refused by the server (error message): why. */
  refused: string | null;
  waiters: { resolve(): void; reject(err: Error): void }[];
  acks: { index: number; resolve(): void; reject(err: Error): void }[];
  idle: ReturnType<typeof setTimeout> | null;
}

export interface LiveDocumentsOptions {
  /** Unused documents are unsubscribed after this long; default 30 s. */
  idleMs?: number;
}

export class LiveDocuments {
  private readonly docs = new Map<string, LiveDoc>();
  /** Sends per document on the current connection (the server's "persisted" counts the same). */
  private sent = new Map<string, number>();
  private send: ((name: string, message: Uint8Array) => void) | null = null;
  private closed = false;

  constructor(private readonly o: LiveDocumentsOptions = {}) {}

  /** The link connected: every open document subscribes (again). */
  connected(send: (name: string, message: Uint8Array) => void): void {
    this.send = send;
    this.sent = new Map();
    for (const d of this.docs.values()) this.subscribe(d);
  }

  /** The link lost its connection: writes waiting for an acknowledgement will not get one. */
  disconnected(): void {
    this.send = null;
    for (const d of this.docs.values()) {
      d.synced = false;
      for (const a of d.acks.splice(0)) a.reject(new NotAcknowledgedError(d.name));
    }
  }

  /** Names of the documents open now (for tests and diagnostics). */
  openNames(): string[] {
    return [...this.docs.keys()];
  }

  /**
   * Opens documents, waits until each holds the server's state, runs `fn` with them, and lets them
   * go. Writes inside `fn` go through `write`. Throws when one is refused or does not sync in time.
   */
  async use<T>(names: readonly string[], fn: (docs: Y.Doc[]) => Promise<T> | T, timeoutMs = 15_000): Promise<T> {
    if (this.closed) throw new PeerUnavailableError("the peer is closed");
    const opened = names.map((n) => this.acquire(n));
    try {
      await Promise.all(opened.map((d) => this.whenSynced(d, timeoutMs)));
      return await fn(opened.map((d) => d.doc));
    } finally {
      for (const d of opened) this.releaseDoc(d);
    }
  }

  /** Changes a document (open in `use`) and resolves once the server stored the change. */
  async write(doc: Y.Doc, change: (doc: Y.Doc) => void, timeoutMs = 15_000): Promise<void> {
    const d = [...this.docs.values()].find((x) => x.doc === doc);
    if (!d) throw new Error("write: the document is not open");
    let index = 0;
    const onUpdate = (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE || !this.send || !d.synced) return;
      index = this.count(d.name);
      this.send(d.name, encodeUpdate(update));
    };
    doc.on("update", onUpdate);
    try {
      if (!this.send || !d.synced) throw new NotAcknowledgedError(d.name);
      doc.transact(() => change(doc));
    } finally {
      doc.off("update", onUpdate);
    }
    if (!index) return; // nothing changed
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        d.acks = d.acks.filter((a) => a !== ack);
        reject(new NotAcknowledgedError(d.name));
      }, timeoutMs);
      timer.unref?.();
      const ack = {
        index,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (err: Error) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      d.acks.push(ack);
    });
  }

  /** A frame for a document that is no shard: true when it was one of these. */
  receive(name: string, message: Uint8Array): boolean {
    const d = this.docs.get(name);
    if (!d) return false;
    const m = decodeMessage(message);
    if (m.type === "persisted") {
      d.acks = d.acks.filter((a) => {
        if (a.index > m.count) return true;
        a.resolve();
        return false;
      });
    } else if (m.type === "error") {
      d.refused = `${m.code}: ${m.message}`;
      const refusal = new PeerUnavailableError(`${name} refused: ${d.refused}`);
      for (const w of d.waiters.splice(0)) w.reject(refusal);
      // A refused write (read-only) is never acknowledged: say so now, not at the timeout.
      for (const a of d.acks.splice(0)) a.reject(refusal);
    } else if (m.type === "sync") {
      if (m.syncType === SyncType.step1) {
        this.sendCounted(d, encodeSyncStep2(Y.encodeStateAsUpdate(d.doc, m.payload)));
      } else {
        Y.applyUpdate(d.doc, m.payload, REMOTE);
        if (m.syncType === SyncType.step2 && !d.synced) {
          d.synced = true;
          for (const w of d.waiters.splice(0)) w.resolve();
        }
      }
    }
    return true;
  }

  close(): void {
    this.closed = true;
    for (const d of this.docs.values()) {
      if (d.idle) clearTimeout(d.idle);
      for (const w of d.waiters.splice(0)) w.reject(new PeerUnavailableError("the peer is closed"));
      for (const a of d.acks.splice(0)) a.reject(new PeerUnavailableError("the peer is closed"));
      d.doc.destroy();
    }
    this.docs.clear();
  }

  private acquire(name: string): LiveDoc {
    let d = this.docs.get(name);
    if (!d) {
      d = { name, doc: new Y.Doc(), refs: 0, synced: false, refused: null, waiters: [], acks: [], idle: null };
      this.docs.set(name, d);
      this.subscribe(d);
    }
    if (d.idle) clearTimeout(d.idle);
    d.idle = null;
    d.refs++;
    return d;
  }

  private releaseDoc(d: LiveDoc): void {
    d.refs--;
    if (d.refs > 0 || this.closed) return;
    d.idle = setTimeout(() => {
      if (d.refs > 0 || d.acks.length || this.docs.get(d.name) !== d) return;
      this.docs.delete(d.name);
      this.send?.(d.name, encodeUnsubscribe());
      d.doc.destroy();
    }, this.o.idleMs ?? 30_000);
    d.idle.unref?.();
  }

  private whenSynced(d: LiveDoc, timeoutMs: number): Promise<void> {
    if (d.synced) return Promise.resolve();
    if (d.refused) {
      // Asked again later (rights can change): the next use subscribes afresh.
      this.docs.delete(d.name);
      return Promise.reject(new PeerUnavailableError(`${d.name} refused: ${d.refused}`));
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        d.waiters = d.waiters.filter((w) => w !== waiter);
        reject(new PeerUnavailableError(`${d.name} did not sync in ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref?.();
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (err: Error) => {
          clearTimeout(timer);
          if (this.docs.get(d.name) === d && d.refs <= 1) this.docs.delete(d.name);
          reject(err);
        },
      };
      d.waiters.push(waiter);
    });
  }

  private subscribe(d: LiveDoc): void {
    d.synced = false;
    d.refused = null;
    this.send?.(d.name, encodeSyncStep1(Y.encodeStateVector(d.doc)));
  }

  private sendCounted(d: LiveDoc, message: Uint8Array): void {
    if (!this.send) return;
    this.count(d.name);
    this.send(d.name, message);
  }

  /** Counts one more send of a document on this connection; its index. */
  private count(name: string): number {
    const n = (this.sent.get(name) ?? 0) + 1;
    this.sent.set(name, n);
    return n;
  }
}
