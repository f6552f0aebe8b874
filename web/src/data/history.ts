import {
  BOOKKEEPING_FIELDS,
  type CollectionName,
  type FieldSettings,
  fieldOf,
  HISTORY_LIMIT,
  type RecordedEntry,
  readHistory,
  readRecord,
  recordDocName,
  recordsOf,
  recordTypes,
  type StoredRecord,
} from "@crm/schema";
import * as Y from "yjs";
import { referenceTarget as targetOf } from "../fields/valueText.js";
import type { CrmDatabase } from "../local/db.js";
import { recordTitle } from "./recordTitle.js";

/*
 * Field history (who, when, old → new) of one record, as its shard document holds it.
 *
 * Since schema's writeRecord records it, every change of an existing record is an entry in the
 * document itself (schema/src/recordHistory.ts): every device with the shard shows the same
 * history, whatever batches its updates arrived in and however they were compacted. Creation is
 * read from createdAt/createdBy; deletion and restore are the entries that change `deletedAt`.
 *
 * Records changed only before history was recorded have no entries. For them (and for records
 * never changed, where it gives the same "created" step) the history is still replayed from this
 * device's update log, one stored update at a time, as it was before: there, updates that
 * arrived from the server together are one step, and compaction folds older steps into one.
 * A record changed both before and after is read from its entries only; its older changes
 * show as part of its created values.
 */

export interface FieldChange {
  field: string;
  from: unknown;
  to: unknown;
}

export interface HistoryEntry {
  kind: "created" | "changed" | "deleted" | "restored";
  at: number;
  by: string;
  changes: FieldChange[];
}

export interface RecordHistory {
  entries: HistoryEntry[];
  current: StoredRecord | undefined;
  /** Where the entries come from: the record's recorded history, or the replayed update log. */
  source: "recorded" | "replayed";
  /** Older entries were dropped (the bound per record): the created values are not known. */
  trimmed: boolean;
  /** What the ids in reference fields (accountId, …) are called, found on this device. */
  titles: Record<string, string>;
}

/** Not a change anyone made; `deletedAt` is its own kind of step, `importCancelled` goes with it. */
const HIDDEN = new Set([...BOOKKEEPING_FIELDS, "deletedAt", "importCancelled"]);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? "") === JSON.stringify(b ?? "");
const live = (r: StoredRecord) => !(typeof r.deletedAt === "number" && r.deletedAt > 0);
const isDeleted = (v: unknown) => typeof v === "number" && v > 0;

const byTypeName = new Map(Object.values(recordTypes).map((t) => [t.typeName, t.collection as CollectionName]));

/**
 * The collection a reference field of `record` points into, from its descriptor (custom
 * reference fields included; an activity's relatedId: its relatedType).
 */
export function referenceTarget(
  collection: CollectionName,
  field: string,
  record: StoredRecord,
  settings?: FieldSettings,
): CollectionName | undefined {
  return targetOf(fieldOf(collection, field, settings), record, (name) => byTypeName.get(name));
}

/**
 * Names of the records the entries' reference fields point at, so a re-link (a merge moving a
 * contact to the surviving account) reads "Account: Acme → Acme GmbH", not two ids. The loser of
 * a merge is deleted, so not in the projection: it is read from its shard as stored here.
 */
async function referenceTitles(
  db: CrmDatabase,
  workspace: string,
  collection: CollectionName,
  entries: readonly HistoryEntry[],
  current: StoredRecord,
  settings?: FieldSettings,
): Promise<Record<string, string>> {
  const wanted = new Map<string, CollectionName>();
  for (const e of entries)
    for (const ch of e.changes) {
      const target = referenceTarget(collection, ch.field, current, settings);
      if (!target) continue;
      for (const v of [ch.from, ch.to]) if (typeof v === "string" && v) wanted.set(v, target);
    }
  const titles: Record<string, string> = {};
  for (const [id, target] of wanted) {
    const row = await db.table<StoredRecord, string>(target).get(id);
    const record = row ?? (await storedRecord(db, workspace, target, id)).current;
    if (record) titles[id] = recordTitle(target, record);
  }
  return titles;
}

/** A record and its shard's stored updates, as this device holds them. */
async function storedRecord(db: CrmDatabase, workspace: string, collection: CollectionName, id: string) {
  const name = recordDocName(workspace, recordTypes[collection], id);
  // The `doc` index keeps equal keys in primary-key order: the order they were stored in.
  const rows = await db.updates.where("doc").equals(name).toArray();
  const updates = rows.map((r) => r.data);
  const doc = new Y.Doc();
  recordsOf(doc);
  if (updates.length) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  const current = readRecord(doc, id);
  const recorded = readHistory(doc, id);
  doc.destroy();
  return { current, recorded, updates };
}

