import { toCents } from "./money.js";
import type { Opportunity } from "./records/opportunity.js";
import type { WorkspaceSettings } from "./settings.js";

/*
 * Weighted pipeline forecast: for each open deal, amount × probability / 100, summed by the
 * month or quarter of its expected close date. Won and lost deals are history, not forecast;
 * deals in a stage the settings no longer have count as open (they are still in someone's
 * pipeline until moved). Sums are exact in cents.
 */

export type ForecastGranularity = "month" | "quarter";

export interface ForecastBucket {
  /** "2026-11" by month, "2026-Q4" by quarter; "" for deals without a close date. */
  period: string;
  deals: number;
  amount: number;
  weighted: number;
}

type ForecastOpportunity = Pick<Opportunity, "stage" | "amount" | "probability" | "closeDate"> & {
  deletedAt?: number | null;
};

export function periodOf(closeDate: string, granularity: ForecastGranularity): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(closeDate)) return "";
  const year = closeDate.slice(0, 4);
  const month = Number(closeDate.slice(5, 7));
  return granularity === "month" ? closeDate.slice(0, 7) : `${year}-Q${Math.ceil(month / 3)}`;
}

/** Buckets in time order; the undated bucket, if any, last. */
export function weightedForecast(
  opportunities: readonly ForecastOpportunity[],
  settings: Pick<WorkspaceSettings, "pipelineStages">,
  granularity: ForecastGranularity,
): ForecastBucket[] {
  const closed = new Set(settings.pipelineStages.filter((s) => s.kind !== "open").map((s) => s.id));
  const buckets = new Map<string, { deals: number; amount: number; weighted: number }>();
  for (const o of opportunities) {
    if (o.deletedAt || closed.has(o.stage)) continue;
    const period = periodOf(o.closeDate, granularity);
    const b = buckets.get(period) ?? { deals: 0, amount: 0, weighted: 0 };
    const cents = toCents(o.amount);
    b.deals++;
    b.amount += cents;
    b.weighted += Math.round((cents * o.probability) / 100);
    buckets.set(period, b);
  }
  return [...buckets.entries()]
    .sort(([a], [b]) => (a === "" ? 1 : b === "" ? -1 : a.localeCompare(b)))
    .map(([period, b]) => ({ period, deals: b.deals, amount: b.amount / 100, weighted: b.weighted / 100 }));
}
