import * as Y from "yjs";

/*
 * The workspace's saved SQL queries, one Yjs document for the whole workspace
 * (`savedQueriesDocName`), so everyone sees a new query at once and co-edits its SQL live.
 *
 *   Y.Map "queries": id → Y.Map { title: Y.Text, sql: Y.Text, createdBy, createdAt, deletedAt }
 *
 * Title and SQL are Y.Texts, not strings, so two people typing in the same query merge
 * character by character instead of one overwriting the other. Deleting only stamps deletedAt:
 * a query deleted while someone else is editing it keeps their edit, and it could be restored.
 */

export interface SavedQuery {
  id: string;
  title: Y.Text;
  sql: Y.Text;
  createdBy: string;
  createdAt: number;
  deletedAt: number | null;
}

export const QUERIES_KEY = "queries";

export function queriesMap(doc: Y.Doc): Y.Map<Y.Map<unknown>> {
  return doc.getMap<Y.Map<unknown>>(QUERIES_KEY);
}

/**
 * One entry as a SavedQuery, or a message naming the field that is wrong. Another client (an
 * older or broken one) may have written anything into the shared map, so nothing is assumed.
 */
export function readSavedQuery(id: string, entry: unknown): SavedQuery | { error: string } {
  if (!(entry instanceof Y.Map)) return { error: `saved query ${id}: not a map` };
  const title = entry.get("title");
  const sql = entry.get("sql");
  const createdBy = entry.get("createdBy");
  const createdAt = entry.get("createdAt");
  const deletedAt = entry.get("deletedAt") ?? null;
  if (!(title instanceof Y.Text)) return { error: `saved query ${id}: title is not a Y.Text` };
  if (!(sql instanceof Y.Text)) return { error: `saved query ${id}: sql is not a Y.Text` };
  if (typeof createdBy !== "string") return { error: `saved query ${id}: createdBy is not a string` };
  if (typeof createdAt !== "number") return { error: `saved query ${id}: createdAt is not a number` };
  if (deletedAt !== null && typeof deletedAt !== "number") {
    return { error: `saved query ${id}: deletedAt is neither a number nor null` };
  }
  return { id, title, sql, createdBy, createdAt, deletedAt };
}

/** The queries not deleted, by title (then oldest first), and the entries that could not be read. */
export function listSavedQueries(doc: Y.Doc): { queries: SavedQuery[]; problems: string[] } {
  const queries: SavedQuery[] = [];
  const problems: string[] = [];
  for (const [id, entry] of queriesMap(doc)) {
    const q = readSavedQuery(id, entry);
    if ("error" in q) problems.push(q.error);
    else if (q.deletedAt === null) queries.push(q);
  }
  queries.sort(
    (a, b) =>
      a.title.toString().localeCompare(b.title.toString()) || a.createdAt - b.createdAt || a.id.localeCompare(b.id),
  );
  return { queries, problems };
}

export function findSavedQuery(doc: Y.Doc, id: string): SavedQuery | null {
  const q = readSavedQuery(id, queriesMap(doc).get(id));
  return "error" in q || q.deletedAt !== null ? null : q;
}

/** Adds a query in one transaction (peers never see it half made) and returns its id. */
export function createSavedQuery(
  doc: Y.Doc,
  init: { title: string; sql: string; createdBy: string; now: number; id?: string },
): string {
  const title = init.title.trim();
  if (!title) throw new Error("title: a saved query needs a title");
  const id = init.id ?? crypto.randomUUID();
  doc.transact(() => {
    const entry = new Y.Map<unknown>();
    entry.set("title", new Y.Text(title));
    entry.set("sql", new Y.Text(init.sql));
    entry.set("createdBy", init.createdBy);
    entry.set("createdAt", init.now);
    entry.set("deletedAt", null);
    queriesMap(doc).set(id, entry);
  });
  return id;
}

/** Soft delete: the query leaves every list; its texts stay in the document. */
export function deleteSavedQuery(doc: Y.Doc, id: string, now: number): void {
  const entry = queriesMap(doc).get(id);
  if (!(entry instanceof Y.Map)) throw new Error(`saved query ${id} does not exist`);
  entry.set("deletedAt", now);
}

/**
 * Applies an <input>'s new value to a Y.Text as the smallest edit (common prefix and suffix
 * kept), so a teammate's concurrent typing elsewhere in the text survives.
 */
export function applyTextEdit(text: Y.Text, next: string): void {
  const prev = text.toString();
  if (prev === next) return;
  let start = 0;
  const max = Math.min(prev.length, next.length);
  while (start < max && prev[start] === next[start]) start++;
  let end = 0;
  while (end < max - start && prev[prev.length - 1 - end] === next[next.length - 1 - end]) end++;
  text.doc!.transact(() => {
    const removed = prev.length - start - end;
    if (removed > 0) text.delete(start, removed);
    const inserted = next.slice(start, next.length - end);
    if (inserted) text.insert(start, inserted);
  });
}
