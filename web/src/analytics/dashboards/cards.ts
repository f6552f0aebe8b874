import type { Cell, QueryResult, ViewId } from "@crm/analytics";
import { barX, barY, cell, dot, lineY, type PlotOptions, ruleY, text } from "@observablehq/plot";

/*
 * What the dashboards show: one card per question, each a query over a metric view of
 * @crm/analytics (whose catalogue entry supplies the title, formula and source) and a chart of
 * its rows. The queries only join names onto the views and order rows; every figure is computed
 * by the view's SQL, so the console, the tests and the dashboards agree.
 */

export type SectionId = "cltv" | "churn" | "satisfaction" | "pipeline" | "risk";

export const sections: readonly SectionId[] = ["cltv", "churn", "satisfaction", "pipeline", "risk"];

export interface CardSpec {
  id: string;
  section: SectionId;
  /** The catalogue entry whose title, formula and source the card shows. */
  view: ViewId;
  /** A translation key for cards that are not one view as is (title + formula then come from here). */
  ownText?: { title: string; formula: string };
  sql: string;
  /** How the rows are drawn: a chart, a row of figures, or the table alone (a list). */
  kind: "chart" | "figures" | "list";
  chart?: (rows: Row[], width: number) => PlotOptions;
}

export type Row = Record<string, Cell>;

/** Rows as objects keyed by column name (what Plot reads). */
export function rowObjects(result: QueryResult): Row[] {
  return result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i] ?? null])));
}

/** "2024-03-01" → a UTC Date, for time axes. */
const day = (v: Cell) => new Date(`${String(v)}T00:00:00Z`);
const month = (v: Cell) => String(v).slice(0, 7);
const HEIGHT = 240;
const TOP = 12;
const BAR = "#5b8fd1";

const base = (width: number, more: Partial<PlotOptions> = {}): PlotOptions => ({
  width,
  height: HEIGHT,
  marginLeft: 56,
  style: { fontSize: "12px", background: "transparent" },
  ...more,
});

const namedBars = (label: string, value: string, width: number) => (rows: Row[]) =>
  base(width, {
    marginLeft: 140,
    x: { grid: true, label: value },
    y: { label: null },
    marks: [barX(rows.slice(0, TOP), { y: label, x: value, sort: { y: "-x" }, fill: BAR }), ruleY([0])],
  });

