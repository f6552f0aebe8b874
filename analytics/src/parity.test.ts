import type { DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataAsOf, dataSizeFromEnv, dataSizes, demoWorkspace } from "../test-support/demo.js";
import { loadNative, type NativeDb, nativeRows, openNative, type Rows } from "../test-support/native.js";
import { openWasm, wasmRows } from "../test-support/wasm.js";
import { catalogue } from "./catalogue.js";
import { allTables, loadWorkspace, tableLoads, type WorkspaceRecords } from "./load.js";
import { createMetricViews, setMetricParams } from "./metrics.js";
import type { Cell } from "./results.js";

// The CRM's own demo workspace — schema's seeded generator, the records the app writes with
// "Load demo data" — through the same SQL files on two engines: duckdb-wasm (what the browser
// runs, here its Node build, loaded through the Arrow loader) and native DuckDB (@duckdb/node-api,
// loaded through its appender from the same TableSpecs). Every view must give the same rows in
// the same order. ANALYTICS_DATA_SIZE=demo|big|bench (default big: 20,000 accounts, 250,000
// orders, 25,000 cases, 30,000 survey responses, 100,000 activities).

const size = dataSizeFromEnv("big");
const counts = dataSizes[size];
const LIMIT = 240_000;

let wasm: DuckDBConnection;
let native: NativeDb;
let data: WorkspaceRecords;

beforeAll(async () => {
  data = demoWorkspace(size);
  wasm = await openWasm();
  await loadWorkspace(wasm, data);
  await setMetricParams(wasm, { asOf: dataAsOf, churnDays: 90 });
  await createMetricViews(wasm);

  native = await openNative();
  await loadNative(native.conn, tableLoads(data));
  const nativeQuery = { query: (sql: string) => native.conn.run(sql) };
  await setMetricParams(nativeQuery, { asOf: dataAsOf, churnDays: 90 });
  await createMetricViews(nativeQuery);
}, LIMIT);

afterAll(() => {
  wasm?.close();
  native?.close();
});

/** Same columns, same rows in the same order; doubles equal to 1e-9 relative (sums may add in another order). */
function expectSame(view: string, a: Rows, b: Rows) {
  expect(a.columns, view).toEqual(b.columns);
  expect(a.rows.length, view).toBe(b.rows.length);
  const close = (x: Cell, y: Cell) =>
    typeof x === "number" && typeof y === "number"
      ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))
      : x === y;
  a.rows.forEach((row, r) => {
    const other = b.rows[r]!;
    if (!row.every((cell, c) => close(cell, other[c]!))) {
      expect(row, `${view}, row ${r + 1}`).toEqual(other);
    }
  });
}

const live = (k: keyof WorkspaceRecords) =>
  (data[k] as { deletedAt?: number | null }[]).filter((r) => !r.deletedAt).length;

describe(`duckdb-wasm and native DuckDB agree on the ${size} demo workspace (${counts.accounts} accounts, ${counts.orders} orders)`, () => {
  it("on every table's size and sums", async () => {
    for (const spec of allTables) {
      const sql = `SELECT count(*) AS n FROM ${spec.name}`;
      expectSame(spec.name, wasmRows(wasm, sql), await nativeRows(native.conn, sql));
    }
    const sizes = wasmRows(
      wasm,
      "SELECT (SELECT count(*) FROM accounts), (SELECT count(*) FROM orders), (SELECT count(*) FROM cases), (SELECT count(*) FROM survey_responses)",
    );
    expect(sizes.rows[0]).toEqual([live("accounts"), live("orders"), live("cases"), live("surveyResponses")]);
    const sums = `SELECT count(*), sum(total), min(ordered_at), max(ordered_at), count(DISTINCT account_id) FROM orders`;
    expectSame("orders sums", wasmRows(wasm, sums), await nativeRows(native.conn, sums));
  });

  for (const v of catalogue) {
    it(
      `on ${v.id}`,
      async () => {
        // revenue_orders is a filter of orders: its count and sums say as much, faster.
        const sql =
          v.id === "revenue_orders"
            ? "SELECT count(*), count(DISTINCT order_id), sum(total), min(order_date), max(ordered_at) FROM revenue_orders"
            : `SELECT * FROM ${v.id} ORDER BY ALL`;
        const a = wasmRows(wasm, sql);
        expectSame(v.id, a, await nativeRows(native.conn, sql));
        expect(a.rows.length, `${v.id} has rows`).toBeGreaterThan(0);
      },
      LIMIT,
    );
  }

  it("and the figures are not degenerate", () => {
    const churn = wasmRows(wasm, "SELECT count(*), sum(churned), max(churn_rate) FROM churn_monthly").rows[0]!;
    expect(churn[0]).toBeGreaterThan(12);
    expect(churn[1]).toBeGreaterThan(0);
    expect(churn[2]).toBeLessThanOrEqual(100);
    const reasons = wasmRows(wasm, "SELECT count(DISTINCT r) FROM (SELECT unnest(reasons) AS r FROM churn_risk)").rows;
    expect(reasons[0]![0]).toBeGreaterThanOrEqual(3);
  });
});
