import {
  type AccountLike,
  accountsByIndustry,
  accountsByStatus,
  loadAccounts,
  type QueryResult,
  toQueryResult,
} from "@crm/analytics";
import type { Account } from "@crm/schema";
import { AsyncDuckDB, type AsyncDuckDBConnection, ConsoleLogger, LogLevel, selectBundle } from "@duckdb/duckdb-wasm";
import duckdbEhWorker from "@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url";
import duckdbMvpWorker from "@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url";
import duckdbEhWasm from "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url";
import duckdbMvpWasm from "@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url";
import { liveQuery } from "dexie";
import type { CrmDatabase } from "../local/db.js";

/*
 * DuckDB-WASM for the Analytics page. This module (and with it duckdb-wasm's JS) is only ever
 * loaded by a dynamic import() from AnalyticsPage, and the engine itself (a Web Worker plus a
 * 34 MB wasm, 7.8 MB gzipped) starts on the first startEngine() call, never before. It then lives
 * for the rest of the session, so coming back to the page is instant.
 */

/** The page's named queries (SQL text from analytics/sql), kept out of the page's own chunk. */
export const pageQueries = { accountsByIndustry, accountsByStatus } as const;

export type EngineProgress =
  /** Fetching and compiling the wasm. bytesTotal is 0 when the server does not say. */
  | { stage: "download"; bytesLoaded: number; bytesTotal: number }
  /** Opening the database. */
  | { stage: "open" };

export interface AnalyticsEngine {
  /** DuckDB's version, e.g. "v1.4.3". */
  readonly version: string;
  /**
   * Runs SQL (several statements allowed; the last one's rows are returned) on the console's
   * connection. Rejects with DuckDB's own error message. At most `maxRows` rows are converted.
   */
  query(sql: string, maxRows?: number): Promise<QueryResult>;
  /** Replaces the `accounts` table. Loads are serialized; readers see the old or the new table. */
  loadAccounts(accounts: readonly AccountLike[]): Promise<void>;
}

let started: Promise<AnalyticsEngine> | null = null;
const progressListeners = new Set<(p: EngineProgress) => void>();
let lastProgress: EngineProgress | null = null;

function report(p: EngineProgress) {
  lastProgress = p;
  for (const l of progressListeners) l(p);
}

/**
 * Starts the engine once per page session and resolves when it can run SQL. `onProgress` hears
 * about the download and start-up (it is called at once with the latest step if one happened).
 * A failed start is forgotten, so calling again retries.
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

async function createEngine(): Promise<AnalyticsEngine> {
  const bundle = await selectBundle({
    mvp: { mainModule: duckdbMvpWasm, mainWorker: duckdbMvpWorker },
    eh: { mainModule: duckdbEhWasm, mainWorker: duckdbEhWorker },
  });
  report({ stage: "download", bytesLoaded: 0, bytesTotal: 0 });
  // duckdb-wasm's worker scripts are classic scripts, served as plain assets (?url).
  const worker = new Worker(bundle.mainWorker!);
  const db = new AsyncDuckDB(new ConsoleLogger(LogLevel.WARNING), worker);
  try {
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker, (p) =>
      report({ stage: "download", bytesLoaded: p.bytesLoaded, bytesTotal: p.bytesTotal }),
    );
    report({ stage: "open" });
    await db.open({});
    const version = await db.getVersion();
    // Two connections: the console's session state (an open BEGIN, SET ...) never touches loads.
    const queryConn = await db.connect();
    const loadConn = await db.connect();
    // Start with an empty, correctly typed table so queries work before the first load lands.
    await loadAccounts(loadConn, []);
    return makeEngine(version, queryConn, loadConn);
  } catch (err) {
    await db.terminate().catch(() => {});
    throw err;
  }
}

function makeEngine(version: string, queryConn: AsyncDuckDBConnection, loadConn: AsyncDuckDBConnection) {
  let loads: Promise<void> = Promise.resolve();
  return {
    version,
    async query(sql: string, maxRows?: number) {
      return toQueryResult(await queryConn.query(sql), maxRows);
    },
    loadAccounts(accounts: readonly AccountLike[]) {
      const next = loads.then(() => loadAccounts(loadConn, accounts));
      loads = next.catch(() => {});
      return next;
    },
  } satisfies AnalyticsEngine;
}

/** Where the accounts come from: the opened local database, or any loader of Account records. */
export type AccountSource = CrmDatabase | (() => Promise<readonly Account[]>);

export type AccountsState =
  | { state: "loading" }
  /** `version` grows by one with every completed load: re-run what depends on the data. */
  | { state: "loaded"; count: number; version: number }
  | { state: "error"; error: unknown };

/**
 * Keeps the `accounts` table in step with the local database: loads now, then again whenever
 * the accounts change (a Dexie liveQuery), at most once per `debounceMs` while edits keep coming.
 * A loader function is watched the same way: the Dexie tables it reads are observed.
 * Returns a function that stops watching.
 */
export function watchAccounts(
  engine: AnalyticsEngine,
  source: AccountSource,
  onChange: (s: AccountsState) => void,
  debounceMs = 500,
): () => void {
  const read = typeof source === "function" ? source : () => source.accounts.toArray();
  let stopped = false;
  let first = true;
  let version = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let latest: readonly AccountLike[] = [];

  const flush = () => {
    timer = undefined;
    const rows = latest;
    onChange({ state: "loading" });
    engine.loadAccounts(rows).then(
      () => {
        if (!stopped) onChange({ state: "loaded", count: rows.length, version: ++version });
      },
      (error: unknown) => {
        if (!stopped) onChange({ state: "error", error });
      },
    );
  };

  const subscription = liveQuery(read).subscribe({
    next(rows) {
      latest = rows;
      if (first) {
        first = false;
        flush();
      } else {
        clearTimeout(timer);
        timer = setTimeout(flush, debounceMs);
      }
    },
    error(error: unknown) {
      if (!stopped) onChange({ state: "error", error });
    },
  });

  return () => {
    stopped = true;
    clearTimeout(timer);
    subscription.unsubscribe();
  };
}
