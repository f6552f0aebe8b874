import {
  allTables,
  copyWorkspace,
  createMetricViews,
  defaultChurnDays,
  loadTable,
  type MetricParams,
  type QueryResult,
  refreshMetrics,
  setMetricParams,
  type TableLoad,
  type TableSpec,
  todayUtc,
  toQueryResult,
} from "@crm/analytics";
import type { AsyncDuckDB, AsyncDuckDBConnection } from "@duckdb/duckdb-wasm";
import { openConsoleDb, type SqlConsoleSession, startConsoleDuckDB } from "./consoleDb.js";
import { openLockedDuckDB } from "./duckdb.js";

export { ConsoleError, QueryCancelled, type RunningQuery, type SqlConsoleSession } from "./consoleDb.js";

/*
 * DuckDB-WASM for the Analytics pages. This module (and with it duckdb-wasm's JS) is only ever
 * loaded by a dynamic import() from AnalyticsPage, and the engine itself (a Web Worker plus a
 * 34 MB wasm, 7.8 MB gzipped, cached by the service worker) starts on the first startEngine()
 * call, never before. It then lives for the rest of the session, so coming back is instant.
 *
 * The dashboards' database has two connections, so neither waits on the other: the loader
 * (table swaps) and the dashboards. The SQL console gets a database of its own (consoleDb.ts),
 * started the first time it opens, with a copy of this one's data: nothing it runs reaches the
 * tables the dashboards read. Both databases are locked (duckdb.ts): no file, URL or extension.
 */

export type EngineProgress =
  /** Fetching and compiling the wasm. bytesTotal is 0 when the server does not say. */
  | { stage: "download"; bytesLoaded: number; bytesTotal: number }
  /** Opening the database and creating the tables and views. */
  | { stage: "open" };

export interface AnalyticsEngine {
  /** DuckDB's version, e.g. "v1.4.3". */
  readonly version: string;
  /**
   * Replaces some tables (one collection's), with the columns their specs say (custom fields
   * included). Loads are serialized; readers see old or new rows.
   */
  loadTables(loads: readonly TableLoad[]): Promise<void>;
  /** Writes metric_params; every view follows. */
  setParams(params: MetricParams): Promise<void>;
  /** Runs SQL for the dashboards (their own connection). */
  query(sql: string, maxRows?: number): Promise<QueryResult>;
  /** The console's database with a copy of the data (started and copied on the first call). */
  console(): Promise<SqlConsoleSession>;
  /**
   * Starts the console's (empty) database ahead, so opening the console costs only the copy
   * (compiling a second DuckDB takes seconds). Once per session; `console()` takes it.
   */
  prepareConsole(): void;
  /** Grows with every load and parameter change: a console copy of an older generation is out of date. */
  dataGeneration(): number;
}

let started: Promise<AnalyticsEngine> | null = null;
let starting: AsyncDuckDB | null = null;
let cancelRequested = false;
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
  cancelRequested = true;
  const db = starting;
  starting = null;
  if (db) void db.terminate();
}

async function createEngine(): Promise<AnalyticsEngine> {
  cancelRequested = false;
  report({ stage: "download", bytesLoaded: 0, bytesTotal: 0 });
  let db: AsyncDuckDB | null = null;
  const checkCancelled = () => {
    if (cancelRequested) throw new StartCancelled();
  };
  try {
    db = await openLockedDuckDB({
      onWorker: (d) => {
        starting = d;
      },
      onDownload: (p) => {
        if (!cancelRequested) report({ stage: "download", ...p });
      },
    });
    checkCancelled();
    report({ stage: "open" });
    const version = await db.getVersion();
    const loadConn = await db.connect();
    const dashConn = await db.connect();
    // Empty, correctly typed tables and the views over them: every query works before data lands.
    for (const spec of allTables) await loadTable(loadConn, spec, []);
    // The heavy base views as tables, recomputed once per load instead of once per card.
    await createMetricViews(loadConn, { materialize: true });
    checkCancelled();
    starting = null;
    return makeEngine(version, loadConn, dashConn);
  } catch (err) {
    const cancelled = cancelRequested;
    starting = null;
    await db?.terminate().catch(() => {});
    throw cancelled ? new StartCancelled() : err;
  }
}

function makeEngine(
  version: string,
  loadConn: AsyncDuckDBConnection,
  dashConn: AsyncDuckDBConnection,
): AnalyticsEngine {
  let loads: Promise<unknown> = Promise.resolve();
  const serialize = <T>(job: () => Promise<T>): Promise<T> => {
    const next = loads.then(job);
    loads = next.catch(() => {});
    return next;
  };
  let generation = 0;
  // Each table as last loaded (custom columns come and go with the settings): what a copy takes.
  const specs = new Map<string, TableSpec<unknown>>(allTables.map((t) => [t.name, t]));
  // What createMetricViews wrote into metric_params.
  let params = JSON.stringify({ asOf: todayUtc(), churnDays: defaultChurnDays });
  // Taken between loads, so the copy never holds half of a reload (orders without their lines).
  const copyInto = (target: AsyncDuckDBConnection) =>
    serialize(async () => {
      await copyWorkspace({ queryIpc: (sql) => loadConn.useUnsafe((db, id) => db.runQuery(id, sql)) }, target, [
        ...specs.values(),
      ]);
      return generation;
    });
  let consoleDb: Promise<SqlConsoleSession> | null = null;
  let warm: Promise<AsyncDuckDB | null> | null = null;
  return {
    version,
    loadTables(tableLoads) {
      return serialize(async () => {
        for (const { spec, rows } of tableLoads) {
          await loadTable(loadConn, spec, rows);
          specs.set(spec.name, spec);
        }
        await refreshMetrics(loadConn);
        generation += 1;
      });
    },
    setParams(next) {
      return serialize(async () => {
        await setMetricParams(loadConn, next);
        await refreshMetrics(loadConn);
        // The dashboards set their parameters on every visit: only a new value makes a copy stale.
        const key = JSON.stringify({ asOf: next.asOf, churnDays: next.churnDays });
        if (key !== params) generation += 1;
        params = key;
      });
    },
    async query(sql, maxRows) {
      return toQueryResult(await dashConn.query(sql), maxRows);
    },
    dataGeneration: () => generation,
    prepareConsole() {
      // A failure here is not reported: console() starts a database of its own instead.
      warm ??= startConsoleDuckDB().catch(() => null);
    },
    console() {
      consoleDb ??= openConsoleDb(copyInto, warm ?? undefined).catch((err: unknown) => {
        consoleDb = null;
        warm = null;
        throw err;
      });
      return consoleDb;
    },
  };
}
