import { droppedFilePath, type QueryResult, toQueryResult } from "@crm/analytics";
import type { AsyncDuckDB, AsyncDuckDBConnection } from "@duckdb/duckdb-wasm";
import { Table } from "apache-arrow";
import { arrowToParquet, parquetToArrowIpc } from "./console/parquet.js";
import { type Statement, splitStatements } from "./console/sqlText.js";
import { openLockedDuckDB } from "./duckdb.js";

/*
 * The SQL console's own database: a second DuckDB (its own worker) holding a copy of the
 * dashboards' tables, metric views and parameters, taken when the console first opens and again
 * on reset. Whatever the console runs — DELETE, DROP, CREATE OR REPLACE VIEW, UPDATE
 * metric_params — changes only this copy: the dashboards' database is another DuckDB it cannot
 * name. Both are locked (duckdb.ts); this one may read exactly one path, where a dropped CSV is
 * put for the moment of its import.
 */

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
  /** When the console's copy of the data was taken (epoch ms). */
  readonly copiedAt: number;
  /** The dashboards' data generation the copy holds (see AnalyticsEngine.dataGeneration). */
  readonly copiedGeneration: number;
  /** Throws the console's database away (its changes, dropped files) and takes a fresh copy. */
  reset(): Promise<void>;
}

/** Fills the console's (empty, locked) database with a copy of the dashboards' data; returns its generation. */
export type CopyInto = (target: AsyncDuckDBConnection) => Promise<number>;

/**
 * duckdb-wasm accepts INSTALL and does nothing (extensions are fetched by LOAD, which the locked
 * configuration refuses); refusing it here says so instead of reporting success.
 */
const INSTALL = /^(?:\s|--[^\n]*\n|\/\*[\s\S]*?\*\/)*(?:FORCE\s+)?INSTALL\b/i;
const INSTALL_REFUSED =
  "Permission Error: Installing extensions is disabled: the console works only on this device's data.";

/** One statement through DuckDB's pending-query API, which the worker polls, so it can be cancelled. */
async function sendStatement(conn: AsyncDuckDBConnection, sql: string): Promise<Table> {
  const reader = await conn.send(sql, true);
  const batches = await reader.readAll();
  return new Table(reader.schema, batches);
}

interface Instance {
  db: AsyncDuckDB;
  conn: AsyncDuckDBConnection;
  copiedAt: number;
  copiedGeneration: number;
}

/** A locked, empty database for the console (started ahead by `AnalyticsEngine.prepareConsole`). */
export function startConsoleDuckDB(): Promise<AsyncDuckDB> {
  return openLockedDuckDB({ allowedPaths: [droppedFilePath] });
}

async function openInstance(copyInto: CopyInto, started?: Promise<AsyncDuckDB | null>): Promise<Instance> {
  const db = (await started) ?? (await startConsoleDuckDB());
  try {
    const conn = await db.connect();
    const copiedAt = Date.now();
    const copiedGeneration = await copyInto(conn);
    return { db, conn, copiedAt, copiedGeneration };
  } catch (err) {
    await db.terminate().catch(() => {});
    throw err;
  }
}

let stagingNo = 0;

/** The console's database with a copy of the data (see `CopyInto`); `started`: one started ahead. */
export async function openConsoleDb(
  copyInto: CopyInto,
  started?: Promise<AsyncDuckDB | null>,
): Promise<SqlConsoleSession> {
  let current = await openInstance(copyInto, started);
  // One job at a time on the console's database; a new run waits for a cancelled one to stop.
  let busy: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(job: (i: Instance) => Promise<T>): Promise<T> => {
    const next = busy.then(
      () => job(current),
      () => job(current),
    );
    busy = next.catch(() => {});
    return next;
  };

  return {
    get copiedAt() {
      return current.copiedAt;
    },
    get copiedGeneration() {
      return current.copiedGeneration;
    },

    reset() {
      return exclusive(async (old) => {
        current = await openInstance(copyInto);
        await old.db.terminate().catch(() => {});
      });
    },

    run(sql, maxRows) {
      let cancelled = false;
      let rejectNow: ((e: Error) => void) | null = null;
      let running: AsyncDuckDBConnection | null = null;
      const work = exclusive(async ({ conn }) => {
        running = conn;
        let last: Table | null = null;
        for (const statement of splitStatements(sql)) {
          if (cancelled) throw new QueryCancelled();
          if (INSTALL.test(statement.text)) throw new ConsoleError(INSTALL_REFUSED, statement);
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
          void (running as AsyncDuckDBConnection | null)?.cancelSent().catch(() => false);
          rejectNow?.(new QueryCancelled());
        },
      };
    },

    schema() {
      return exclusive(async ({ conn }) => {
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
      return exclusive(async ({ db, conn }) => {
        const count = async () =>
          Number(toQueryResult(await conn.query(`SELECT count(*) FROM "${name}"`)).rows[0]?.[0]);
        if (kind === "parquet") {
          // Read in JS (console/parquet.ts): read_parquet() would need DuckDB's parquet extension.
          const { ipc } = await parquetToArrowIpc(bytes);
          const staging = `_load_drop_${++stagingNo}`;
          await conn.insertArrowFromIPCStream(ipc, { name: staging, create: true });
          try {
            await conn.query(`CREATE OR REPLACE TABLE "${name}" AS SELECT * FROM "${staging}"`);
          } finally {
            await conn.query(`DROP TABLE IF EXISTS "${staging}"`);
          }
          return count();
        }
        // The one path the locked database may read (see @crm/analytics sandbox.ts), for this import only.
        await db.registerFileBuffer(droppedFilePath, bytes);
        try {
          // A copy, not a view: the file goes, and the table stays queryable.
          await conn.query(`CREATE OR REPLACE TABLE "${name}" AS SELECT * FROM read_csv_auto('${droppedFilePath}')`);
          return count();
        } finally {
          await db.dropFile(droppedFilePath).catch(() => null);
        }
      });
    },

    all(select) {
      return exclusive(async ({ conn }) => toQueryResult(await conn.query(select)));
    },

    parquet(select) {
      return exclusive(async ({ conn }) => new Uint8Array(arrowToParquet(await conn.query(select))));
    },
  };
}
