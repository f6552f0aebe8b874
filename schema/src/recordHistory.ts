import type * as Y from "yjs";

/*
 * Field history, recorded by the writer. Every change of an existing record's fields appends one
 * entry {at, by, changes: [[field, old, new], ...]} to the record's history in the same shard
 * document and the same transaction as the change, so every device that has the document has
 * the whole history — whatever order or batches its updates arrived in, and however the store
 * or the server compacted them.
 *
 * Where: one ROOT Y.Array per record, named `history/<id>`. Not a Y.Map `history` of id →
 * Y.Array: two devices making a record's first change offline would each create the array
 * under the same key, and Yjs keeps only one of them — the other's entries would be lost. A root
 * type is identified by its name, so both devices append to the same array and Yjs keeps both
 * entries. The record's own Y.Map and the projection never see it (`touchedRecordIds` looks at
 * the `records` map only).
 *
 * Not recorded: creation (the record's createdAt/createdBy say it, and bulk creates — imports,
 * the demo's 521k records — must not pay for history), and bookkeeping fields.
 *
 * Bound: at most HISTORY_LIMIT entries per record; the oldest are deleted in the transaction
 * that passes it, so a hot record cannot grow its shard forever. Devices that append concurrently
 * each trim on their own, so after a merge a record may briefly hold a few more until its next
 * change. Values longer than VALUE_LIMIT characters (as text, or as JSON for lists) are clipped:
 * every entry is synced to and decoded by every device with the shard, and a long description
 * edited a hundred times would otherwise weigh a hundred copies of itself.
 */

/** Entries kept per record (oldest dropped first). */
export const HISTORY_LIMIT = 200;
/** Characters of a value kept in an entry; longer values are clipped (see `ClippedValue`). */
export const VALUE_LIMIT = 500;

/** Fields every write stamps: not a change anyone made. */
export const BOOKKEEPING_FIELDS: ReadonlySet<string> = new Set([
  "id",
  "_v",
  "createdAt",
  "createdBy",
  "updatedAt",
  "updatedBy",
]);

/** A value too long to keep whole: its first VALUE_LIMIT characters and its full length. */
export interface ClippedValue {
  "~clipped": string;
  length: number;
}

/** [field, old value, new value]; an absent value is null. */
export type RecordedChange = [field: string, from: unknown, to: unknown];

export interface RecordedEntry {
  at: number;
  by: string;
  changes: RecordedChange[];
}

const PREFIX = "history/";

/** The name of the root array holding a record's history. */
export function historyRootName(id: string): string {
  return PREFIX + id;
}

/** The history array of one record (an empty array when nothing was recorded). */
export function historyOf(doc: Y.Doc, id: string): Y.Array<RecordedEntry> {
  return doc.getArray<RecordedEntry>(historyRootName(id));
}

export function isClipped(v: unknown): v is ClippedValue {
  return typeof v === "object" && v !== null && typeof (v as ClippedValue)["~clipped"] === "string";
}

/** A value as an entry stores it: JSON, clipped when long. */
export function clipValue(v: unknown): unknown {
  if (v === undefined || v === null) return null;
  if (typeof v === "string")
    return v.length > VALUE_LIMIT ? { "~clipped": v.slice(0, VALUE_LIMIT), length: v.length } : v;
  if (typeof v !== "object") return v;
  const json = JSON.stringify(v);
  return json.length > VALUE_LIMIT ? { "~clipped": json.slice(0, VALUE_LIMIT), length: json.length } : v;
}

/** Whether two field values are the same to a person (lists compare by content). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Appends one entry, dropping the oldest beyond HISTORY_LIMIT. Call inside the write's transaction. */
export function appendHistory(doc: Y.Doc, id: string, entry: RecordedEntry): void {
  const list = historyOf(doc, id);
  list.push([entry]);
  if (list.length > HISTORY_LIMIT) list.delete(0, list.length - HISTORY_LIMIT);
}

/**
 * A record's recorded history, oldest first. Entries appended concurrently on several devices
 * are ordered by their time (Yjs orders concurrent inserts by client, not by time). Malformed
 * entries (a client of another version, a forged update) are skipped, not shown half.
 */
export function readHistory(doc: Y.Doc, id: string): RecordedEntry[] {
  if (!doc.share.has(historyRootName(id))) return [];
  const out: RecordedEntry[] = [];
  for (const e of historyOf(doc, id).toArray() as unknown[]) {
    if (!e || typeof e !== "object") continue;
    const { at, by, changes } = e as Partial<RecordedEntry>;
    if (typeof at !== "number" || typeof by !== "string" || !Array.isArray(changes)) continue;
    const ok = changes.filter(
      (c): c is RecordedChange => Array.isArray(c) && c.length === 3 && typeof c[0] === "string",
    );
    out.push({ at, by, changes: ok });
  }
  // Array.prototype.sort is stable: entries with the same time keep the document's order.
  return out.sort((a, b) => a.at - b.at);
}

/** Deletes every entry of a record's history (GDPR erasure: old values are personal data). */
export function eraseHistory(doc: Y.Doc, id: string): number {
  if (!doc.share.has(historyRootName(id))) return 0;
  const list = historyOf(doc, id);
  const n = list.length;
  if (n) list.delete(0, n);
  return n;
}
