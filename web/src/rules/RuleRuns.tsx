import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useRuntime } from "../runtime/context.js";
import { formatDateTime } from "../ui/dates.js";
import { useRecordTitle } from "../views/RecordName.js";
import { isCollection, runRecordView } from "./runRecord.js";

/*
 * A rule's run log, from the server (`GET /api/v1/rules/runs?rule=<id>`, admins; the session
 * cookie and the workspace header, as every same-origin call to /api/v1): when it ran, on which
 * record, why, what it did or the error. Online only — the log is the server's.
 */

interface Run {
  key: string;
  at: number;
  collection: string;
  recordId: string;
  status: "done" | "error" | "skipped" | "waiting";
  cause: string;
  actions: { type: string; detail: string }[];
  error: string | null;
}

async function loadRuns(workspace: string, rule: string): Promise<Run[]> {
  const res = await fetch(`/api/v1/rules/runs?rule=${encodeURIComponent(rule)}`, {
    credentials: "same-origin",
    headers: { "CRM-Workspace": workspace, Accept: "application/json" },
  });
  const body = (await res.json().catch(() => ({}))) as { runs?: Run[]; detail?: string };
  if (!res.ok) throw new Error(body.detail ?? `HTTP ${res.status}`);
  return body.runs ?? [];
}

export function RuleRuns(props: { ruleId: string; name: string; onClose(): void }) {
  const { t, i18n } = useTranslation();
  const { workspace } = useRuntime();
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const refresh = useCallback(() => {
    setFailed(null);
    loadRuns(workspace, props.ruleId).then(setRuns, (e: Error) => setFailed(e.message));
  }, [workspace, props.ruleId]);
  useEffect(refresh, [refresh]);
  return (
    <section className="card rule-runs" aria-labelledby="rule-runs-title">
      <h2 id="rule-runs-title">{t("rules.runs.title", { name: props.name })}</h2>
      <div className="form-actions">
        <button type="button" className="button small" onClick={refresh}>
          {t("rules.runs.refresh")}
        </button>
        <button type="button" className="button small" onClick={props.onClose}>
          {t("rules.runs.close")}
        </button>
      </div>
      {failed && <p role="alert">{t("rules.runs.failed", { message: failed })}</p>}
      {runs?.length === 0 && <p className="muted">{t("rules.runs.empty")}</p>}
      {runs && runs.length > 0 && (
        <table className="table rule-runs-table">
          <thead>
            <tr>
              <th scope="col">{t("rules.runs.when")}</th>
              <th scope="col">{t("rules.runs.record")}</th>
              <th scope="col">{t("rules.runs.cause")}</th>
              <th scope="col">{t("rules.runs.status")}</th>
              <th scope="col">{t("rules.runs.what")}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.key}>
                <td>{formatDateTime(i18n.language, r.at)}</td>
                <td>
                  <RunRecord collection={r.collection} id={r.recordId} />
                </td>
                <td>{r.cause}</td>
                <td className={`rule-run-${r.status}`}>{t(`rules.runs.statuses.${r.status}`)}</td>
                <td>{r.error ?? r.actions.map((a) => a.detail).join("; ")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The record a run was about, by its name (runRecord.ts). */
function RunRecord({ collection, id }: { collection: string; id: string }) {
  const { t } = useTranslation();
  const title = useRecordTitle(isCollection(collection) ? collection : "accounts", isCollection(collection) ? id : "");
  const view = runRecordView(collection, id, title);
  if (view.kind === "reading") return <span className="muted">…</span>;
  if (view.kind === "named") return <Link href={view.href}>{view.name}</Link>;
  const type = t(`rules.collections.${collection as "accounts"}`, { defaultValue: collection });
  return <span className="muted">{t("rules.runs.gone", { type, id: view.shortId })}</span>;
}
