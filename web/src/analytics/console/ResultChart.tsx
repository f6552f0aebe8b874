import type { QueryResult } from "@crm/analytics";
import { barY, dot, lineY, plot, ruleY } from "@observablehq/plot";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/*
 * A chart of the console's result: the person picks the x and y columns (y: numbers only).
 * Dates and numbers on x give a line; text gives bars (the first 50 values).
 */

const DATE = /^\d{4}-\d{2}-\d{2}/;

export function ResultChart({ result }: { result: QueryResult }) {
  const { t } = useTranslation();
  const numericCols = result.columns
    .map((c, i) => ({ name: c.name, i }))
    .filter(
      ({ i }) =>
        result.rows.some((r) => typeof r[i] === "number") &&
        result.rows.every((r) => r[i] === null || typeof r[i] === "number"),
    );
  const [x, setX] = useState(0);
  const [y, setY] = useState<number | null>(null);
  const yCol = y ?? numericCols.find((c) => c.i !== x)?.i ?? null;
  const box = useRef<HTMLDivElement>(null);
  const xId = useId();
  const yId = useId();

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    if (yCol === null || result.rows.length === 0) {
      el.replaceChildren();
      return;
    }
    const sample = result.rows.find((r) => r[x] !== null)?.[x];
    const isDate = typeof sample === "string" && DATE.test(sample);
    const isNumber = typeof sample === "number";
    const data = result.rows.map((r) => ({
      x: isDate ? new Date(`${String(r[x]).slice(0, 10)}T00:00:00Z`) : r[x],
      y: r[yCol],
    }));
    const width = Math.max(280, el.clientWidth);
    const marks =
      isDate || isNumber
        ? [
            lineY(data, { x: "x", y: "y", stroke: "#5b8fd1", sort: "x" }),
            dot(data, { x: "x", y: "y", fill: "#5b8fd1", r: 2 }),
          ]
        : [barY(data.slice(0, 50), { x: "x", y: "y", fill: "#5b8fd1" }), ruleY([0])];
    const figure = plot({
      width,
      height: 260,
      marginLeft: 60,
      x: { label: result.columns[x]?.name ?? "", ...(isDate ? { type: "utc" as const } : {}) },
      y: { label: result.columns[yCol]?.name ?? "", grid: true },
      marks,
    });
    figure.setAttribute("aria-hidden", "true");
    el.replaceChildren(figure);
  }, [result, x, yCol]);

  if (numericCols.length === 0) return <p className="analytics-muted">{t("analytics.sql.chartNeedsNumbers")}</p>;
  return (
    <div className="analytics-result-chart">
      <div className="analytics-chart-controls">
        <label htmlFor={xId}>{t("analytics.sql.chartX")}</label>
        <select id={xId} value={x} onChange={(e) => setX(Number(e.target.value))}>
          {result.columns.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: columns may share a name.
            <option key={i} value={i}>
              {c.name}
            </option>
          ))}
        </select>
        <label htmlFor={yId}>{t("analytics.sql.chartY")}</label>
        <select id={yId} value={yCol ?? ""} onChange={(e) => setY(Number(e.target.value))}>
          {numericCols.map((c) => (
            <option key={c.i} value={c.i}>
              {c.name}
            </option>
          ))}
        </select>
      </div>
      <div ref={box} className="analytics-chart" role="img" aria-label={t("analytics.sql.chart")} />
    </div>
  );
}
