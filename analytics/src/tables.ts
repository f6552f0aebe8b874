import type { Account } from "@crm/schema";
import { type DataType, Table, TimestampMicrosecond, Utf8, type Vector, vectorFromArray } from "apache-arrow";

/*
 * The SQL tables analytics runs on, and the loader that turns CRM records into them.
 *
 * A table is described once, column by column: its SQL name and type, the Arrow type the values
 * travel in, and how a value is read from a record. From that one description come the DDL
 * (`CREATE TABLE accounts (...)`), the Arrow table handed to DuckDB, and the typed
 * `CREATE TABLE ... AS SELECT CAST(...)` that puts the loaded rows in place.
 */

export type SqlType = "VARCHAR" | "TIMESTAMP";

export interface ColumnSpec<R> {
  /** snake_case SQL column name. */
  name: string;
  type: SqlType;
  /** The value for one record; null (or undefined) becomes SQL NULL. */
  get(record: R): string | number | null | undefined;
}

export interface TableSpec<R> {
  name: string;
  columns: readonly ColumnSpec<R>[];
}

/** A record as the local database may hold it: fields of an older or newer version may be missing. */
export type Loose<R> = { [K in keyof R]?: R[K] | null };
/** An Account, or a local row holding one (extra fields such as sortKey, terms and _v are ignored). */
export type AccountLike = Loose<Account>;

const text =
  <R>(field: keyof R) =>
  (r: Loose<R>): string | null => {
    const v = r[field];
    return v == null ? null : String(v);
  };

const time =
  <R>(field: keyof R) =>
  (r: Loose<R>): number | null => {
    const v = r[field];
    return typeof v === "number" && Number.isFinite(v) ? Math.round(v) : null;
  };

/** `accounts`: one row per (non-deleted) Account. Times are TIMESTAMP (UTC, no time zone). */
export const accountsTable: TableSpec<AccountLike> = {
  name: "accounts",
  columns: [
    { name: "id", type: "VARCHAR", get: text("id") },
    { name: "name", type: "VARCHAR", get: text("name") },
    { name: "industry", type: "VARCHAR", get: text("industry") },
    { name: "status", type: "VARCHAR", get: text("status") },
    { name: "owner", type: "VARCHAR", get: text("owner") },
    { name: "website", type: "VARCHAR", get: text("website") },
    { name: "email", type: "VARCHAR", get: text("email") },
    { name: "phone", type: "VARCHAR", get: text("phone") },
    { name: "billing_city", type: "VARCHAR", get: text("billingCity") },
    { name: "billing_country", type: "VARCHAR", get: text("billingCountry") },
    { name: "created_at", type: "TIMESTAMP", get: time("createdAt") },
    { name: "updated_at", type: "TIMESTAMP", get: time("updatedAt") },
  ],
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

function arrowType(type: SqlType): DataType {
  switch (type) {
    case "VARCHAR":
      return new Utf8();
    // Microseconds: DuckDB reads Arrow timestamp[us] as TIMESTAMP (timestamp[ms] would be TIMESTAMP_MS).
    // The Arrow builder takes epoch milliseconds and scales them.
    case "TIMESTAMP":
      return new TimestampMicrosecond();
  }
}

/** Turns records into an Arrow table with one explicitly typed column per ColumnSpec. */
export function toArrowTable<R>(spec: TableSpec<R>, records: readonly R[]): Table {
  const columns: Record<string, Vector> = {};
  for (const col of spec.columns) {
    const values = records.map((r) => col.get(r) ?? null);
    columns[col.name] = vectorFromArray(values, arrowType(col.type));
  }
  return new Table(columns);
}

/** The Arrow table for `accounts`. Extra fields on the records (sortKey, terms, _v...) are ignored. */
export function accountsToArrow(accounts: readonly AccountLike[]): Table {
  return toArrowTable(accountsTable, accounts);
}
