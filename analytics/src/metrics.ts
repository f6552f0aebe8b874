import churnMonthlySql from "../sql/churn_monthly.sql?raw";
import churnRiskSql from "../sql/churn_risk.sql?raw";
import cltvByAccountSql from "../sql/cltv_by_account.sql?raw";
import csatByChannelSql from "../sql/csat_by_channel.sql?raw";
import csatMonthlySql from "../sql/csat_monthly.sql?raw";
import customerSpansSql from "../sql/customer_spans.sql?raw";
import metricCltvSql from "../sql/metric_cltv.sql?raw";
import metricContextSql from "../sql/metric_context.sql?raw";
import npsMonthlySql from "../sql/nps_monthly.sql?raw";
import pipelineForecastSql from "../sql/pipeline_forecast.sql?raw";
import retentionCohortsSql from "../sql/retention_cohorts.sql?raw";
import revenueOrdersSql from "../sql/revenue_orders.sql?raw";
import satisfactionByAccountSql from "../sql/satisfaction_by_account.sql?raw";
import {
  catalogue,
  materializedBaseViews,
  materializeStatements,
  refreshStatements,
  type ViewId,
  type ViewInfo,
  viewStatements,
} from "./catalogue.js";
import type { SqlConnection } from "./load.js";
import { defaultMetricParamsSql, type MetricParams, metricParamsSql } from "./params.js";
import { copyTables, type IpcSource } from "./sandbox.js";
import type { TableSpec } from "./tables.js";

/*
 * The metric catalogue the app renders: each view's id, titles and formula in English and
 * Chinese, its source, its columns, and its SQL — the text of analytics/sql/<id>.sql, inlined by
 * Vite (`?raw`), so the app shows exactly the SQL it runs.
 */

export const viewSql: Record<ViewId, string> = {
  metric_context: metricContextSql,
  revenue_orders: revenueOrdersSql,
  customer_spans: customerSpansSql,
  cltv_by_account: cltvByAccountSql,
  metric_cltv: metricCltvSql,
  churn_monthly: churnMonthlySql,
  retention_cohorts: retentionCohortsSql,
  csat_monthly: csatMonthlySql,
  nps_monthly: npsMonthlySql,
  csat_by_channel: csatByChannelSql,
  satisfaction_by_account: satisfactionByAccountSql,
  pipeline_forecast: pipelineForecastSql,
  churn_risk: churnRiskSql,
};

export interface Metric extends ViewInfo {
  /** The view's SELECT (the file's text): runs as is once the tables, metric_params and the views it reads exist. */
  sql: string;
}

/** Every view, base definitions first, with its SQL. */
export const metrics: readonly Metric[] = catalogue.map((info) => ({ ...info, sql: viewSql[info.id] }));

/** The metrics dashboards show (the base views left out). */
export const dashboardMetrics: readonly Metric[] = metrics.filter((m) => m.kind === "metric");

/** Any connection that runs a statement: duckdb-wasm's (sync or async) or a native one's wrapper. */
type QueryOnly = { query(sql: string): unknown };

/** The base views the app keeps as tables (see catalogue.ts); `refreshMetrics` recomputes them. */
export const materializedViews: readonly ViewId[] = materializedBaseViews;

/**
 * The statements that create (or replace) every metric view, each after the views it reads.
 * With `materialize`, the views of `materializedViews` become tables of the same name.
 */
export function metricStatements(options: { materialize?: boolean } = {}): string[] {
  const statements = viewStatements((id) => viewSql[id]);
  return options.materialize ? materializeStatements(statements) : statements;
}

/**
 * Creates (or replaces) every metric view, each after the views it reads, and metric_params with
 * its defaults (today, 90 days) if it does not exist yet. Plain views hold only SQL: they read the
 * tables when queried. With `materialize` (the app), call `refreshMetrics` after every table load
 * or parameter change.
 */
export async function createMetricViews(conn: QueryOnly, options: { materialize?: boolean } = {}): Promise<void> {
  await conn.query(defaultMetricParamsSql());
  for (const statement of metricStatements(options)) await conn.query(statement);
}

/** Recomputes the materialized base views (see createMetricViews). */
export async function refreshMetrics(conn: QueryOnly): Promise<void> {
  for (const statement of refreshStatements()) await conn.query(statement);
}

/** Writes the metric parameters (one row in metric_params); every view sees them at once. */
export async function setMetricParams(conn: QueryOnly, params: MetricParams): Promise<void> {
  await conn.query(metricParamsSql(params));
}

/**
 * Fills `target` with a copy of `source`'s analytics tables and metric parameters and creates the
 * metric views over them — plain views, so an `UPDATE metric_params` there is followed by every
 * view. What the SQL console's own database starts from. `tables`: as for `copyTables`.
 */
export async function copyWorkspace(
  source: IpcSource,
  target: SqlConnection,
  tables?: readonly TableSpec<unknown>[],
): Promise<void> {
  await copyTables(source, target, tables);
  await createMetricViews(target);
}
