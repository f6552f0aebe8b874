import {
  allTables,
  createMetricViews,
  loadTable,
  type MetricParams,
  type QueryResult,
  refreshMetrics,
  setMetricParams,
  type TableLoad,
  toQueryResult,
} from "@crm/analytics";
import { AsyncDuckDB, type AsyncDuckDBConnection, ConsoleLogger, LogLevel, selectBundle } from "@duckdb/duckdb-wasm";
import duckdbEhWorker from "@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url";
import duckdbMvpWorker from "@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url";
import duckdbEhWasm from "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url";
import duckdbMvpWasm from "@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url";
import { Table } from "apache-arrow";
import { arrowToParquet, parquetToArrowIpc } from "./console/parquet.js";
import { type Statement, splitStatements } from "./console/sql-text.js";

/*
 * DuckDB-WASM for the Analytics pages. This module (and with it duckdb-wasm's JS) is only ever
 * loaded by a dynamic import() from AnalyticsPage, and the engine itself (a Web Worker plus a
 * 34 MB wasm, 7.8 MB gzipped, cached by the service worker) starts on the first startEngine()
 * call, never before. It then lives for the rest of the session, so coming back is instant.
 *
 * Three connections, so no one waits on or disturbs another's session state: the loader
 * (table swaps), the dashboards, and the SQL console (whose BEGIN/SET/cancel stay its own).
 */

export type EngineProgress =
  /** Fetching and compiling the wasm. bytesTotal is 0 when the server does not say. */
  | { stage: "download"; bytesLoaded: number; bytesTotal: number }
  /** Opening the database and creating the tables and views. */
  | { stage: "open" };

/** A console query on its way: its result, and a way to stop it. */
export interface RunningQuery {
  /** Resolves with the last statement's rows; rejects with ConsoleError (or QueryCancelled). */
  result: Promise<QueryResult>;
  /** Asks DuckDB to stop the running statement; `result` then rejects with QueryCancelled. */
  cancel(): void;
}

export class QueryCancelled extends Error {
  constructor() {
    super("The query was cancelled.");
    this.name = "QueryCancelled";
  }
}

/** DuckDB's error for one statement of the console's text, with where that statement starts. */
export class ConsoleError extends Error {
  constructor(
    message: string,
    readonly statement: Statement,
  ) {
    super(message);
    this.name = "ConsoleError";
  }
}

export interface SqlConsoleSession {
  /** Runs the console's text statement by statement; the last statement's rows come back. */
  run(sql: string, maxRows: number): RunningQuery;
  /** Every table and view with its columns (information_schema), for completion and the sidebar. */
  schema(): Promise<Map<string, string[]>>;
  /** Copies a dropped CSV or Parquet file into table `name` (replacing one of that name). */
  importFile(name: string, bytes: Uint8Array, kind: "csv" | "parquet"): Promise<number>;
  /** Every row of a SELECT, for CSV export. */
  all(select: string): Promise<QueryResult>;
  /** A SELECT's rows as a Parquet file (written in JS: see console/parquet.ts for why not COPY). */
  parquet(select: string): Promise<Uint8Array>;
}

export interface AnalyticsEngine {
  /** DuckDB's version, e.g. "v1.4.3". */
  readonly version: string;
  /** Replaces some tables (one collection's). Loads are serialized; readers see old or new rows. */
  loadTables(loads: readonly TableLoad[]): Promise<void>;
  /** Writes metric_params; every view follows. */
  setParams(params: MetricParams): Promise<void>;
  /** Runs SQL for the dashboards (their own connection). */
  query(sql: string, maxRows?: number): Promise<QueryResult>;
  readonly console: SqlConsoleSession;
}

let started: Promise<AnalyticsEngine> | null = null;
let starting: AsyncDuckDB | null = null;
const progressListeners = new Set<(p: EngineProgress) => void>();
let lastProgress: EngineProgress | null = null;

