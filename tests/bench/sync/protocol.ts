import { encodeSyncStep1, encodeSyncStep2, encodeUpdate, MessageType, SyncType } from "@crm/protocol";
import { generateDemo, writeRecord } from "@crm/schema";
import * as decoding from "lib0/decoding";
import * as Y from "yjs";

/*
 * The stock y-websocket wire protocol, spoken directly (the encoders are @crm/protocol's) so that a
 * thousand clients fit in one load-generator process: message type 0 = sync (step 1, step 2,
 * update), 1 = awareness. Also the prepared document contents of points (e) and (f), and
 * percentiles.
 */

export const SYNC = MessageType.sync;
export const STEP1 = SyncType.step1;
export const STEP2 = SyncType.step2;
export const UPDATE = SyncType.update;

export const step1 = (stateVector: Uint8Array) => encodeSyncStep1(stateVector);
export const step2 = (update: Uint8Array) => encodeSyncStep2(update);
export const updateMessage = (update: Uint8Array) => encodeUpdate(update);

/** State vector of an empty document, and the (empty) update an empty document answers step 1 with. */
export const EMPTY_SV = Y.encodeStateVector(new Y.Doc());
export const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

export interface Incoming {
  /** 0 sync, 1 awareness, other: an extension message (ignored). */
  type: number;
  /** For sync messages: 0 step 1, 1 step 2, 2 update. */
  syncType: number;
  payload: Uint8Array;
}

export function decodeMessage(data: Uint8Array): Incoming {
  const d = decoding.createDecoder(data);
  const type = decoding.readVarUint(d);
  if (type !== SYNC) return { type, syncType: -1, payload: data };
  const syncType = decoding.readVarUint(d);
  return { type, syncType, payload: decoding.readVarUint8Array(d) };
}

/**
 * The first struct of a v1 update: (client, clock) of the edit it carries. Servers relay an edit
 * as the update of the transaction that applied it, so this is the sender's client id and the
 * clock of the item it wrote — the key of the sender's timestamp table. Null for updates without
 * structs (e.g. a pure deletion).
 */
export function firstStruct(update: Uint8Array): { client: number; clock: number } | null {
  const d = decoding.createDecoder(update);
  if (decoding.readVarUint(d) === 0) return null;
  if (decoding.readVarUint(d) === 0) return null;
  const client = decoding.readVarUint(d);
  const clock = decoding.readVarUint(d);
  return { client, clock };
}

/**
 * (e) A records shard as the web app writes it (`records`: id → Y.Map of fields, schema's
 * `writeRecord`), filled with demo accounts until its encoding reaches `minBytes`.
 */
export function recordShardUpdate(minBytes: number): Uint8Array {
  const { accounts } = generateDemo("big");
  const doc = new Y.Doc();
  let next = 0;
  let update = Y.encodeStateAsUpdate(doc);
  while (update.byteLength < minBytes && next < accounts.length) {
    for (let k = 0; k < 25 && next < accounts.length; k++) {
      const a = accounts[next++]!;
      writeRecord(doc, a.id, { ...a }, { actor: "bench", now: a.createdAt, version: 1 });
    }
    update = Y.encodeStateAsUpdate(doc);
  }
  doc.destroy();
  return update;
}

/** (f) A document whose `entries` map has `n` keys with short string values. */
export function mapEntriesUpdate(n: number): Uint8Array {
  const doc = new Y.Doc();
  const map = doc.getMap<string>("entries");
  doc.transact(() => {
    for (let i = 0; i < n; i++) map.set(`k${String(i).padStart(5, "0")}`, `value of entry ${i}`);
  });
  const update = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return update;
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles (ms), rounded to 0.01; null when there is nothing to summarise. */
export function percentiles(values: ArrayLike<number>): Percentiles | null {
  const v = Float64Array.from(values as ArrayLike<number>).sort();
  if (v.length === 0) return null;
  const at = (p: number) => v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))]!;
  let sum = 0;
  for (const x of v) sum += x;
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    n: v.length,
    p50: r(at(50)),
    p95: r(at(95)),
    p99: r(at(99)),
    max: r(v[v.length - 1]!),
    mean: r(sum / v.length),
  };
}
