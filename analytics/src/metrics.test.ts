import type { DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, fixtureAsOf } from "../test-support/fixture.js";
import { openWasm, wasmRows } from "../test-support/wasm.js";
import { catalogue, churnRiskReasons, creationOrder, type ViewInfo, viewStatements } from "./catalogue.js";
import { loadWorkspace } from "./load.js";
import { createMetricViews, dashboardMetrics, metrics, refreshMetrics, setMetricParams } from "./metrics.js";
import { todayUtc } from "./params.js";
import type { Cell } from "./results.js";

// Every metric view on duckdb-wasm (the browser's engine, Node build) over the hand-made fixture
// of test-support/fixture.ts, read at as_of 2024-06-30 with churn_days 90 unless a test says
// otherwise. The expected figures are worked out by hand in the comments.

let conn: DuckDBConnection;

beforeAll(async () => {
  conn = await openWasm();
  await loadWorkspace(conn, fixture);
  await setMetricParams(conn, { asOf: fixtureAsOf, churnDays: 90 });
  await createMetricViews(conn);
});

afterAll(() => conn?.close());

const rows = (sql: string) => wasmRows(conn, sql).rows;
const view = (id: string) => rows(`SELECT * FROM ${id}`);

/** Rows compared cell by cell; numbers to 9 decimal places (the figures are fractions like 1/3). */
function expectRows(actual: Cell[][], expected: Cell[][]) {
  expect(actual.length, JSON.stringify(actual)).toBe(expected.length);
  actual.forEach((row, r) => {
    const want = expected[r]!;
    expect(row.length).toBe(want.length);
    row.forEach((cell, c) => {
      const w = want[c];
      if (typeof w === "number" && typeof cell === "number") expect(cell, `row ${r} col ${c}`).toBeCloseTo(w, 9);
      else expect(cell, `row ${r} col ${c}`).toEqual(w);
    });
  });
}

async function withParams(asOf: string, churnDays: number, body: () => void) {
  await setMetricParams(conn, { asOf, churnDays });
  try {
    body();
  } finally {
    await setMetricParams(conn, { asOf: fixtureAsOf, churnDays: 90 });
  }
}

describe("base views", () => {
  it("revenue_orders: everything but cancelled, returned, deleted and later orders", () => {
    // A: A1 A2 A3 A6 (A4 cancelled, A5 deleted); B1 B2; C1; D1 D2 (D3 returned); E1 (E2 is in July).
    expect(rows("SELECT string_agg(order_id, ' ' ORDER BY order_id) FROM revenue_orders")).toEqual([
      ["A1 A2 A3 A6 B1 B2 C1 D1 D2 E1"],
    ]);
  });

  it("customer_spans: pauses longer than churn_days end a span, the churned status ends it early", () => {
    // A: orders Jan 10 … May 20, no gap over 90 days; May 20 + 90 days = Aug 18 (11 + 30 + 31 + 18).
    // B: Jan 5, Jan 25; Jan 25 + 90 = Apr 24 (6 + 29 + 31 + 24).
    // C: Feb 1 + 90 = May 1, but the status became churned on Mar 15, which comes first.
    // D: Dec 20 → Apr 10 is 112 days (11 + 31 + 29 + 31 + 10) > 90: two spans.
    //    Dec 20 + 90 = Mar 19 (11 + 31 + 29 + 19); Apr 10 + 90 = Jul 9 (20 + 31 + 30 + 9).
    // E: Jun 15 + 90 = Sep 13. F never ordered: no span.
    expect(view("customer_spans ORDER BY account_id, span_no")).toEqual([
      ["A", 1, "2024-01-10", "2024-05-20", 4, "2024-08-18", false, null],
      ["B", 1, "2024-01-05", "2024-01-25", 2, "2024-04-24", true, "no_orders"],
      ["C", 1, "2024-02-01", "2024-02-01", 1, "2024-03-15", true, "status"],
      ["D", 1, "2023-12-20", "2023-12-20", 1, "2024-03-19", true, "no_orders"],
      ["D", 2, "2024-04-10", "2024-04-10", 1, "2024-07-09", false, null],
      ["E", 1, "2024-06-15", "2024-06-15", 1, "2024-09-13", false, null],
    ]);
  });

  it("order_lines carry line totals with discount and tax", () => {
    // A1: 1 × 80 × (1 + 25 %) = 100; A2: 2 × 125 × (1 − 20 %) = 200; A3: 2 × 100 and 2 × 50.
    expect(rows("SELECT order_id, line_no, line_total FROM order_lines WHERE order_id < 'A4' ORDER BY ALL")).toEqual([
      ["A1", 1, 100],
      ["A2", 1, 200],
      ["A3", 1, 200],
      ["A3", 2, 100],
    ]);
  });
});