function report(p: EngineProgress) {
  lastProgress = p;
  for (const l of progressListeners) l(p);
}

/**
 * Starts the engine once per page session and resolves when it can run SQL. `onProgress` hears
 * about the download and start-up (it is called at once with the latest step if one happened).
 * A failed or cancelled start is forgotten, so calling again retries.
 */
export function startEngine(onProgress?: (p: EngineProgress) => void): Promise<AnalyticsEngine> {
  if (onProgress) {
    progressListeners.add(onProgress);
    if (lastProgress) onProgress(lastProgress);
  }
  if (!started) {
    started = createEngine().catch((err: unknown) => {
      started = null;
      lastProgress = null;
      throw err;
    });
  }
  const done = () => {
    if (onProgress) progressListeners.delete(onProgress);
  };
  started.then(done, done);
  return started;
}

export class StartCancelled extends Error {
  constructor() {
    super("The analytics engine's start was cancelled.");
    this.name = "StartCancelled";
  }
}

/** Stops a start in progress (terminating its worker); the pending startEngine() rejects. */
export function cancelStart(): void {
  const db = starting;
  if (!db) return;
  starting = null;
  void db.terminate();
}

async function createEngine(): Promise<AnalyticsEngine> {
  const bundle = await selectBundle({
    mvp: { mainModule: duckdbMvpWasm, mainWorker: duckdbMvpWorker },
    eh: { mainModule: duckdbEhWasm, mainWorker: duckdbEhWorker },
  });
  report({ stage: "download", bytesLoaded: 0, bytesTotal: 0 });
  // duckdb-wasm's worker scripts are classic scripts, served as plain assets (?url).
  const worker = new Worker(bundle.mainWorker!);
  const db = new AsyncDuckDB(new ConsoleLogger(LogLevel.WARNING), worker);
  starting = db;
  const checkCancelled = () => {
    if (starting !== db) throw new StartCancelled();
  };
  try {
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker, (p) => {
      if (starting === db) report({ stage: "download", bytesLoaded: p.bytesLoaded, bytesTotal: p.bytesTotal });
    });
    checkCancelled();
    report({ stage: "open" });
    await db.open({});
    const version = await db.getVersion();
    const loadConn = await db.connect();
    const dashConn = await db.connect();
    const consoleConn = await db.connect();
    // Empty, correctly typed tables and the views over them: every query works before data lands.
    for (const spec of allTables) await loadTable(loadConn, spec, []);
    // The heavy base views as tables, recomputed once per load instead of once per card.
    await createMetricViews(loadConn, { materialize: true });
    checkCancelled();
    starting = null;
    return makeEngine(db, version, loadConn, dashConn, consoleConn);
  } catch (err) {
    const cancelled = starting !== db;
    starting = null;
    await db.terminate().catch(() => {});
    throw cancelled ? new StartCancelled() : err;
  }
}

function makeEngine(
  db: AsyncDuckDB,
  version: string,
  loadConn: AsyncDuckDBConnection,
  dashConn: AsyncDuckDBConnection,
  consoleConn: AsyncDuckDBConnection,
): AnalyticsEngine {
  let loads: Promise<void> = Promise.resolve();
  const serialize = (job: () => Promise<void>) => {
    const next = loads.then(job);
    loads = next.catch(() => {});
    return next;
  };
  return {
    version,
    loadTables(tableLoads) {
      return serialize(async () => {
        for (const { spec, rows } of tableLoads) await loadTable(loadConn, spec, rows);
        await refreshMetrics(loadConn);
      });
    },
    setParams(params) {
      return serialize(async () => {
        await setMetricParams(loadConn, params);
        await refreshMetrics(loadConn);
      });
    },
    async query(sql, maxRows) {
      return toQueryResult(await dashConn.query(sql), maxRows);
    },
    console: consoleSession(db, consoleConn),
  };
}

