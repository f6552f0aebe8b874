import { type Cell, churnRiskReasons, type Lang, type Metric, type QueryResult, type Unit } from "@crm/analytics";
import { plot } from "@observablehq/plot";
import type { TFunction } from "i18next";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { hasKey } from "../../i18n/keys.js";
import { downloadCsv } from "../console/csv.js";
import { type CardSpec, type ChartText, HEIGHT, MAX_COHORTS, type Row, rowObjects } from "./cards.js";

/*
 * One dashboard card: the metric's chart (or figures), the same numbers as a table on request,
 * a CSV download of exactly those rows, and the catalogue's formula and source. Charts have a
 * fixed height and the card keeps its size while data changes, so nothing jumps.
 */

export type CardData = { result: QueryResult } | { error: string } | null;

export function langOf(language: string): Lang {
  return language.startsWith("zh") ? "zh" : "en";
}

/** The words of charts and tables: column names, and values with a name (channels, yes/no). */
export function chartText(t: TFunction): ChartText {
  return {
    column: (name) => (hasKey("analytics.columns", name) ? t(`analytics.columns.${name}`) : name),
    value: (column, value) => {
      if (value === null) return "—";
      if (typeof value === "boolean") return t(value ? "analytics.values.yes" : "analytics.values.no");
      const channel = String(value);
      if (column === "channel") return hasKey("service.channels", channel) ? t(`service.channels.${channel}`) : channel;
      return String(value);
    },
  };
}

/** A cell as the card shows it: numbers by unit, reason codes and named values in words. */
export function formatCell(value: Cell, unit: Unit | undefined, lang: Lang, words?: ChartText, column = ""): string {
  if (value === null) return "—";
  if (words && (typeof value === "boolean" || column === "channel")) return words.value(column, value);
  if (unit === "codes") {
    const codes = typeof value === "string" && value.startsWith("[") ? (JSON.parse(value) as string[]) : [value];
    return codes.map((c) => churnRiskReasons[String(c)]?.[lang] ?? String(c)).join("; ");
  }
  if (typeof value !== "number") return String(value);
  const locale = lang === "zh" ? "zh-CN" : "en-US";
  if (unit === "money") return value.toLocaleString(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  if (unit === "percent") return `${value.toLocaleString(locale, { maximumFractionDigits: 1 })} %`;
  if (unit === "ratio") return value.toLocaleString(locale, { maximumFractionDigits: 2 });
  return value.toLocaleString(locale, { maximumFractionDigits: 2 });
}

export function MetricCard({ spec, metric, data }: { spec: CardSpec; metric: Metric; data: CardData }) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const words = useMemo(() => chartText(t), [t]);
  const headingId = useId();
  const [asTable, setAsTable] = useState(spec.kind === "list");
  const title = spec.ownText ? t(spec.ownText.title) : metric.title[lang];
  const formula = spec.ownText ? t(spec.ownText.formula) : metric.formula[lang];
  const units = new Map(metric.columns.map((c) => [c.name, c.unit]));
  const result = data && "result" in data ? data.result : null;
  const empty = result !== null && (result.rowCount === 0 || result.rows.every((r) => r.every((c) => c === null)));
  const rows = useMemo(() => (result ? rowObjects(result) : []), [result]);
  // A chart that grows with its rows sets the body's height (fixed for those rows: nothing jumps).
  const bodyHeight = spec.height && result && !empty ? spec.height(rows) + 10 : undefined;
  const cohorts = spec.id === "retention_cohorts" ? new Set(rows.map((r) => String(r.cohort_month))).size : 0;

  return (
    <section
      className={`analytics-panel analytics-card analytics-card-${spec.kind}${spec.wide ? " analytics-card-wide" : ""}`}
      aria-labelledby={headingId}
    >
      <div className="analytics-card-head">
        <h3 id={headingId}>{title}</h3>
        <div className="analytics-card-actions">
          {spec.kind === "chart" && (
            <button
              type="button"
              className="analytics-button secondary small"
              aria-pressed={asTable}
              onClick={() => setAsTable((v) => !v)}
            >
              {t("analytics.card.showTable")}
            </button>
          )}
          <button
            type="button"
            className="analytics-button secondary small"
            disabled={!result}
            aria-label={`${t("analytics.card.csv")}: ${title}`}
            onClick={() =>
              result &&
              downloadCsv(
                spec.id,
                result.columns.map((c) => c.name),
                result.rows,
              )
            }
          >
            {t("analytics.card.csv")}
          </button>
        </div>
      </div>
      <div className="analytics-card-body" style={bodyHeight ? { height: bodyHeight } : undefined}>
        {data && "error" in data ? (
          <div className="analytics-error" role="alert">
            <p>{t("analytics.card.failed")}</p>
            <pre className="analytics-message">{data.error}</pre>
          </div>
        ) : !result ? null : empty ? (
          <p className="analytics-muted">{t("analytics.card.noData")}</p>
        ) : spec.kind === "figures" ? (
          <Figures result={result} units={units} lang={lang} />
        ) : asTable || !spec.chart ? (
          <NumbersTable title={title} result={result} units={units} lang={lang} />
        ) : (
          <Chart spec={spec} rows={rows} words={words} label={t("analytics.card.chart", { title })} />
        )}
      </div>
      {cohorts > MAX_COHORTS && !asTable && (
        <p className="analytics-muted analytics-card-note">
          {t("analytics.card.recentCohorts", { shown: MAX_COHORTS, count: cohorts })}
        </p>
      )}
      <details className="analytics-formula">
        <summary>{t("analytics.card.formula")}</summary>
        <p>{formula}</p>
        <p className="analytics-muted">
          {t("analytics.card.source")}: {metric.source[lang]}
        </p>
        <p className="analytics-muted">
          {t("analytics.card.view")}: <code>{metric.id}</code>
        </p>
      </details>
    </section>
  );
}