describe("customer lifetime value", () => {
  it("cltv_by_account: historic revenue, frequency, lifespan and predicted CLTV per account", () => {
    // All counted orders fall in the 365 days before Jun 30, so purchase_frequency = orders.
    // lifespan_days = first order → churn day, or → as_of (Jun 30) while active:
    //   A Jan 10 → Jun 30 = 21 + 29 + 31 + 30 + 31 + 30 = 172     B Jan 5 → Apr 24 = 26 + 29 + 31 + 24 = 110
    //   C Feb 1 → Mar 15 = 28 + 15 = 43                            D Dec 20 → Jun 30 = 11 + 31 + 29 + 31 + 30 + 31 + 30 = 193
    //   E Jun 15 → Jun 30 = 15
    // average lifespan = (172 + 110 + 43 + 193 + 15) / 5 = 533 / 5 = 106.6 days
    // predicted = revenue + AOV × frequency × max(106.6 − lifespan, 0) / 365; churned: revenue.
    //   A 1000 + 250 × 4 × 0 = 1000 (already past the average)    D 2000 + 1000 × 2 × 0 = 2000
    //   E 250 + 250 × 1 × (106.6 − 15) / 365 = 250 + 22900 / 365 = 312.7397260274
    //   B, C churned: 1000, 300
    expectRows(view("cltv_by_account"), [
      ["D", 2000, 2, 1000, 2, 193, false, 2000],
      ["A", 1000, 4, 250, 4, 172, false, 1000],
      ["B", 1000, 2, 500, 2, 110, true, 1000],
      ["E", 250, 1, 250, 1, 15, false, 250 + 22900 / 365],
      ["C", 300, 1, 300, 1, 43, true, 300],
    ]);
  });

  it("metric_cltv: AOV × purchase frequency × lifespan, and the gross-margin variant", () => {
    // AOV = 4550 / 10 orders = 455; frequency = 10 orders / 5 customers = 2 per year;
    // lifespan = 106.6 days; CLTV = 455 × 2 × 106.6 / 365 = 97006 / 365 = 265.7698630137.
    // Gross margin over lines of counted orders whose product has a cost (P1, cost 60):
    //   net (after discount, before tax): A1 80, A2 2 × 125 × 0.8 = 200, A3 200, A6 400 → 880
    //   cost: (1 + 2 + 2 + 4) × 60 = 540 → margin = (880 − 540) / 880 = 38.6363…%
    //   (P2 has no cost; A4's 10 lines are cancelled.)
    const cltv = 97006 / 365;
    const margin = (100 * 340) / 880;
    expectRows(view("metric_cltv"), [[455, 2, 106.6, cltv, margin, (cltv * margin) / 100]]);
  });
});

