import {
  BOOKKEEPING_FIELDS,
  clipValue,
  HISTORY_LIMIT,
  type RecordedChange,
  type StoredRecord,
  sameValue,
  VERSION_KEY,
} from "@crm/schema";
import * as encoding from "lib0/encoding";
import * as Y from "yjs";
import { HISTORY_KEY, type ItemIndex, MAP_KEY } from "./itemIndex.js";

/*
 * `writeRecord` (schema/src/yrecords.ts) without the shard: the same structs it would make in a
 * decoded shard — a new record's Y.Map and its stamps, each changed field set over the struct
 * holding its current value, `updatedAt`/`updatedBy`, one history entry — built from the item
 * index and encoded as the update the decoded write would emit. The caller applies it through
 * the same path as an update from the server (coldApply.ts), which checks it again.
 * `null`: the write needs the decoded shard (a history at its bound must be trimmed).
 */

/** An item's parent given by a root type's name, as Yjs encodes it (Item.write accepts a string). */
const rootName = (name: string) => name as unknown as Y.AbstractType<unknown>;

export interface ColdWrite {
  update: Uint8Array;
  /** The fields written (what `writeRecord` returns). */
  written: string[];
}

export function encodeColdWrite(
  index: ItemIndex,
  doc: string,
  client: number,
  clock: number,
  id: string,
  existing: StoredRecord | undefined,
  fields: StoredRecord,
  meta: { actor: string; now: number; version: number },
): ColdWrite | null {
  const items: Y.Item[] = [];
  const deletedClients = new Map<number, number[]>();
  let next = clock;
  let mapId: Y.ID;
  const own = new Map<string, Y.ID>();
  const rec = existing;
  if (!rec) {
    mapId = Y.createID(client, next++);
    items.push(new Y.Item(mapId, null, null, null, null, rootName("records"), id, new Y.ContentType(new Y.Map())));
  } else {
    const row = index.byKey(doc, id, MAP_KEY);
    if (!row) return null;
    mapId = Y.createID(row.client, row.clock);
  }
  const set = (key: string, value: unknown) => {
    const itemId = Y.createID(client, next++);
    const mine = own.get(key);
    const row = mine ? undefined : rec ? index.byKey(doc, id, key) : undefined;
    const origin = mine ?? (row ? Y.createID(row.client, row.clock) : null);
    if (origin) {
      const list = deletedClients.get(origin.client) ?? [];
      list.push(origin.clock);
      deletedClients.set(origin.client, list);
    }
    items.push(new Y.Item(itemId, null, origin, null, null, origin ? null : mapId, key, new Y.ContentAny([value])));
    own.set(key, itemId);
  };
  if (!rec) {
    set("id", id);
    set(VERSION_KEY, meta.version);
    set("createdAt", meta.now);
    set("createdBy", meta.actor);
  }
  const values: StoredRecord = rec ? { ...rec } : { id, [VERSION_KEY]: meta.version };
  const changes: RecordedChange[] | null = rec ? [] : null;
  const written: string[] = [];
  for (const [key, value] of Object.entries(fields)) {
    if (key === "id" || value === undefined) continue;
    const old = values[key];
    if (old === value) continue;
    if (changes && !BOOKKEEPING_FIELDS.has(key) && !sameValue(old, value))
      changes.push([key, clipValue(old), clipValue(value)]);
    set(key, value);
    values[key] = value;
    written.push(key);
  }
  if (written.length) {
    set("updatedAt", meta.now);
    set("updatedBy", meta.actor);
  }
  if (changes?.length) {
    const tail = index.byKey(doc, id, HISTORY_KEY);
    if (tail && tail.n + 1 > HISTORY_LIMIT) return null;
    const entry = { at: meta.now, by: meta.actor, changes };
    const itemId = Y.createID(client, next++);
    const origin = tail ? Y.createID(tail.client, tail.clock) : null;
    items.push(
      new Y.Item(
        itemId,
        null,
        origin,
        null,
        null,
        origin ? null : rootName(`history/${id}`),
        null,
        new Y.ContentAny([entry]),
      ),
    );
  }
  if (!items.length) return { update: new Uint8Array(0), written };

  const enc = new Y.UpdateEncoderV1();
  encoding.writeVarUint(enc.restEncoder, 1);
  encoding.writeVarUint(enc.restEncoder, items.length);
  enc.writeClient(client);
  encoding.writeVarUint(enc.restEncoder, clock);
  for (const item of items) item.write(enc, 0);
  encoding.writeVarUint(enc.restEncoder, deletedClients.size);
  for (const [c, clocks] of deletedClients) {
    enc.resetDsCurVal();
    enc.writeClient(c);
    clocks.sort((a, b) => a - b);
    encoding.writeVarUint(enc.restEncoder, clocks.length);
    for (const k of clocks) {
      enc.writeDsClock(k);
      enc.writeDsLen(1);
    }
  }
  return { update: enc.toUint8Array(), written };
}
