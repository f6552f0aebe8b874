import type { StoredRecord } from "@crm/schema";
import * as Y from "yjs";
import { HISTORY_KEY, type IndexRow, MAP_KEY, type StructIndex } from "./itemIndex.js";
import type { StateVector } from "./vectors.js";

/*
 * An update to a shard understood WITHOUT decoding the shard: what it does to the records, read
 * from its own structs and the shard's item index (itemIndex.ts). Only updates whose every struct
 * continues what the index knows are understood — a record created, a field set over the value
 * its writer saw, a history entry appended at the end: what `writeRecord` makes, from any
 * writer that was up to date. Anything else — a struct written concurrently with another
 * (Yjs would order the two), a gap or an overlap with the stored state, a nested type, a
 * deleted key, an unknown root — gives `null`, and the caller decodes the shard and applies the
 * update as Yjs does. So this is an exact shortcut, never an approximation: a test compares it
 * with decoding on random concurrent histories (coldApply.test.ts).
 */

export interface ColdPlan {
  /** Each touched record as its Y.Map's `toJSON()` will give it, and whether it is new. */
  records: Map<string, { raw: StoredRecord; created: boolean }>;
  /** Index rows to write (each replaces its record's key). */
  rows: IndexRow[];
  /** The shard's state vector after the update. */
  sv: StateVector;
}

const idKey = (client: number, clock: number) => `${client}:${clock}`;

/** What a struct of the update turned out to be. */
interface Resolved {
  record: string;
  key: string;
}

