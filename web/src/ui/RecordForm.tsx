import type { FieldIssue } from "@crm/schema";
import { type FormEvent, type ReactNode, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { WriteResult } from "../local/store.js";
import { useEscapeToLeave } from "./DiscardGuard.js";
import { focusFirstInvalid } from "./Field.js";

/**
 * The frame every record form shares: title, Save/Cancel, Esc to cancel (asking first when
 * something was changed), and when a save is refused (nothing is stored then) the summary, the
 * issues handed back to the fields, and the first invalid field focused.
 */
export function RecordForm(props: {
  title: string;
  /** Something differs from where the form started: Esc asks before leaving. */
  dirty: boolean;
  save(): Promise<WriteResult>;
  onDone(id: string): void;
  onCancel(): void;
  issues: readonly FieldIssue[];
  onIssues(issues: FieldIssue[]): void;
  className?: string;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [saving, setSaving] = useState(false);
  const leaving = useEscapeToLeave({ dirty: props.dirty, leave: props.onCancel });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    const result = await props.save();
    setSaving(false);
    if (result.ok) return props.onDone(result.id);
    props.onIssues(result.issues);
    focusFirstInvalid(formRef.current);
  };

  return (
    <section className="page form-page" aria-labelledby="form-title">
      <form
        ref={formRef}
        className={`card form${props.className ? ` ${props.className}` : ""}`}
        noValidate
        onSubmit={submit}
        onKeyDown={leaving.onKeyDown}
      >
        <h1 id="form-title">{props.title}</h1>
        {props.issues.length > 0 && (
          <p className="form-error" role="alert">
            {t("errors.summary")}
          </p>
        )}
        {props.children}
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={saving}>
            {t("common.save")}
          </button>
          <button type="button" className="button" onClick={props.onCancel}>
            {t("common.cancel")}
          </button>
        </div>
      </form>
      {leaving.dialog}
    </section>
  );
}