export const cards: readonly CardSpec[] = [
  {
    id: "cltv",
    section: "cltv",
    view: "metric_cltv",
    kind: "figures",
    sql: "SELECT * FROM metric_cltv",
  },
  {
    id: "cltv_by_account",
    section: "cltv",
    view: "cltv_by_account",
    kind: "chart",
    sql: `SELECT coalesce(a.name, c.account_id) AS account, c.revenue, c.orders, c.avg_order_value,
            c.purchase_frequency, c.lifespan_days, c.churned, c.predicted_cltv
          FROM cltv_by_account c LEFT JOIN accounts a ON a.id = c.account_id
          ORDER BY c.predicted_cltv DESC NULLS LAST, account`,
    chart: (rows, width) => namedBars("account", "predicted_cltv", width)(rows),
  },
  {
    id: "cltv_by_industry",
    section: "cltv",
    view: "cltv_by_account",
    ownText: { title: "analytics.cards.cltvByIndustry", formula: "analytics.cards.cltvByIndustryFormula" },
    kind: "chart",
    sql: `SELECT coalesce(nullif(a.industry, ''), '—') AS industry, count(*) AS accounts,
            avg(c.revenue) AS avg_revenue, avg(c.predicted_cltv) AS avg_predicted_cltv
          FROM cltv_by_account c LEFT JOIN accounts a ON a.id = c.account_id
          GROUP BY 1 ORDER BY avg_predicted_cltv DESC NULLS LAST, industry`,
    chart: (rows, width) => namedBars("industry", "avg_predicted_cltv", width)(rows),
  },
  {
    id: "churn_monthly",
    section: "churn",
    view: "churn_monthly",
    kind: "chart",
    sql: "SELECT * FROM churn_monthly ORDER BY month",
    chart: (rows, width) => {
      const data = rows.map((r) => ({ ...r, month: day(r.month ?? null) }));
      return base(width, {
        x: { type: "utc", label: null },
        y: { grid: true, label: "churn_rate %", domain: [0, Math.max(10, ...rows.map((r) => Number(r.churn_rate)))] },
        marks: [
          ruleY([0]),
          lineY(data, { x: "month", y: "churn_rate", stroke: BAR }),
          dot(data, { x: "month", y: "churn_rate", fill: BAR }),
        ],
      });
    },
  },
  {
    id: "retention_cohorts",
    section: "churn",
    view: "retention_cohorts",
    kind: "chart",
    sql: "SELECT * FROM retention_cohorts ORDER BY cohort_month, months_since",
    chart: (rows, width) =>
      base(width, {
        marginLeft: 72,
        x: { label: "months_since", type: "band" },
        y: { label: null, type: "band", tickFormat: month },
        color: { type: "linear", domain: [0, 100], scheme: "blues", legend: false },
        marks: [
          cell(rows, { x: "months_since", y: "cohort_month", fill: "retained_share", inset: 0.5 }),
          text(rows, {
            x: "months_since",
            y: "cohort_month",
            text: (r: Row) => `${Math.round(Number(r.retained_share))}`,
            fill: (r: Row) => (Number(r.retained_share) > 60 ? "white" : "black"),
          }),
        ],
      }),
  },
  {
    id: "csat_monthly",
    section: "satisfaction",
    view: "csat_monthly",
    kind: "chart",
    sql: "SELECT * FROM csat_monthly ORDER BY month",
    chart: (rows, width) =>
      base(width, {
        x: { label: null, tickFormat: month, type: "band" },
        y: { grid: true, label: "CSAT %", domain: [0, 100] },
        marks: [barY(rows, { x: "month", y: "csat", fill: BAR }), ruleY([0])],
      }),
  },
  {
    id: "nps_monthly",
    section: "satisfaction",
    view: "nps_monthly",
    kind: "chart",
    sql: "SELECT * FROM nps_monthly ORDER BY month",
    chart: (rows, width) =>
      base(width, {
        x: { label: null, tickFormat: month, type: "band" },
        y: { grid: true, label: "NPS", domain: [-100, 100] },
        marks: [
          barY(rows, { x: "month", y: "nps", fill: (r: Row) => (Number(r.nps) < 0 ? "#c92a2a" : BAR) }),
          ruleY([0]),
        ],
      }),
  },
  {
    id: "csat_by_channel",
    section: "satisfaction",
    view: "csat_by_channel",
    kind: "chart",
    sql: "SELECT * FROM csat_by_channel ORDER BY channel",
    chart: (rows, width) =>
      base(width, {
        marginLeft: 80,
        x: { grid: true, label: "CSAT %", domain: [0, 100] },
        y: { label: null },
        marks: [barX(rows, { y: "channel", x: "csat", fill: BAR })],
      }),
  },
  {
    id: "satisfaction_by_account",
    section: "satisfaction",
    view: "satisfaction_by_account",
    kind: "list",
    sql: `SELECT coalesce(a.name, s.account_id) AS account, s.csat_responses, s.csat, s.nps_responses, s.nps
          FROM satisfaction_by_account s LEFT JOIN accounts a ON a.id = s.account_id ORDER BY account`,
  },
  {
    id: "pipeline_forecast",
    section: "pipeline",
    view: "pipeline_forecast",
    kind: "chart",
    sql: "SELECT * FROM pipeline_forecast ORDER BY period",
    chart: (rows, width) =>
      base(width, {
        marginLeft: 72,
        x: { label: null, tickFormat: month, type: "band" },
        y: { grid: true, label: "amount / weighted_amount" },
        marks: [
          barY(rows, { x: "period", y: "amount", fill: "#d0dcee" }),
          barY(rows, { x: "period", y: "weighted_amount", fill: BAR, inset: 6 }),
          ruleY([0]),
        ],
      }),
  },
  {
    id: "churn_risk",
    section: "risk",
    view: "churn_risk",
    kind: "list",
    sql: `SELECT coalesce(a.name, r.account_id) AS account, r.score, r.reasons, r.days_since_last_order,
            r.recent_orders, r.recency, r.decline, r.unhappy, r.cases
          FROM churn_risk r LEFT JOIN accounts a ON a.id = r.account_id
          ORDER BY r.score DESC, account`,
  },
];