describe("churn", () => {
  it("churn_monthly: customers lost in the month ÷ customers active at its start", () => {
    // Active on the last day of the previous month / of those, spans ending in the month:
    //   Jan: D                    → 1, 0
    //   Feb: A, B, D (C starts Feb 1) → 3, 0
    //   Mar: A, B, C, D           → 4; C (status, Mar 15), D (Mar 19) → 2 = 50 %
    //   Apr: A, B                 → 2; B (Apr 24) → 1 = 50 %   (D comes back Apr 10: not at the start)
    //   May: A, D                 → 2, 0
    //   Jun: A, D                 → 2, 0                        (E starts Jun 15)
    expectRows(view("churn_monthly"), [
      ["2024-01-01", 1, 0, 0],
      ["2024-02-01", 3, 0, 0],
      ["2024-03-01", 4, 2, 50],
      ["2024-04-01", 2, 1, 50],
      ["2024-05-01", 2, 0, 0],
      ["2024-06-01", 2, 0, 0],
    ]);
  });

  it("churn_monthly follows churn_days from metric_params (30 days)", async () => {
    // With 30 days: A's Jan 10 → Feb 10 (31 days) and Mar 10 → May 20 pauses end spans:
    //   A: Jan 10 → Feb 9, Feb 10 → Apr 9, May 20 → Jun 19;  B: Jan 5 → Feb 24;
    //   C: Feb 1 → Mar 2 (before the status date); D: Dec 20 → Jan 19, Apr 10 → May 10; E: Jun 15 → Jul 15.
    //   Jan: D → 1 lost of 1;  Feb: A, B → 2 of 2;  Mar: A, C → C, 1 of 2;
    //   Apr: A → 1 of 1;  May: D → 1 of 1;  Jun: A → 1 of 1 (Jun 19).
    await withParams(fixtureAsOf, 30, () => {
      expectRows(view("churn_monthly"), [
        ["2024-01-01", 1, 1, 100],
        ["2024-02-01", 2, 2, 100],
        ["2024-03-01", 2, 1, 50],
        ["2024-04-01", 1, 1, 100],
        ["2024-05-01", 1, 1, 100],
        ["2024-06-01", 1, 1, 100],
      ]);
    });
  });

  it("as_of cuts the data: what was known at the end of March", async () => {
    // D's Apr 10 order and everything after Mar 31 are ignored. Mar: C and D churned (Mar 15, Mar 19).
    await withParams("2024-03-31", 90, () => {
      expectRows(view("churn_monthly"), [
        ["2024-01-01", 1, 0, 0],
        ["2024-02-01", 3, 0, 0],
        ["2024-03-01", 4, 2, 50],
      ]);
      // A Jan 10 → Mar 31 = 81 days, 3 orders (600); B churns Apr 24, after as_of: still active,
      // Jan 5 → Mar 31 = 86 days; D churned Mar 19, Dec 20 + 90 days.
      expect(rows("SELECT account_id, revenue, lifespan_days, churned FROM cltv_by_account ORDER BY 1")).toEqual([
        ["A", 600, 81, false],
        ["B", 1000, 86, false],
        ["C", 300, 43, true],
        ["D", 1000, 90, true],
      ]);
    });
  });

  it("retention_cohorts: share of each first-order cohort still active at each month's end", () => {
    // Cohorts: Dec 2023 {D}, Jan 2024 {A, B}, Feb {C}, Jun {E}. Checked on each month's last day (Jun: as_of).
    //   D: Dec 31 ✓ Jan 31 ✓ Feb 29 ✓ Mar 31 ✗ (churned Mar 19) Apr 30 ✓ (back Apr 10) May ✓ Jun ✓
    //   A ✓ every month; B ✓ Jan–Mar, ✗ from Apr (Apr 24) → 2, 2, 2, 1, 1, 1 of 2
    //   C: Feb 29 ✓, then ✗ (Mar 15);  E: Jun 30 ✓
    const r = (cohort: string, since: number, size: number, retained: number): Cell[] => [
      cohort,
      since,
      size,
      retained,
      (100 * retained) / size,
    ];
    expectRows(view("retention_cohorts"), [
      ...[1, 1, 1, 0, 1, 1, 1].map((k, i) => r("2023-12-01", i, 1, k)),
      ...[2, 2, 2, 1, 1, 1].map((k, i) => r("2024-01-01", i, 2, k)),
      ...[1, 0, 0, 0, 0].map((k, i) => r("2024-02-01", i, 1, k)),
      r("2024-06-01", 0, 1, 1),
    ]);
  });

  it("churn_risk: weighted signals and reasons for the active customers", () => {
    // Window: the 90 days after Apr 1 (as_of − 90); the three windows before it reach back to Jul 6, 2023.
    // A: last order May 20, 41 days ago → recency 41/90; orders: 1 in the window, 3 before (1 per
    //    window) → decline 1 − 1/1 = 0; nps 5 on Apr 20 → unhappy 1; case K1 open, normal → 0.5.
    //    score = 0.4 × 41/90 + 0 + 0.2 × 1 + 0.2 × 0.5 = 0.1822… + 0.3 = 0.4822…
    // D: last order Apr 10, 81 days → recency 0.9 (≥ 0.5: no_recent_order); 1 order now vs 1/3 →
    //    decline 1 − 3 < 0 → 0; its nps 3 came on Apr 1 itself, outside the window; K3 escalated → 1.
    //    score = 0.36 + 0.2 = 0.56
    // E: 15 days → recency 1/6; no orders before, no unhappy answer, K4 resolved → score 0.4/6.
    // B, C (churned) are not scored.
    expectRows(view("churn_risk"), [
      ["D", 0.56, '["no_recent_order","open_escalated_case"]', 81, 1, 0.9, 0, 0, 1],
      ["A", (0.4 * 41) / 90 + 0.3, '["unhappy_survey","open_case"]', 41, 1, 41 / 90, 0, 1, 0.5],
      ["E", 0.4 / 6, "[]", 15, 1, 1 / 6, 0, 0, 0],
    ]);
  });
});

