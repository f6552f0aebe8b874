import type { FieldIssue } from "@crm/schema";
import { type InputHTMLAttributes, type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";

interface FieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, "onChange"> {
  name: string;
  label: string;
  value: string;
  onChange(value: string): void;
  issue?: FieldIssue;
  children?: ReactNode;
}

/**
 * The app's text for an issue code, from the shared `errors.*` table (schema's text and value
 * codes); the schema's own message if a code is ever missing there.
 */
export function useIssueText(): (issue: FieldIssue) => string {
  const { t } = useTranslation();
  return (issue) => t(`errors.${issue.code}`, { defaultValue: issue.message });
}

/** A labelled input whose validation message sits right under it and is read with it. */
export function Field({ name, label, value, onChange, issue, children, ...rest }: FieldProps) {
  const issueText = useIssueText();
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field${issue ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      {children ?? (
        <input
          id={id}
          name={name}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={issue ? true : undefined}
          aria-describedby={issue ? errorId : undefined}
          {...rest}
        />
      )}
      {issue && (
        <p id={errorId} className="field-error">
          {issueText(issue)}
        </p>
      )}
    </div>
  );
}

/** Focuses the first invalid input of a form after a failed save. */
export function focusFirstInvalid(form: HTMLFormElement | null) {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
}
