/*
 * The metric catalogue: what each view in analytics/sql computes, in words a person can check,
 * with the formula's source — what the app shows next to a chart ("how is this computed?").
 * Plain data with no SQL text, so Node scripts (the native benchmark) can read it too; metrics.ts
 * adds the SQL of each view for the app.
 *
 * Each entry is one view and one file: `analytics/sql/<id>.sql`. The base views hold the
 * definitions every metric shares (which orders count, when a customer is active), so "churned"
 * means the same thing in the churn rate, the cohorts, CLTV and the risk score.
 */

export type Lang = "en" | "zh";
export type Text = Record<Lang, string>;

/** How the app should show a column's values. */
export type Unit =
  | "text"
  | "date"
  | "month"
  | "timestamp"
  | "count"
  | "money"
  /** 0–100 */
  | "percent"
  /** −100 to 100 */
  | "nps"
  | "days"
  /** orders per customer per year */
  | "perYear"
  /** 0 to 1 */
  | "ratio"
  | "boolean"
  /** a list of reason codes (see churnRiskReasons) */
  | "codes";

export interface MetricColumn {
  name: string;
  unit: Unit;
}

export type ViewId =
  | "metric_context"
  | "revenue_orders"
  | "customer_spans"
  | "cltv_by_account"
  | "metric_cltv"
  | "churn_monthly"
  | "retention_cohorts"
  | "csat_monthly"
  | "nps_monthly"
  | "csat_by_channel"
  | "satisfaction_by_account"
  | "pipeline_forecast"
  | "churn_risk";

export interface ViewInfo {
  /** The view's name in SQL and its file name (analytics/sql/<id>.sql). */
  id: ViewId;
  /** "base": a shared definition other views read; "metric": what dashboards show. */
  kind: "base" | "metric";
  title: Text;
  /** The formula, in words and symbols. */
  formula: Text;
  /** Where the definition comes from (cited works keep their own titles). */
  source: Text;
  /** The views this one reads (the tables it reads are not listed). */
  dependsOn: readonly ViewId[];
  columns: readonly MetricColumn[];
}

const col = (name: string, unit: Unit): MetricColumn => ({ name, unit });

const MARKETING_METRICS =
  "Farris, Bendle, Pfeifer, Reibstein: Marketing Metrics, 2nd ed. (Wharton School Publishing, 2010)";
const FARRIS: Text = {
  en: `${MARKETING_METRICS}, chapter "Customer Profitability" (retention, churn, lifetime value)`,
  zh: `${MARKETING_METRICS}，“Customer Profitability” 一章（留存、流失、终身价值）`,
};
const TOP_TWO_BOX: Text = {
  en: `Top-two-box satisfaction share: ${MARKETING_METRICS}, section "Customer Satisfaction"`,
  zh: `满意度“前两档”（top-two-box）占比：${MARKETING_METRICS}，“Customer Satisfaction” 一节`,
};
const KUMAR =
  "Kumar: Customer Lifetime Value — The Path to Profitability (Foundations and Trends in Marketing 2(1), 2008)";
const REICHHELD = "Reichheld: The One Number You Need to Grow (Harvard Business Review, December 2003)";
const THIS_APP: Text = { en: "Definition of this app", zh: "本应用的定义" };

