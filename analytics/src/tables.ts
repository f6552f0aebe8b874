import type { SqlType } from "@crm/schema";
import { makeVector, Table, type Vector } from "apache-arrow";
import { arrowColumn } from "./arrow.js";

export type { SqlType };

/*
 * How a SQL table is described, and how records become that table.
 *
 * A table is described once, column by column: its SQL name and type and how a value is read
 * from a record. From that one description come the DDL (`CREATE TABLE accounts (...)`), the
 * Arrow table handed to DuckDB, and the typed `CREATE TABLE ... AS SELECT CAST(...)` that puts the
 * loaded rows in place. The tables themselves are in `specs.ts` (from schema's field descriptors).
 */

/**
 * A column value on its way to Arrow: text, a number (epoch ms for TIMESTAMP and DATE), a flag,
 * a list of texts (VARCHAR[]: a multi-choice field).
 */
export type ColumnValue = string | number | boolean | readonly string[] | null;

/** What a table's rows are read from: a record (or a quote's line) with any fields, by name. */
export type Row = object;

export interface ColumnSpec<R = Row> {
  /** snake_case SQL column name. */
  name: string;
  type: SqlType;
  /** The value for one record; null (or undefined) becomes SQL NULL. Throws FieldError on bad input. */
  get(record: R): ColumnValue | undefined;
}

export interface TableSpec<R = Row> {
  name: string;
  columns: readonly ColumnSpec<R>[];
}

/** A record as the local database may hold it: fields of an older or newer version may be missing. */
export type Loose<R> = { [K in keyof R]?: R[K] | null };

/** A value a record holds that its column cannot take. */
export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = "FieldError";
  }
}

/** A record that could not be turned into a row: names the table, the record and the field. */
export class LoadError extends Error {
  constructor(
    readonly table: string,
    readonly recordId: string,
    readonly field: string,
    message: string,
  ) {
    super(`${table}: record ${recordId}: ${message}`);
    this.name = "LoadError";
  }
}

type Fields = Record<string, unknown>;
const field = (r: unknown, name: string): unknown => (r as Fields)[name];
const show = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : String(v));

/** Free text; numbers are written as text, anything else is refused. */
export const text =
  (name: string) =>
  (r: Row): string | null => {
    const v = field(r, name);
    if (v == null) return null;
    if (typeof v === "string") return v;
    if (typeof v === "number" || typeof v === "boolean") return String(v);
    throw new FieldError(name, `expected text, got ${typeof v}`);
  };

/** A reference to another record. The contract writes "" for "none"; SQL joins want NULL. */
export const ref =
  (name: string) =>
  (r: Row): string | null => {
    const v = text(name)(r);
    return v === "" ? null : v;
  };

/** A finite number. */
export const num =
  (name: string) =>
  (r: Row): number | null => {
    const v = field(r, name);
    if (v == null) return null;
    if (typeof v === "number" && Number.isFinite(v)) return v;
    throw new FieldError(name, `expected a number, got ${show(v)}`);
  };

/** A whole number (survey scores, line numbers). */
export const int =
  (name: string) =>
  (r: Row): number | null => {
    const v = num(name)(r);
    if (v != null && !Number.isInteger(v)) throw new FieldError(name, `expected a whole number, got ${v}`);
    return v;
  };

export const bool =
  (name: string) =>
  (r: Row): boolean | null => {
    const v = field(r, name);
    if (v == null) return null;
    if (typeof v === "boolean") return v;
    throw new FieldError(name, `expected true or false, got ${show(v)}`);
  };

/** Epoch milliseconds (the contract's date-times), read as a UTC TIMESTAMP. */
export const time =
  (name: string) =>
  (r: Row): number | null => {
    const v = num(name)(r);
    return v == null ? null : Math.round(v);
  };

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" as epoch ms of that day's UTC midnight; "" is no date. Refuses 2024-02-30. */
export function parseIsoDate(value: string): number | null {
  const m = isoDate.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? ms : null;
}

/** A pure date ("YYYY-MM-DD"), read as a SQL DATE. */
export const date =
  (name: string) =>
  (r: Row): number | null => {
    const v = field(r, name);
    if (v == null || v === "") return null;
    const ms = typeof v === "string" ? parseIsoDate(v) : null;
    if (ms == null) throw new FieldError(name, `expected a date as YYYY-MM-DD, got ${show(v)}`);
    return ms;
  };

/** A multi-choice field's values (a list of texts); an empty list is an empty list, not NULL. */
export const list =
  (name: string) =>
  (r: Row): readonly string[] | null => {
    const v = field(r, name);
    if (v == null) return null;
    if (Array.isArray(v) && v.every((x) => typeof x === "string")) return v as string[];
    throw new FieldError(name, `expected a list of texts, got ${show(v)}`);
  };

const quoteIdent = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** `CREATE OR REPLACE TABLE name (col TYPE, ...)`: the table's SQL schema. */
export function createTableSql<R>(spec: TableSpec<R>): string {
  const cols = spec.columns.map((c) => `  ${quoteIdent(c.name)} ${c.type}`).join(",\n");
  return `CREATE OR REPLACE TABLE ${quoteIdent(spec.name)} (\n${cols}\n)`;
}

/** Replaces the table, in one statement, by the rows of `source` cast to the table's SQL types. */
export function replaceFromSql<R>(spec: TableSpec<R>, source: string): string {
  const cols = spec.columns
    .map((c) => `  CAST(${quoteIdent(c.name)} AS ${c.type}) AS ${quoteIdent(c.name)}`)
    .join(",\n");
  return `CREATE OR REPLACE TABLE ${quoteIdent(spec.name)} AS SELECT\n${cols}\nFROM ${quoteIdent(source)}`;
}

/** Each column's values, read from the records; a bad value throws LoadError naming record and field. */
export function columnValues<R>(spec: TableSpec<R>, records: readonly R[]): ColumnValue[][] {
  const out = spec.columns.map(() => new Array<ColumnValue>(records.length));
  records.forEach((record, row) => {
    spec.columns.forEach((col, c) => {
      try {
        out[c]![row] = col.get(record) ?? null;
      } catch (err) {
        if (!(err instanceof FieldError)) throw err;
        const id = field(record, "id");
        const which = typeof id === "string" && id ? id : `#${row + 1}`;
        throw new LoadError(spec.name, which, err.field, err.message);
      }
    });
  });
  return out;
}

/** Turns records into an Arrow table with one explicitly typed column per ColumnSpec. */
export function toArrowTable<R>(spec: TableSpec<R>, records: readonly R[]): Table {
  const values = columnValues(spec, records);
  const columns: Record<string, Vector> = {};
  spec.columns.forEach((col, c) => {
    columns[col.name] = makeVector(arrowColumn(col.type, values[c]!));
  });
  return new Table(columns);
}
