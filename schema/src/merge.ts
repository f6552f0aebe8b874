import type { StoredRecord } from "./record.js";

/*
 * Merging two duplicate accounts (or contacts): the winner keeps its id and takes, field by
 * field, the value a person chose; every record pointing at the loser is re-linked to the winner;
 * the loser is soft-deleted. The plan is data — the caller writes it — and comes with its undo:
 * the same writes with the previous values, so "Undo merge" restores exactly what the merge
 * changed and nothing a teammate edited since in other fields.
 */

export type MergeKind = "account" | "contact";

/** Where records of each collection point at an account or a contact. */
export const referenceFields: Record<MergeKind, Record<string, readonly string[]>> = {
  account: {
    contacts: ["accountId"],
    leads: ["convertedAccountId"],
    opportunities: ["accountId"],
    quotes: ["accountId"],
    orders: ["accountId"],
    cases: ["accountId"],
    activities: ["accountId", "relatedId"],
    surveyResponses: ["accountId"],
  },
  contact: {
    leads: ["convertedContactId"],
    opportunities: ["contactId"],
    quotes: ["contactId"],
    cases: ["contactId"],
    activities: ["relatedId"],
  },
};

/** Fields a merge never copies from the loser: identity and bookkeeping. */
const SYSTEM_FIELDS = new Set(["id", "createdAt", "createdBy", "updatedAt", "updatedBy", "deletedAt", "_v"]);

export interface RecordWrite {
  collection: string;
  id: string;
  fields: StoredRecord;
}

export interface MergePlan {
  /** Apply in order. */
  writes: RecordWrite[];
  /** Apply in order to undo the merge. */
  undo: RecordWrite[];
  /** How many records of each collection were re-linked. */
  relinked: Record<string, number>;
}

/** Any record: an Account, a Contact, a projection row. */
type AnyRecord = { id: string; deletedAt?: number | null };

export interface MergeInput {
  kind: MergeKind;
  winner: AnyRecord;
  loser: AnyRecord;
  /** Per field: keep the winner's value or take the loser's. Fields not listed keep the winner's,
   *  except that an empty winner field takes the loser's non-empty value. */
  choices?: Record<string, "winner" | "loser">;
  /** The records that may point at the loser, by collection. */
  children: Record<string, readonly AnyRecord[]>;
  at: number;
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === "";

export function planMerge(input: MergeInput): MergePlan {
  const { kind, choices = {}, at } = input;
  const winner = input.winner as StoredRecord & AnyRecord;
  const loser = input.loser as StoredRecord & AnyRecord;
  if (winner.id === loser.id) throw new Error("a record cannot be merged with itself");
  if (loser.deletedAt) throw new Error(`${kind} ${loser.id} is deleted: restore it before merging`);
  const collection = kind === "account" ? "accounts" : "contacts";
  for (const field of Object.keys(choices))
    if (SYSTEM_FIELDS.has(field)) throw new Error(`"${field}" cannot be chosen in a merge`);

  const take: StoredRecord = {};
  const keep: StoredRecord = {};
  for (const field of new Set([...Object.keys(winner), ...Object.keys(loser)])) {
    if (SYSTEM_FIELDS.has(field)) continue;
    const choice = choices[field] ?? (isEmpty(winner[field]) && !isEmpty(loser[field]) ? "loser" : "winner");
    if (choice === "loser" && JSON.stringify(winner[field]) !== JSON.stringify(loser[field])) {
      take[field] = loser[field];
      keep[field] = winner[field] ?? "";
    }
  }

  const writes: RecordWrite[] = [];
  const undo: RecordWrite[] = [];
  if (Object.keys(take).length) {
    writes.push({ collection, id: winner.id, fields: take });
    undo.push({ collection, id: winner.id, fields: keep });
  }
  const relinked: Record<string, number> = {};
  const refs = referenceFields[kind];
  for (const [childCollection, records] of Object.entries(input.children)) {
    const fields = refs[childCollection];
    if (!fields) throw new Error(`${childCollection} do not refer to ${kind}s`);
    for (const child of records) {
      const r = child as StoredRecord & AnyRecord;
      const change: StoredRecord = {};
      const back: StoredRecord = {};
      for (const f of fields) {
        // An activity's relatedId points at whatever relatedType says.
        if (f === "relatedId" && r.relatedType !== kind) continue;
        if (r[f] === loser.id) {
          change[f] = winner.id;
          back[f] = loser.id;
        }
      }
      if (!Object.keys(change).length) continue;
      writes.push({ collection: childCollection, id: r.id, fields: change });
      undo.push({ collection: childCollection, id: r.id, fields: back });
      relinked[childCollection] = (relinked[childCollection] ?? 0) + 1;
    }
  }
  // The loser goes last, so an interrupted merge leaves both records visible, never a child
  // pointing at a deleted record. Undo restores it first for the same reason.
  writes.push({ collection, id: loser.id, fields: { deletedAt: at, mergedInto: winner.id } });
  undo.unshift({ collection, id: loser.id, fields: { deletedAt: 0, mergedInto: "" } });
  return { writes, undo, relinked };
}

/** Applies writes to in-memory records (tests, previews); the app writes them through its store. */
export function applyWrites(
  records: Record<string, Map<string, StoredRecord>>,
  writes: readonly RecordWrite[],
): Record<string, Map<string, StoredRecord>> {
  for (const w of writes) {
    const table = records[w.collection];
    const current = table?.get(w.id);
    if (!table || !current) throw new Error(`${w.collection}/${w.id} not found`);
    table.set(w.id, { ...current, ...w.fields });
  }
  return records;
}
