import type { Cell, QueryResult, ViewId } from "@crm/analytics";
import { barX, barY, cell, dot, lineY, type PlotOptions, ruleY, text } from "@observablehq/plot";
import type { Key } from "../../i18n/keys.js";
import { isoMonth } from "../../ui/dates.js";

/*
 * What the dashboards show: one card per question, each a query over a metric view of
 * @crm/analytics (whose catalogue entry supplies the title, formula and source) and a chart of
 * its rows. The queries only join names onto the views and order rows; every figure is computed
 * by the view's SQL, so the console, the tests and the dashboards agree.
 *
 * Charts get their words from the page (`ChartText`: column names and values in the person's
 * language) and are drawn for the card's width: month axes keep one label per ~60 px, the cohort
 * heatmap takes a full row and a height for its rows.
 */

export type SectionId = "cltv" | "churn" | "satisfaction" | "pipeline" | "risk";

export const sections: readonly SectionId[] = ["cltv", "churn", "satisfaction", "pipeline", "risk"];

/** The words a chart shows, in the page's language. */
export interface ChartText {
  /** A column's name for people ("Churn rate"). */
  column(name: string): string;
  /** A value of a column as people read it (a channel's name, …); numbers and dates as they are. */
  value(column: string, value: Cell): string;
}

export interface CardSpec {
  id: string;
  section: SectionId;
  /** The catalogue entry whose title, formula and source the card shows. */
  view: ViewId;
  /** A translation key for cards that are not one view as is (title + formula then come from here). */
  ownText?: { title: Key; formula: Key };
  sql: string;
  /** How the rows are drawn: a chart, a row of figures, or the table alone (a list). */
  kind: "chart" | "figures" | "list";
  chart?: (rows: Row[], width: number, words: ChartText) => PlotOptions;
  /** Takes a whole row of the grid (a chart that needs the width). */
  wide?: boolean;
  /** The chart's height for these rows, when it grows with them (default HEIGHT). */
  height?: (rows: Row[]) => number;
}

export type Row = Record<string, Cell>;

/** Rows as objects keyed by column name (what Plot reads). */
export function rowObjects(result: QueryResult): Row[] {
  return result.rows.map((r) => Object.fromEntries(result.columns.map((c, i) => [c.name, r[i] ?? null])));
}

/** "2024-03-01" → a UTC Date, for time axes. */
const day = (v: Cell) => new Date(`${String(v)}T00:00:00Z`);
const month = (v: Cell) => String(v).slice(0, 7);
export const HEIGHT = 240;
const TOP = 12;
const BAR = "#5b8fd1";
/** Room one "2024-03" label needs on an axis, with a gap. */
const MONTH_LABEL_PX = 60;

const base = (width: number, more: Partial<PlotOptions> = {}): PlotOptions => ({
  width,
  height: HEIGHT,
  marginLeft: 56,
  style: { fontSize: "12px", background: "transparent" },
  ...more,
});

/**
 * The months of a band axis that get a label: every month, or every 3rd, 6th or 12th (counted
 * from January, so labels fall on quarters and years) — the smallest step whose labels fit.
 */
export function monthTicks(months: readonly Cell[], plotWidth: number): string[] {
  const values = [...new Set(months.map(String))];
  const per = plotWidth / Math.max(1, values.length);
  // Bands, not a time line: a month without rows has no band, so labels also keep their distance.
  const apart = Math.ceil(MONTH_LABEL_PX / per);
  const step = [1, 3, 6, 12].find((s) => s >= apart) ?? 12;
  const out: string[] = [];
  let last = -Infinity;
  values.forEach((v, i) => {
    if ((Number(v.slice(5, 7)) - 1) % step !== 0 || i - last < apart) return;
    out.push(v);
    last = i;
  });
  return out;
}

/** Whole numbers 0…n of a band axis with a label every `step` that fits. */
function countTicks(values: readonly Cell[], plotWidth: number): number[] {
  const nums = [...new Set(values.map(Number))].sort((a, b) => a - b);
  const per = plotWidth / Math.max(1, nums.length);
  const step = [1, 2, 3, 6, 12].find((s) => s * per >= 22) ?? 12;
  return nums.filter((n) => n % step === 0);
}

