import { type CollectionName, readRecord, recordDocName, recordsOf, recordTypes, type StoredRecord } from "@crm/schema";
import * as Y from "yjs";
import type { CrmDatabase } from "../local/db.js";

/*
 * Field history (who, when, old → new) derived from the record's shard document as this device
 * stored it: the update log in `db.updates` is replayed one stored update at a time, and after
 * each the record is compared with its previous state. Every write stamps `updatedAt` and
 * `updatedBy` in the same transaction (schema's writeRecord), so each step says who and when.
 *
 * Nothing new is stored, which is why this needs no change to the store or the schema — and
 * also its limits: updates that arrived from the server together (a first sync of a record made
 * elsewhere) are one step, and the store's compaction (every ~200 updates of a shard) folds
 * the older steps into one: what is before it shows as the values at that time. A full
 * history on every device needs the writer to keep it; see the data section of web/CONTEXT.md.
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

/** Bookkeeping that changes with every write; not a change anyone made. */
const BOOKKEEPING = new Set(["id", "createdAt", "createdBy", "updatedAt", "updatedBy", "_v"]);
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? "") === JSON.stringify(b ?? "");
const live = (r: StoredRecord) => !(typeof r.deletedAt === "number" && r.deletedAt > 0);

/** The history of one record from its document's updates, oldest first. */
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
      if (BOOKKEEPING.has(field) || field === "deletedAt" || field === "importCancelled") continue;
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

export async function recordHistory(
  db: CrmDatabase,
  workspace: string,
  collection: CollectionName,
  id: string,
): Promise<{ entries: HistoryEntry[]; current: StoredRecord | undefined }> {
  const name = recordDocName(workspace, recordTypes[collection], id);
  // The `doc` index keeps equal keys in primary-key order: the order they were stored in.
  const rows = await db.updates.where("doc").equals(name).toArray();
  const updates = rows.map((r) => r.data);
  const doc = new Y.Doc();
  recordsOf(doc);
  if (updates.length) Y.applyUpdate(doc, Y.mergeUpdates(updates));
  const current = readRecord(doc, id);
  doc.destroy();
  return { entries: historyFromUpdates(updates, id), current };
}
