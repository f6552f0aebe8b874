import type { CollectionName, FieldDescriptor, FieldKind } from "@crm/schema";
import type Database from "better-sqlite3";
import type { PeerDb } from "./open.js";
import { collectionTable } from "./tables.js";

/*
 * Reading the projection: filters, one sort, keyset ("cursor") pagination. The operators are the
 * list views' (web/src/views/view.ts: is, isNot, contains, empty, notEmpty, gt, lt, before,
 * after, withinDays) plus gte, lte and in, each allowed on the kinds where it means something.
 * Text compares without case. Dates: `before`/`after` take a day (YYYY-MM-DD) and mean "earlier
 * than that day" / "from the day after", as in the list views; `gt`/`gte`/`lt`/`lte` on a
 * date-time take an instant (epoch ms or ISO 8601).
 */

export const filterOps = [
  "is",
  "isNot",
  "contains",
  "empty",
  "notEmpty",
  "gt",
  "gte",
  "lt",
  "lte",
  "before",
  "after",
  "withinDays",
  "in",
] as const;
export type FilterOp = (typeof filterOps)[number];

/** One condition on a field: `filter[amount][gt]=1000` is `{ field: "amount", op: "gt", value: "1000" }`. */
export interface FieldFilter {
  field: string;
  op: FilterOp;
  value: string;
}

export interface ListQuery {
  filters?: readonly FieldFilter[];
  /** One field; absent → the record type's own list order (an account's name, a quote's number). */
  sort?: { field: string; dir: "asc" | "desc" };
  /** 1…500; default 50. */
  limit?: number;
  /** From the previous page's `nextCursor`, with the same filters and sort. */
  cursor?: string;
  /** Soft-deleted records: left out (default), included, or only them (the trash). */
  deleted?: "exclude" | "include" | "only";
}

export interface ListPage {
  /** The records' JSON, as stored (the API writes them out as they are). */
  records: string[];
  /** Give it back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** A query the projection cannot answer; `param` names the offending query parameter. */
export class QueryError extends Error {
  constructor(
    readonly param: string,
    readonly code: "unknown-field" | "bad-operator" | "bad-value" | "not-sortable" | "bad-cursor" | "bad-limit",
    message: string,
  ) {
    super(message);
  }
}

export const MAX_LIMIT = 500;
export const DEFAULT_LIMIT = 50;
const DAY = 86_400_000;

const TEXT: readonly FilterOp[] = ["is", "isNot", "contains", "empty", "notEmpty", "in"];
const NUMBER: readonly FilterOp[] = ["is", "isNot", "gt", "gte", "lt", "lte", "empty", "notEmpty"];

/** The operators each kind of field takes. */
export const opsForKind: Record<FieldKind, readonly FilterOp[]> = {
  text: TEXT,
  longText: TEXT,
  email: TEXT,
  phone: TEXT,
  url: TEXT,
  reference: TEXT,
  person: TEXT,
  picklist: ["is", "isNot", "in", "empty", "notEmpty"],
  multiPicklist: ["contains", "empty", "notEmpty"],
  number: NUMBER,
  money: NUMBER,
  percent: NUMBER,
  date: ["is", "before", "after", "gte", "lte", "withinDays", "empty", "notEmpty"],
  dateTime: ["before", "after", "gt", "gte", "lt", "lte", "withinDays", "empty", "notEmpty"],
  boolean: ["is", "isNot"],
  lines: [],
  json: [],
};

const NOCASE_KINDS = new Set<FieldKind>(["text", "longText", "email", "phone", "url", "reference", "person"]);

interface Expr {
  sql: string;
  /** Compared without case (text). */
  nocase: boolean;
}

function fieldExpr(collection: CollectionName, f: FieldDescriptor): Expr {
  const column = collectionTable(collection).byKey.get(f.key);
  if (column) return { sql: `"${column.column}"`, nocase: column.nocase };
  // Custom fields live in the JSON (keys are "cf" + letters and digits: safe inside the path).
  if (!/^[A-Za-z0-9_]+$/.test(f.key)) throw new QueryError(`filter[${f.key}]`, "unknown-field", "no such field");
  const nocase = NOCASE_KINDS.has(f.kind);
  const sql = `json_extract(_data, '$.${f.key}')`;
  return { sql: nocase ? `${sql} COLLATE NOCASE` : sql, nocase };
}

function dayValue(param: string, v: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
    throw new QueryError(param, "bad-value", "expected a day as YYYY-MM-DD");
  return v;
}

function instant(param: string, v: string): number {
  const n = /^-?\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n)) throw new QueryError(param, "bad-value", "expected epoch milliseconds or an ISO 8601 time");
  return n;
}

