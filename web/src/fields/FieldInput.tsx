import { type FieldDescriptor, type FieldIssue, type Lang, type RefCollection, refCollections } from "@crm/schema";
import { type ReactNode, useId } from "react";
import { useTranslation } from "react-i18next";
import { useIssueText } from "../ui/Field.js";
import { PersonControl } from "../ui/Person.js";
import { BooleanInput, MultiPicklistInput, PicklistInput } from "./ChoiceInputs.js";
import { type FormValue, isAccountScoped } from "./formModel.js";
import { AccountScopedSelect, type ControlProps, RecordPicker } from "./RecordPicker.js";

/** The reader's language as descriptors name it. */
export function useLang(): Lang {
  const { i18n } = useTranslation();
  return i18n.language === "zh" ? "zh" : "en";
}

export interface FieldInputProps {
  field: FieldDescriptor;
  value: FormValue;
  onChange(value: FormValue): void;
  issue?: FieldIssue;
  autoFocus?: boolean;
  /** A date-time typed as a day. */
  asDay?: boolean;
  /** What "nobody" is called for a person field (a case's assignee: "Unassigned"). */
  nobody?: string;
  /** The form's account: references to records that belong to an account choose among its own. */
  accountId?: string;
}

const isRefCollection = (c: string): c is RefCollection => (refCollections as readonly string[]).includes(c);

/**
 * One field of a record form, by its descriptor: the label in the reader's language (a marker
 * when required), the input its kind calls for, its help text, and the validator's message right
 * under it — all tied to the input (`aria-describedby`, `aria-invalid`), so the message is read
 * with the field and the form can focus the first invalid one.
 */
export function FieldInput(props: FieldInputProps) {
  const { field, value, issue } = props;
  const { t } = useTranslation();
  const lang = useLang();
  const issueText = useIssueText();
  const id = useId();
  const helpId = field.help ? `${id}-help` : undefined;
  const errorId = issue ? `${id}-error` : undefined;
  const control: ControlProps = {
    id,
    describedBy: [errorId, helpId].filter(Boolean).join(" ") || undefined,
    invalid: !!issue,
    required: field.required,
    autoFocus: props.autoFocus,
  };
  // The marker sits beside the label, not in it: the field's name stays its label alone, and the
  // input says it is required itself.
  const mark = field.required && (
    <span className="required-mark" aria-hidden="true" title={t("fields.required")}>
      *
    </span>
  );
  const label = field.label[lang];
  const after = (
    <>
      {field.help && (
        <p id={helpId} className="field-help">
          {field.help[lang]}
        </p>
      )}
      {issue && (
        <p id={errorId} className="field-error">
          {issueText(issue)}
        </p>
      )}
    </>
  );
  if (field.kind === "boolean")
    return (
      <div className={`field field-check${issue ? " invalid" : ""}`}>
        <BooleanInput {...control} value={value === "true"} onChange={(v) => props.onChange(String(v))}>
          {label}
        </BooleanInput>
        {mark}
        {after}
      </div>
    );
  if (field.kind === "multiPicklist")
    return (
      <div className={`field field-wide${issue ? " invalid" : ""}`}>
        <MultiPicklistInput
          {...control}
          field={field}
          lang={lang}
          legend={
            <>
              {label} {mark}
            </>
          }
          value={Array.isArray(value) ? value : []}
          onChange={props.onChange}
        />
        {after}
      </div>
    );
  return (
    <div className={`field${field.kind === "longText" ? " field-wide" : ""}${issue ? " invalid" : ""}`}>
      <div className="field-label">
        <label htmlFor={id}>{label}</label>
        {mark}
      </div>
      {inputOf(props, control, lang, typeof value === "string" ? value : "")}
      {after}
    </div>
  );
}

function inputOf(props: FieldInputProps, control: ControlProps, lang: Lang, value: string): ReactNode {
  const { field } = props;
  const set = (v: string) => props.onChange(v);
  const common = {
    id: control.id,
    name: field.key,
    value,
    "aria-invalid": control.invalid || undefined,
    "aria-describedby": control.describedBy,
    required: control.required,
    autoFocus: control.autoFocus,
  };
  const text = (extra: Record<string, unknown> = {}) => (
    <input {...common} maxLength={field.maxLength} onChange={(e) => set(e.target.value)} {...extra} />
  );
  switch (field.kind) {
    case "longText":
      return <textarea {...common} rows={3} maxLength={field.maxLength} onChange={(e) => set(e.target.value)} />;
    case "email":
      return text({ type: "email", autoComplete: "off" });
    case "phone":
      return text({ type: "tel" });
    case "url":
      return text({ inputMode: "url" });
    case "number":
    case "money":
    case "percent":
      return text({ inputMode: field.integer ? "numeric" : "decimal" });
    case "date":
      return text({ type: "date" });
    case "dateTime":
      return text({ type: props.asDay ? "date" : "datetime-local" });
    case "picklist":
      return <PicklistInput {...control} field={field} lang={lang} value={value} onChange={set} />;
    case "person":
      return <PersonControl {...control} name={field.key} value={value} onChange={set} nobody={props.nobody} />;
    case "reference": {
      const target = typeof field.ref === "string" && isRefCollection(field.ref) ? field.ref : null;
      if (!target) return text();
      if (props.accountId !== undefined && isAccountScoped(field))
        return (
          <AccountScopedSelect
            {...control}
            collection={target}
            accountId={props.accountId}
            value={value}
            onChange={set}
          />
        );
      return <RecordPicker {...control} collection={target} value={value} onChange={set} />;
    }
    default:
      return text();
  }
}
