import * as Y from "yjs";
import { type StoredRecord, VERSION_KEY } from "./record.js";
import { appendHistory, BOOKKEEPING_FIELDS, clipValue, type RecordedChange, sameValue } from "./recordHistory.js";

/*
 * INVARIANT: record documents only ever *set* keys — a record is never removed from `records`
 * and a field is never deleted from a record (deletion is the `deletedAt` field). The one delete,
 * trimming a record's field history (recordHistory.ts), happens in the same transaction as the
 * append that passes the bound, so it travels in an update that also adds structs. Every change
 * therefore adds structs, and a state vector tells whether a peer has all of a document. The web
 * client relies on this to sync record documents without decoding them ("cold" documents in
 * web/src/sync/client.ts). Erasure (GDPR) must be done by the server rewriting the document.
 */

/** The map of records in a shard document: id → Y.Map of fields. */
export function recordsOf(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>("records");
}

/** Soft deletion: the record stays in its document (so concurrent edits and restore keep working). */
export const DELETED_AT = "deletedAt";

/**
 * Writes the given fields of one record, creating it when absent. Only fields whose value differs
 * are written, so saving a form never overwrites a field the person did not touch.
 * A change of an existing record also appends one entry (who, when, old → new) to the record's
 * field history in the same transaction (recordHistory.ts); creating a record appends nothing.
 * Returns the names of the fields that were written.
 */
export function writeRecord(
  doc: Y.Doc,
  id: string,
  fields: StoredRecord,
  meta: { actor: string; now: number; version: number },
): string[] {
  const records = recordsOf(doc);
  const written: string[] = [];
  doc.transact(() => {
    let rec = records.get(id);
    // Only an existing record's changes are history; new records (bulk creates) skip it entirely.
    const changes: RecordedChange[] | null = rec ? [] : null;
    if (!rec) {
      rec = new Y.Map<unknown>();
      records.set(id, rec);
      rec.set("id", id);
      rec.set(VERSION_KEY, meta.version);
      rec.set("createdAt", meta.now);
      rec.set("createdBy", meta.actor);
    }
    for (const [key, value] of Object.entries(fields)) {
      if (key === "id" || value === undefined) continue;
      const old = rec.get(key);
      if (old !== value) {
        if (changes && !BOOKKEEPING_FIELDS.has(key) && !sameValue(old, value))
          changes.push([key, clipValue(old), clipValue(value)]);
        rec.set(key, value);
        written.push(key);
      }
    }
    if (written.length) {
      rec.set("updatedAt", meta.now);
      rec.set("updatedBy", meta.actor);
    }
    if (changes?.length) appendHistory(doc, id, { at: meta.now, by: meta.actor, changes });
  });
  return written;
}

export function readRecord(doc: Y.Doc, id: string): StoredRecord | undefined {
  const rec = recordsOf(doc).get(id);
  return rec ? (rec.toJSON() as StoredRecord) : undefined;
}

/** The ids of the records a Yjs transaction touched (added, removed or any field changed). */
export function touchedRecordIds(tr: Y.Transaction, doc: Y.Doc): Set<string> {
  const records = recordsOf(doc);
  const ids = new Set<string>();
  for (const [type, keys] of tr.changed) {
    if ((type as unknown) === records) {
      for (const k of keys) if (k !== null) ids.add(k);
    } else if (type._item && type._item.parent === records && type._item.parentSub) {
      ids.add(type._item.parentSub);
    }
  }
  return ids;
}
