import type { CollectionName, FieldSettings } from "@crm/schema";
import { type Table, tableToIPC } from "apache-arrow";
import { lineRows, orderLinesTable, quoteLinesTable, recordTable, tableCollections, tablesFor } from "./specs.js";
import { createTableSql, replaceFromSql, type TableSpec, toArrowTable } from "./tables.js";

/**
 * What the loader needs from a DuckDB connection. Both the browser's `AsyncDuckDBConnection`
 * (promises) and the Node blocking `DuckDBConnection` (plain values) fit, so the browser and the
 * tests load tables through exactly the same code.
 */
export interface SqlConnection {
  query(sql: string): Promise<Table> | Table;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; create?: boolean }): Promise<void> | void;
}

/** Soft-deleted records (deletedAt set) are not loaded: for analytics they no longer exist. */
export function live<R>(records: readonly R[]): R[] {
  return records.filter((r) => (r as { deletedAt?: unknown }).deletedAt == null);
}

/**
 * Replaces table `spec.name` by `records`. The rows go in as an Arrow table (a staging table),
 * then one `CREATE OR REPLACE TABLE ... AS SELECT CAST(...)` swaps them in with the declared SQL
 * types, so another connection sees either the old rows or the new ones, never a half-loaded table.
 * Throws LoadError (table, record id, field) before touching the database if a value is unusable.
 */
export async function loadTable<R>(conn: SqlConnection, spec: TableSpec<R>, records: readonly R[]): Promise<void> {
  const rows = live(records);
  if (rows.length === 0) {
    await conn.query(createTableSql(spec));
    return;
  }
  // Built before the staging table exists, so a bad record leaves the database as it was.
  const ipc = tableToIPC(toArrowTable(spec, rows), "stream");
  const staging = `_load_${spec.name}`;
  await conn.query(`DROP TABLE IF EXISTS "${staging}"`);
  // As an IPC stream rather than insertArrowTable(): in Node, duckdb-wasm's CJS build holds its own
  // copy of apache-arrow, and bytes cross that boundary where Table objects may not.
  await conn.insertArrowFromIPCStream(ipc, { name: staging, create: true });
  try {
    await conn.query(replaceFromSql(spec, staging));
  } finally {
    await conn.query(`DROP TABLE IF EXISTS "${staging}"`);
  }
}

/**
 * The records of a workspace, by collection, as the local database holds them (any version:
 * a missing field is NULL, extra fields such as index keys are ignored). A collection left out
 * becomes an empty table.
 */
export type WorkspaceRecords = Partial<Record<CollectionName, readonly object[]>>;

/** One table's spec with the rows it gets. */
export interface TableLoad {
  spec: TableSpec<unknown>;
  rows: readonly unknown[];
}

/** Every analytics table with the built-in fields only, in load order (empty tables at start-up). */
export const allTables: readonly TableSpec<unknown>[] = tablesFor();

/**
 * The rows each table gets from a workspace's records: soft-deleted records dropped, and the
 * lines of live quotes and orders spread into quote_lines and order_lines. Shared by the loader
 * and by anything else that fills the same tables (the native benchmark and parity test).
 */
export function tableLoads(data: WorkspaceRecords, settings?: FieldSettings): TableLoad[] {
  return tableCollections.flatMap((c) => {
    const rows = live(data[c] ?? []);
    const own: TableLoad = { spec: recordTable(c, settings) as TableSpec<unknown>, rows };
    if (c === "quotes") return [own, { spec: quoteLinesTable as TableSpec<unknown>, rows: lineRows("quotes", rows) }];
    if (c === "orders") return [own, { spec: orderLinesTable as TableSpec<unknown>, rows: lineRows("orders", rows) }];
    return [own];
  });
}

/**
 * Loads (or reloads) every analytics table from a workspace's records, one table at a time; with
 * the workspace's settings its custom fields are columns too.
 */
export async function loadWorkspace(
  conn: SqlConnection,
  data: WorkspaceRecords,
  settings?: FieldSettings,
): Promise<void> {
  for (const { spec, rows } of tableLoads(data, settings)) {
    await loadTable(conn, spec, rows);
  }
}
