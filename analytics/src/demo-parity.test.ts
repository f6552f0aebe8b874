import { DEMO_NOW, type DemoSize, generateDemo } from "@crm/schema";
import type { DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadNative, type NativeDb, nativeRows, openNative } from "../test-support/native.js";
import { openWasm, wasmRows } from "../test-support/wasm.js";
import { catalogue } from "./catalogue.js";
import { loadWorkspace, tableLoads, type WorkspaceRecords } from "./load.js";
import { createMetricViews, setMetricParams } from "./metrics.js";
import type { Cell } from "./results.js";

// The CRM's own demo workspace — schema's seeded generator, the records the app writes with
// "Load demo data" — through the same loader and SQL files on duckdb-wasm (what the browser runs)
// and on native DuckDB. ANALYTICS_DEMO_SIZE=demo|big (default big: 20,000 accounts, 250,000
// orders, 25,000 cases, 30,000 survey responses, 100,000 activities).

const size = (process.env.ANALYTICS_DEMO_SIZE === "demo" ? "demo" : "big") satisfies DemoSize;
const asOf = new Date(DEMO_NOW).toISOString().slice(0, 10);
const LIMIT = 240_000;

let wasm: DuckDBConnection;
let native: NativeDb;
let data: WorkspaceRecords;

beforeAll(async () => {
  data = generateDemo(size, 7, DEMO_NOW) as unknown as WorkspaceRecords;
  wasm = await openWasm();
  await loadWorkspace(wasm, data);
  await setMetricParams(wasm, { asOf, churnDays: 90 });
  await createMetricViews(wasm);
  native = await openNative();
  await loadNative(native.conn, tableLoads(data));
  const nativeQuery = { query: (sql: string) => native.conn.run(sql) };
  await setMetricParams(nativeQuery, { asOf, churnDays: 90 });
  await createMetricViews(nativeQuery);
}, LIMIT);

afterAll(() => {
  wasm?.close();
  native?.close();
});

const close = (x: Cell, y: Cell) =>
  typeof x === "number" && typeof y === "number"
    ? Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y))
    : x === y;

describe(`the ${size} demo workspace: duckdb-wasm and native DuckDB agree on every view`, () => {
  it("loads every record of every collection", async () => {
    const counts = wasmRows(
      wasm,
      "SELECT (SELECT count(*) FROM accounts) a, (SELECT count(*) FROM orders) o, (SELECT count(*) FROM cases) c, (SELECT count(*) FROM survey_responses) s",
    );
    const live = (k: string) =>
      (data as unknown as Record<string, { deletedAt?: number | null }[]>)[k]!.filter((r) => !r.deletedAt).length;
    expect(counts.rows[0]).toEqual([live("accounts"), live("orders"), live("cases"), live("surveyResponses")]);
  });

  for (const view of catalogue) {
    it(view.id, async () => {
      const sql = `SELECT * FROM ${view.id} ORDER BY ALL`;
      const a = await wasmRows(wasm, sql);
      const b = await nativeRows(native.conn, sql);
      expect(a.columns, view.id).toEqual(b.columns);
      expect(a.rows.length, view.id).toBe(b.rows.length);
      expect(a.rows.length, `${view.id} has rows`).toBeGreaterThan(0);
      a.rows.forEach((row, r) => {
        if (!row.every((cell, c) => close(cell, b.rows[r]![c]!)))
          expect(row, `${view.id} row ${r + 1}`).toEqual(b.rows[r]);
      });
    });
  }
});
