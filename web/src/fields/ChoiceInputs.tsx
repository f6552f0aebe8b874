import { type FieldDescriptor, type Lang, offeredValues } from "@crm/schema";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { ControlProps } from "./RecordPicker.js";

/**
 * A picklist: a select of the values offered now (live values, plus the record's own value even
 * when retired or no longer listed, so saving never drops it), each by its label in the reader's
 * language. An open list (an account's industry: any text kept) is a text box suggesting the
 * values; the validator stores a typed label as its value. "No value" is offered when the field
 * may be empty, and while a required one is still empty (never a silent first choice).
 */
export function PicklistInput(
  props: ControlProps & { field: FieldDescriptor; lang: Lang; value: string; onChange(v: string): void },
) {
  const { t } = useTranslation();
  const { field, lang, value } = props;
  const offered = offeredValues(field, value);
  const aria = {
    id: props.id,
    name: field.key,
    "aria-invalid": props.invalid || undefined,
    "aria-describedby": props.describedBy,
    required: props.required,
    autoFocus: props.autoFocus,
  };
  if (field.open)
    return (
      <>
        <input
          {...aria}
          list={`${props.id}-values`}
          maxLength={field.maxLength}
          value={value}
          onChange={(e) => props.onChange(e.target.value)}
        />
        <datalist id={`${props.id}-values`}>
          {offered.map((v) => (
            <option key={v.value} value={v.value}>
              {v.label[lang] !== v.value ? v.label[lang] : undefined}
            </option>
          ))}
        </datalist>
      </>
    );
  const empty = value === "" || (!field.required && field.default === "");
  return (
    <select {...aria} value={value} onChange={(e) => props.onChange(e.target.value)}>
      {empty && <option value="">{t("common.none")}</option>}
      {offered.map((v) => (
        <option key={v.value} value={v.value}>
          {v.label[lang]}
        </option>
      ))}
    </select>
  );
}

/**
 * A multi-picklist: one checkbox per value offered, in a group named by the field. The first
 * box carries the group's invalid state, so a refused save focuses it.
 */
export function MultiPicklistInput(
  props: ControlProps & {
    field: FieldDescriptor;
    lang: Lang;
    legend: ReactNode;
    value: string[];
    onChange(v: string[]): void;
  },
) {
  const { t } = useTranslation();
  const { field, lang, value } = props;
  const offered = offeredValues(field, value);
  const toggle = (v: string, on: boolean) =>
    props.onChange(on ? [...value, v].filter((x, i, all) => all.indexOf(x) === i) : value.filter((x) => x !== v));
  return (
    <fieldset className="choice-group" aria-describedby={props.describedBy}>
      <legend>{props.legend}</legend>
      {offered.length === 0 && <p className="muted small">{t("fields.noValues")}</p>}
      {offered.map((v, i) => (
        <label key={v.value} className="check">
          <input
            type="checkbox"
            id={i === 0 ? props.id : undefined}
            name={field.key}
            value={v.value}
            checked={value.includes(v.value)}
            aria-invalid={(i === 0 && props.invalid) || undefined}
            autoFocus={i === 0 && props.autoFocus}
            onChange={(e) => toggle(v.value, e.target.checked)}
          />{" "}
          {v.label[lang]}
        </label>
      ))}
    </fieldset>
  );
}

/** Yes/no: a checkbox with its label beside it. */
export function BooleanInput(
  props: ControlProps & { value: boolean; onChange(v: boolean): void; children: ReactNode },
) {
  return (
    <label className="check" htmlFor={props.id}>
      <input
        type="checkbox"
        id={props.id}
        checked={props.value}
        aria-invalid={props.invalid || undefined}
        aria-describedby={props.describedBy}
        autoFocus={props.autoFocus}
        onChange={(e) => props.onChange(e.target.checked)}
      />{" "}
      {props.children}
    </label>
  );
}
