import { type Table, tableToIPC } from "apache-arrow";
import {
  type AccountLike,
  accountsTable,
  createTableSql,
  replaceFromSql,
  type TableSpec,
  toArrowTable,
} from "./tables.js";

/**
 * What the loader needs from a DuckDB connection. Both the browser's `AsyncDuckDBConnection`
 * (promises) and the Node blocking `DuckDBConnection` (plain values) fit, so the browser and the
 * tests load tables through exactly the same code.
 */
export interface SqlConnection {
  query(sql: string): Promise<Table> | Table;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; create?: boolean }): Promise<void> | void;
}

/**
 * Replaces table `spec.name` by `records`. The rows go in as an Arrow table (a staging table),
 * then one `CREATE OR REPLACE TABLE ... AS SELECT CAST(...)` swaps them in with the declared SQL
 * types, so another connection sees either the old rows or the new ones, never a half-loaded table.
 */
export async function loadTable<R>(conn: SqlConnection, spec: TableSpec<R>, records: readonly R[]): Promise<void> {
  if (records.length === 0) {
    await conn.query(createTableSql(spec));
    return;
  }
  const staging = `_load_${spec.name}`;
  await conn.query(`DROP TABLE IF EXISTS "${staging}"`);
  // As an IPC stream rather than insertArrowTable(): in Node, duckdb-wasm's CJS build holds its own
  // copy of apache-arrow, and bytes cross that boundary where Table objects may not.
  const ipc = tableToIPC(toArrowTable(spec, records), "stream");
  await conn.insertArrowFromIPCStream(ipc, { name: staging, create: true });
  try {
    await conn.query(replaceFromSql(spec, staging));
  } finally {
    await conn.query(`DROP TABLE IF EXISTS "${staging}"`);
  }
}

/** Loads (or reloads) the `accounts` table from Account records. */
export function loadAccounts(conn: SqlConnection, accounts: readonly AccountLike[]): Promise<void> {
  return loadTable(conn, accountsTable, accounts);
}