export const catalogue: readonly ViewInfo[] = [
  {
    id: "metric_context",
    kind: "base",
    title: { en: "Metric parameters", zh: "指标参数" },
    formula: {
      en: "as_of: metrics count what happened up to the end of this day (UTC). churn_days: an account with no order for this many days has churned (default 90). Set in metric_params, one row.",
      zh: "as_of：指标只统计截至该日（UTC）结束时发生的数据。churn_days：连续这么多天没有订单的客户视为流失（默认 90）。保存在单行表 metric_params 中。",
    },
    source: THIS_APP,
    dependsOn: [],
    columns: [col("as_of", "date"), col("as_of_end", "timestamp"), col("churn_days", "days")],
  },
  {
    id: "revenue_orders",
    kind: "base",
    title: { en: "Orders that count as revenue", zh: "计入收入的订单" },
    formula: {
      en: "Every order up to as_of except cancelled and returned ones.",
      zh: "截至 as_of 的所有订单，已取消和已退货的除外。",
    },
    source: THIS_APP,
    dependsOn: ["metric_context"],
    columns: [
      col("order_id", "text"),
      col("account_id", "text"),
      col("ordered_at", "timestamp"),
      col("order_date", "date"),
      col("total", "money"),
    ],
  },
  {
    id: "customer_spans",
    kind: "base",
    title: { en: "Active customer spans", zh: "客户活跃区间" },
    formula: {
      en: "An account is an active customer from its first counted order until churn_days days pass with no order, or until its status became churned, whichever comes first. An order after such a pause starts a new span.",
      zh: "客户自首个计入收入的订单起为活跃客户，直到连续 churn_days 天没有订单，或其状态变为“已流失”（以先发生者为准）。此后再下单则开始新的活跃区间。",
    },
    source: {
      en: `${FARRIS.en}: "lost" defined by inactivity or explicit cancellation`,
      zh: `${FARRIS.zh}：“流失”按不活跃或明确取消来界定`,
    },
    dependsOn: ["metric_context", "revenue_orders"],
    columns: [
      col("account_id", "text"),
      col("span_no", "count"),
      col("started_on", "date"),
      col("last_order_on", "date"),
      col("orders", "count"),
      col("ended_on", "date"),
      col("churned", "boolean"),
      col("churn_reason", "text"),
    ],
  },
  {
    id: "cltv_by_account",
    kind: "metric",
    title: { en: "Customer lifetime value by account", zh: "各客户的客户终身价值" },
    formula: {
      en: "Historic CLTV = revenue of the account's orders. Predicted CLTV = revenue + average order value × orders in the last 365 days × years left until the average customer lifespan (0 once churned).",
      zh: "历史 CLTV = 该客户订单收入之和。预测 CLTV = 历史收入 + 平均订单金额 × 近 365 天订单数 × 距平均客户生命周期剩余的年数（已流失则为 0）。",
    },
    source: { en: `${KUMAR}; ${FARRIS.en}`, zh: `${KUMAR}；${FARRIS.zh}` },
    dependsOn: ["metric_context", "revenue_orders", "customer_spans"],
    columns: [
      col("account_id", "text"),
      col("revenue", "money"),
      col("orders", "count"),
      col("avg_order_value", "money"),
      col("purchase_frequency", "perYear"),
      col("lifespan_days", "days"),
      col("churned", "boolean"),
      col("predicted_cltv", "money"),
    ],
  },
  {
    id: "metric_cltv",
    kind: "metric",
    title: { en: "Customer lifetime value", zh: "客户终身价值" },
    formula: {
      en: "CLTV = average order value × purchase frequency (orders per customer per year, last 365 days) × average customer lifespan (years). With product costs: CLTV × gross margin.",
      zh: "CLTV = 平均订单金额 × 购买频率（近 365 天每位客户每年订单数）× 平均客户生命周期（年）。有产品成本时：CLTV × 毛利率。",
    },
    source: {
      en: `The standard CLTV = AOV × purchase frequency × lifespan (× gross margin) definition: Kumar (2008); ${FARRIS.en}`,
      zh: `标准定义 CLTV = 平均订单金额 × 购买频率 × 生命周期（× 毛利率）：Kumar (2008)；${FARRIS.zh}`,
    },
    dependsOn: ["cltv_by_account", "revenue_orders"],
    columns: [
      col("avg_order_value", "money"),
      col("purchase_frequency", "perYear"),
      col("avg_lifespan_days", "days"),
      col("cltv", "money"),
      col("gross_margin_pct", "percent"),
      col("cltv_gross_margin", "money"),
    ],
  },
  {
    id: "churn_monthly",
    kind: "metric",
    title: { en: "Monthly churn rate", zh: "月度流失率" },
    formula: {
      en: "Churn rate = customers lost in the month ÷ customers active at its start. Lost: no order for churn_days days, or the status became churned.",
      zh: "流失率 = 当月流失的客户数 ÷ 月初活跃客户数。流失：连续 churn_days 天没有订单，或状态变为“已流失”。",
    },
    source: FARRIS,
    dependsOn: ["metric_context", "customer_spans"],
    columns: [
      col("month", "month"),
      col("active_at_start", "count"),
      col("churned", "count"),
      col("churn_rate", "percent"),
    ],
  },
  {
    id: "retention_cohorts",
    kind: "metric",
    title: { en: "Retention by cohort", zh: "按客户群的留存" },
    formula: {
      en: "Cohort = accounts whose first order fell in the same month. Retained share = accounts of the cohort still active at the end of each later month ÷ cohort size.",
      zh: "客户群 = 首单在同一个月的客户。留存率 = 之后每月月末仍活跃的客户数 ÷ 客户群人数。",
    },
    source: FARRIS,
    dependsOn: ["metric_context", "customer_spans"],
    columns: [
      col("cohort_month", "month"),
      col("months_since", "count"),
      col("cohort_size", "count"),
      col("retained", "count"),
      col("retained_share", "percent"),
    ],
  },
  {
    id: "csat_monthly",
    kind: "metric",
    title: { en: "Customer satisfaction (CSAT) by month", zh: "月度客户满意度（CSAT）" },
    formula: {
      en: "CSAT = answers of 4 or 5 ÷ all answers, on a 1–5 scale.",
      zh: "CSAT = 评分为 4 或 5 的回答数 ÷ 全部回答数（1–5 分制）。",
    },
    source: TOP_TWO_BOX,
    dependsOn: ["metric_context"],
    columns: [col("month", "month"), col("responses", "count"), col("satisfied", "count"), col("csat", "percent")],
  },
  {
    id: "nps_monthly",
    kind: "metric",
    title: { en: "Net Promoter Score (NPS) by month", zh: "月度净推荐值（NPS）" },
    formula: {
      en: "NPS = % promoters (9–10) − % detractors (0–6), on a 0–10 scale; from −100 to 100.",
      zh: "NPS = 推荐者（9–10 分）占比 − 贬损者（0–6 分）占比（0–10 分制），范围 −100 到 100。",
    },
    source: { en: REICHHELD, zh: REICHHELD },
    dependsOn: ["metric_context"],
    columns: [
      col("month", "month"),
      col("responses", "count"),
      col("promoters", "count"),
      col("passives", "count"),
      col("detractors", "count"),
      col("nps", "nps"),
    ],
  },
  {
    id: "csat_by_channel",
    kind: "metric",
    title: { en: "CSAT by channel", zh: "各渠道的 CSAT" },
    formula: {
      en: "CSAT (answers of 4–5 ÷ all answers) per channel: the channel of the case the answer is about, else the answer's own channel.",
      zh: "按渠道计算的 CSAT（4–5 分回答数 ÷ 全部回答数）：取回答所关联工单的渠道，无工单时取回答本身的渠道。",
    },
    source: TOP_TWO_BOX,
    dependsOn: ["metric_context"],
    columns: [col("channel", "text"), col("responses", "count"), col("satisfied", "count"), col("csat", "percent")],
  },
  {
    id: "satisfaction_by_account",
    kind: "metric",
    title: { en: "Satisfaction by account", zh: "各客户的满意度" },
    formula: {
      en: "Per account: CSAT = answers of 4–5 ÷ all csat answers (1–5); NPS = % answers of 9–10 − % answers of 0–6 (0–10).",
      zh: "按客户：CSAT = 4–5 分回答数 ÷ 全部 CSAT 回答数（1–5 分制）；NPS = 9–10 分占比 − 0–6 分占比（0–10 分制）。",
    },
    source: { en: `${TOP_TWO_BOX.en}; ${REICHHELD}`, zh: `${TOP_TWO_BOX.zh}；${REICHHELD}` },
    dependsOn: ["metric_context"],
    columns: [
      col("account_id", "text"),
      col("csat_responses", "count"),
      col("csat", "percent"),
      col("nps_responses", "count"),
      col("nps", "nps"),
    ],
  },
  {
    id: "pipeline_forecast",
    kind: "metric",
    title: { en: "Weighted pipeline forecast", zh: "加权销售管道预测" },
    formula: {
      en: "Per expected close month: weighted amount = Σ amount × probability ÷ 100 over open opportunities; overdue deals count in the current month.",
      zh: "按预计成交月份：加权金额 = 未结商机的 Σ 金额 × 成交概率 ÷ 100；已过预计成交日的商机计入当月。",
    },
    source: {
      en: 'Probability-weighted pipeline ("expected revenue" = amount × probability), as in Salesforce opportunity forecasting',
      zh: "按成交概率加权的销售管道（“预期收入” = 金额 × 成交概率），与 Salesforce 商机预测的做法相同",
    },
    dependsOn: ["metric_context"],
    columns: [
      col("period", "month"),
      col("opportunities", "count"),
      col("amount", "money"),
      col("weighted_amount", "money"),
    ],
  },
  {
    id: "churn_risk",
    kind: "metric",
    title: { en: "Churn risk", zh: "流失风险" },
    formula: {
      en: "Score (0–1) = 0.4 × days since last order ÷ churn_days + 0.2 × drop in orders + 0.2 × unhappy survey answer + 0.2 × open escalated or urgent case, over the last churn_days days.",
      zh: "得分（0–1）= 0.4 × 距上次下单天数 ÷ churn_days + 0.2 × 订单下降幅度 + 0.2 × 不满意的调查回答 + 0.2 × 未结的升级或紧急工单（均按最近 churn_days 天计）。",
    },
    source: {
      en: "Recency and frequency signals of RFM analysis (Hughes: Strategic Database Marketing, 1994) plus satisfaction and support signals; a transparent heuristic with weights set by this app, not a trained model",
      zh: "RFM 分析中的近期性与频率信号（Hughes: Strategic Database Marketing, 1994），加上满意度与客服信号；一种由本应用设定权重的透明启发式方法，而非训练得到的模型",
    },
    dependsOn: ["metric_context", "customer_spans", "revenue_orders"],
    columns: [
      col("account_id", "text"),
      col("score", "ratio"),
      col("reasons", "codes"),
      col("days_since_last_order", "days"),
      col("recent_orders", "count"),
      col("recency", "ratio"),
      col("decline", "ratio"),
      col("unhappy", "ratio"),
      col("cases", "ratio"),
    ],
  },
];

