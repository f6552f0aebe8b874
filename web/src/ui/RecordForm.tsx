import type { FieldIssue } from "@crm/schema";
import { type FormEvent, type ReactNode, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { WriteResult } from "../local/store.js";
import { hasChanges, useEscapeToLeave } from "./DiscardGuard.js";
import { focusFirstInvalid } from "./Field.js";

export type FormValues = Record<string, string>;

/**
 * The frame every record form shares: title, Save/Cancel, Esc to cancel (asking first when
 * something was changed), per-field issues from the schema's validator and a summary when a save
 * was refused (nothing is stored then).
 */
export function RecordForm<V extends FormValues>(props: {
  title: string;
  initial: V;
  onSave(values: V): Promise<WriteResult>;
  onDone(id: string): void;
  onCancel(): void;
  children(ctx: {
    values: V;
    set: (field: keyof V & string) => (value: string) => void;
    issue: (field: string) => FieldIssue | undefined;
  }): ReactNode;
}) {
  const { t } = useTranslation();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<V>(props.initial);
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const [saving, setSaving] = useState(false);
  const leaving = useEscapeToLeave({ dirty: hasChanges(values, props.initial), leave: props.onCancel });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (saving) return;
    setSaving(true);
    const result = await props.onSave(values);
    setSaving(false);
    if (result.ok) return props.onDone(result.id);
    setIssues(result.issues);
    focusFirstInvalid(formRef.current);
  };

  return (
    <section className="page form-page" aria-labelledby="form-title">
      <form ref={formRef} className="card form" noValidate onSubmit={submit} onKeyDown={leaving.onKeyDown}>
        <h1 id="form-title">{props.title}</h1>
        {issues.length > 0 && (
          <p className="form-error" role="alert">
            {t("errors.summary")}
          </p>
        )}
        {props.children({
          values,
          set: (field) => (value) => {
            setValues((v) => ({ ...v, [field]: value }));
            setIssues((list) => list.filter((i) => i.field !== field));
          },
          issue: (field) => issues.find((i) => i.field === field),
        })}
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

/** A record as form values: every known field as a string. */
export function toFormValues<V extends FormValues>(empty: V, record: object | undefined): V {
  const out = { ...empty };
  if (record)
    for (const k of Object.keys(empty))
      out[k as keyof V] = String((record as Record<string, unknown>)[k] ?? "") as V[keyof V];
  return out;
}