/** One statement through DuckDB's pending-query API, which the worker polls, so it can be cancelled. */
async function sendStatement(conn: AsyncDuckDBConnection, sql: string): Promise<Table> {
  const reader = await conn.send(sql, true);
  const batches = await reader.readAll();
  return new Table(reader.schema, batches);
}

let exportNo = 0;

function consoleSession(db: AsyncDuckDB, conn: AsyncDuckDBConnection): SqlConsoleSession {
  // One query at a time on the console's connection; a new run waits for a cancelled one to stop.
  let busy: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(job: () => Promise<T>): Promise<T> => {
    const next = busy.then(job, job);
    busy = next.catch(() => {});
    return next;
  };

  return {
    run(sql, maxRows) {
      let cancelled = false;
      let rejectNow: ((e: Error) => void) | null = null;
      const work = exclusive(async () => {
        const statements = splitStatements(sql);
        let last: Table | null = null;
        for (const statement of statements) {
          if (cancelled) throw new QueryCancelled();
          try {
            last = await sendStatement(conn, statement.text);
          } catch (err) {
            if (cancelled) throw new QueryCancelled();
            throw new ConsoleError(err instanceof Error ? err.message : String(err), statement);
          }
        }
        if (cancelled) throw new QueryCancelled();
        return last ? toQueryResult(last, maxRows) : { columns: [], rows: [], rowCount: 0 };
      });
      // The page learns of a cancel at once; DuckDB stops the statement at its next check.
      const result = Promise.race([
        work,
        new Promise<never>((_, reject) => {
          rejectNow = reject;
        }),
      ]);
      return {
        result,
        cancel() {
          if (cancelled) return;
          cancelled = true;
          void conn.cancelSent().catch(() => false);
          rejectNow?.(new QueryCancelled());
        },
      };
    },

    schema() {
      return exclusive(async () => {
        const table = await conn.query(
          `SELECT table_name, column_name FROM information_schema.columns
           WHERE table_schema = 'main' AND table_name NOT LIKE '\\_load\\_%' ESCAPE '\\'
           ORDER BY table_name, ordinal_position`,
        );
        const out = new Map<string, string[]>();
        for (const [t, c] of toQueryResult(table).rows) {
          const name = String(t);
          const cols = out.get(name) ?? [];
          out.set(name, cols);
          cols.push(String(c));
        }
        return out;
      });
    },

    importFile(name, bytes, kind) {
      return exclusive(async () => {
        if (kind === "parquet") {
          // Read in JS (console/parquet.ts): read_parquet() would need DuckDB's parquet extension.
          const { ipc } = await parquetToArrowIpc(bytes);
          const staging = `_load_drop_${++exportNo}`;
          await conn.insertArrowFromIPCStream(ipc, { name: staging, create: true });
          try {
            await conn.query(`CREATE OR REPLACE TABLE "${name}" AS SELECT * FROM "${staging}"`);
          } finally {
            await conn.query(`DROP TABLE IF EXISTS "${staging}"`);
          }
          const count = toQueryResult(await conn.query(`SELECT count(*) FROM "${name}"`)).rows[0]?.[0];
          return Number(count);
        }
        const file = `drop_${++exportNo}.${kind}`;
        await db.registerFileBuffer(file, bytes);
        try {
          // A copy, not a view: the file buffer can go, and the table stays queryable.
          await conn.query(`CREATE OR REPLACE TABLE "${name}" AS SELECT * FROM read_csv_auto('${file}')`);
          const count = toQueryResult(await conn.query(`SELECT count(*) FROM "${name}"`)).rows[0]?.[0];
          return Number(count);
        } finally {
          await db.dropFile(file).catch(() => null);
        }
      });
    },

    all(select) {
      return exclusive(async () => toQueryResult(await conn.query(select)));
    },

    parquet(select) {
      return exclusive(async () => new Uint8Array(arrowToParquet(await conn.query(select))));
    },
  };
}
