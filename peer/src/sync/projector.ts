import { BOOKKEEPING_FIELDS, type CollectionName, recordsOf, type StoredRecord, touchedRecordIds } from "@crm/schema";
import type * as Y from "yjs";
import { apiRecord } from "../db/tables.js";
import type { ChangeKind, FieldChange, PeerRecord, RecordChange } from "../types.js";

/*
 * What one Yjs transaction on a shard means for the projection: the rows to write and the change
 * of each record it touched, old values read from the projection (the row as it was), new ones
 * from the document. Pure apart from the `before` lookup, so a test can drive it with documents.
 */

export interface Projected {
  rows: PeerRecord[];
  changes: Omit<RecordChange, "seq">[];
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

const live = (r: StoredRecord | null) => !!r && !(typeof r.deletedAt === "number" && r.deletedAt > 0);

/** The fields that differ, old → new; every field of the record when there was none before. */
export function diffRecords(before: StoredRecord | null, after: StoredRecord): Record<string, FieldChange> {
  const fields: Record<string, FieldChange> = {};
  for (const key of new Set([...Object.keys(before ?? {}), ...Object.keys(after)])) {
    if (BOOKKEEPING_FIELDS.has(key)) continue;
    const o = before ? (before[key] ?? null) : null;
    const n = after[key] ?? null;
    if (!before || !same(o, n)) fields[key] = { old: o, new: n };
  }
  return fields;
}

export function project(
  workspace: string,
  collection: CollectionName,
  doc: Y.Doc,
  tr: Y.Transaction,
  before: (id: string) => string | undefined,
  origin: "local" | "remote",
): Projected {
  const records = recordsOf(doc);
  const raws: [string, StoredRecord][] = [];
  for (const id of touchedRecordIds(tr, doc)) {
    const map = records.get(id);
    if (map) raws.push([id, map.toJSON() as StoredRecord]); // records are never removed (yrecords.ts)
  }
  return projectRecords(workspace, collection, raws, before, origin);
}

/** The same for records given as their Y.Maps' `toJSON()` (an update applied without decoding: coldApply.ts). */
export function projectRecords(
  workspace: string,
  collection: CollectionName,
  raws: Iterable<[string, StoredRecord]>,
  before: (id: string) => string | undefined,
  origin: "local" | "remote",
): Projected {
  const out: Projected = { rows: [], changes: [] };
  for (const [id, raw] of raws) {
    const record = apiRecord(collection, raw) as PeerRecord;
    record.id = id;
    out.rows.push(record);
    const oldJson = before(id);
    const old = oldJson ? (JSON.parse(oldJson) as StoredRecord) : null;
    const fields = diffRecords(old, record);
    if (!Object.keys(fields).length) continue;
    const kind: ChangeKind = !old ? "created" : live(old) && !live(record) ? "deleted" : "updated";
    const by = kind === "created" ? (record.createdBy ?? record.updatedBy) : (record.updatedBy ?? record.createdBy);
    const at = kind === "created" ? (record.createdAt ?? record.updatedAt) : (record.updatedAt ?? record.createdAt);
    out.changes.push({
      workspace,
      collection,
      id,
      kind,
      fields,
      actor: typeof by === "string" ? by : "",
      at: typeof at === "number" ? at : 0,
      origin,
      record,
    });
  }
  return out;
}
