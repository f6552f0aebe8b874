import type { DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import { tableToIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openWasm, wasmRows } from "../test-support/wasm.js";
import { loadTable } from "./load.js";
import { type TableSpec, toArrowTable } from "./tables.js";

// The Arrow columns are written by hand into typed buffers (arrow.ts); DuckDB must read back
// exactly what went in, nulls and multi-byte text included.

interface Row {
  id: string;
  text: string | null;
  amount: number | null;
  count: number | null;
  day: number | null;
  at: number | null;
  flag: boolean | null;
}

const spec: TableSpec<Row> = {
  name: "kinds",
  columns: [
    { name: "id", type: "VARCHAR", get: (r) => r.id },
    { name: "text", type: "VARCHAR", get: (r) => r.text },
    { name: "amount", type: "DOUBLE", get: (r) => r.amount },
    { name: "count", type: "INTEGER", get: (r) => r.count },
    { name: "day", type: "DATE", get: (r) => r.day },
    { name: "moment", type: "TIMESTAMP", get: (r) => r.at },
    { name: "flag", type: "BOOLEAN", get: (r) => r.flag },
  ],
};

// Texts much longer in UTF-8 bytes than in characters (the byte buffer must grow), an empty
// text (not NULL), and nulls in every column at positions across a byte of the bitmap.
const rows: Row[] = [
  {
    id: "r1",
    text: "Müller GmbH",
    amount: 12.5,
    count: 3,
    day: Date.UTC(2024, 1, 29),
    at: Date.UTC(2024, 0, 1, 9, 30, 0, 250),
    flag: true,
  },
  { id: "r2", text: "", amount: 0, count: 0, day: Date.UTC(1969, 11, 31), at: 0, flag: false },
  { id: "r3", text: null, amount: null, count: null, day: null, at: null, flag: null },
  {
    id: "r4",
    text: "北京客户满意度调查".repeat(40),
    amount: -1e-9,
    count: -7,
    day: Date.UTC(2099, 11, 31),
    at: Date.UTC(1999, 11, 31, 23, 59, 59),
    flag: true,
  },
  {
    id: "r5",
    text: "😀 emoji",
    amount: 1e15,
    count: 2_147_483_647,
    day: Date.UTC(2000, 0, 1),
    at: Date.UTC(2030, 5, 15),
    flag: null,
  },
  ...Array.from(
    { length: 7 },
    (_, i): Row => ({
      id: `n${i}`,
      text: i % 2 ? "x" : null,
      amount: i % 3 ? i : null,
      count: i,
      day: null,
      at: i % 2 ? i * 1000 : null,
      flag: i % 2 === 0,
    }),
  ),
];

let conn: DuckDBConnection;
beforeAll(async () => {
  conn = await openWasm();
  await loadTable(conn, spec, rows);
});
afterAll(() => conn?.close());

describe("Arrow columns", () => {
  it("arrive with the declared types, without a cast", () => {
    conn.insertArrowFromIPCStream(tableToIPC(toArrowTable(spec, rows), "stream"), { name: "raw", create: true });
    const described = wasmRows(conn, "SELECT column_name, column_type FROM (DESCRIBE raw)").rows;
    expect(described).toEqual(spec.columns.map((c) => [c.name, c.type]));
  });

  it("hold every value and every NULL as given", () => {
    const got = wasmRows(conn, "SELECT * FROM kinds WHERE id LIKE 'r%' ORDER BY id").rows;
    expect(got).toEqual([
      ["r1", "Müller GmbH", 12.5, 3, "2024-02-29", "2024-01-01 09:30:00.250", true],
      ["r2", "", 0, 0, "1969-12-31", "1970-01-01 00:00:00", false],
      ["r3", null, null, null, null, null, null],
      ["r4", "北京客户满意度调查".repeat(40), -1e-9, -7, "2099-12-31", "1999-12-31 23:59:59", true],
      ["r5", "😀 emoji", 1e15, 2_147_483_647, "2000-01-01", "2030-06-15 00:00:00", null],
    ]);
    const n = wasmRows(
      conn,
      "SELECT id, text, amount, epoch_ms(moment) AS ms, flag FROM kinds WHERE id LIKE 'n%' ORDER BY id",
    ).rows;
    expect(n).toEqual(rows.slice(5).map((r) => [r.id, r.text, r.amount, r.at, r.flag]));
  });

  it("an empty table still has its columns", () => {
    expect(toArrowTable(spec, []).schema.fields.map((f) => f.name)).toEqual(spec.columns.map((c) => c.name));
  });
});
