import type { FieldIssue } from "@crm/schema";
import { type InputHTMLAttributes, useId } from "react";
import { useTranslation } from "react-i18next";

/**
 * The app's error text for an issue code, from the shared `errors.*` table (which carries schema's
 * text and value issue codes); the schema's own message if a code is ever missing there.
 */
export function useIssueText(): (issue: FieldIssue) => string {
  const { t } = useTranslation();
  return (issue) => t(`errors.${issue.code}`, { defaultValue: issue.message });
}

interface Props extends Omit<InputHTMLAttributes<HTMLInputElement>, "onChange"> {
  name: string;
  label: string;
  value: string;
  onChange(value: string): void;
  issue?: FieldIssue;
}

/** A labelled input whose validation message sits right under it and is read with it. */
export function SalesField({ name, label, value, onChange, issue, ...rest }: Props) {
  const issueText = useIssueText();
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field${issue ? " invalid" : ""}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        name={name}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={issue ? true : undefined}
        aria-describedby={issue ? errorId : undefined}
        {...rest}
      />
      {issue && (
        <p id={errorId} className="field-error">
          {issueText(issue)}
        </p>
      )}
    </div>
  );
}
