import {
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBDateValue,
  DuckDBDecimalValue,
  DuckDBInstance,
  DuckDBListValue,
  DuckDBTimestampValue,
  type DuckDBValue,
  LIST,
  listValue,
  VARCHAR,
} from "@duckdb/node-api";
import type { TableLoad } from "../src/load.js";
import { type Cell, formatTimestamp } from "../src/results.js";
import { type ColumnValue, columnValues, createTableSql, type SqlType } from "../src/tables.js";

/*
 * Native DuckDB (@duckdb/node-api) as a reference engine for the same SQL files: the parity
 * test compares it with duckdb-wasm, the benchmark times it. Tables are filled through DuckDB's
 * appender from the same TableSpecs (and so the same record → value rules) as the Arrow loader.
 */

export interface NativeDb {
  conn: DuckDBConnection;
  close(): void;
}

/** An in-memory native database; `threads` as DuckDB's `threads` setting (default: all cores). */
export async function openNative(threads?: number): Promise<NativeDb> {
  const instance = await DuckDBInstance.create(":memory:", threads ? { threads: String(threads) } : {});
  const conn = await instance.connect();
  return {
    conn,
    close() {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

const DAY_MS = 86_400_000;
const LIST_OF_VARCHAR = LIST(VARCHAR);

function append(appender: DuckDBAppender, type: SqlType, v: ColumnValue): void {
  if (v == null) {
    appender.appendNull();
    return;
  }
  switch (type) {
    case "VARCHAR":
      appender.appendVarchar(String(v));
      break;
    case "TIMESTAMP":
      appender.appendTimestamp(new DuckDBTimestampValue(BigInt(v as number) * 1000n));
      break;
    case "DATE":
      appender.appendDate(new DuckDBDateValue(Math.floor((v as number) / DAY_MS)));
      break;
    case "DOUBLE":
      appender.appendDouble(v as number);
      break;
    case "INTEGER":
      appender.appendInteger(v as number);
      break;
    case "BOOLEAN":
      appender.appendBoolean(v as boolean);
      break;
    case "VARCHAR[]":
      appender.appendList(listValue(v as readonly string[]), LIST_OF_VARCHAR);
      break;
  }
}

/** Creates each table and appends its rows (the loads come from tableLoads()). */
export async function loadNative(conn: DuckDBConnection, loads: readonly TableLoad[]): Promise<void> {
  for (const { spec, rows } of loads) {
    await conn.run(createTableSql(spec));
    if (rows.length === 0) continue;
    const values = columnValues(spec, rows);
    const appender = await conn.createAppender(spec.name);
    for (let r = 0; r < rows.length; r++) {
      spec.columns.forEach((col, c) => {
        append(appender, col.type, values[c]![r]!);
      });
      appender.endRow();
    }
    appender.closeSync();
  }
}

/** A native value as the same display cell results.ts makes from an Arrow value. */
export function nativeCell(v: DuckDBValue): Cell {
  if (v == null) return null;
  if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "bigint") {
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  if (v instanceof DuckDBDateValue) return v.toString();
  if (v instanceof DuckDBTimestampValue) return formatTimestamp(Number(v.micros / 1000n));
  if (v instanceof DuckDBDecimalValue) return v.toDouble();
  if (v instanceof DuckDBListValue) return JSON.stringify(v.items.map(nativeCell));
  return String(v);
}

export interface Rows {
  columns: string[];
  rows: Cell[][];
}

export async function nativeRows(conn: DuckDBConnection, sql: string): Promise<Rows> {
  const reader = await conn.runAndReadAll(sql);
  return { columns: reader.columnNames(), rows: reader.getRows().map((row) => row.map(nativeCell)) };
}