describe("satisfaction", () => {
  it("csat_monthly: share of 4–5 answers on the 1–5 scale", () => {
    // Jan: 5 4 2 3 → 2 of 4 = 50 % (the 3 came at 23:59:59.999 on Jan 31, UTC)
    // Feb: 5 5 4 1 4 → 4 of 5 = 80 %
    // Jun: 3 → 0 of 1 = 0 % (a score of 6 is no csat answer; the July answer is after as_of)
    expectRows(view("csat_monthly"), [
      ["2024-01-01", 4, 2, 50],
      ["2024-02-01", 5, 4, 80],
      ["2024-06-01", 1, 0, 0],
    ]);
  });

  it("nps_monthly: % promoters (9–10) − % detractors (0–6)", () => {
    // Mar: 10 9 8 6 0 10 7 9 → promoters 10 9 10 9 = 4, passives 8 7 = 2, detractors 6 0 = 2
    //      NPS = 100 × (4 − 2) / 8 = 25
    // Apr: 3 5 9 → 1 promoter, 2 detractors → 100 × (1 − 2) / 3 = −33.33 (the deleted 10 is not loaded)
    expectRows(view("nps_monthly"), [
      ["2024-03-01", 8, 4, 2, 2, 25],
      ["2024-04-01", 3, 1, 0, 2, -100 / 3],
    ]);
  });

  it("csat_by_channel: the case's channel, else the answer's own", () => {
    // phone: 5 (case K1), 5, 1 (case K1) → 2 of 3;  web: 4, 5, 3 → 2 of 3
    // chat: 3, 4 → 1 of 2;  email: 2 (case K2), 4 → 1 of 2.  Largest first, then by name.
    expectRows(view("csat_by_channel"), [
      ["phone", 3, 2, 200 / 3],
      ["web", 3, 2, 200 / 3],
      ["chat", 2, 1, 50],
      ["email", 2, 1, 50],
    ]);
  });
});

describe("satisfaction by account", () => {
  it("satisfaction_by_account: CSAT and NPS of each account's answers", () => {
    // CSAT (valid answers up to as_of):        NPS:
    //   A 5 3 5 4 1 → 3 of 5 = 60 %             A 10 10 9 5 → (3 − 1) / 4 = 50
    //   B 4 2 5     → 2 of 3                    B 9 0       → (1 − 1) / 2 = 0
    //   C 4         → 1 of 1 = 100 %            C 8         → passive only = 0
    //   D —         → NULL                      D 6 7 3     → (0 − 2) / 3 = −66.67
    //   E 3 (the 6 is invalid, the 5 is in July) → 0 %     E 9 (the deleted 10 is gone) → 100
    expectRows(view("satisfaction_by_account"), [
      ["A", 5, 60, 4, 50],
      ["B", 3, 200 / 3, 2, 0],
      ["C", 1, 100, 1, 0],
      ["D", 0, null, 3, -200 / 3],
      ["E", 1, 0, 1, 100],
    ]);
  });
});

