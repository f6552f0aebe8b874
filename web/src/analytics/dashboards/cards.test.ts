import { createMetricViews, loadWorkspace, type QueryResult, setMetricParams, toQueryResult } from "@crm/analytics";
import type { DuckDBConnection } from "@duckdb/duckdb-wasm/blocking";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixture, fixtureAsOf } from "../../../../analytics/test-support/fixture.js";
import { openWasm } from "../../../../analytics/test-support/wasm.js";
import { analyticsLocales } from "../locales.js";
import {
  type ChartText,
  cards,
  MAX_COHORTS,
  monthRange,
  monthTicks,
  type Row,
  rowObjects,
  shownCohorts,
} from "./cards.js";

describe("month axes", () => {
  it("monthRange lists every month from the first to the last, gaps included", () => {
    expect(monthRange(["2024-11-01", "2025-02-01", null, "2024-12-01"])).toEqual([
      "2024-11-01",
      "2024-12-01",
      "2025-01-01",
      "2025-02-01",
    ]);
    expect(monthRange([])).toEqual([]);
  });

  it("monthTicks keeps labels at least 60 px apart, on quarters or years, at any card width", () => {
    const months = monthRange(["2024-01-01", "2026-12-01"]);
    for (const width of [250, 330, 500, 760, 1100]) {
      const ticks = monthTicks(months, width);
      const px = width / months.length;
      expect(ticks.length, `width ${width}`).toBeGreaterThan(0);
      const at = ticks.map((t) => months.indexOf(t));
      for (let i = 1; i < at.length; i++) expect((at[i]! - at[i - 1]!) * px).toBeGreaterThanOrEqual(60);
      for (const t of ticks) expect([1, 4, 7, 10]).toContain(Number(t.slice(5, 7)));
    }
    // Wide enough for every month: every month gets its label.
    expect(monthTicks(months.slice(0, 12), 12 * 61)).toHaveLength(12);
  });

  it("shownCohorts keeps the most recent cohorts only", () => {
    const rows: Row[] = monthRange(["2020-01-01", "2024-12-01"]).map((m) => ({ cohort_month: m, months_since: 0 }));
    const shown = shownCohorts(rows);
    expect(shown).toHaveLength(MAX_COHORTS);
    expect(shown.at(-1)?.cohort_month).toBe("2024-12-01");
  });
});

describe("every card over the hand-made workspace", () => {
  let conn: DuckDBConnection;
  const results = new Map<string, QueryResult>();
  beforeAll(async () => {
    conn = await openWasm();
    await loadWorkspace(conn, fixture);
    await setMetricParams(conn, { asOf: fixtureAsOf, churnDays: 90 });
    await createMetricViews(conn);
    for (const card of cards) results.set(card.id, toQueryResult(conn.query(card.sql)));
  });
  afterAll(() => conn?.close());

  it("names each of its columns in English and Chinese (table headers, figures, chart axes)", () => {
    const missing: string[] = [];
    for (const [id, result] of results) {
      for (const { name } of result.columns) {
        for (const lang of ["en", "zh"] as const) {
          const label = (analyticsLocales[lang].columns as Record<string, string>)[name];
          if (!label?.trim()) missing.push(`${lang}: ${id}.${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });

  it("draws axes with the page's words, never a SQL column name", () => {
    const words: ChartText = { column: (n) => `«${n}»`, value: (_c, v) => `«${String(v)}»` };
    for (const card of cards) {
      if (!card.chart) continue;
      const rows = rowObjects(results.get(card.id)!);
      for (const width of [330, 1100]) {
        const options = card.chart(rows, width, words);
        for (const axis of ["x", "y"] as const) {
          const label = (options[axis] as { label?: string | null } | undefined)?.label;
          if (label != null) expect(label, `${card.id} ${axis}`).toMatch(/«[a-z_]+»/);
        }
      }
    }
  });
});