function numberValue(param: string, v: string): number {
  const n = Number(v);
  if (v.trim() === "" || !Number.isFinite(n)) throw new QueryError(param, "bad-value", "expected a number");
  return n;
}

function condition(
  collection: CollectionName,
  f: FieldDescriptor,
  filter: FieldFilter,
  args: unknown[],
  now: number,
): string {
  const param = `filter[${filter.field}][${filter.op}]`;
  if (!opsForKind[f.kind].includes(filter.op))
    throw new QueryError(
      param,
      "bad-operator",
      `"${filter.op}" does not apply to ${f.kind} fields; use one of ${opsForKind[f.kind].join(", ")}`,
    );
  const { sql: x } = fieldExpr(collection, f);
  const value = filter.value.trim();
  const numeric = f.kind === "number" || f.kind === "money" || f.kind === "percent";
  switch (filter.op) {
    case "empty":
      return numeric || f.kind === "dateTime"
        ? `${x} IS NULL`
        : f.kind === "multiPicklist"
          ? `(${x} IS NULL OR ${x} = '[]')`
          : `(${x} IS NULL OR ${x} = '')`;
    case "notEmpty":
      return numeric || f.kind === "dateTime"
        ? `${x} IS NOT NULL`
        : f.kind === "multiPicklist"
          ? `(${x} IS NOT NULL AND ${x} != '[]')`
          : `(${x} IS NOT NULL AND ${x} != '')`;
    case "contains":
      if (f.kind === "multiPicklist") {
        args.push(value);
        return `EXISTS (SELECT 1 FROM json_each(${x}) WHERE value = ?)`;
      }
      if (!value) throw new QueryError(param, "bad-value", "expected some text");
      args.push(`%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
      return `${x} LIKE ? ESCAPE '\\'`;
    case "in": {
      const items = value
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      if (!items.length || items.length > 100)
        throw new QueryError(param, "bad-value", "expected 1 to 100 comma-separated values");
      args.push(...items);
      return `${x} IN (${items.map(() => "?").join(", ")})`;
    }
    case "is":
    case "isNot": {
      let v: unknown = value;
      if (numeric) v = numberValue(param, value);
      else if (f.kind === "boolean") {
        if (!["true", "false", "1", "0"].includes(value))
          throw new QueryError(param, "bad-value", "expected true or false");
        v = value === "true" || value === "1" ? 1 : 0;
      } else if (f.kind === "date") v = dayValue(param, value);
      args.push(v);
      return filter.op === "is" ? `${x} = ?` : `(${x} IS NULL OR ${x} != ?)`;
    }
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const op = { gt: ">", gte: ">=", lt: "<", lte: "<=" }[filter.op];
      args.push(
        numeric ? numberValue(param, value) : f.kind === "date" ? dayValue(param, value) : instant(param, value),
      );
      return f.kind === "date" ? `(${x} != '' AND ${x} ${op} ?)` : `${x} ${op} ?`;
    }
    case "before":
    case "after": {
      const day = dayValue(param, value);
      if (f.kind === "date") {
        args.push(day);
        return filter.op === "before" ? `(${x} != '' AND ${x} < ?)` : `${x} > ?`;
      }
      const start = Date.parse(`${day}T00:00:00Z`);
      args.push(filter.op === "before" ? start : start + DAY);
      return filter.op === "before" ? `${x} < ?` : `${x} >= ?`;
    }
    case "withinDays": {
      if (!/^\d{1,5}$/.test(value) || Number(value) < 1)
        throw new QueryError(param, "bad-value", "expected a number of days (1 or more)");
      const since = now - Number(value) * DAY;
      if (f.kind === "date") {
        args.push(new Date(since).toISOString().slice(0, 10), new Date(now).toISOString().slice(0, 10));
        return `(${x} != '' AND ${x} BETWEEN ? AND ?)`;
      }
      args.push(since, now);
      return `${x} BETWEEN ? AND ?`;
    }
  }
}

type Cursor = { s: string; v: string | number | null; i: string };

function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString("base64url");
}

function decodeCursor(raw: string, sortSpec: string): Cursor {
  let c: Cursor;
  try {
    c = JSON.parse(Buffer.from(raw, "base64url").toString("utf8")) as Cursor;
  } catch {
    throw new QueryError("cursor", "bad-cursor", "not a cursor this API gave out");
  }
  if (!c || typeof c !== "object" || typeof c.i !== "string" || !("v" in c))
    throw new QueryError("cursor", "bad-cursor", "not a cursor this API gave out");
  if (c.s !== sortSpec) throw new QueryError("cursor", "bad-cursor", "the cursor was made for another sort order");
  return c;
}

const statements = new WeakMap<PeerDb, Map<string, Database.Statement>>();

function prepared(db: PeerDb, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) {
    cache = new Map();
    statements.set(db, cache);
  }
  let st = cache.get(sql);
  if (!st) {
    st = db.prepare(sql);
    if (cache.size > 300) cache.clear();
    cache.set(sql, st);
  }
  return st;
}

/**
 * One page of a collection. `fields` are the collection's effective fields in the workspace
 * (`fieldsOf(collection, settings, { base: true })`): what may be filtered and sorted on.
 */
export function listRecords(
  db: PeerDb,
  collection: CollectionName,
  fields: readonly FieldDescriptor[],
  query: ListQuery,
  now = Date.now(),
): ListPage {
  const t = collectionTable(collection);
  const limit = query.limit ?? DEFAULT_LIMIT;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT)
    throw new QueryError("limit", "bad-limit", `limit must be a whole number from 1 to ${MAX_LIMIT}`);
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const where: string[] = [];
  const args: unknown[] = [];
  const deleted = query.deleted ?? "exclude";
  if (deleted !== "include") where.push(deleted === "only" ? "_deleted = 1" : "_deleted = 0");
  for (const filter of query.filters ?? []) {
    const f = byKey.get(filter.field);
    if (!f || f.retired || !f.filter)
      throw new QueryError(`filter[${filter.field}]`, "unknown-field", `no field "${filter.field}" to filter on`);
    where.push(condition(collection, f, filter, args, now));
  }
  let sortExpr = "_sort";
  let sortSpec = "";
  const dir = query.sort?.dir === "desc" ? "DESC" : "ASC";
  if (query.sort) {
    const f = byKey.get(query.sort.field);
    if (!f || f.retired || !f.sort)
      throw new QueryError("sort", "not-sortable", `"${query.sort.field}" is not a field the list can be sorted by`);
    sortExpr = fieldExpr(collection, f).sql;
    sortSpec = `${dir === "DESC" ? "-" : ""}${f.key}`;
  }
  if (query.cursor) {
    const c = decodeCursor(query.cursor, sortSpec);
    // Keyset: rows after (value, id) in the sort order. SQLite sorts NULL first ascending.
    if (dir === "ASC") {
      if (c.v === null) {
        where.push(`((${sortExpr} IS NULL AND id > ?) OR ${sortExpr} IS NOT NULL)`);
        args.push(c.i);
      } else {
        where.push(`(${sortExpr} > ? OR (${sortExpr} = ? AND id > ?))`);
        args.push(c.v, c.v, c.i);
      }
    } else if (c.v === null) {
      where.push(`(${sortExpr} IS NULL AND id < ?)`);
      args.push(c.i);
    } else {
      where.push(`(${sortExpr} < ? OR (${sortExpr} = ? AND id < ?) OR ${sortExpr} IS NULL)`);
      args.push(c.v, c.v, c.i);
    }
  }
  const sql =
    `SELECT _data AS d, ${sortExpr} AS s, id FROM "${t.table}"` +
    (where.length ? ` WHERE ${where.join(" AND ")}` : "") +
    ` ORDER BY ${sortExpr} ${dir}, id ${dir} LIMIT ?`;
  const rows = prepared(db, sql).all(...args, limit + 1) as { d: string; s: string | number | null; id: string }[];
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  return {
    records: page.map((r) => r.d),
    nextCursor: more && last ? encodeCursor({ s: sortSpec, v: last.s, i: last.id }) : null,
  };
}

/** One record's stored JSON (deleted ones too), or undefined. */
export function getRecordJson(db: PeerDb, collection: CollectionName, id: string): string | undefined {
  return prepared(db, `SELECT _data FROM "${collectionTable(collection).table}" WHERE id = ?`)
    .pluck()
    .get(id) as string | undefined;
}

/** Ids of live records whose `key` equals `value` (unique fields: a product's SKU). */
export function idsWithValue(
  db: PeerDb,
  collection: CollectionName,
  f: FieldDescriptor,
  value: unknown,
  limit = 2,
): string[] {
  const { sql } = fieldExpr(collection, f);
  return prepared(db, `SELECT id FROM "${collectionTable(collection).table}" WHERE _deleted = 0 AND ${sql} = ? LIMIT ?`)
    .pluck()
    .all(value, limit) as string[];
}