describe("pipeline", () => {
  it("pipeline_forecast: open deals by close month, amount × probability", () => {
    // Jun (as_of's month): O6 overdue, 4000 × 25 % = 1000; O5 lost only on Jul 10, so still open
    //      on Jun 30, 8000 × 0 % = 0 → 2 deals, 12000, 1000
    // Jul: O1 10000 × 50 % + O2 20000 × 80 % = 5000 + 16000 = 21000
    // Sep: O3 5000 × 10 % (no probability: prospecting's default) = 500
    // no date: O8 3000 × 75 % = 2250.  O4 was won Jun 1; O7 was created after as_of.
    expectRows(view("pipeline_forecast"), [
      ["2024-06-01", 2, 12000, 1000],
      ["2024-07-01", 2, 30000, 21000],
      ["2024-09-01", 1, 5000, 500],
      [null, 1, 3000, 2250],
    ]);
  });
});

describe("the catalogue", () => {
  it("describes every view with the columns the SQL returns", () => {
    for (const v of catalogue) {
      const described = rows(`SELECT column_name FROM (DESCRIBE ${v.id})`).map((r) => r[0]);
      expect(described, v.id).toEqual(v.columns.map((c) => c.name));
    }
  });

  it("has titles and formulas in English and Chinese, a source and the SQL file for each view", () => {
    expect(metrics.map((m) => m.id)).toEqual(catalogue.map((v) => v.id));
    for (const m of metrics) {
      for (const text of [m.title.en, m.title.zh, m.formula.en, m.formula.zh, m.source.en, m.source.zh])
        expect(text.length).toBeGreaterThan(2);
      expect(m.sql).toMatch(/^--/);
      expect(m.sql).toMatch(/\bSELECT\b/);
    }
    expect(dashboardMetrics.map((m) => m.id)).toEqual([
      "cltv_by_account",
      "metric_cltv",
      "churn_monthly",
      "retention_cohorts",
      "csat_monthly",
      "nps_monthly",
      "csat_by_channel",
      "satisfaction_by_account",
      "pipeline_forecast",
      "churn_risk",
    ]);
  });

  it("lists every view's dependencies, so views are created in a working order", () => {
    // A dependency the catalogue forgot would let a view be created before what it reads.
    for (const v of catalogue) {
      const sql = metrics.find((m) => m.id === v.id)!.sql;
      const read = catalogue.filter((other) => other.id !== v.id && new RegExp(`\\b${other.id}\\b`).test(sql));
      expect(read.map((o) => o.id).sort(), v.id).toEqual([...v.dependsOn].sort());
    }
    const order = creationOrder().map((v) => v.id);
    for (const v of catalogue)
      for (const dep of v.dependsOn) expect(order.indexOf(dep)).toBeLessThan(order.indexOf(v.id));
  });

  it("refuses a dependency cycle or an unknown view", () => {
    const a: ViewInfo = { ...catalogue[0]!, id: "metric_cltv", dependsOn: ["churn_risk"] };
    const b: ViewInfo = { ...catalogue[0]!, id: "churn_risk", dependsOn: ["metric_cltv"] };
    expect(() => viewStatements(() => "SELECT 1", [a, b])).toThrow(/cycle: metric_cltv → churn_risk → metric_cltv/);
    expect(() => creationOrder([a])).toThrow(/churn_risk, which is not in the catalogue/);
  });

  it("explains every churn_risk reason code the SQL can produce", () => {
    const sql = metrics.find((m) => m.id === "churn_risk")!.sql;
    const codes = [...sql.matchAll(/THEN '([a-z_]+)'/g)].map((m) => m[1]);
    expect(codes.sort()).toEqual(Object.keys(churnRiskReasons).sort());
  });
});

