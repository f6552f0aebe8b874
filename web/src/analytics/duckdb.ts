import { lockDown } from "@crm/analytics";
import { AsyncDuckDB, ConsoleLogger, LogLevel, selectBundle } from "@duckdb/duckdb-wasm";
import duckdbEhWorker from "@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url";
import duckdbMvpWorker from "@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url";
import duckdbEhWasm from "@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url";
import duckdbMvpWasm from "@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url";

/*
 * One DuckDB-WASM database in its own Web Worker, closed to the outside before anything else runs
 * on it (`lockDown`: no file, URL or extension except `allowedPaths`, configuration locked). The
 * dashboards' database and the console's each come from here.
 */

export interface Download {
  bytesLoaded: number;
  bytesTotal: number;
}

/**
 * Starts a worker, instantiates DuckDB (fetching/compiling the wasm: cached by the browser and the
 * service worker after the first time), opens an in-memory database and locks it. `onDownload`
 * hears the wasm's progress. On failure the worker is terminated.
 */
export async function openLockedDuckDB(
  options: {
    allowedPaths?: readonly string[];
    onDownload?: (d: Download) => void;
    onWorker?: (db: AsyncDuckDB) => void;
  } = {},
): Promise<AsyncDuckDB> {
  const bundle = await selectBundle({
    mvp: { mainModule: duckdbMvpWasm, mainWorker: duckdbMvpWorker },
    eh: { mainModule: duckdbEhWasm, mainWorker: duckdbEhWorker },
  });
  // duckdb-wasm's worker scripts are classic scripts, served as plain assets (?url).
  const worker = new Worker(bundle.mainWorker!);
  const db = new AsyncDuckDB(new ConsoleLogger(LogLevel.WARNING), worker);
  options.onWorker?.(db);
  try {
    await db.instantiate(bundle.mainModule, bundle.pthreadWorker, (p) =>
      options.onDownload?.({ bytesLoaded: p.bytesLoaded, bytesTotal: p.bytesTotal }),
    );
    await db.open({});
    const conn = await db.connect();
    try {
      await lockDown(conn, { allowedPaths: options.allowedPaths ?? [] });
    } finally {
      await conn.close();
    }
    return db;
  } catch (err) {
    await db.terminate().catch(() => {});
    throw err;
  }
}
