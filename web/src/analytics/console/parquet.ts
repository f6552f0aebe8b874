import { arrowColumn, type ColumnValue, toCell } from "@crm/analytics";
import {
  type Data,
  DataType,
  type Field,
  Int64,
  makeData,
  makeVector,
  Precision,
  Table,
  tableToIPC,
  type Vector,
} from "apache-arrow";
import { parquetReadObjects, type SchemaElement } from "hyparquet";
import { parquetWriteBuffer } from "hyparquet-writer";

/*
 * Parquet in JavaScript, not in DuckDB. duckdb-wasm 1.32 does not build Parquet in: the first
 * COPY ... (FORMAT parquet) or read_parquet() fetches the parquet extension from DuckDB's
 * extension site, which fails offline (this product's normal case) and behind any firewall, and
 * after that failure every further attempt dies with "function signature mismatch" or "table
 * index is out of bounds" (the half-loaded extension). hyparquet and hyparquet-writer (pure JS,
 * no wasm, no network) write and read the files instead; DuckDB keeps doing the SQL.
 */

type ColumnType = "BOOLEAN" | "INT32" | "INT64" | "FLOAT" | "DOUBLE" | "STRING" | "DATE" | "TIMESTAMP";

/** How one Arrow column is written: the Parquet schema element and a value mapper. */
function parquetColumn(field: Field): { element: SchemaElement; type: ColumnType } {
  const name = field.name;
  const optional = { name, repetition_type: "OPTIONAL" as const };
  const t = field.type;
  if (DataType.isBool(t)) return { element: { ...optional, type: "BOOLEAN" }, type: "BOOLEAN" };
  if (DataType.isInt(t)) {
    // 64-bit and unsigned 32-bit integers need INT64; Arrow hands 64-bit values over as bigint.
    const wide = t.bitWidth === 64 || (t.bitWidth === 32 && !t.isSigned);
    return wide
      ? { element: { ...optional, type: "INT64" }, type: "INT64" }
      : { element: { ...optional, type: "INT32" }, type: "INT32" };
  }
  if (DataType.isFloat(t) && t.precision === Precision.SINGLE) {
    return { element: { ...optional, type: "FLOAT" }, type: "FLOAT" };
  }
  // Decimals (e.g. DuckDB's sum of a DECIMAL) are written as doubles: what a spreadsheet or
  // pandas reading the export expects; 15–17 significant digits.
  if (DataType.isFloat(t) || DataType.isDecimal(t)) return { element: { ...optional, type: "DOUBLE" }, type: "DOUBLE" };
  if (DataType.isDate(t)) return { element: { ...optional, type: "INT32", converted_type: "DATE" }, type: "DATE" };
  if (DataType.isTimestamp(t)) {
    return { element: { ...optional, type: "INT64", converted_type: "TIMESTAMP_MILLIS" }, type: "TIMESTAMP" };
  }
  // Text, and anything else (lists, structs, intervals) as the text the console shows.
  return { element: { ...optional, type: "BYTE_ARRAY", converted_type: "UTF8" }, type: "STRING" };
}

const DAY_MS = 86_400_000;

function parquetValue(type: ColumnType, value: unknown, field: Field): unknown {
  if (value == null) return null;
  switch (type) {
    case "BOOLEAN":
      return Boolean(value);
    case "INT32":
      return Number(value);
    case "INT64":
      return typeof value === "bigint" ? value : BigInt(value as number);
    case "FLOAT":
    case "DOUBLE":
      return typeof value === "number" ? value : Number(toCell(value, field));
    case "DATE":
      return Math.floor(Number(value instanceof Date ? value.getTime() : value) / DAY_MS);
    case "TIMESTAMP":
      return BigInt(Math.round(Number(value instanceof Date ? value.getTime() : value)));
    case "STRING":
      return typeof value === "string" ? value : String(toCell(value, field));
  }
}

/** A query's Arrow result as a Parquet file (snappy-compressed, column types kept). */
export function arrowToParquet(table: Table): ArrayBuffer {
  const fields = table.schema.fields;
  if (fields.length === 0) throw new Error("the query returned no columns to export");
  const columns = fields.map((field, i) => {
    const { element, type } = parquetColumn(field);
    const vector = table.getChildAt(i);
    const data: unknown[] = new Array(table.numRows);
    for (let r = 0; r < table.numRows; r++) data[r] = parquetValue(type, vector?.get(r), field);
    return { element, data };
  });
  const schema: SchemaElement[] = [{ name: "root", num_children: columns.length }, ...columns.map((c) => c.element)];
  return parquetWriteBuffer({
    schema,
    columnData: columns.map((c) => ({ name: c.element.name, data: c.data as never })),
    createdBy: "crm analytics console",
  });
}

/**
 * A Parquet file's rows as an Arrow IPC stream, for duckdb-wasm's insertArrowFromIPCStream.
 * Column types are inferred from the values (64-bit integers stay exact as bigint).
 */
export async function parquetToArrowIpc(bytes: Uint8Array): Promise<{ ipc: Uint8Array; rows: number }> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = (await parquetReadObjects({ file })) as Record<string, unknown>[];
  if (rows.length === 0) throw new Error("the Parquet file has no rows");
  return { ipc: tableToIPC(tableFromRows(rows), "stream"), rows: rows.length };
}

/**
 * The rows as an Arrow table, one column per key, typed by its values: numbers → DOUBLE, text,
 * booleans, dates → TIMESTAMP, bigints → BIGINT (exact), anything else (lists, objects, a mix) →
 * its JSON as text. Not apache-arrow's `tableFromJSON`: its builders compile their null check
 * with `new Function`, which the server's Content-Security-Policy forbids (no eval); the typed
 * buffers are written directly, as the analytics tables are (`arrowColumn`).
 */
function tableFromRows(rows: Record<string, unknown>[]): Table {
  const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const columns: Record<string, Vector> = {};
  for (const name of names) columns[name] = makeVector(columnData(rows.map((row) => row[name] ?? null)));
  return new Table(columns);
}

function columnData(values: unknown[]): Data {
  const present = values.filter((v) => v != null);
  const all = (test: (v: unknown) => boolean) => present.every(test);
  if (present.length > 0 && all((v) => typeof v === "bigint")) return int64(values as (bigint | null)[]);
  if (all((v) => typeof v === "number")) return arrowColumn("DOUBLE", values as ColumnValue[]);
  if (all((v) => typeof v === "boolean")) return arrowColumn("BOOLEAN", values as ColumnValue[]);
  if (all((v) => v instanceof Date)) {
    return arrowColumn(
      "TIMESTAMP",
      values.map((v) => (v instanceof Date ? v.getTime() : null)),
    );
  }
  const text = (v: unknown) =>
    typeof v === "string" ? v : JSON.stringify(v, (_key, x) => (typeof x === "bigint" ? String(x) : x));
  return arrowColumn(
    "VARCHAR",
    values.map((v) => (v == null ? null : text(v))),
  );
}

function int64(values: (bigint | null)[]): Data {
  const data = new BigInt64Array(values.length);
  const nullBitmap = new Uint8Array(Math.ceil(values.length / 8));
  let nullCount = 0;
  values.forEach((v, i) => {
    if (v == null) nullCount++;
    else {
      data[i] = v;
      nullBitmap[i >> 3]! |= 1 << (i & 7);
    }
  });
  return makeData({ type: new Int64(), length: values.length, nullCount, nullBitmap, data });
}