/** What each churn_risk reason code means, for the app to show. */
export const churnRiskReasons: Record<string, Text> = {
  no_recent_order: { en: "No order for over half the churn window", zh: "超过半个流失窗口未下单" },
  orders_declining: { en: "Orders fell by half or more", zh: "订单量下降一半以上" },
  unhappy_survey: { en: "Recent unhappy survey answer", zh: "近期有不满意的调查回答" },
  open_escalated_case: { en: "Open escalated or urgent case", zh: "有未结的升级或紧急工单" },
  open_case: { en: "Open support case", zh: "有未结的支持工单" },
};

/** The views in an order where each comes after the views it reads. */
export function creationOrder(views: readonly ViewInfo[] = catalogue): ViewInfo[] {
  const byId = new Map(views.map((v) => [v.id, v]));
  const done = new Set<ViewId>();
  const out: ViewInfo[] = [];
  const visit = (v: ViewInfo, path: ViewId[]) => {
    if (done.has(v.id)) return;
    if (path.includes(v.id)) throw new Error(`views depend on each other in a cycle: ${[...path, v.id].join(" → ")}`);
    for (const dep of v.dependsOn) {
      const d = byId.get(dep);
      if (!d) throw new Error(`view ${v.id} depends on ${dep}, which is not in the catalogue`);
      visit(d, [...path, v.id]);
    }
    done.add(v.id);
    out.push(v);
  };
  for (const v of views) visit(v, []);
  return out;
}

