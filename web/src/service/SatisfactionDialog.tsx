import type { FieldIssue } from "@crm/schema";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../runtime/context.js";
import type { CaseRow } from "./caseRecord.js";

/**
 * Asked when a case is resolved or closed: the customer's CSAT answer (1–5) and comment, stored
 * as a SurveyResponse linked to the case and its account — or, if the customer gave none, the
 * status change alone. A modal <dialog>: focus stays inside, Esc backs out without changing anything.
 */
export function SatisfactionDialog(props: {
  row: CaseRow;
  target: "resolved" | "closed";
  onDone(changeStatus: boolean): void;
}) {
  const { t } = useTranslation();
  const { store } = useRuntime();
  const ref = useRef<HTMLDialogElement>(null);
  const [score, setScore] = useState("");
  const [comment, setComment] = useState("");
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const scoreIssue = issues.find((i) => i.field === "score");
  const commentIssue = issues.find((i) => i.field === "comment");
  const record = async () => {
    if (saving) return;
    if (!score) {
      setIssues([{ field: "score", code: "required", message: "" }]);
      return;
    }
    setSaving(true);
    const result = await store.create("surveyResponses", {
      kind: "csat",
      score,
      comment,
      channel: props.row.channel,
      accountId: props.row.accountId,
      caseId: props.row.id,
      // Told to the agent, not answered by the customer: the CSAT dashboards leave it out.
      source: "agent",
    });
    setSaving(false);
    if (!result.ok) return setIssues(result.issues);
    props.onDone(true);
  };
  const closing = props.target === "closed";
  return (
    <dialog
      ref={ref}
      className="csat"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        props.onDone(false);
      }}
    >
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          void record();
        }}
      >
        <h2 id={`${id}-title`}>{t("service.csat.title")}</h2>
        <p className="muted small">{t("service.csat.lead")}</p>
        <fieldset
          className="csat-scores"
          aria-invalid={scoreIssue ? true : undefined}
          aria-describedby={scoreIssue ? `${id}-score-error` : undefined}
        >
          <legend>{t("service.csat.score")}</legend>
          {(["5", "4", "3", "2", "1"] as const).map((n) => (
            <label key={n}>
              <input
                type="radio"
                name="score"
                value={n}
                checked={score === String(n)}
                onChange={() => {
                  setScore(String(n));
                  setIssues([]);
                }}
              />
              {t(`service.csat.scores.${n}`)}
            </label>
          ))}
          {scoreIssue && (
            <p id={`${id}-score-error`} className="field-error" role="alert">
              {scoreIssue.code === "required" ? t("service.csat.chooseScore") : t(`errors.${scoreIssue.code}`)}
            </p>
          )}
        </fieldset>
        <div className={`field${commentIssue ? " invalid" : ""}`}>
          <label htmlFor={`${id}-comment`}>{t("service.csat.comment")}</label>
          <textarea
            id={`${id}-comment`}
            value={comment}
            maxLength={2000}
            onChange={(e) => setComment(e.target.value)}
            aria-invalid={commentIssue ? true : undefined}
          />
          {commentIssue && <p className="field-error">{t(`errors.${commentIssue.code}`)}</p>}
        </div>
        <div className="dialog-actions">
          <button type="submit" className="button primary" disabled={saving}>
            {closing ? t("service.csat.recordAndClose") : t("service.csat.recordAndResolve")}
          </button>
          <button type="button" className="button" onClick={() => props.onDone(true)}>
            {closing ? t("service.csat.skipClose") : t("service.csat.skipResolve")}
          </button>
          <button type="button" className="button" onClick={() => props.onDone(false)}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
    </dialog>
  );
}