describe("metric parameters", () => {
  it("are refused with the parameter's name when invalid", async () => {
    await expect(setMetricParams(conn, { asOf: "2024-02-30", churnDays: 90 })).rejects.toThrow(
      'asOf: expected a date as YYYY-MM-DD, got "2024-02-30"',
    );
    await expect(setMetricParams(conn, { asOf: "2024-06-30", churnDays: 0 })).rejects.toThrow(
      "churnDays: expected a whole number of days from 1 to 3650, got 0",
    );
    await expect(setMetricParams(conn, { asOf: "2024-06-30", churnDays: 4.5 })).rejects.toThrow(/churnDays/);
  });

  it("must be one row: an empty or doubled metric_params is an error, not a wrong figure", async () => {
    conn.query("INSERT INTO metric_params VALUES (DATE '2024-01-01', 30)");
    expect(() => conn.query("SELECT * FROM churn_monthly")).toThrow(/exactly one row.*holds 2/);
    conn.query("DELETE FROM metric_params");
    expect(() => conn.query("SELECT * FROM csat_monthly")).toThrow(/exactly one row.*holds 0/);
    await setMetricParams(conn, { asOf: fixtureAsOf, churnDays: 90 });
    expect(view("metric_context")).toEqual([[fixtureAsOf, "2024-07-01 00:00:00", 90]]);
  });

  it("a console user can change them with SQL, and every view follows", () => {
    conn.query("UPDATE metric_params SET as_of = DATE '2024-01-31'");
    try {
      expect(view("csat_monthly")).toEqual([["2024-01-01", 4, 2, 50]]);
    } finally {
      conn.query(`UPDATE metric_params SET as_of = DATE '${fixtureAsOf}'`);
    }
  });
});

describe("empty workspace", () => {
  it("every view runs and returns no rows (metric_cltv: one row of NULLs)", async () => {
    const empty = await openWasm();
    try {
      await loadWorkspace(empty, {});
      // Without parameters set, the views read today (UTC) and 90 days.
      await createMetricViews(empty);
      expect(wasmRows(empty, "SELECT as_of, churn_days FROM metric_context").rows).toEqual([[todayUtc(), 90]]);
      // Creating the views again keeps the parameters someone set.
      await setMetricParams(empty, { asOf: fixtureAsOf, churnDays: 45 });
      await createMetricViews(empty);
      expect(wasmRows(empty, "SELECT as_of, churn_days FROM metric_context").rows).toEqual([[fixtureAsOf, 45]]);
      for (const m of dashboardMetrics) {
        const result = wasmRows(empty, `SELECT * FROM ${m.id}`).rows;
        if (m.id === "metric_cltv") expect(result).toEqual([[null, null, null, null, null, null]]);
        else expect(result, m.id).toEqual([]);
      }
    } finally {
      empty.close();
    }
  });
});

describe("materialized base views (what the app runs)", () => {
  it("give every view's numbers exactly, and follow new parameters after refreshMetrics", async () => {
    const kept = await openWasm();
    try {
      await loadWorkspace(kept, fixture);
      await setMetricParams(kept, { asOf: fixtureAsOf, churnDays: 90 });
      await createMetricViews(kept, { materialize: true });
      const same = (id: string) => {
        const sql = `SELECT * FROM ${id} ORDER BY ALL`;
        expectRows(wasmRows(kept, sql).rows, rows(sql));
      };
      expect(
        wasmRows(kept, "SELECT table_type FROM information_schema.tables WHERE table_name = 'customer_spans'").rows,
      ).toEqual([["BASE TABLE"]]);
      for (const m of metrics) same(m.id);
      // A new churn window: the tables follow once refreshed, like the app does after setParams.
      await setMetricParams(kept, { asOf: fixtureAsOf, churnDays: 30 });
      await refreshMetrics(kept);
      await withParams(fixtureAsOf, 30, () => {
        for (const id of ["customer_spans", "churn_monthly", "retention_cohorts", "metric_cltv"]) same(id);
      });
    } finally {
      kept.close();
    }
  });
});
