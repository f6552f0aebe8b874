import { createRequire } from "node:module";
import { createDuckDB, type DuckDBConnection, NODE_RUNTIME, VoidLogger } from "@duckdb/duckdb-wasm/blocking";
import { toQueryResult } from "../src/results.js";
import type { Rows } from "./native.js";

/*
 * duckdb-wasm's Node build (the same engine and SQL as the browser, blocking API) for tests:
 * `@duckdb/duckdb-wasm/blocking` with the dist/ wasm and Node worker files.
 */

const require = createRequire(import.meta.url);
const dist = (file: string) => require.resolve(`@duckdb/duckdb-wasm/dist/${file}`);
const bundles = {
  mvp: { mainModule: dist("duckdb-mvp.wasm"), mainWorker: dist("duckdb-node-mvp.worker.cjs") },
  eh: { mainModule: dist("duckdb-eh.wasm"), mainWorker: dist("duckdb-node-eh.worker.cjs") },
};

/** A fresh in-memory duckdb-wasm database and a connection to it. */
export async function openWasm(): Promise<DuckDBConnection> {
  return (await openWasmDb()).conn;
}

type WasmDb = Awaited<ReturnType<typeof createDuckDB>>;

/** A fresh in-memory duckdb-wasm database (for registering files) and a connection to it. */
export async function openWasmDb(): Promise<{ db: WasmDb; conn: DuckDBConnection }> {
  const db = await createDuckDB(bundles, new VoidLogger(), NODE_RUNTIME);
  await db.instantiate(() => {});
  db.open({});
  return { db, conn: db.connect() };
}

/** A query's rows as Arrow IPC bytes, straight from DuckDB (what `copyWorkspace` reads). */
export function wasmIpc(conn: DuckDBConnection, sql: string): Uint8Array {
  return conn.useUnsafe((db, id) => db.runQuery(id, sql));
}

/** Runs one statement as the browser's console does (the pending-query API, polled to the end). */
export function wasmPending(conn: DuckDBConnection, sql: string): void {
  conn.useUnsafe((db, id) => {
    let result = db.startPendingQuery(id, sql, true);
    while (result == null) result = db.pollPendingQuery(id);
  });
}

export function wasmRows(conn: DuckDBConnection, sql: string): Rows {
  const result = toQueryResult(conn.query(sql));
  return { columns: result.columns.map((c) => c.name), rows: result.rows };
}