function Figures({ result, units, lang }: { result: QueryResult; units: Map<string, Unit>; lang: Lang }) {
  const { t } = useTranslation();
  const row = result.rows[0] ?? [];
  return (
    <dl className="analytics-figures">
      {result.columns.map((c, i) => (
        <div key={c.name}>
          <dt>{hasKey("analytics.columns", c.name) ? t(`analytics.columns.${c.name}`) : c.name}</dt>
          <dd>{formatCell(row[i] ?? null, units.get(c.name), lang)}</dd>
        </div>
      ))}
    </dl>
  );
}

export function NumbersTable(props: { title: string; result: QueryResult; units: Map<string, Unit>; lang: Lang }) {
  const { t } = useTranslation();
  const { result, units, lang } = props;
  const words = useMemo(() => chartText(t), [t]);
  return (
    <div className="analytics-table-scroll analytics-card-table">
      <table className="analytics-result">
        <caption className="analytics-visually-hidden">{t("analytics.card.table", { title: props.title })}</caption>
        <thead>
          <tr>
            {result.columns.map((c) => (
              <th key={c.name} scope="col" title={c.name}>
                {words.column(c.name)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {result.rows.map((row, r) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: result rows have no identity but their position.
            <tr key={r}>
              {row.map((cell, i) => (
                <td
                  // biome-ignore lint/suspicious/noArrayIndexKey: columns are fixed for a result.
                  key={i}
                  className={typeof cell === "number" ? "analytics-num" : undefined}
                >
                  {formatCell(
                    cell,
                    units.get(result.columns[i]?.name ?? ""),
                    lang,
                    words,
                    result.columns[i]?.name ?? "",
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Chart(props: { spec: CardSpec; rows: Row[]; words: ChartText; label: string }) {
  const { spec, rows, words, label } = props;
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !spec.chart) return;
    const draw = () => {
      const width = Math.max(280, Math.floor(el.clientWidth));
      const figure = plot(spec.chart!(rows, width, words));
      figure.setAttribute("aria-hidden", "true");
      el.replaceChildren(figure);
    };
    draw();
    const observer = new ResizeObserver(() => {
      const svg = el.firstElementChild as SVGElement | null;
      if (svg && Math.abs(Number(svg.getAttribute("width")) - el.clientWidth) > 24) draw();
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [spec, rows, words]);
  // The figure is drawing only; its numbers are one click away as a table.
  return (
    <div
      ref={box}
      className="analytics-chart"
      role="img"
      aria-label={label}
      style={{ minHeight: spec.height ? spec.height(rows) : HEIGHT }}
    />
  );
}
