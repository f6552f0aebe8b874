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

/** A labelled input whose validation message sits right under it and is read with it. */
export function Field({ name, label, value, onChange, issue, children, ...rest }: FieldProps) {
  const { t } = useTranslation();
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
          {t(`errors.${issue.code}`)}
        </p>
      )}
    </div>
  );
}

export function SelectField<T extends string>(props: {
  name: string;
  label: string;
  value: T;
  options: { value: T; label: string }[];
  onChange(value: T): void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value as T)}>
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Focuses the first invalid input of a form after a failed save. */
export function focusFirstInvalid(form: HTMLFormElement | null) {
  requestAnimationFrame(() => form?.querySelector<HTMLElement>("[aria-invalid=true]")?.focus());
}
