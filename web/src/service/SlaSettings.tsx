import { type CasePriority, casePriorities, type FieldIssue, writeSettings } from "@crm/schema";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useIsAdmin } from "../auth/session-context.js";
import { focusFirstInvalid } from "../ui/Field.js";
import { useWorkspaceSettings } from "./useSettings.js";

type Targets = Record<CasePriority, { firstResponseMinutes: string; resolutionMinutes: string }>;
interface SlaForm {
  targets: Targets;
  atRiskPct: string;
  when: "atRisk" | "breached";
  action: "raisePriority" | "reassign";
  assignee: string;
}

/** Admins set the SLA targets per priority and the escalation rule; everyone's timers follow. */
export function SlaSettingsPage() {
  const { t } = useTranslation();
  const isAdmin = useIsAdmin();
  const { settings, doc } = useWorkspaceSettings();
  if (!isAdmin)
    return (
      <div className="empty">
        <p>{t("service.settings.adminsOnly")}</p>
        <Link href="/cases" className="button">
          {t("common.back")}
        </Link>
      </div>
    );
  if (!doc) return <p className="muted pad">{t("service.settings.loading")}</p>;
  const sla = settings.sla;
  const initial: SlaForm = {
    targets: Object.fromEntries(
      casePriorities.map((p) => [
        p,
        {
          firstResponseMinutes: String(sla.targets[p].firstResponseMinutes),
          resolutionMinutes: String(sla.targets[p].resolutionMinutes),
        },
      ]),
    ) as Targets,
    atRiskPct: String(sla.atRiskPct),
    when: sla.escalation.when,
    action: sla.escalation.action,
    assignee: sla.escalation.assignee,
  };
  return <SlaForm initial={initial} onSave={(patch) => writeSettings(doc, patch)} />;
}

function SlaForm(props: {
  initial: SlaForm;
  onSave(patch: Parameters<typeof writeSettings>[1]): ReturnType<typeof writeSettings>;
}) {
  const { t } = useTranslation();
  const [v, setV] = useState(props.initial);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [saved, setSaved] = useState(false);
  const issue = (field: string) => issues.find((i) => i.field === `sla.${field}`);
  const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const result = props.onSave({
      sla: {
        targets: Object.fromEntries(
          casePriorities.map((p) => [
            p,
            {
              firstResponseMinutes: num(v.targets[p].firstResponseMinutes),
              resolutionMinutes: num(v.targets[p].resolutionMinutes),
            },
          ]),
        ) as Record<CasePriority, { firstResponseMinutes: number; resolutionMinutes: number }>,
        atRiskPct: num(v.atRiskPct),
        escalation: { when: v.when, action: v.action, assignee: v.assignee },
      },
    });
    setSaved(result.ok);
    setIssues(result.ok ? [] : result.issues);
    if (!result.ok) focusFirstInvalid(form as HTMLFormElement);
  };
  const setTarget = (p: CasePriority, k: "firstResponseMinutes" | "resolutionMinutes", value: string) =>
    setV((x) => ({ ...x, targets: { ...x.targets, [p]: { ...x.targets[p], [k]: value } } }));
  return (
    <section className="page form-page" aria-labelledby="form-title">
      <form className="card form" noValidate onSubmit={submit} onChange={() => setSaved(false)}>
        <nav className="crumbs" aria-label="breadcrumb">
          <Link href="/cases">{t("service.title")}</Link>
        </nav>
        <h1 id="form-title">{t("service.settings.title")}</h1>
        <p className="muted">{t("service.settings.lead")}</p>
        {issues.length > 0 && (
          <p className="form-error" role="alert">
            {t("errors.summary")}
          </p>
        )}
        <table className="table settings-table">
          <thead>
            <tr>
              <th scope="col">{t("service.settings.priority")}</th>
              <th scope="col">{t("service.settings.firstResponse")}</th>
              <th scope="col">{t("service.settings.resolution")}</th>
            </tr>
          </thead>
          <tbody>
            {casePriorities.map((p) => {
              const priority = t(`service.priorities.${p}`);
              return (
                <tr key={p}>
                  <th scope="row">{priority}</th>
                  {(["firstResponseMinutes", "resolutionMinutes"] as const).map((k) => (
                    <td key={k}>
                      <NumberInput
                        label={t(
                          k === "firstResponseMinutes"
                            ? "service.settings.firstResponseOf"
                            : "service.settings.resolutionOf",
                          { priority },
                        )}
                        value={v.targets[p][k]}
                        onChange={(value) => setTarget(p, k, value)}
                        issue={issue(`targets.${p}.${k}`)}
                      />
                    </td>
                  ))}
                </tr>
              );
            })}
          </tbody>
        </table>
        <div className="field">
          <label htmlFor="sla-at-risk">{t("service.settings.atRiskPct")}</label>
          <NumberInput
            id="sla-at-risk"
            value={v.atRiskPct}
            onChange={(atRiskPct) => setV((x) => ({ ...x, atRiskPct }))}
            issue={issue("atRiskPct")}
          />
        </div>
        <fieldset>
          <legend>{t("service.settings.escalation")}</legend>
          <div className="grid-2">
            <div className="field">
              <label htmlFor="sla-when">{t("service.settings.when")}</label>
              <select
                id="sla-when"
                value={v.when}
                onChange={(e) => setV((x) => ({ ...x, when: e.target.value as SlaForm["when"] }))}
              >
                {(["atRisk", "breached"] as const).map((w) => (
                  <option key={w} value={w}>
                    {t(`service.settings.whenOptions.${w}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="sla-action">{t("service.settings.action")}</label>
              <select
                id="sla-action"
                value={v.action}
                onChange={(e) => setV((x) => ({ ...x, action: e.target.value as SlaForm["action"] }))}
              >
                {(["raisePriority", "reassign"] as const).map((a) => (
                  <option key={a} value={a}>
                    {t(`service.settings.actionOptions.${a}`)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div className={`field${issue("escalation.assignee") ? " invalid" : ""}`}>
            <label htmlFor="sla-assignee">{t("service.settings.assignee")}</label>
            <input
              id="sla-assignee"
              value={v.assignee}
              onChange={(e) => setV((x) => ({ ...x, assignee: e.target.value }))}
              aria-invalid={issue("escalation.assignee") ? true : undefined}
              aria-describedby="sla-assignee-hint"
            />
            <span id="sla-assignee-hint" className="muted small">
              {t("service.settings.assigneeHint")}
            </span>
            <IssueText issue={issue("escalation.assignee")} />
          </div>
        </fieldset>
        <div className="form-actions">
          <button type="submit" className="button primary">
            {t("common.save")}
          </button>
          <Link href="/cases" className="button">
            {t("common.back")}
          </Link>
          {saved && (
            <span role="status" className="muted">
              {t("service.settings.saved")}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}

function NumberInput(props: {
  id?: string;
  label?: string;
  value: string;
  onChange(v: string): void;
  issue: FieldIssue | undefined;
}) {
  return (
    <div className={`field${props.issue ? " invalid" : ""}`}>
      <input
        id={props.id}
        aria-label={props.label}
        inputMode="numeric"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={props.issue ? true : undefined}
      />
      <IssueText issue={props.issue} />
    </div>
  );
}

/** A field's message: the app's shared texts, or this screen's for number codes. */
function IssueText({ issue }: { issue: FieldIssue | undefined }) {
  const { t } = useTranslation();
  if (!issue) return null;
  return <p className="field-error">{t(`errors.${issue.code}`)}</p>;
}
