import { createHash } from "node:crypto";
import {
  type CollectionName,
  type FieldDescriptor,
  type FieldKind,
  fieldsOf,
  recordTypes,
  type StoredRecord,
} from "@crm/schema";
import type { PeerDb } from "./open.js";
import { readMeta, writeMeta } from "./open.js";

/*
 * The projection: one table per collection, `r_<collection>`, one row per record.
 *
 * - `_data` holds the whole record as the API returns it (migrated, JSON): a GET answers with it
 *   as stored, without parsing, and custom fields live there (`json_extract(_data, '$.cfTier')`).
 * - Every built-in field with an analytics column (`sqlColumnsOf`'s fields: scalars, not lines
 *   or status histories) is also a real column, so filters and sorts on them are index lookups
 *   and plain comparisons rather than a JSON parse per row. Text columns compare without case
 *   (COLLATE NOCASE), as the list views do.
 * - Indexes: `(_sort, id)` — the type's own list order, the default — and `(column, id)` for each
 *   sortable field and each reference (a 360 page's "orders of this account").
 * - Custom fields are not columns: they come and go with the settings, and altering a 250,000-row
 *   table when an admin adds a field would stall the peer. The price: a filter on a JSON field
 *   scans the collection (not yet measured on the `big` workspace: `bench:api` is still to do).
 *
 * A table's layout (columns, the type's version) is fingerprinted in `meta`; when a new version
 * of the code changes it, the table is rebuilt from `_data` (re-migrated), once, at open.
 */

export type SqlAffinity = "TEXT" | "REAL" | "INTEGER";

export interface ColumnDef {
  key: string;
  /** The SQL column (quoted where used). */
  column: string;
  kind: FieldKind;
  affinity: SqlAffinity;
  /** Compared and sorted without case. */
  nocase: boolean;
  indexed: boolean;
}

export interface CollectionTable {
  collection: CollectionName;
  table: string;
  columns: readonly ColumnDef[];
  byKey: ReadonlyMap<string, ColumnDef>;
  /** Changes when the layout or the record type's version changes. */
  fingerprint: string;
}

const TEXT_KINDS = new Set<FieldKind>(["text", "longText", "email", "phone", "url", "reference", "person", "picklist"]);

function affinityOf(kind: FieldKind, integer?: boolean): SqlAffinity {
  switch (kind) {
    case "number":
      return integer ? "INTEGER" : "REAL";
    case "money":
    case "percent":
      return "REAL";
    case "dateTime":
    case "boolean":
      return "INTEGER";
    default:
      return "TEXT";
  }
}

const tables = new Map<CollectionName, CollectionTable>();

/** The table of a collection (built-in fields only: what does not depend on the workspace). */
export function collectionTable(collection: CollectionName): CollectionTable {
  const hit = tables.get(collection);
  if (hit) return hit;
  const fields = fieldsOf(collection, undefined, { base: true }).filter((f) => f.sql && !f.customId);
  const columns = fields.map(
    (f: FieldDescriptor): ColumnDef => ({
      key: f.key,
      column: f.key === "id" ? "id" : `f_${f.sql!.column}`,
      kind: f.kind,
      affinity: affinityOf(f.kind, f.integer),
      nocase: TEXT_KINDS.has(f.kind) && f.kind !== "picklist",
      indexed: f.key !== "id" && (f.sort || f.kind === "reference"),
    }),
  );
  const type = recordTypes[collection];
  const fingerprint = createHash("sha256")
    .update(JSON.stringify({ v: type.version, columns }))
    .digest("base64url")
    .slice(0, 16);
  const made: CollectionTable = {
    collection,
    table: `r_${collection}`,
    columns,
    byKey: new Map(columns.map((c) => [c.key, c])),
    fingerprint,
  };
  tables.set(collection, made);
  return made;
}

export const collectionNames = Object.keys(recordTypes) as CollectionName[];

