import type { CannedResponse } from "@crm/schema";
import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import "./canned.css";
import { textOf } from "../i18n/keys.js";
import { SectionFrame } from "../settings/SectionFrame.js";
import { useSettingsSection } from "../settings/useSettingsSection.js";

/** The merge fields a canned response may use (merge.ts's context), shown as written. */
export const MERGE_FIELDS = [
  '{{ contact.first_name | default: "there" }}',
  "{{ contact.name }}",
  "{{ case.subject }}",
  "{{ agent.name }}",
  "{{ account.name }}",
];

const newId = () => `c${crypto.getRandomValues(new Uint32Array(2)).reduce((s, n) => s + n.toString(36), "")}`;

/**
 * Settings → Canned responses: the team's library (a section of the workspace settings, so every
 * agent's device has it offline with the rest of the settings). A title and a Liquid text each;
 * saved explicitly like every section. Admins edit; everyone else reads.
 */
export function CannedSection() {
  const { t } = useTranslation();
  const id = useId();
  const section = useSettingsSection(
    "cannedResponses",
    (list) => list.map((r) => ({ ...r })),
    (form: CannedResponse[]) => form.map((r) => ({ id: r.id, title: r.title, body: r.body })),
  );
  const focusId = useRef<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (!focusId.current) return;
    list.current?.querySelector<HTMLElement>(`[data-id="${focusId.current}"] input`)?.focus();
    focusId.current = null;
  });
  const update = (rid: string, change: Partial<CannedResponse>) =>
    section.setForm((f) => f.map((r) => (r.id === rid ? { ...r, ...change } : r)));
  const add = () => {
    const rid = newId();
    focusId.current = rid;
    section.setForm((f) => [...f, { id: rid, title: "", body: "" }]);
  };
  const remove = (index: number) => {
    section.setForm((f) => f.filter((_, i) => i !== index));
  };
  const message = (code: string) => textOf(t, [`errors.${code}`, `service.errors.${code}`], code);
  return (
    <SectionFrame section={section} title={t("canned.title")} lead={t("canned.lead")}>
      <ul className="canned-merge-fields">
        {MERGE_FIELDS.map((f) => (
          <li key={f}>
            <code>{f}</code>
          </li>
        ))}
      </ul>
      {section.form.length === 0 ? (
        <p className="empty-inline">{t("canned.none")}</p>
      ) : (
        <ol className="canned-list plain-list" ref={list}>
          {section.form.map((r, i) => {
            const titleIssue = section.issue(`${i}.title`);
            const bodyIssue = section.issue(`${i}.body`);
            const name = r.title.trim() || t("canned.untitled");
            return (
              <li key={r.id} data-id={r.id}>
                <fieldset className="canned-item">
                  <legend>{t("canned.item", { n: i + 1 })}</legend>
                  <div className={`field${titleIssue ? " invalid" : ""}`}>
                    <label htmlFor={`${id}-${r.id}-title`}>{t("canned.fields.title")}</label>
                    <input
                      id={`${id}-${r.id}-title`}
                      value={r.title}
                      maxLength={100}
                      aria-invalid={titleIssue ? true : undefined}
                      onChange={(e) => update(r.id, { title: e.target.value })}
                    />
                    {titleIssue && <p className="field-error">{message(titleIssue.code)}</p>}
                  </div>
                  <div className={`field${bodyIssue ? " invalid" : ""}`}>
                    <label htmlFor={`${id}-${r.id}-body`}>{t("canned.fields.body")}</label>
                    <textarea
                      id={`${id}-${r.id}-body`}
                      rows={5}
                      value={r.body}
                      aria-invalid={bodyIssue ? true : undefined}
                      onChange={(e) => update(r.id, { body: e.target.value })}
                    />
                    {bodyIssue && <p className="field-error">{message(bodyIssue.code)}</p>}
                  </div>
                  <button type="button" className="button small danger-outline" onClick={() => remove(i)}>
                    {t("canned.remove", { title: name })}
                  </button>
                </fieldset>
              </li>
            );
          })}
        </ol>
      )}
      <button type="button" className="button" onClick={add}>
        {t("canned.add")}
      </button>
    </SectionFrame>
  );
}
