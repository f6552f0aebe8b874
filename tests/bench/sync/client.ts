import { writeRecord } from "@crm/schema";
import { WebSocket } from "ws";
import * as Y from "yjs";
import {
  decodeMessage,
  EMPTY_SV,
  EMPTY_UPDATE,
  type Incoming,
  STEP1,
  STEP2,
  SYNC,
  step1,
  step2,
  UPDATE,
  updateMessage,
} from "./protocol.js";

/*
 * One lightweight protocol client: a `ws` socket, and a Y.Doc only when it edits. It never applies
 * what it receives (a thousand of them share one core); received edits are matched to their send
 * time through the sender's table `sendTimes[clock]` (all clients live in this process).
 */

export interface ClientOptions {
  /** Sends sync step 1 on open, as a y-websocket provider does ("eager"), or only after it answered the
   * server's step 1 ("fenced"): then the step 2 that comes back proves that everything sent before was applied. */
  step1: "eager" | "fenced";
  /** What to answer the server's step 1 with (default: the own doc's diff, or an empty update). */
  content?: Uint8Array;
  /** Edits its own record (`bench<index>`) in its own Y.Doc (load points). */
  edits?: boolean;
  index?: number;
}

/** Receives every relayed edit: `sender` may be unknown (edits from before the window). */
export type EditSink = (client: Client, update: Uint8Array, now: number) => void;

export class Client {
  static readonly byYjsId = new Map<number, Client>();
  readonly ws: WebSocket;
  readonly t0 = performance.now();
  tOpen = Number.NaN;
  tFirst = Number.NaN;
  tStep1 = Number.NaN;
  tSynced = Number.NaN;
  step2Bytes = 0;
  failure: string | undefined;
  closed = false;
  /** Send time of each own edit, by the clock of the item it wrote. */
  readonly sendTimes: number[] = [];
  /** Next scheduled edit (ms, performance.now()). */
  next = 0;
  private readonly doc: Y.Doc | undefined;
  private edits = 0;
  private settle: { resolve: () => void; reject: (e: Error) => void } | undefined;
  readonly synced: Promise<void>;

  constructor(
    url: string,
    /** Clients on the same document, this one included. */
    readonly group: Set<Client>,
    private readonly options: ClientOptions,
    private readonly sink?: EditSink,
  ) {
    this.synced = new Promise<void>((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    this.synced.catch(() => {});
    if (options.edits) {
      this.doc = new Y.Doc();
      Client.byYjsId.set(this.doc.clientID, this);
      this.doc.on("update", (update: Uint8Array) => this.send(updateMessage(update)));
    }
    group.add(this);
    this.ws = new WebSocket(url, { perMessageDeflate: false });
    this.ws.on("open", () => {
      this.tOpen = performance.now();
      if (options.step1 === "eager") this.sendStep1();
    });
    this.ws.on("message", (data, isBinary) => {
      if (isBinary) this.onMessage(data as Buffer);
    });
    this.ws.on("error", (err) => this.fail(`socket error: ${err.message}`));
    this.ws.on("close", (code) => {
      this.closed = true;
      this.group.delete(this);
      this.fail(`closed with ${code}`);
    });
  }

  get isSynced(): boolean {
    return !Number.isNaN(this.tSynced);
  }

  /** Creates this client's own account record (once synced, outside any measurement). */
  createRecord(): void {
    if (!this.doc) return;
    const index = this.options.index ?? 0;
    writeRecord(
      this.doc,
      `bench${index}`,
      { name: `Bench account ${index}`, status: "active", billingCity: "Berlin", phone: "+49301234567" },
      { actor: "bench", now: Date.now(), version: 1 },
    );
  }

  /** One field edit of the own record; its send time is kept under the clock of the item it writes. */
  edit(): boolean {
    if (!this.doc || this.ws.readyState !== WebSocket.OPEN) return false;
    const record = this.doc.getMap<Y.Map<unknown>>("records").get(`bench${this.options.index ?? 0}`);
    if (!record) return false;
    const field = FIELDS[this.edits++ % FIELDS.length]!;
    this.sendTimes[Y.getState(this.doc.store, this.doc.clientID)] = performance.now();
    record.set(field, `${field} ${this.edits}`);
    return true;
  }

  close(): void {
    if (this.closed) return;
    try {
      this.ws.close();
    } catch {
      this.ws.terminate();
    }
  }

  terminate(): void {
    this.ws.terminate();
  }

  dispose(): void {
    if (this.doc) {
      Client.byYjsId.delete(this.doc.clientID);
      this.doc.destroy();
    }
  }

  private send(message: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(message);
  }

  private sendStep1(): void {
    this.tStep1 = performance.now();
    const sv = this.doc
      ? Y.encodeStateVector(this.doc)
      : this.options.content
        ? Y.encodeStateVectorFromUpdate(this.options.content)
        : EMPTY_SV;
    this.send(step1(sv));
  }

  private onMessage(data: Buffer): void {
    const now = performance.now();
    if (Number.isNaN(this.tFirst)) this.tFirst = now;
    let m: Incoming;
    try {
      m = decodeMessage(data);
    } catch (err) {
      this.fail(`undecodable message: ${String(err)}`);
      return;
    }
    if (m.type !== SYNC) return;
    if (m.syncType === UPDATE) {
      this.sink?.(this, m.payload, now);
    } else if (m.syncType === STEP1) {
      const reply = this.doc
        ? Y.encodeStateAsUpdate(this.doc, m.payload)
        : this.options.content
          ? Y.diffUpdate(this.options.content, m.payload)
          : EMPTY_UPDATE;
      this.send(step2(reply));
      if (this.options.step1 === "fenced" && Number.isNaN(this.tStep1)) this.sendStep1();
    } else if (m.syncType === STEP2 && !this.isSynced) {
      this.tSynced = now;
      this.step2Bytes = m.payload.byteLength;
      this.settle?.resolve();
    }
  }

  private fail(reason: string): void {
    if (this.isSynced || this.failure) return;
    this.failure = reason;
    this.settle?.reject(new Error(reason));
  }
}

const FIELDS = ["name", "status", "phone", "billingCity"] as const;

/** Waits for `promise` at most `ms`; false when it timed out or failed. */
export async function within(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((r) => {
    timer = setTimeout(() => r(false), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => true,
        () => false,
      ),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