function ddl(t: CollectionTable): string[] {
  const cols = t.columns
    .filter((c) => c.key !== "id")
    .map((c) => `"${c.column}" ${c.affinity}${c.nocase ? " COLLATE NOCASE" : ""}`);
  return [
    `CREATE TABLE "${t.table}" (id TEXT PRIMARY KEY, _deleted INTEGER NOT NULL, _sort TEXT NOT NULL, _data TEXT NOT NULL${cols.length ? `, ${cols.join(", ")}` : ""})`,
    `CREATE INDEX "${t.table}__sort" ON "${t.table}" (_sort, id)`,
    ...t.columns
      .filter((c) => c.indexed)
      .map((c) => `CREATE INDEX "${t.table}_${c.column}" ON "${t.table}" ("${c.column}", id)`),
  ];
}

/** A stored value as its column holds it. */
export function columnValue(c: ColumnDef, v: unknown): string | number | null {
  switch (c.affinity) {
    case "REAL":
    case "INTEGER":
      if (c.kind === "boolean") return v ? 1 : 0;
      return typeof v === "number" && Number.isFinite(v) ? v : null;
    default:
      if (c.kind === "multiPicklist") return JSON.stringify(Array.isArray(v) ? v : []);
      return v === null || v === undefined ? "" : typeof v === "string" ? v : JSON.stringify(v);
  }
}

/** The record as the projection (and the API) holds it: migrated, without the schema version. */
export function apiRecord(collection: CollectionName, stored: StoredRecord): StoredRecord {
  const { _v: _, ...rest } = recordTypes[collection].migrate(stored) as StoredRecord;
  return rest;
}

export interface RowWriter {
  put(record: StoredRecord): void;
  /** The stored `_data` of a record, or undefined. */
  get(id: string): string | undefined;
}

/** Prepared statements writing one collection's rows. */
export function rowWriter(db: PeerDb, t: CollectionTable): RowWriter {
  const cols = t.columns.filter((c) => c.key !== "id");
  const insert = db.prepare(
    `INSERT OR REPLACE INTO "${t.table}" (id, _deleted, _sort, _data${cols.map((c) => `, "${c.column}"`).join("")})
     VALUES (?, ?, ?, ?${cols.map(() => ", ?").join("")})`,
  );
  const select = db.prepare(`SELECT _data FROM "${t.table}" WHERE id = ?`).pluck();
  // biome-ignore lint/suspicious/noExplicitAny: each collection's type checks its own record
  const type = recordTypes[t.collection] as any;
  return {
    put(record) {
      const deleted = typeof record.deletedAt === "number" && record.deletedAt > 0 ? 1 : 0;
      let sort: string;
      try {
        sort = String(type.sortKey(record) ?? "");
      } catch {
        sort = "";
      }
      insert.run(
        String(record.id),
        deleted,
        sort,
        JSON.stringify(record),
        ...cols.map((c) => columnValue(c, record[c.key])),
      );
    },
    get(id) {
      return select.get(id) as string | undefined;
    },
  };
}

/**
 * Creates the collection tables, and rebuilds one whose layout changed since it was written
 * (a field or migration added by a newer version of the code): its rows are re-migrated from
 * `_data` into the new layout, in one transaction.
 */
export function ensureCollectionTables(db: PeerDb): void {
  for (const collection of collectionNames) {
    const t = collectionTable(collection);
    const key = `layout:${t.table}`;
    const stored = readMeta(db, key);
    if (stored === t.fingerprint) continue;
    db.transaction(() => {
      const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(t.table);
      let old: string[] = [];
      if (exists) {
        old = db.prepare(`SELECT _data FROM "${t.table}"`).pluck().all() as string[];
        db.exec(`DROP TABLE "${t.table}"`);
      }
      for (const statement of ddl(t)) db.exec(statement);
      const writer = rowWriter(db, t);
      for (const data of old) writer.put(apiRecord(collection, JSON.parse(data) as StoredRecord));
      writeMeta(db, key, t.fingerprint);
    })();
  }
}
