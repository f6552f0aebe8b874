import { dashboardMetrics, defaultChurnDays, type Metric, maxChurnDays, todayUtc } from "@crm/analytics";
import { type FormEvent, useEffect, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import type { AnalyticsEngine } from "../engine.js";
import { cards, sections } from "./cards.js";
import { type CardData, MetricCard } from "./MetricCard.js";

/*
 * The dashboards: every card's query runs again when a table is reloaded (`version`) or the
 * parameters change. The old figures stay on screen until the new ones are in, with an
 * "Updating…" note, so the page neither blanks nor jumps.
 */

const metricById = new Map<string, Metric>(dashboardMetrics.map((m) => [m.id, m]));
const PARAMS_KEY = "crm.analytics.params";

interface Params {
  asOf: string;
  churnDays: number;
}

function savedParams(): Params {
  try {
    const saved = JSON.parse(sessionStorage.getItem(PARAMS_KEY) ?? "null") as Params | null;
    if (saved && typeof saved.asOf === "string" && Number.isInteger(saved.churnDays)) return saved;
  } catch {
    // A damaged value: start from the defaults.
  }
  return { asOf: todayUtc(), churnDays: defaultChurnDays };
}

export default function Dashboards({ engine, version }: { engine: AnalyticsEngine; version: number }) {
  const { t } = useTranslation();
  const [params, setParams] = useState<Params>(savedParams);
  const [applied, setApplied] = useState<Params | null>(null);
  const [data, setData] = useState<Record<string, CardData>>({});
  const [busy, setBusy] = useState(false);
  const [paramsError, setParamsError] = useState<string | null>(null);

  // Parameters first (the engine's metric_params may hold another tab's values), then the cards.
  useEffect(() => {
    let live = true;
    engine.setParams(params).then(
      () => live && setApplied(params),
      (err: unknown) => live && setParamsError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [engine, params]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` (a table was reloaded) is a trigger.
  useEffect(() => {
    if (!applied) return;
    let live = true;
    setBusy(true);
    (async () => {
      const next: Record<string, CardData> = {};
      for (const card of cards) {
        try {
          next[card.id] = { result: await engine.query(card.sql) };
        } catch (err) {
          next[card.id] = { error: err instanceof Error ? err.message : String(err) };
        }
      }
      if (live) {
        setData(next);
        setBusy(false);
      }
    })();
    return () => {
      live = false;
    };
  }, [engine, applied, version]);

  return (
    <div className="analytics-dashboards">
      <ParamsForm
        params={params}
        busy={busy}
        error={paramsError}
        onApply={(p) => {
          setParamsError(null);
          sessionStorage.setItem(PARAMS_KEY, JSON.stringify(p));
          setParams(p);
        }}
      />
      {sections.map((section) => (
        <section key={section} className="analytics-section" aria-labelledby={`analytics-section-${section}`}>
          <h2 id={`analytics-section-${section}`}>{t(`analytics.sections.${section}`)}</h2>
          <div className="analytics-grid">
            {cards
              .filter((c) => c.section === section)
              .map((card) => {
                const metric = metricById.get(card.view);
                return metric ? (
                  <MetricCard key={card.id} spec={card} metric={metric} data={data[card.id] ?? null} />
                ) : null;
              })}
          </div>
        </section>
      ))}
    </div>
  );
}

function ParamsForm(props: { params: Params; busy: boolean; error: string | null; onApply: (p: Params) => void }) {
  const { t } = useTranslation();
  const [asOf, setAsOf] = useState(props.params.asOf);
  const [days, setDays] = useState(String(props.params.churnDays));
  const [invalid, setInvalid] = useState(false);
  const asOfId = useId();
  const daysId = useId();
  const hintId = useId();

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const churnDays = Number(days);
    const ok =
      /^\d{4}-\d{2}-\d{2}$/.test(asOf) && Number.isInteger(churnDays) && churnDays >= 1 && churnDays <= maxChurnDays;
    setInvalid(!ok);
    if (ok) props.onApply({ asOf, churnDays });
  };

  return (
    <form className="analytics-panel analytics-params" onSubmit={submit} aria-label={t("analytics.params.title")}>
      <div className="analytics-field">
        <label htmlFor={asOfId}>{t("analytics.params.asOf")}</label>
        <input
          id={asOfId}
          type="date"
          value={asOf}
          required
          aria-describedby={hintId}
          onChange={(e) => setAsOf(e.target.value)}
        />
      </div>
      <div className="analytics-field">
        <label htmlFor={daysId}>{t("analytics.params.churnDays")}</label>
        <input
          id={daysId}
          type="number"
          min={1}
          max={maxChurnDays}
          step={1}
          value={days}
          required
          aria-invalid={invalid || undefined}
          onChange={(e) => setDays(e.target.value)}
        />
      </div>
      <button type="submit" className="analytics-button">
        {t("analytics.params.apply")}
      </button>
      <p id={hintId} className="analytics-muted analytics-params-note" aria-live="polite">
        {invalid
          ? t("analytics.params.invalid")
          : props.error
            ? props.error
            : props.busy
              ? t("analytics.updating")
              : t("analytics.params.asOfHint")}
      </p>
    </form>
  );
}
