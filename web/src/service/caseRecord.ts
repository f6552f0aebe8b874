import { type Case, CaseType, type StoredRecord } from "@crm/schema";
import type { Row } from "../local/db.js";
import type { LocalStore, WriteResult } from "../local/store.js";

export type CaseRow = Row<Case>;

const FIELDS = Object.keys(CaseType.defaults()) as (keyof ReturnType<typeof CaseType.defaults>)[];

/** The case's own fields (no ids, stamps or index keys): what the validator takes whole. */
export function caseFields(row: CaseRow): StoredRecord {
  const out: StoredRecord = {};
  for (const k of FIELDS) out[k] = row[k];
  return out;
}

/**
 * Changes a few fields of a case. The store validates the record whole and writes only what differs
 * from the row it started from, so a teammate's concurrent edit of another field survives, and the
 * schema stamps what follows (resolving sets `resolvedAt`).
 */
export function patchCase(store: LocalStore, row: CaseRow, changes: Partial<Case>): Promise<WriteResult> {
  const base = caseFields(row);
  return store.update("cases", row.id, { ...base, ...changes }, base);
}

export function isOpenCase(c: Pick<Case, "status">): boolean {
  return c.status !== "resolved" && c.status !== "closed";
}

/** "Assign to me" stores the person's id; a typed name is kept as typed. Both count as "mine". */
export function isMine(c: Pick<Case, "assignee">, me: { id: string; name: string }): boolean {
  const a = c.assignee.trim().toLocaleLowerCase();
  return a !== "" && (a === me.id.toLocaleLowerCase() || a === me.name.trim().toLocaleLowerCase());
}
