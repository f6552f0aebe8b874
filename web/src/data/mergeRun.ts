import { type CollectionName, type MergeKind, type RecordWrite, referenceFields, type StoredRecord } from "@crm/schema";
import type { CrmDatabase } from "../local/db.js";
import type { LocalStore } from "../local/store.js";

/*
 * The web side of schema's merge plan: find the records that point at the loser, and write a
 * plan (or its undo) through the store. Children are found in the projection: by the indexed
 * `accountId` where the reference is that field, by a scan otherwise (leads' converted ids,
 * activities' relatedId) — a scan of one table, done once per merge.
 */

type AnyRecord = StoredRecord & { id: string };

export async function loadChildren(
  db: CrmDatabase,
  kind: MergeKind,
  loserId: string,
): Promise<Record<string, AnyRecord[]>> {
  const out: Record<string, AnyRecord[]> = {};
  for (const [collection, fields] of Object.entries(referenceFields[kind])) {
    const table = db.table<AnyRecord, string>(collection);
    const found = new Map<string, AnyRecord>();
    const scanned = fields.filter((f) => !(f === "accountId" && table.schema.idxByName.accountId));
    if (scanned.length !== fields.length)
      for (const r of await table.where("accountId").equals(loserId).toArray()) found.set(r.id, r);
    if (scanned.length)
      for (const r of await table.filter((r) => scanned.some((f) => r[f] === loserId)).toArray()) found.set(r.id, r);
    if (found.size) out[collection] = [...found.values()];
  }
  return out;
}

/**
 * Writes in the plan's order. Consecutive writes to one collection go in one `writeMany` (one Yjs
 * transaction per shard): a record's fields not in the write are left as they are, so a
 * teammate's concurrent edit of another field survives.
 */
export async function applyPlan(store: LocalStore, writes: readonly RecordWrite[]): Promise<void> {
  let i = 0;
  while (i < writes.length) {
    const collection = writes[i]!.collection;
    const run: StoredRecord[] = [];
    for (; i < writes.length && writes[i]!.collection === collection; i++)
      run.push({ ...writes[i]!.fields, id: writes[i]!.id });
    await store.writeMany(collection as CollectionName, run);
  }
}
