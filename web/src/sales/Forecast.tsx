import { type ForecastGranularity, type Opportunity, type WorkspaceSettings, weightedForecast } from "@crm/schema";
import { useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { useMoney } from "./useSettings.js";

/** The weighted forecast of open deals, by month or by quarter of their expected close. */
export function Forecast({ opportunities, settings }: { opportunities: Opportunity[]; settings: WorkspaceSettings }) {
  const { t } = useTranslation();
  const money = useMoney(settings);
  const titleId = useId();
  const [by, setBy] = useState<ForecastGranularity>("month");
  const buckets = weightedForecast(opportunities, settings, by);
  const sum = (k: "amount" | "weighted") => buckets.reduce((s, b) => s + Math.round(b[k] * 100), 0) / 100;
  return (
    <section id="forecast" tabIndex={-1} className="card forecast" aria-labelledby={titleId}>
      <div className="card-head">
        <h2 id={titleId}>{t("sales.pipeline.forecast")}</h2>
        <fieldset className="segmented">
          <legend className="sr-only">{t("sales.pipeline.forecast")}</legend>
          {(["month", "quarter"] as const).map((g) => (
            <button
              key={g}
              type="button"
              aria-pressed={by === g}
              className={`button small${by === g ? " primary" : ""}`}
              onClick={() => setBy(g)}
            >
              {t(g === "month" ? "sales.pipeline.byMonth" : "sales.pipeline.byQuarter")}
            </button>
          ))}
        </fieldset>
      </div>
      <p className="muted small">{t("sales.pipeline.forecastHint")}</p>
      {buckets.length === 0 ? (
        <p className="muted">{t("sales.pipeline.noForecast")}</p>
      ) : (
        <table className="sales-table">
          <thead>
            <tr>
              <th scope="col">{t("sales.pipeline.period")}</th>
              <th scope="col" className="num">
                {t("sales.pipeline.deals")}
              </th>
              <th scope="col" className="num">
                {t("sales.pipeline.amount")}
              </th>
              <th scope="col" className="num">
                {t("sales.pipeline.weighted")}
              </th>
            </tr>
          </thead>
          <tbody>
            {buckets.map((b) => (
              <tr key={b.period}>
                <th scope="row">{b.period || t("sales.pipeline.undated")}</th>
                <td className="num">{b.deals}</td>
                <td className="num">{money(b.amount)}</td>
                <td className="num">{money(b.weighted)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("sales.pipeline.total")}</th>
              <td className="num">{buckets.reduce((s, b) => s + b.deals, 0)}</td>
              <td className="num">{money(sum("amount"))}</td>
              <td className="num">{money(sum("weighted"))}</td>
            </tr>
          </tfoot>
        </table>
      )}
    </section>
  );
}
