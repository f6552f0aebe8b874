import type { QueryResult } from "@crm/analytics";
import { useTranslation } from "react-i18next";
import type { RunningQuery } from "../engine.js";
import { ResultChart } from "./ResultChart.js";
import { ResultGrid } from "./ResultGrid.js";

/* What the console shows under the editor: the result (table or chart, exports) or the error. */

export type Run =
  | { status: "idle" }
  | { status: "running"; query: RunningQuery }
  | { status: "done"; result: QueryResult; ms: number; select: string }
  | {
      status: "error";
      /** DuckDB's error in its own words ("Parser Error: …" and its LINE/caret excerpt). */
      message: string;
      where: { line: number; column: number } | null;
      /** The console's locked configuration refused the statement (a URL, a file, a setting). */
      refused: boolean;
    }
  | { status: "cancelled" };

export function Outcome(props: {
  run: Run;
  view: "table" | "chart";
  setView: (v: "table" | "chart") => void;
  exporting: boolean;
  onExport: (kind: "csv" | "parquet") => void;
}) {
  const { t } = useTranslation();
  const { run } = props;
  if (run.status === "cancelled") return <p className="analytics-muted">{t("analytics.sql.cancelled")}</p>;
  if (run.status === "error") {
    return (
      <div className="analytics-error" role="alert">
        <p>
          <strong>{t("analytics.sql.error")}</strong>
          {run.where && ` ${t("analytics.sql.errorAt", run.where)}`}
        </p>
        {run.refused && <p>{t("analytics.sql.refused")}</p>}
        <pre className="analytics-message">{run.message}</pre>
      </div>
    );
  }
  if (run.status !== "done") return null;
  const { result, ms } = run;
  if (result.columns.length === 0) return <p className="analytics-muted">{t("analytics.sql.noColumns", { ms })}</p>;
  return (
    <div className="analytics-outcome">
      <div className="analytics-outcome-bar">
        <p className="analytics-muted">
          {t("analytics.sql.rows", { count: result.rowCount, ms })}
          {result.rows.length < result.rowCount &&
            ` ${t("analytics.sql.truncated", { shown: result.rows.length, count: result.rowCount })}`}
        </p>
        <button
          type="button"
          className="analytics-button secondary small"
          aria-pressed={props.view === "chart"}
          onClick={() => props.setView(props.view === "chart" ? "table" : "chart")}
        >
          {t("analytics.sql.chart")}
        </button>
        <button
          type="button"
          className="analytics-button secondary small"
          disabled={props.exporting}
          onClick={() => props.onExport("csv")}
        >
          {t("analytics.sql.exportCsv")}
        </button>
        <button
          type="button"
          className="analytics-button secondary small"
          disabled={props.exporting}
          onClick={() => props.onExport("parquet")}
        >
          {t("analytics.sql.exportParquet")}
        </button>
      </div>
      {result.rowCount === 0 ? (
        <p>{t("analytics.sql.noRows")}</p>
      ) : props.view === "chart" ? (
        <ResultChart result={result} />
      ) : (
        <ResultGrid result={result} label={t("analytics.sql.result")} />
      )}
    </div>
  );
}
