import type { CollectionName, FieldSettings } from "@crm/schema";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { langOf } from "./cells.js";
import { FilterValue, firstOperands, type Operands } from "./FilterValue.js";
import { type Filter, type ValueProblem, valueProblem } from "./view.js";
import { liveFieldsOf, multiValued, type Operator, operatorsFor, valueless } from "./viewFields.js";

/**
 * The "Add filter" dialog — field, condition, value — usable with the keyboard alone: focus goes
 * to the field, Enter adds, Esc closes and gives focus back. Fields and conditions come from the
 * descriptors (custom fields too); the value is checked at the field before the filter is added.
 */
export default function FilterDialog({
  collection,
  settings,
  onAdd,
  id,
  close,
}: {
  collection: CollectionName;
  settings?: FieldSettings;
  onAdd(f: Filter): void;
  id: string;
  close(refocus: boolean): void;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const fields = liveFieldsOf(collection, settings).filter((f) => f.filter && operatorsFor(f).length > 0);
  const [fieldKey, setFieldKey] = useState(fields[0]?.key ?? "");
  const field = fields.find((f) => f.key === fieldKey) ?? fields[0];
  const [op, setOp] = useState<Operator>(field ? operatorsFor(field)[0]! : "is");
  const [operands, setOperands] = useState<Operands>(() => firstOperands(field, op));
  const [problem, setProblem] = useState<ValueProblem | null>(null);
  if (!field) return null;
  const ops = operatorsFor(field);
  const currentOp = ops.includes(op) ? op : ops[0]!;

  const pickField = (key: string) => {
    setFieldKey(key);
    const f = fields.find((x) => x.key === key);
    const o = f ? operatorsFor(f)[0]! : op;
    setOp(o);
    setOperands(firstOperands(f, o));
    setProblem(null);
  };
  const pickOp = (o: Operator) => {
    setOp(o);
    setOperands(firstOperands(field, o));
    setProblem(null);
  };
  const submit = () => {
    const value = valueless.has(currentOp) || multiValued.has(currentOp) ? "" : operands.value.trim();
    const values = multiValued.has(currentOp) ? operands.values.map((v) => v.trim()) : undefined;
    const bad = valueProblem(field, currentOp, value, values);
    if (bad) return setProblem(bad);
    onAdd({ field: field.key, op: currentOp, value, ...(values ? { values } : {}) });
    close(true);
  };

  return (
    <form
      id={id}
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
        // Enter adds from any field of the dialog, a choice list too (which would not submit).
        if (e.key === "Enter" && (e.target as HTMLElement).tagName === "SELECT") {
          e.preventDefault();
          submit();
        }
      }}
    >
      <label>
        <span>{t("views.field")}</span>
        <select autoFocus value={field.key} onChange={(e) => pickField(e.target.value)}>
          {fields.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label[lang]}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t("views.operator")}</span>
        <select value={currentOp} onChange={(e) => pickOp(e.target.value as Operator)}>
          {ops.map((o) => (
            <option key={o} value={o}>
              {t(`views.ops.${o}`)}
            </option>
          ))}
        </select>
      </label>
      <FilterValue
        id={id}
        field={field}
        op={currentOp}
        operands={operands}
        problem={problem}
        onChange={(next) => {
          setOperands(next);
          setProblem(null);
        }}
      />
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
  );
}