export function planColdApply(
  doc: string,
  update: Uint8Array,
  stored: StateVector,
  index: StructIndex,
  options: { records?: boolean } = {},
): ColdPlan | null {
  if (!index.isIndexed(doc)) return null;
  let decoded: { structs: (Y.Item | Y.GC | Y.Skip)[]; ds: { clients: Map<number, { clock: number; len: number }[]> } };
  try {
    decoded = Y.decodeUpdate(update) as typeof decoded;
  } catch {
    return null;
  }
  const items: Y.Item[] = [];
  const sv = new Map(stored);
  const first = new Map<number, number>();
  for (const s of decoded.structs) {
    if (!(s instanceof Y.Item)) return null;
    const c = s.id.client;
    // Each client's structs must start where the stored state ends, one after the other.
    if ((sv.get(c) ?? 0) !== s.id.clock) return null;
    if (!first.has(c)) first.set(c, s.id.clock);
    sv.set(c, s.id.clock + s.length);
    items.push(s);
  }

  // The update's own structs, by last id, once resolved; the winners it sets, by record and key.
  const local = new Map<string, Resolved>();
  const winners = new Map<string, IndexRow>();
  const consumed = new Set<string>();
  const created = new Set<string>();
  const inUpdate = (id: Y.ID) => {
    const f = first.get(id.client);
    return f !== undefined && id.clock >= f && id.clock < (sv.get(id.client) ?? 0);
  };
  const winner = (record: string, key: string): IndexRow | undefined =>
    winners.get(`${record}\0${key}`) ?? (created.has(record) ? undefined : index.byKey(doc, record, key));
  const known = (id: Y.ID): Resolved | undefined => {
    const k = idKey(id.client, id.clock);
    if (consumed.has(k)) return undefined;
    const hit = local.get(k);
    if (hit) return hit;
    if (inUpdate(id)) return undefined;
    const row = index.byId(doc, id.client, id.clock);
    return row ? { record: row.record, key: row.key } : undefined;
  };
  const setWinner = (item: Y.Item, r: Resolved, value: string | null, n = 0) => {
    const last = item.id.clock + item.length - 1;
    const row: IndexRow = { client: item.id.client, clock: last, record: r.record, key: r.key, value, n };
    winners.set(`${r.record}\0${r.key}`, row);
    local.set(idKey(item.id.client, last), r);
  };
  const fieldValue = (item: Y.Item): string | null | undefined => {
    if (item.length !== 1) return undefined;
    if (item.content instanceof Y.ContentDeleted) return null;
    if (item.content instanceof Y.ContentAny) return JSON.stringify(item.content.arr[0] ?? null);
    return undefined;
  };

  /** true: done; false: cannot be understood; "later": it names a struct of this update not resolved yet. */
  const resolve = (item: Y.Item): boolean | "later" => {
    if (item.rightOrigin) return false;
    if (item.origin) {
      const o = item.origin;
      const target = known(o);
      if (!target) return local.has(idKey(o.client, o.clock)) || !inUpdate(o) ? false : "later";
      const current = winner(target.record, target.key);
      if (!current || current.client !== o.client || current.clock !== o.clock) return false;
      consumed.add(idKey(o.client, o.clock));
      if (target.key === MAP_KEY) return false; // a record's map set again: two creates of one id
      if (target.key === HISTORY_KEY) {
        if (!(item.content instanceof Y.ContentAny)) return false;
        setWinner(item, target, null, current.n + item.length);
        return true;
      }
      const value = fieldValue(item);
      if (value === undefined) return false;
      setWinner(item, target, value);
      return true;
    }
    const parent = item.parent as string | Y.ID | null;
    if (typeof parent === "string") {
      if (parent === "records") {
        const id = item.parentSub;
        if (!id || item.length !== 1 || !(item.content instanceof Y.ContentType)) return false;
        if (!(item.content.type instanceof Y.Map) || winner(id, MAP_KEY)) return false;
        created.add(id);
        setWinner(item, { record: id, key: MAP_KEY }, null);
        return true;
      }
      if (parent.startsWith("history/") && !item.parentSub && item.content instanceof Y.ContentAny) {
        const id = parent.slice("history/".length);
        if (winner(id, HISTORY_KEY)) return false; // appended at the start of a non-empty history
        setWinner(item, { record: id, key: HISTORY_KEY }, null, item.length);
        return true;
      }
      return false;
    }
    if (!parent || !item.parentSub) return false;
    const owner = known(parent);
    if (!owner) return inUpdate(parent) && !local.has(idKey(parent.client, parent.clock)) ? "later" : false;
    if (owner.key !== MAP_KEY || item.parentSub === MAP_KEY || item.parentSub === HISTORY_KEY) return false;
    if (winner(owner.record, item.parentSub)) return false; // the key has a value this struct did not see
    const value = fieldValue(item);
    if (value === undefined) return false;
    setWinner(item, { record: owner.record, key: item.parentSub }, value);
    return true;
  };

  let pending = items;
  while (pending.length) {
    const later: Y.Item[] = [];
    for (const item of pending) {
      const r = resolve(item);
      if (r === false) return null;
      if (r === "later") later.push(item);
    }
    if (later.length === pending.length) return null;
    pending = later;
  }

  // Deletions may only take what the update replaced (a set key's old struct) or what the index
  // does not describe (old history entries trimmed): never a current value, never a record.
  for (const [client, ranges] of decoded.ds.clients) {
    for (const { clock, len } of ranges) {
      if (clock + len > (sv.get(client) ?? 0)) return null; // a deletion of what is not there yet
      for (const row of index.inRange(doc, client, clock, clock + len - 1))
        if (!consumed.has(idKey(row.client, row.clock))) return null;
      for (const w of winners.values())
        if (w.client === client && w.clock >= clock && w.clock < clock + len && w.key !== HISTORY_KEY) return null;
    }
  }

  const records = new Map<string, { raw: StoredRecord; created: boolean }>();
  if (options.records === false) return { records, rows: [...winners.values()], sv };
  for (const row of winners.values()) {
    if (row.key === HISTORY_KEY) continue;
    let entry = records.get(row.record);
    if (!entry) {
      const isNew = created.has(row.record);
      const raw = isNew ? {} : index.raw(doc, row.record);
      if (!raw) return null;
      entry = { raw, created: isNew };
      records.set(row.record, entry);
    }
    if (row.key === MAP_KEY) continue;
    if (row.value === null) delete entry.raw[row.key];
    else entry.raw[row.key] = JSON.parse(row.value);
  }
  return { records, rows: [...winners.values()], sv };
}
