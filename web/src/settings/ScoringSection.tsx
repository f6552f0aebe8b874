import {
  type LeadScoringRule,
  ruleMatches,
  type ScoringOperator,
  scorableLeadFields,
  scoringOperators,
} from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useDeferredValue, useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { hasKey, textOf } from "../i18n/keys.js";
import { useRuntime } from "../runtime/context.js";
import { type RuleDraft, rulesFromDrafts, takesValue, usableRule } from "./rules.js";
import { ScoringPreview } from "./ScoringPreview.js";
import { SectionFrame } from "./SectionFrame.js";
import { localKey } from "./stages.js";
import { useSettingsSection } from "./useSettingsSection.js";

const toDrafts = (s: { rules: LeadScoringRule[] }): RuleDraft[] =>
  s.rules.map((r) => ({ key: localKey("r"), ...r, points: String(r.points) }));

/** Lead-scoring rules as a table, with a live preview of what they do to this device's leads. */
export function ScoringSection() {
  const { t } = useTranslation();
  const section = useSettingsSection("leadScoring", toDrafts, (drafts) => ({ rules: rulesFromDrafts(drafts) }));
  const drafts = section.form;
  const { db } = useRuntime();
  // Every lead on this device (thousands at most): the preview and each rule's match count.
  const leads = useLiveQuery(() => db.leads.toArray(), [db]);
  const rules = useMemo(() => rulesFromDrafts(drafts), [drafts]);
  const deferred = useDeferredValue(rules);
  const matches = useMemo(
    () => deferred.map((r) => (leads && usableRule(r) ? leads.filter((l) => ruleMatches(r, l)).length : null)),
    [leads, deferred],
  );
  const table = useRef<HTMLTableElement>(null);
  const focusKey = useRef<string | null>(null);
  useEffect(() => {
    if (!focusKey.current) return;
    table.current?.querySelector<HTMLElement>(`[data-key="${focusKey.current}"] select`)?.focus();
    focusKey.current = null;
  });
  const update = (key: string, change: Partial<RuleDraft>) =>
    section.setForm((f) => f.map((d) => (d.key === key ? { ...d, ...change } : d)));
  const add = () => {
    const key = localKey("r");
    focusKey.current = key;
    section.setForm((f) => [...f, { key, field: "title", operator: "contains", value: "", points: "10" }]);
  };
  // A workspace's own lead fields have no string of the app's: they show by their key.
  const f = (k: string) => (hasKey("sales.leads.fields", k) ? t(`sales.leads.fields.${k}`) : k);
  const issue = (i: number, field: string) => section.issue(`rules.${i}.${field}`);
  const message = (code: string) => textOf(t, [`errors.${code}`, `service.errors.${code}`], code);
  const rulesIssue = section.issue("rules");

  return (
    <SectionFrame section={section} title={t("settings.scoring.title")} lead={t("settings.scoring.lead")}>
      {drafts.length === 0 ? (
        <p className="empty-inline">{t("settings.scoring.none")}</p>
      ) : (
        <table className="table settings-table rules-table" ref={table}>
          <caption className="sr-only">{t("settings.scoring.rules")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("settings.scoring.field")}</th>
              <th scope="col">{t("settings.scoring.operator")}</th>
              <th scope="col">{t("settings.scoring.value")}</th>
              <th scope="col">{t("settings.scoring.points")}</th>
              <th scope="col" className="num">
                {t("settings.scoring.matches")}
              </th>
              <th scope="col">
                <span className="sr-only">{t("settings.scoring.rules")}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {drafts.map((d, i) => {
              const n = i + 1;
              const valueIssue = issue(i, "value");
              const pointsIssue = issue(i, "points");
              const fieldIssue = issue(i, "field") ?? issue(i, "operator");
              return (
                <tr key={d.key} data-key={d.key}>
                  <td>
                    <div className={`field${fieldIssue ? " invalid" : ""}`}>
                      <select
                        aria-label={t("settings.scoring.fieldOf", { n })}
                        value={d.field}
                        onChange={(e) => update(d.key, { field: e.target.value })}
                        aria-invalid={fieldIssue ? true : undefined}
                      >
                        {!scorableLeadFields.includes(d.field) && <option value={d.field}>{d.field}</option>}
                        {scorableLeadFields.map((k) => (
                          <option key={k} value={k}>
                            {f(k)}
                          </option>
                        ))}
                      </select>
                      {fieldIssue && <p className="field-error">{message(fieldIssue.code)}</p>}
                    </div>
                  </td>
                  <td>
                    <select
                      aria-label={t("settings.scoring.operatorOf", { n })}
                      value={d.operator}
                      onChange={(e) => update(d.key, { operator: e.target.value as ScoringOperator })}
                    >
                      {scoringOperators.map((op) => (
                        <option key={op} value={op}>
                          {t(`sales.leads.operators.${op}`)}
                        </option>
                      ))}
                    </select>
                  </td>
                  <td>
                    {takesValue(d.operator) && (
                      <div className={`field${valueIssue ? " invalid" : ""}`}>
                        <input
                          aria-label={t("settings.scoring.valueOf", { n })}
                          value={d.value}
                          maxLength={500}
                          inputMode={d.operator === "greaterThan" || d.operator === "lessThan" ? "decimal" : undefined}
                          onChange={(e) => update(d.key, { value: e.target.value })}
                          aria-invalid={valueIssue ? true : undefined}
                        />
                        {valueIssue && <p className="field-error">{message(valueIssue.code)}</p>}
                      </div>
                    )}
                  </td>
                  <td>
                    <div className={`field${pointsIssue ? " invalid" : ""}`}>
                      <input
                        className="narrow"
                        inputMode="numeric"
                        aria-label={t("settings.scoring.pointsOf", { n })}
                        value={d.points}
                        onChange={(e) => update(d.key, { points: e.target.value })}
                        aria-invalid={pointsIssue ? true : undefined}
                      />
                      {pointsIssue && <p className="field-error">{message(pointsIssue.code)}</p>}
                    </div>
                  </td>
                  <td className="num" data-testid="rule-matches">
                    {matches[i] ?? "—"}
                  </td>
                  <td className="actions">
                    <button
                      type="button"
                      className="button small danger-outline"
                      aria-label={t("settings.scoring.remove", { n })}
                      onClick={() => section.setForm((x) => x.filter((r) => r.key !== d.key))}
                    >
                      ✕
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <p className="muted small">{t("settings.scoring.valueHint")}</p>
      {rulesIssue && (
        <p className="field-error" role="alert">
          {t("settings.scoring.tooMany")}
        </p>
      )}
      <div className="settings-add">
        <button type="button" className="button" onClick={add} disabled={drafts.length >= 200}>
          {t("settings.scoring.add")}
        </button>
      </div>
      <ScoringPreview leads={leads} rules={deferred} saved={section.current.rules} />
    </SectionFrame>
  );
}
