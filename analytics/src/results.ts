import { DataType, type Field, type Table, util } from "apache-arrow";

/*
 * Query results as plain, display-ready values: what the UI renders and what tests compare.
 * Arrow hands back bigint for BIGINT, epoch numbers for timestamps and big-number objects for
 * DECIMAL/HUGEINT; those become numbers (when exact) or strings here.
 */

export type Cell = string | number | boolean | null;

export interface ResultColumn {
  name: string;
  /** The Arrow type, as text (e.g. "Int64", "Utf8", "Timestamp<MICROSECOND>"). */
  type: string;
}

export interface QueryResult {
  columns: ResultColumn[];
  /** At most `maxRows` rows (see toQueryResult). */
  rows: Cell[][];
  /** How many rows the query returned in all. */
  rowCount: number;
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "2024-03-01 12:30:00" (UTC; milliseconds only when present). */
export function formatTimestamp(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return String(ms);
  const base = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return d.getUTCMilliseconds() ? `${base}.${pad(d.getUTCMilliseconds(), 3)}` : base;
}

function formatDate(ms: number): string {
  return formatTimestamp(ms).slice(0, 10);
}

function bigintCell(v: bigint): Cell {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

function decimalCell(v: unknown, scale: number): Cell {
  const digits = util.bigNumToString(v as Parameters<typeof util.bigNumToString>[0]);
  if (scale <= 0) return bigintCell(BigInt(digits));
  const negative = digits.startsWith("-");
  const abs = (negative ? digits.slice(1) : digits).padStart(scale + 1, "0");
  const text = `${negative ? "-" : ""}${abs.slice(0, -scale)}.${abs.slice(-scale)}`;
  const n = Number(text);
  return String(n) === text.replace(/\.?0+$/, "") ? n : text;
}

function jsonSafe(v: unknown): string {
  return JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? x.toString() : x));
}

/** One Arrow value as a display-ready cell. */
export function toCell(value: unknown, field: Field): Cell {
  if (value == null) return null;
  const type = field.type;
  if (DataType.isTimestamp(type) && typeof value === "number") return formatTimestamp(value);
  if (DataType.isDate(type) && typeof value === "number") return formatDate(value);
  if (DataType.isDecimal(type)) return decimalCell(value, type.scale);
  if (typeof value === "bigint") return bigintCell(value);
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (value instanceof Date) return formatTimestamp(value.getTime());
  if (value instanceof Uint8Array) return `\\x${[...value].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
  // Lists, structs, maps: Arrow objects with toJSON().
  const json = (value as { toJSON?: () => unknown }).toJSON?.() ?? value;
  return typeof json === "string" ? json : jsonSafe(json);
}

/** Converts an Arrow result into columns and rows of cells: all rows, or the first `maxRows`. */
export function toQueryResult(table: Table, maxRows = Number.POSITIVE_INFINITY): QueryResult {
  const fields = table.schema.fields;
  const columns = fields.map((f) => ({ name: f.name, type: String(f.type) }));
  const vectors = fields.map((_, i) => table.getChildAt(i));
  const rows: Cell[][] = [];
  const n = Math.min(table.numRows, maxRows);
  for (let r = 0; r < n; r++) {
    rows.push(fields.map((f, i) => toCell(vectors[i]?.get(r), f)));
  }
  return { columns, rows, rowCount: table.numRows };
}
