import { allIssueMessages, type CollectionName } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { hasKey } from "../i18n/keys.js";
import { useSettings } from "../sales/useSettings.js";
import { download, fileName } from "./exportFile.js";
import type { CheckIssue, ImportDuplicate } from "./importPlan.js";
import { type ImportResult, reportCsv } from "./importRun.js";
import { fieldLabel } from "./labels.js";

const REPORT_SHOWN = 200;

/** English schema message → its code, so a report reason can be shown in the person's language. */
const codeOfMessage = new Map(Object.entries(allIssueMessages).map(([code, msg]) => [msg, code]));

export function ReportView({
  result,
  collection,
  file,
  onAgain,
}: {
  result: ImportResult;
  collection: CollectionName;
  file: string;
  onAgain(): void;
}) {
  const { t } = useTranslation();
  const reason = (r: string | CheckIssue) => {
    if (typeof r !== "string" && r.code) return t(`data.import.${r.code}`, { value: r.value });
    const text = typeof r === "string" ? r : r.reason;
    const code = codeOfMessage.get(text);
    return code !== undefined && hasKey("data.issues", code) ? t(`data.issues.${code}`) : text;
  };
  const warning = (r: string) => t("data.import.warning", { reason: reason(r) });
  const dupReason = (d: ImportDuplicate) =>
    d.existingId
      ? t("data.import.duplicateOf", { key: d.key })
      : t("data.import.duplicateRow", { row: d.sameAsRow, key: d.key });
  // Rebuilt on each render: a report is at most a few renders old, and the language may change.
  const rows = [
    ...result.issues.map((i) => ({ row: i.row, field: i.field, column: i.column, reason: reason(i) })),
    ...result.duplicates.map((d) => ({ row: d.row, field: "", column: "", reason: dupReason(d) })),
  ].sort((a, b) => a.row - b.row);
  const checkRows = result.warnings.map((w) => ({
    row: w.row,
    field: w.field,
    column: w.column,
    reason: reason(w),
  }));
  const problemRows = new Set(result.issues.map((i) => i.row)).size;
  if (result.cancelled)
    return (
      <div className="data-report" role="status">
        <p>{t("data.import.cancelled")}</p>
        <button type="button" className="button" onClick={onAgain}>
          {t("data.import.another")}
        </button>
      </div>
    );
  return (
    <div className="data-report">
      <h3>{t("data.import.done")}</h3>
      <p role="status">
        {t("data.import.summary", {
          imported: result.imported.toLocaleString(),
          issues: problemRows.toLocaleString(),
          duplicates: result.duplicates.length.toLocaleString(),
        })}{" "}
        <span className="muted small">
          {t("data.import.took", {
            seconds: (result.ms / 1000).toFixed(1),
            check: (result.checkMs / 1000).toFixed(1),
          })}
        </span>
      </p>
      <h4 id="report-title">{t("data.import.report")}</h4>
      {rows.length === 0 ? (
        <p className="muted">{t("data.import.reportNone")}</p>
      ) : (
        <ReportTable labelledBy="report-title" rows={rows} collection={collection} />
      )}
      {checkRows.length > 0 && (
        <>
          <h4 id="check-title">
            {t("data.import.toCheck", { count: checkRows.length, n: checkRows.length.toLocaleString() })}
          </h4>
          <ReportTable labelledBy="check-title" rows={checkRows} collection={collection} />
        </>
      )}
      <div className="form-actions">
        {rows.length + checkRows.length > 0 && (
          <button
            type="button"
            className="button"
            onClick={() =>
              download(
                fileName(`${file.replace(/\.csv$/i, "")}-report`, "csv"),
                `\uFEFF${reportCsv(
                  {
                    ...result,
                    issues: result.issues.map((i) => ({ ...i, reason: reason(i) })),
                    warnings: result.warnings.map((w) => ({ ...w, reason: reason(w) })),
                  },
                  {
                    row: t("data.import.line"),
                    field: t("data.import.field"),
                    column: t("data.import.column"),
                    reason: t("data.import.reason"),
                    warning,
                  },
                  dupReason,
                )}`,
                "text/csv;charset=utf-8",
              )
            }
          >
            {t("data.import.download")}
          </button>
        )}
        <button type="button" className="button" onClick={onAgain}>
          {t("data.import.another")}
        </button>
      </div>
    </div>
  );
}

interface ReportRow {
  row: number;
  field: string;
  column: string;
  reason: string;
}

/** Line, field, column, reason: the first REPORT_SHOWN rows (the downloaded report has all). */
function ReportTable({
  labelledBy,
  rows,
  collection,
}: {
  labelledBy: string;
  rows: ReportRow[];
  collection: CollectionName;
}) {
  const { t, i18n } = useTranslation();
  // Custom fields by the names their admin gave them.
  const custom = { settings: useSettings(), lang: i18n.language };
  return (
    <>
      {rows.length > REPORT_SHOWN && (
        <p className="muted small">{t("data.import.reportMore", { shown: REPORT_SHOWN, count: rows.length })}</p>
      )}
      <div className="data-scroll">
        <table className="table" aria-labelledby={labelledBy}>
          <thead>
            <tr>
              <th scope="col">{t("data.import.line")}</th>
              <th scope="col">{t("data.import.field")}</th>
              <th scope="col">{t("data.import.column")}</th>
              <th scope="col">{t("data.import.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, REPORT_SHOWN).map((r, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a row can have several issues
              <tr key={i}>
                <td>{r.row}</td>
                <td>{r.field && fieldLabel(t, collection, r.field.split(".")[0]!, custom)}</td>
                <td>{r.column}</td>
                <td>{r.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