/** Every month from the first to the last of `values` ("YYYY-MM-01"), gaps included. */
export function monthRange(values: readonly Cell[]): string[] {
  const months = values.filter((v) => v !== null).map((v) => String(v).slice(0, 7));
  if (months.length === 0) return [];
  const sorted = [...months].sort();
  const [first, last] = [sorted[0]!, sorted.at(-1)!];
  const out: string[] = [];
  let [y, m] = first.split("-").map(Number) as [number, number];
  for (let guard = 0; guard < 1200; guard++) {
    const ym = `${y}-${String(m).padStart(2, "0")}`;
    out.push(`${ym}-01`);
    if (ym >= last) break;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
  return out;
}

/** A band axis of months: every month in range (a month without data stays an empty slot). */
const monthBars = (width: number, marginLeft: number, rows: Row[], key: string) => {
  const domain = monthRange(rows.map((r) => r[key] ?? null));
  return {
    label: null,
    type: "band" as const,
    domain,
    tickFormat: month,
    ticks: monthTicks(domain, width - marginLeft - 20),
  };
};

const namedBars = (label: string, value: string, width: number, words: ChartText) => (rows: Row[]) =>
  base(width, {
    marginLeft: 140,
    x: { grid: true, label: words.column(value) },
    y: { label: null, tickFormat: (v: Cell) => words.value(label, v) },
    marks: [barX(rows.slice(0, TOP), { y: label, x: value, sort: { y: "-x" }, fill: BAR }), ruleY([0])],
  });

/** The cohort heatmap shows this many cohorts at most (the most recent); the table has them all. */
export const MAX_COHORTS = 36;
const COHORT_ROW_PX = 18;

/** The cohorts the heatmap draws: the most recent MAX_COHORTS. */
export function shownCohorts(rows: Row[]): Row[] {
  const cohorts = [...new Set(rows.map((r) => String(r.cohort_month)))].sort().slice(-MAX_COHORTS);
  const keep = new Set(cohorts);
  return rows.filter((r) => keep.has(String(r.cohort_month)));
}

const cohortCount = (rows: Row[]) => new Set(shownCohorts(rows).map((r) => String(r.cohort_month))).size;

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
    chart: (rows, width, words) => namedBars("account", "predicted_cltv", width, words)(rows),
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
    chart: (rows, width, words) => namedBars("industry", "avg_predicted_cltv", width, words)(rows),
  },
  {
    id: "churn_monthly",
    section: "churn",
    view: "churn_monthly",
    kind: "chart",
    wide: true,
    sql: "SELECT * FROM churn_monthly ORDER BY month",
    chart: (rows, width, words) => {
      const data = rows.map((r) => ({ ...r, month: day(r.month ?? null) }));
      return base(width, {
        x: { type: "utc", label: null, tickFormat: (d: Date) => isoMonth(d), ticks: width / 90 },
        y: {
          grid: true,
          label: `${words.column("churn_rate")} (%)`,
          domain: [0, Math.max(10, ...rows.map((r) => Number(r.churn_rate)))],
        },
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
    wide: true,
    sql: "SELECT * FROM retention_cohorts ORDER BY cohort_month, months_since",
    height: (rows) => Math.max(HEIGHT, cohortCount(rows) * COHORT_ROW_PX + 56),
    chart: (all, width, words) => {
      const rows = shownCohorts(all);
      const marginLeft = 72;
      const months = new Set(rows.map((r) => Number(r.months_since))).size;
      const cellWidth = (width - marginLeft - 20) / Math.max(1, months);
      return base(width, {
        height: Math.max(HEIGHT, cohortCount(all) * COHORT_ROW_PX + 56),
        marginLeft,
        marginRight: 20,
        marginBottom: 40,
        x: {
          label: words.column("months_since"),
          labelAnchor: "center",
          labelArrow: "none",
          type: "band",
          ticks: countTicks(
            rows.map((r) => r.months_since ?? null),
            width - marginLeft - 20,
          ),
        },
        y: { label: null, type: "band", tickFormat: month },
        color: { type: "linear", domain: [0, 100], scheme: "blues", legend: false },
        marks: [
          cell(rows, { x: "months_since", y: "cohort_month", fill: "retained_share", inset: 0.5 }),
          // Figures only where a cell has room for three digits.
          cellWidth >= 22
            ? text(rows, {
                x: "months_since",
                y: "cohort_month",
                text: (r: Row) => `${Math.round(Number(r.retained_share))}`,
                fontSize: 10,
                fill: (r: Row) => (Number(r.retained_share) > 60 ? "white" : "black"),
              })
            : null,
        ],
      });
    },
  },
  {
    id: "csat_monthly",
    section: "satisfaction",
    view: "csat_monthly",
    kind: "chart",
    sql: "SELECT * FROM csat_monthly ORDER BY month",
    chart: (rows, width, words) =>
      base(width, {
        x: monthBars(width, 56, rows, "month"),
        y: { grid: true, label: `${words.column("csat")} (%)`, domain: [0, 100] },
        marks: [barY(rows, { x: "month", y: "csat", fill: BAR }), ruleY([0])],
      }),
  },
  {
    id: "nps_monthly",
    section: "satisfaction",
    view: "nps_monthly",
    kind: "chart",
    sql: "SELECT * FROM nps_monthly ORDER BY month",
    chart: (rows, width, words) =>
      base(width, {
        x: monthBars(width, 56, rows, "month"),
        y: { grid: true, label: words.column("nps"), domain: [-100, 100] },
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
    chart: (rows, width, words) =>
      base(width, {
        marginLeft: 96,
        x: { grid: true, label: `${words.column("csat")} (%)`, domain: [0, 100] },
        y: { label: null, tickFormat: (v: Cell) => words.value("channel", v) },
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
    chart: (rows, width, words) =>
      base(width, {
        marginLeft: 72,
        x: monthBars(width, 72, rows, "period"),
        y: { grid: true, label: words.column("pipeline_axis") },
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
