import { parseIsoDate } from "./tables.js";

/*
 * The metric parameters. Every metric view reads them from the one-row table `metric_params`
 * (through the checked view `metric_context`), so changing a parameter is one statement and every
 * view, dashboard and console query sees the same values. A table rather than `SET VARIABLE`:
 * variables belong to one connection, while the app's loader, dashboards and console may each
 * use their own; a table is also visible to whoever reads the SQL (`SELECT * FROM metric_params`).
 */

export interface MetricParams {
  /** "YYYY-MM-DD": metrics count what happened up to the end of this day (UTC). */
  asOf: string;
  /** Days without a counted order after which an account has churned. */
  churnDays: number;
}

export const defaultChurnDays = 90;
/** Ten years: beyond that "no order for N days" no longer says anything about churn. */
export const maxChurnDays = 3650;

/** Today's date in UTC, the as-of date the app uses unless a person picks another. */
export function todayUtc(now: Date = new Date()): string {
  return now.toISOString().slice(0, 10);
}

/** Checks the parameters; the error names the parameter and what was wrong with it. */
export function checkMetricParams(params: MetricParams): MetricParams {
  const { asOf, churnDays } = params;
  if (typeof asOf !== "string" || parseIsoDate(asOf) == null) {
    throw new RangeError(`asOf: expected a date as YYYY-MM-DD, got ${JSON.stringify(asOf)}`);
  }
  if (!Number.isInteger(churnDays) || churnDays < 1 || churnDays > maxChurnDays) {
    throw new RangeError(`churnDays: expected a whole number of days from 1 to ${maxChurnDays}, got ${churnDays}`);
  }
  return { asOf, churnDays };
}

/** The statement that (re)writes `metric_params` with exactly one row. */
export function metricParamsSql(params: MetricParams): string {
  const { asOf, churnDays } = checkMetricParams(params);
  // Both values are checked above (a date of digits and dashes, an integer), so inlining is safe.
  return `CREATE OR REPLACE TABLE metric_params AS SELECT DATE '${asOf}' AS as_of, CAST(${churnDays} AS INTEGER) AS churn_days`;
}

/** Creates metric_params with today (UTC) and the default churn window, unless it already exists. */
export function defaultMetricParamsSql(now: Date = new Date()): string {
  const { asOf, churnDays } = checkMetricParams({ asOf: todayUtc(now), churnDays: defaultChurnDays });
  return `CREATE TABLE IF NOT EXISTS metric_params AS SELECT DATE '${asOf}' AS as_of, CAST(${churnDays} AS INTEGER) AS churn_days`;
}
