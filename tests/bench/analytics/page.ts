import { AsyncDuckDB, type AsyncDuckDBConnection, ConsoleLogger, LogLevel } from "@duckdb/duckdb-wasm";

/*
 * The benchmark's page: duckdb-wasm's eh bundle in a Worker, as the app starts it (engine.ts),
 * with nothing else on the page. All SQL and data come from the Node side (wasm.bench.ts), so the
 * browser runs exactly the statements native DuckDB runs.
 */

export interface TableIpc {
  name: string;
  createSql: string;
  replaceSql: string;
  /** Path of the table's Arrow IPC stream on the bench server; null for an empty table. */
  url: string | null;
}

let conn: AsyncDuckDBConnection | null = null;

const since = (t0: number) => performance.now() - t0;

const api = {
  /** Worker + wasm instantiate + open + connect: the engine start the app shows a progress bar for. */
  async start(): Promise<number> {
    const t0 = performance.now();
    const worker = new Worker("/dist/duckdb-browser-eh.worker.js");
    const db = new AsyncDuckDB(new ConsoleLogger(LogLevel.WARNING), worker);
    await db.instantiate("/dist/duckdb-eh.wasm");
    await db.open({});
    conn = await db.connect();
    return since(t0);
  },
  /** Each table through a staging Arrow table and a typed CREATE OR REPLACE, as load.ts does. */
  async load(tables: TableIpc[], statements: string[]): Promise<number> {
    const c = conn!;
    const t0 = performance.now();
    for (const t of tables) {
      if (!t.url) {
        await c.query(t.createSql);
        continue;
      }
      const ipc = new Uint8Array(await (await fetch(t.url)).arrayBuffer());
      await c.insertArrowFromIPCStream(ipc, { name: `_load_${t.name}`, create: true });
      await c.query(t.replaceSql);
      await c.query(`DROP TABLE "_load_${t.name}"`);
    }
    for (const s of statements) await c.query(s);
    return since(t0);
  },
  /** Runs each query once, reading every row; the time of each. */
  async run(queries: string[]): Promise<number[]> {
    const c = conn!;
    const out: number[] = [];
    for (const q of queries) {
      const t0 = performance.now();
      const table = await c.query(q);
      void table.numRows;
      out.push(since(t0));
    }
    return out;
  },
};

(window as unknown as { bench: typeof api }).bench = api;
