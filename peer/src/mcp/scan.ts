import { type CollectionName, type FieldDescriptor, recordTypes, type StoredRecord } from "@crm/schema";
import { type FieldFilter, type ListQuery, QueryError } from "../db/query.js";
import type { WorkspacePeer } from "../peer.js";

/*
 * The two MCP reads that are not one REST request: a text search and an aggregate. Both walk the
 * projection through `peer.list` — the REST API's own filters (db/query.ts: field names checked
 * against the collection's descriptors, values bound as parameters) — page by page, and look at
 * the records in JavaScript. No SQL text ever comes from the caller: that is what makes the
 * "query" tool safe to hand an AI assistant. A scan stops after MAX_SCAN records and says so.
 */

export const MAX_SCAN = 100_000;
const PAGE = 500;

type Reader = Pick<WorkspacePeer, "list" | "fields">;

function* scan(peer: Reader, collection: CollectionName, filters: readonly FieldFilter[]) {
  const query: ListQuery = { filters, limit: PAGE };
  let cursor: string | null = null;
  let seen = 0;
  do {
    const page = peer.list(collection, cursor ? { ...query, cursor } : query);
    for (const json of page.records) {
      if (++seen > MAX_SCAN) return;
      yield JSON.parse(json) as StoredRecord;
    }
    cursor = page.nextCursor;
  } while (cursor);
}

/**
 * Records whose search words (the type's `searchTerms`, as the app's search box uses them)
 * include a word starting with each word of `text`, in the type's list order.
 */
export function searchRecords(
  peer: Reader,
  collection: CollectionName,
  text: string,
  filters: readonly FieldFilter[],
  limit: number,
): { records: StoredRecord[]; more: boolean } {
  const words = text.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const type = recordTypes[collection] as unknown as { searchTerms(r: StoredRecord): string[] };
  const records: StoredRecord[] = [];
  for (const r of scan(peer, collection, filters)) {
    const terms = words.length ? type.searchTerms(r) : [];
    if (!words.every((w) => terms.some((t) => t.startsWith(w)))) continue;
    if (records.length === limit) return { records, more: true };
    records.push(r);
  }
  return { records, more: false };
}

export type AggregateOp = "count" | "sum" | "avg" | "min" | "max";
const NUMERIC = new Set(["number", "money", "percent"]);
const GROUPABLE = new Set([
  "text",
  "email",
  "phone",
  "url",
  "reference",
  "person",
  "picklist",
  "boolean",
  "date",
  "number",
  "money",
  "percent",
]);

export interface AggregateResult {
  groups: { key: unknown; count: number; value?: number | null }[];
  scanned: number;
  truncated: boolean;
}

function field(fields: readonly FieldDescriptor[], key: string, param: string, kinds: Set<string>, what: string) {
  const f = fields.find((d) => d.key === key);
  if (!f) throw new QueryError(param, "unknown-field", `no field "${key}"`);
  if (!kinds.has(f.kind)) throw new QueryError(param, "bad-value", `"${key}" is a ${f.kind} field: ${what}`);
  return f;
}

/** count / sum / avg / min / max of a numeric field, over all matching records or per value of `groupBy`. */
export function aggregate(
  peer: Reader,
  collection: CollectionName,
  filters: readonly FieldFilter[],
  op: AggregateOp,
  of: string | undefined,
  groupBy: string | undefined,
): AggregateResult {
  const fields = peer.fields(collection);
  if (op !== "count" && !of) throw new QueryError("field", "bad-value", `${op} needs a numeric field`);
  if (of) field(fields, of, "field", NUMERIC, "sum, avg, min and max take number, money or percent fields");
  if (groupBy) field(fields, groupBy, "groupBy", GROUPABLE, "group by a single value (not lists or long text)");
  const groups = new Map<string, { key: unknown; count: number; n: number; acc: number | null }>();
  let scanned = 0;
  for (const r of scan(peer, collection, filters)) {
    scanned++;
    const key = groupBy ? (r[groupBy] ?? null) : null;
    const id = JSON.stringify(key);
    const g = groups.get(id) ?? { key, count: 0, n: 0, acc: null };
    groups.set(id, g);
    g.count++;
    const v = of ? r[of] : undefined;
    if (typeof v !== "number" || !Number.isFinite(v)) continue;
    g.n++;
    g.acc = g.acc === null ? v : op === "min" ? Math.min(g.acc, v) : op === "max" ? Math.max(g.acc, v) : g.acc + v; // sum and avg
  }
  const out = [...groups.values()].map((g) => ({
    key: g.key,
    count: g.count,
    ...(op === "count"
      ? {}
      : { value: op === "avg" ? (g.n ? (g.acc ?? 0) / g.n : null) : op === "sum" ? (g.acc ?? 0) : g.acc }),
  }));
  out.sort((a, b) => b.count - a.count || String(a.key).localeCompare(String(b.key)));
  return { groups: out, scanned: Math.min(scanned, MAX_SCAN), truncated: scanned >= MAX_SCAN };
}
