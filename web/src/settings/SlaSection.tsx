import { type CasePriority, casePriorities, type FieldIssue, type WorkspaceSettings } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { textOf } from "../i18n/keys.js";
import { usePeople } from "../runtime/people.js";
import { usePersonLabel } from "../ui/Person.js";
import { SectionFrame } from "./SectionFrame.js";
import { useSettingsSection } from "./useSettingsSection.js";

type Sla = WorkspaceSettings["sla"];
type Targets = Record<CasePriority, { firstResponseMinutes: string; resolutionMinutes: string }>;
interface SlaForm {
  targets: Targets;
  atRiskPct: string;
  when: Sla["escalation"]["when"];
  action: Sla["escalation"]["action"];
  assignee: string;
}

const toForm = (sla: Sla): SlaForm => ({
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
});

const num = (s: string) => (s.trim() === "" ? Number.NaN : Number(s));
const fromForm = (v: SlaForm): Sla => ({
  targets: Object.fromEntries(
    casePriorities.map((p) => [
      p,
      {
        firstResponseMinutes: num(v.targets[p].firstResponseMinutes),
        resolutionMinutes: num(v.targets[p].resolutionMinutes),
      },
    ]),
  ) as Sla["targets"],
  atRiskPct: num(v.atRiskPct),
  escalation: { when: v.when, action: v.action, assignee: v.assignee },
});

/**
 * SLA targets per priority and the escalation rule (moved here from the cases screen, whose
 * "SLA settings" link now opens this section). Everyone's timers follow these; the server's
 * automation peer applies the escalation (the built-in rule "sla-escalation", peer/src/rules/),
 * whether or not anyone's app is open.
 */
export function SlaSection() {
  const { t } = useTranslation();
  const people = usePeople();
  const person = usePersonLabel();
  const section = useSettingsSection("sla", toForm, fromForm);
  const v = section.form;
  const set = (change: Partial<SlaForm>) => section.setForm((x) => ({ ...x, ...change }));
  const setTarget = (p: CasePriority, k: "firstResponseMinutes" | "resolutionMinutes", value: string) =>
    section.setForm((x) => ({ ...x, targets: { ...x.targets, [p]: { ...x.targets[p], [k]: value } } }));
  const issue = (path: string) => section.issue(path);
  return (
    <SectionFrame
      section={section}
      title={t("service.settings.title")}
      lead={t("service.settings.lead")}
      savedText={t("service.settings.saved")}
    >
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
          onChange={(atRiskPct) => set({ atRiskPct })}
          issue={issue("atRiskPct")}
        />
      </div>
      <fieldset>
        <legend>{t("service.settings.escalation")}</legend>
        <div className="grid-2">
          <div className="field">
            <label htmlFor="sla-when">{t("service.settings.when")}</label>
            <select id="sla-when" value={v.when} onChange={(e) => set({ when: e.target.value as SlaForm["when"] })}>
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
              onChange={(e) => set({ action: e.target.value as SlaForm["action"] })}
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
          <select
            id="sla-assignee"
            value={v.assignee}
            onChange={(e) => set({ assignee: e.target.value })}
            aria-invalid={issue("escalation.assignee") ? true : undefined}
            aria-describedby="sla-assignee-hint"
          >
            <option value="">{t("service.unassigned")}</option>
            {/* A value that names nobody in the directory (typed before there was one) stays as it is. */}
            {v.assignee && !people.some((p) => p.id === v.assignee) && (
              <option value={v.assignee}>{person(v.assignee).text}</option>
            )}
            {people.map((p) => (
              <option key={p.id} value={p.id}>
                {person(p.id).text}
              </option>
            ))}
          </select>
          <span id="sla-assignee-hint" className="muted small">
            {t("service.settings.assigneeHint")}
          </span>
          <IssueText issue={issue("escalation.assignee")} />
        </div>
      </fieldset>
    </SectionFrame>
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

/** A field's message: the app's shared texts, or the service screens' for number codes. */
function IssueText({ issue }: { issue: FieldIssue | undefined }) {
  const { t } = useTranslation();
  if (!issue) return null;
  return (
    <p className="field-error">{textOf(t, [`errors.${issue.code}`, `service.errors.${issue.code}`], issue.code)}</p>
  );
}
