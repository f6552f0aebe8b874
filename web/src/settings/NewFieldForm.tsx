import { type CustomFieldDef, fieldKinds, newId, type RefCollection, refCollections } from "@crm/schema";
import { type KeyboardEvent, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { addToDraft, emptyNewField, type FieldsDraft, type NewFieldDraft, newFieldProblem } from "./customFields.js";
import { localKey } from "./stages.js";

/**
 * "Add a field": its names in both languages, its kind (any of the fifteen), required, help
 * text, for a picklist its values (names in both languages), for a reference the record type it
 * points to. Adding puts it in the draft; Save changes makes it everyone's. Enter in a box adds
 * the field (it does not save the section).
 */
export function NewFieldForm(props: {
  collection: RefCollection;
  draft: FieldsDraft;
  onAdd(next: FieldsDraft, added: CustomFieldDef): void;
}) {
  const { t } = useTranslation();
  const { settings } = useWorkspaceSettings();
  const id = useId();
  const [f, setF] = useState<NewFieldDraft>(emptyNewField);
  const [problem, setProblem] = useState<string | null>(null);
  const firstRef = useRef<HTMLInputElement>(null);
  const valuesRef = useRef<HTMLFieldSetElement>(null);
  const focusValue = useRef<string | null>(null);
  const listed = f.kind === "picklist" || f.kind === "multiPicklist";
  const set = (change: Partial<NewFieldDraft>) => {
    setProblem(null);
    setF((x) => ({ ...x, ...change }));
  };
  const add = () => {
    const why = newFieldProblem(f);
    if (why) {
      setProblem(t(`settings.fields.add.problems.${why}`));
      if (why === "name") firstRef.current?.focus();
      return;
    }
    const fieldId = newId();
    const next = addToDraft(props.draft, props.collection, settings, f, fieldId);
    const added = next.fields.find((d) => d.id === fieldId)!;
    setF(emptyNewField());
    props.onAdd(next, added);
  };
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== "Enter" || (e.target as HTMLElement).tagName === "BUTTON") return;
    e.preventDefault();
    add();
  };
  const addValue = () => {
    const key = localKey("v");
    focusValue.current = key;
    set({ values: [...f.values, { key, label: { en: "", zh: "" } }] });
    requestAnimationFrame(() => {
      valuesRef.current?.querySelector<HTMLElement>(`[data-key="${focusValue.current}"] input`)?.focus();
      focusValue.current = null;
    });
  };
  const errorId = `${id}-problem`;
  return (
    <fieldset className="new-field" onKeyDown={onKeyDown}>
      <legend className="settings-subhead">{t("settings.fields.add.title")}</legend>
      <div className="grid-2">
        <div className="field">
          <label htmlFor={`${id}-en`}>{t("settings.fields.labelEn")}</label>
          <input
            id={`${id}-en`}
            ref={firstRef}
            value={f.label.en}
            maxLength={100}
            aria-describedby={problem ? errorId : undefined}
            onChange={(e) => set({ label: { ...f.label, en: e.target.value } })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-zh`}>{t("settings.fields.labelZh")}</label>
          <input
            id={`${id}-zh`}
            value={f.label.zh}
            maxLength={100}
            onChange={(e) => set({ label: { ...f.label, zh: e.target.value } })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-kind`}>{t("settings.fields.kind")}</label>
          <select
            id={`${id}-kind`}
            value={f.kind}
            onChange={(e) => set({ kind: e.target.value as NewFieldDraft["kind"] })}
          >
            {fieldKinds.map((k) => (
              <option key={k} value={k}>
                {t(`settings.fields.kinds.${k}`)}
              </option>
            ))}
          </select>
        </div>
        {f.kind === "reference" && (
          <div className="field">
            <label htmlFor={`${id}-ref`}>{t("settings.fields.pointsTo")}</label>
            <select id={`${id}-ref`} value={f.ref} onChange={(e) => set({ ref: e.target.value as RefCollection })}>
              {refCollections.map((c) => (
                <option key={c} value={c}>
                  {t(`data.types.${c}`)}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="field">
          <label htmlFor={`${id}-help-en`}>{t("settings.fields.helpEn")}</label>
          <input
            id={`${id}-help-en`}
            value={f.help.en}
            maxLength={100}
            onChange={(e) => set({ help: { ...f.help, en: e.target.value } })}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-help-zh`}>{t("settings.fields.helpZh")}</label>
          <input
            id={`${id}-help-zh`}
            value={f.help.zh}
            maxLength={100}
            onChange={(e) => set({ help: { ...f.help, zh: e.target.value } })}
          />
        </div>
        <div className="field field-check">
          <label className="check">
            <input type="checkbox" checked={f.required} onChange={(e) => set({ required: e.target.checked })} />
            {t("settings.fields.required")}
          </label>
        </div>
      </div>
      {listed && (
        <fieldset className="new-field-values" ref={valuesRef}>
          <legend>{t("settings.fields.add.values")}</legend>
          {f.values.map((v, i) => (
            <div key={v.key} data-key={v.key} className="value-row">
              <input
                aria-label={t("settings.fields.add.valueEn", { n: i + 1 })}
                value={v.label.en}
                maxLength={100}
                onChange={(e) =>
                  set({
                    values: f.values.map((x) =>
                      x.key === v.key ? { ...x, label: { ...x.label, en: e.target.value } } : x,
                    ),
                  })
                }
              />
              <input
                aria-label={t("settings.fields.add.valueZh", { n: i + 1 })}
                value={v.label.zh}
                maxLength={100}
                onChange={(e) =>
                  set({
                    values: f.values.map((x) =>
                      x.key === v.key ? { ...x, label: { ...x.label, zh: e.target.value } } : x,
                    ),
                  })
                }
              />
              <button
                type="button"
                className="button small"
                aria-label={t("settings.fields.add.removeValue", { n: i + 1 })}
                onClick={() => set({ values: f.values.filter((x) => x.key !== v.key) })}
              >
                ✕
              </button>
            </div>
          ))}
          <div>
            <button type="button" className="button small" onClick={addValue}>
              {t("settings.fields.add.addValue")}
            </button>
          </div>
        </fieldset>
      )}
      {problem && (
        <p id={errorId} className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="settings-add">
        <button type="button" className="button" onClick={add}>
          {t("settings.fields.add.submit")}
        </button>
      </div>
    </fieldset>
  );
}
