import type { FieldDescriptor, FieldIssue } from "@crm/schema";
import { useTranslation } from "react-i18next";
import type { Key } from "../i18n/keys.js";
import { FieldInput, useLang } from "./FieldInput.js";
import { autoFocusKey, type FormSection, type FormValue, type FormValues, formSections } from "./formModel.js";

/**
 * A record form's fields, laid out by their descriptors' sections: the main section first, then
 * each other section (a billing address, "More fields") as a group with its name. Custom fields
 * come after the built-in fields of the section they name. The first text field gets the cursor.
 */
export function RecordFields(props: {
  fields: readonly FieldDescriptor[];
  values: FormValues;
  set(key: string, value: FormValue): void;
  issue(key: string): FieldIssue | undefined;
  dayFields?: readonly string[];
  /** i18n keys of "nobody" per person field. */
  nobody?: Readonly<Record<string, Key>>;
}) {
  const { t } = useTranslation();
  const lang = useLang();
  const focus = autoFocusKey(props.fields);
  const days = new Set(props.dayFields ?? []);
  const hasAccount = props.fields.some((f) => f.key === "accountId" && f.kind === "reference");
  const input = (f: FieldDescriptor) => (
    <FieldInput
      key={f.key}
      field={f}
      value={(props.values[f.key] as FormValue | undefined) ?? ""}
      onChange={(v) => props.set(f.key, v)}
      issue={props.issue(f.key)}
      autoFocus={f.key === focus}
      asDay={days.has(f.key)}
      nobody={t(props.nobody?.[f.key] ?? "people.nobody")}
      accountId={hasAccount ? String(props.values.accountId ?? "") : undefined}
    />
  );
  const group = (s: FormSection) => <div className="grid-2">{s.fields.map(input)}</div>;
  return (
    <>
      {formSections(props.fields).map((s) =>
        s.section.id === "main" ? (
          <div key={s.section.id}>{group(s)}</div>
        ) : (
          <fieldset key={s.section.id} data-section={s.section.id}>
            <legend>{s.section.label[lang]}</legend>
            {group(s)}
          </fieldset>
        ),
      )}
    </>
  );
}
