import { type FieldDescriptor, offeredValues } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { usePeople } from "../runtime/people.js";
import { usePersonLabel } from "../ui/Person.js";
import { langOf } from "./cells.js";
import { RecordPicker } from "./RecordPicker.js";
import { isNumeric, isTemporal, ME, type Operator, valueless } from "./viewFields.js";

export interface Operands {
  value: string;
  values: string[];
}

/** The first operands a field and operator start with (the first choice, "me"). */
export function firstOperands(field: FieldDescriptor | undefined, op: Operator): Operands {
  if (!field || valueless.has(op)) return { value: "", values: [] };
  if (op === "between") return { value: "", values: ["", ""] };
  if (op === "anyOf") return { value: "", values: [] };
  if (field.kind === "picklist" && (op === "is" || op === "isNot"))
    return { value: offeredValues(field)[0]?.value ?? "", values: [] };
  if (field.kind === "boolean") return { value: "true", values: [] };
  if (field.kind === "person" && (op === "is" || op === "isNot")) return { value: ME, values: [] };
  return { value: "", values: [] };
}

/**
 * The operands' inputs for a field and operator, by kind: choices from the picklist's live values
 * (ticks for "any of"), yes/no, a person by name ("me" first), a record found by words, two
 * bounds for "between", a date, a number of days, or text.
 */
export function FilterValue(props: {
  id: string;
  field: FieldDescriptor;
  op: Operator;
  operands: Operands;
  onChange(next: Operands): void;
  problem: string | null;
}) {
  const { t, i18n } = useTranslation();
  const lang = langOf(i18n.language);
  const people = usePeople();
  const personLabel = usePersonLabel();
  const { field, op, operands, onChange, id } = props;
  const invalid = props.problem ? true : undefined;
  const describedBy = props.problem ? `${id}-problem` : undefined;
  const set = (value: string) => onChange({ ...operands, value });
  if (valueless.has(op)) return null;

  if (op === "anyOf") {
    return (
      <fieldset className="filter-choices" aria-describedby={describedBy}>
        <legend>{t("views.values")}</legend>
        {offeredValues(field).map((v) => (
          <label key={v.value} className="check">
            <input
              type="checkbox"
              checked={operands.values.includes(v.value)}
              onChange={(e) =>
                onChange({
                  ...operands,
                  values: e.target.checked
                    ? [...operands.values, v.value]
                    : operands.values.filter((x) => x !== v.value),
                })
              }
            />
            {v.label[lang]}
          </label>
        ))}
      </fieldset>
    );
  }
  if (op === "between") {
    const type = isTemporal(field.kind) ? "date" : "text";
    const bound = (i: 0 | 1, label: string) => (
      <label htmlFor={`${id}-${i}`}>
        <span>{label}</span>
        <input
          id={`${id}-${i}`}
          type={type}
          inputMode={type === "text" ? "decimal" : undefined}
          value={operands.values[i] ?? ""}
          aria-invalid={invalid}
          aria-describedby={describedBy}
          onChange={(e) => {
            const values = [operands.values[0] ?? "", operands.values[1] ?? ""];
            values[i] = e.target.value;
            onChange({ ...operands, values });
          }}
        />
      </label>
    );
    return (
      <>
        {bound(0, t("views.from"))}
        {bound(1, t("views.to"))}
      </>
    );
  }

  const choose = (options: { value: string; label: string }[]) => (
    <label htmlFor={`${id}-value`}>
      <span>{t("views.value")}</span>
      <select id={`${id}-value`} value={operands.value} onChange={(e) => set(e.target.value)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
  if (field.kind === "picklist" && op !== "contains")
    return choose(offeredValues(field, operands.value).map((v) => ({ value: v.value, label: v.label[lang] })));
  if (field.kind === "boolean")
    return choose([
      { value: "true", label: t("views.yes") },
      { value: "false", label: t("views.no") },
    ]);
  if (field.kind === "person" && op !== "contains")
    return choose([
      { value: ME, label: t("views.meOption") },
      ...people.map((p) => ({ value: p.id, label: personLabel(p.id).text })),
    ]);
  if (field.kind === "reference" && typeof field.ref === "string")
    return (
      <RecordPicker
        collection={field.ref}
        value={operands.value}
        onChange={set}
        invalid={invalid}
        describedBy={describedBy}
      />
    );
  const days = op === "withinDays" || op === "nextDays";
  return (
    <label htmlFor={`${id}-value`}>
      <span>{days ? t("views.days") : t("views.value")}</span>
      <input
        id={`${id}-value`}
        type={op === "before" || op === "after" ? "date" : "text"}
        inputMode={days || isNumeric(field.kind) ? "decimal" : undefined}
        value={operands.value}
        aria-invalid={invalid}
        aria-describedby={describedBy}
        onChange={(e) => set(e.target.value)}
      />
    </label>
  );
}
