import type { CollectionName } from "@crm/schema";
import type { TFunction } from "i18next";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { usePeople } from "../app/people.js";
import { isKey } from "../i18n/keys.js";
import { usePersonLabel } from "../ui/Person.js";
import { fieldsOf, findField, type ViewField } from "./fields.js";
import { type Filter, type Operator, operatorsFor, type ValueProblem, valueless, valueProblem } from "./view.js";

/**
 * "Add filter": a small dialog under its button — field, condition, value — usable with the
 * keyboard alone: focus goes to the field, Enter adds, Esc closes and gives focus back. The
 * value is checked at the field before the filter is added.
 */
export function AddFilter({ collection, onAdd }: { collection: CollectionName; onAdd(f: Filter): void }) {
  const { t } = useTranslation();
  const fields = fieldsOf(collection).fields;
  const people = usePeople();
  const personLabel = usePersonLabel();
  const [open, setOpen] = useState(false);
  const [fieldKey, setFieldKey] = useState(fields[0]?.key ?? "");
  const field = findField(collection, fieldKey);
  const [op, setOp] = useState<Operator>(field ? operatorsFor[field.kind][0]! : "is");
  const [value, setValue] = useState("");
  const [problem, setProblem] = useState<ValueProblem | null>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const boxRef = useRef<HTMLFormElement>(null);
  const id = useId();

  const close = (refocus: boolean) => {
    setOpen(false);
    setProblem(null);
    if (refocus) buttonRef.current?.focus();
  };
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!boxRef.current?.contains(e.target as Node) && e.target !== buttonRef.current) close(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  });
  if (!fields.length) return null;

  /** A person is chosen from the workspace's people, by name (its value is their user id). */
  const choosesPerson = (f: ViewField | undefined, o: Operator) =>
    f?.kind === "person" && (o === "is" || o === "isNot");
  const firstValue = (f: ViewField | undefined, o: Operator) =>
    f?.kind === "enum" ? (f.values?.[0] ?? "") : choosesPerson(f, o) ? (people[0]?.id ?? "") : "";
  const pickField = (key: string) => {
    setFieldKey(key);
    const f = findField(collection, key);
    const o = f ? operatorsFor[f.kind][0]! : op;
    setOp(o);
    setValue(firstValue(f, o));
    setProblem(null);
  };
  const pickOp = (o: Operator) => {
    setOp(o);
    if (choosesPerson(field, o) !== choosesPerson(field, op)) setValue(firstValue(field, o));
  };
  const submit = () => {
    if (!field) return;
    const v = valueless.has(op) ? "" : value.trim();
    const bad = valueProblem(field, op, v);
    if (bad) return setProblem(bad);
    onAdd({ field: field.key, op, value: v });
    setValue("");
    close(true);
  };

  return (
    <span className="add-filter">
      <button
        ref={buttonRef}
        type="button"
        className="button small"
        aria-expanded={open}
        aria-controls={open ? `${id}-box` : undefined}
        onClick={() => {
          if (open) return close(false);
          if (!value) setValue(firstValue(field, op));
          setOpen(true);
        }}
      >
        + {t("views.addFilter")}
      </button>
      {open && field && (
        <form
          ref={boxRef}
          id={`${id}-box`}
          role="dialog"
          aria-label={t("views.filterTitle")}
          className="popover filter-popover"
          onSubmit={(e) => {
            e.preventDefault();
            submit();
          }}
          onKeyDown={(e) => {
            if (e.key === "Escape") {
              e.stopPropagation();
              close(true);
            }
          }}
        >
          <label>
            <span>{t("views.field")}</span>
            <select autoFocus value={fieldKey} onChange={(e) => pickField(e.target.value)}>
              {fields.map((f) => (
                <option key={f.key} value={f.key}>
                  {t(f.label)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t("views.operator")}</span>
            <select value={op} onChange={(e) => pickOp(e.target.value as Operator)}>
              {operatorsFor[field.kind].map((o) => (
                <option key={o} value={o}>
                  {t(`views.ops.${o}`)}
                </option>
              ))}
            </select>
          </label>
          {!valueless.has(op) && (
            <label htmlFor={`${id}-value`}>
              <span>{t("views.value")}</span>
              {field.kind === "enum" ? (
                <select id={`${id}-value`} value={value} onChange={(e) => setValue(e.target.value)}>
                  {field.values?.map((v) => (
                    <option key={v} value={v}>
                      {valueText(t, field, v)}
                    </option>
                  ))}
                </select>
              ) : choosesPerson(field, op) ? (
                <select id={`${id}-value`} value={value} onChange={(e) => setValue(e.target.value)}>
                  {people.map((p) => (
                    <option key={p.id} value={p.id}>
                      {personLabel(p.id).text}
                    </option>
                  ))}
                </select>
              ) : (
                <input
                  id={`${id}-value`}
                  type={op === "before" || op === "after" ? "date" : "text"}
                  inputMode={
                    op === "withinDays" || field.kind === "number" || field.kind === "money" ? "decimal" : undefined
                  }
                  value={value}
                  aria-invalid={problem ? true : undefined}
                  aria-describedby={problem ? `${id}-problem` : undefined}
                  onChange={(e) => {
                    setValue(e.target.value);
                    setProblem(null);
                  }}
                />
              )}
            </label>
          )}
          {problem && (
            <p id={`${id}-problem`} className="field-error" role="alert">
              {t(`views.problems.${problem}`)}
            </p>
          )}
          <div className="popover-actions">
            <button type="submit" className="button small primary">
              {t("views.add")}
            </button>
            <button type="button" className="button small" onClick={() => close(true)}>
              {t("views.cancel")}
            </button>
          </div>
        </form>
      )}
    </span>
  );
}

/** An enum value by its label (`${valueLabel}.${value}`), else as stored. */
export function valueText(t: TFunction, field: ViewField, value: string): string {
  const key = `${field.valueLabel}.${value}`;
  return isKey(key) ? t(key) : value;
}