/** `CREATE OR REPLACE VIEW` for every view, in creation order, from each view's SQL text. */
export function viewStatements(sqlOf: (id: ViewId) => string, views: readonly ViewInfo[] = catalogue): string[] {
  return creationOrder(views).map((v) => `CREATE OR REPLACE VIEW ${v.id} AS\n${sqlOf(v.id).trim().replace(/;$/, "")}`);
}

/**
 * The base views every dashboard card reads (a window over every counted order): the app keeps
 * them as tables, computed once per data load or parameter change instead of once per card.
 * Their SQL stays the view's (as `<id>__live`), so the numbers are the same either way.
 */
export const materializedBaseViews: readonly ViewId[] = ["revenue_orders", "customer_spans"];

/** `viewStatements` with the views of `materializedBaseViews` turned into tables of the same name. */
export function materializeStatements(statements: readonly string[]): string[] {
  const kept = new Set<string>(materializedBaseViews);
  return statements.flatMap((statement) => {
    const id = /^CREATE OR REPLACE VIEW (\w+) AS/.exec(statement)?.[1] ?? "";
    if (!kept.has(id)) return [statement];
    return [
      statement.replace(`VIEW ${id} AS`, `VIEW ${id}__live AS`),
      `CREATE OR REPLACE TABLE ${id} AS SELECT * FROM ${id}__live`,
    ];
  });
}

/** Recomputes the materialized base views, in dependency order (after a load or new params). */
export function refreshStatements(): string[] {
  return materializedBaseViews.map((id) => `CREATE OR REPLACE TABLE ${id} AS SELECT * FROM ${id}__live`);
}