/** The history of one record from its recorded entries, oldest first. */
export function historyFromEntries(
  recorded: readonly RecordedEntry[],
  current: StoredRecord,
  trimmed = recorded.length >= HISTORY_LIMIT,
): HistoryEntry[] {
  // The values at creation: the current ones with every recorded change undone, newest first.
  // Unknown once older entries were dropped: the created step then lists no values.
  const initial: Record<string, unknown> = { ...current };
  for (let i = recorded.length - 1; i >= 0; i--)
    for (const [field, from] of recorded[i]!.changes) initial[field] = from;
  const created: HistoryEntry = {
    kind: "created",
    at: Number(current.createdAt ?? 0),
    by: String(current.createdBy ?? ""),
    changes: trimmed
      ? []
      : Object.entries(initial)
          .filter(([field, v]) => !HIDDEN.has(field) && !same(v, ""))
          .map(([field, to]) => ({ field, from: undefined, to })),
  };
  const out: HistoryEntry[] = [created];
  if (!trimmed && isDeleted(initial.deletedAt)) out.push({ ...created, kind: "deleted", changes: [] });
  for (const e of recorded) {
    const deletion = e.changes.find(([field]) => field === "deletedAt");
    const changes = e.changes
      .filter(([field]) => !HIDDEN.has(field))
      .map(([field, from, to]) => ({ field, from: from ?? undefined, to: to ?? undefined }));
    const kind =
      deletion && isDeleted(deletion[1]) !== isDeleted(deletion[2])
        ? isDeleted(deletion[2])
          ? "deleted"
          : "restored"
        : "changed";
    if (kind !== "changed" || changes.length) out.push({ kind, at: e.at, by: e.by, changes });
  }
  return out;
}

/** The history of one record replayed from a shard's update log, oldest first (records without entries). */
export function historyFromUpdates(updates: readonly Uint8Array[], id: string): HistoryEntry[] {
  const doc = new Y.Doc();
  recordsOf(doc);
  const out: HistoryEntry[] = [];
  let prev: StoredRecord | undefined;
  for (const update of updates) {
    Y.applyUpdate(doc, update);
    const cur = readRecord(doc, id);
    if (!cur) continue;
    const changes: FieldChange[] = [];
    for (const field of new Set([...Object.keys(prev ?? {}), ...Object.keys(cur)])) {
      if (HIDDEN.has(field)) continue;
      if (!same(prev?.[field], cur[field])) changes.push({ field, from: prev?.[field], to: cur[field] });
    }
    const at = Number(cur.updatedAt ?? cur.createdAt ?? 0);
    const by = String(cur.updatedBy ?? cur.createdBy ?? "");
    if (!prev) {
      out.push({ kind: "created", at: Number(cur.createdAt ?? at), by: String(cur.createdBy ?? by), changes });
      if (!live(cur)) out.push({ kind: "deleted", at, by, changes: [] });
    } else if (live(prev) !== live(cur)) {
      // Deletion and restore are writes of their own; a field change in the same step goes with them.
      out.push({ kind: live(cur) ? "restored" : "deleted", at, by, changes });
    } else if (changes.length) out.push({ kind: "changed", at, by, changes });
    prev = cur;
  }
  doc.destroy();
  return out;
}

/**
 * One record's history from the shard as stored on this device (IndexedDB): works offline. With
 * the workspace's `settings`, custom reference fields are named too.
 */
export async function recordHistory(
  db: CrmDatabase,
  workspace: string,
  collection: CollectionName,
  id: string,
  settings?: FieldSettings,
): Promise<RecordHistory> {
  const { current, recorded, updates } = await storedRecord(db, workspace, collection, id);
  if (!current) return { entries: [], current, source: "recorded", trimmed: false, titles: {} };
  const trimmed = recorded.length >= HISTORY_LIMIT;
  const source = recorded.length ? "recorded" : "replayed";
  const entries = recorded.length ? historyFromEntries(recorded, current, trimmed) : historyFromUpdates(updates, id);
  return {
    entries,
    current,
    source,
    trimmed,
    titles: await referenceTitles(db, workspace, collection, entries, current, settings),
  };
}
