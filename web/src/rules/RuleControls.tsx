import type { CollectionName, FieldDescriptor, FieldIssue, ValueExpr } from "@crm/schema";
import { type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { langOf } from "../data/columns.js";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { useIssueText } from "../ui/Field.js";
import { writableFieldsOf } from "./ruleDraft.js";

/*
 * The small controls of the rule editor: a labelled control with its issue under it (found by
 * the path schema's validation names), a field picker, and the editor of the values an action
 * writes (field → this value / the record's field / now shifted / a pipeline stage).
 */

export type Issues = ReadonlyMap<string, FieldIssue>;

export function Labelled(props: {
  label: string;
  issue?: FieldIssue | undefined;
  children: (id: string, describedBy?: string) => ReactNode;
}) {
  const id = useId();
  const issueText = useIssueText();
  const errorId = `${id}-error`;
  return (
    <div className={`field${props.issue ? " invalid" : ""}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.children(id, props.issue ? errorId : undefined)}
      {props.issue && (
        <p id={errorId} className="field-error">
          {issueText(props.issue)}
        </p>
      )}
    </div>
  );
}

/** A labelled select of fixed choices, each shown by `text`. */
export function ChoiceSelect<T extends string>(props: {
  label: string;
  value: T;
  choices: readonly T[];
  text(choice: T): string;
  onChange(value: T): void;
  issue?: FieldIssue | undefined;
}) {
  return (
    <Labelled label={props.label} issue={props.issue}>
      {(id, describedBy) => (
        <select
          id={id}
          value={props.value}
          aria-describedby={describedBy}
          aria-invalid={props.issue ? true : undefined}
          onChange={(e) => props.onChange(e.target.value as T)}
        >
          {props.choices.map((c) => (
            <option key={c} value={c}>
              {props.text(c)}
            </option>
          ))}
        </select>
      )}
    </Labelled>
  );
}

export const durationUnits = ["seconds", "minutes", "hours", "days"] as const;
type Duration = { amount: number; unit: (typeof durationUnits)[number] };

/** An amount and its unit: a wait's delay, the offset of "now ± …". */
export function DurationFields(props: {
  value: Duration;
  onChange(value: Duration): void;
  issue?: FieldIssue | undefined;
}) {
  const { t } = useTranslation();
  const { value } = props;
  return (
    <>
      <Labelled label={t("rules.editor.amount")} issue={props.issue}>
        {(id, d) => (
          <input
            id={id}
            type="number"
            min={0}
            value={value.amount}
            aria-describedby={d}
            onChange={(e) => props.onChange({ ...value, amount: Number(e.target.value) })}
          />
        )}
      </Labelled>
      <ChoiceSelect
        label={t("rules.editor.unit")}
        value={value.unit}
        choices={durationUnits}
        text={(u) => t(`rules.editor.units.${u}`)}
        onChange={(unit) => props.onChange({ ...value, unit })}
      />
    </>
  );
}

export function useFieldLabel(): (f: FieldDescriptor) => string {
  const { i18n } = useTranslation();
  const lang = langOf(i18n.language);
  return (f) => f.label[lang];
}

export function FieldSelect(props: {
  label: string;
  value: string;
  fields: readonly FieldDescriptor[];
  onChange(key: string): void;
  issue?: FieldIssue | undefined;
  extra?: { value: string; label: string }[];
}) {
  const label = useFieldLabel();
  const texts = new Map<string, string>([
    ...(props.extra ?? []).map((x) => [x.value, x.label] as const),
    ...props.fields.map((f) => [f.key, label(f)] as const),
  ]);
  // A value that is no longer a choice (a field since removed) stays shown as it is.
  const choices = [...(texts.has(props.value) ? [] : [props.value]), ...texts.keys()];
  return (
    <ChoiceSelect
      label={props.label}
      value={props.value}
      choices={choices}
      text={(c) => texts.get(c) ?? (c || "—")}
      onChange={props.onChange}
      issue={props.issue}
    />
  );
}

/** The values an action writes into `target` records, read from `from` records. */
export function ValuesEditor(props: {
  from: CollectionName;
  target: CollectionName;
  values: Record<string, ValueExpr>;
  onChange(values: Record<string, ValueExpr>): void;
  path: string;
  issues: Issues;
}) {
  const { t } = useTranslation();
  const { settings } = useWorkspaceSettings();
  const label = useFieldLabel();
  const writable = writableFieldsOf(props.target, settings);
  const source = [...writableFieldsOf(props.from, settings)];
  const entries = Object.entries(props.values);
  const set = (key: string, expr: ValueExpr) => props.onChange({ ...props.values, [key]: expr });
  const free = writable.filter((f) => !(f.key in props.values));
  return (
    <fieldset className="rule-values">
      <legend>{t("rules.editor.values")}</legend>
      {props.issues.get(props.path) && <p className="field-error">{t("errors.required")}</p>}
      {entries.map(([key, expr]) => {
        const f = writable.find((x) => x.key === key);
        const name = f ? label(f) : key;
        const at = `${props.path}.${key}`;
        return (
          <div key={key} className="rule-row">
            <ChoiceSelect
              label={t("rules.editor.valueKind", { field: name })}
              value={expr.kind}
              choices={["value", "field", "now", "stage"] as const}
              text={(k) => t(`rules.editor.valueKinds.${k}`)}
              onChange={(kind) => set(key, defaultExpr(kind, source[0]?.key ?? "id"))}
            />
            {expr.kind === "value" &&
              (f?.values?.length ? (
                <Labelled label={t("rules.editor.valueText", { field: name })} issue={props.issues.get(at)}>
                  {(id, d) => (
                    <select
                      id={id}
                      value={expr.value}
                      aria-describedby={d}
                      aria-invalid={props.issues.get(at) ? true : undefined}
                      onChange={(e) => set(key, { kind: "value", value: e.target.value })}
                    >
                      <option value="">—</option>
                      {f
                        .values!.filter((v) => !v.retired)
                        .map((v) => (
                          <option key={v.value} value={v.value}>
                            {v.label[langOf(t("lang.code"))]}
                          </option>
                        ))}
                    </select>
                  )}
                </Labelled>
              ) : (
                <Labelled label={t("rules.editor.valueText", { field: name })} issue={props.issues.get(at)}>
                  {(id, d) => (
                    <input
                      id={id}
                      value={expr.value}
                      aria-describedby={d}
                      aria-invalid={props.issues.get(at) ? true : undefined}
                      onChange={(e) => set(key, { kind: "value", value: e.target.value })}
                    />
                  )}
                </Labelled>
              ))}
            {expr.kind === "field" && (
              <FieldSelect
                label={t("rules.editor.sourceField", { field: name })}
                value={expr.field}
                fields={source}
                extra={[{ value: "id", label: t("rules.editor.id") }]}
                onChange={(field) => set(key, { kind: "field", field })}
                issue={props.issues.get(at)}
              />
            )}
            {expr.kind === "now" && (
              <DurationFields
                value={expr.offset}
                onChange={(offset) => set(key, { ...expr, offset })}
                issue={props.issues.get(at)}
              />
            )}
            {expr.kind === "stage" && (
              <ChoiceSelect
                label={t("rules.editor.valueText", { field: name })}
                value={expr.stageKind}
                choices={["won", "lost"] as const}
                text={(k) => t(`rules.editor.stageKinds.${k}`)}
                onChange={(stageKind) => set(key, { kind: "stage", stageKind })}
                issue={props.issues.get(at)}
              />
            )}
            <button
              type="button"
              className="button small"
              aria-label={t("rules.editor.removeValue", { field: name })}
              onClick={() => {
                const { [key]: _, ...rest } = props.values;
                props.onChange(rest);
              }}
            >
              ×
            </button>
          </div>
        );
      })}
      {free.length > 0 && <AddValue fields={free} onAdd={(key) => set(key, { kind: "value", value: "" })} />}
    </fieldset>
  );
}

/** Choose a field, then Add: a select that adds on change would add on the first arrow key. */
function AddValue(props: { fields: readonly FieldDescriptor[]; onAdd(key: string): void }) {
  const { t } = useTranslation();
  const [key, setKey] = useState(props.fields[0]?.key ?? "");
  const chosen = props.fields.some((f) => f.key === key) ? key : (props.fields[0]?.key ?? "");
  return (
    <div className="rule-row">
      <FieldSelect label={t("rules.editor.addValue")} value={chosen} fields={props.fields} onChange={setKey} />
      <button type="button" className="button small" onClick={() => props.onAdd(chosen)}>
        {t("rules.editor.addValue")}
      </button>
    </div>
  );
}

function defaultExpr(kind: ValueExpr["kind"], field: string): ValueExpr {
  switch (kind) {
    case "value":
      return { kind, value: "" };
    case "field":
      return { kind, field };
    case "now":
      return { kind, offset: { amount: 1, unit: "days" } };
    case "stage":
      return { kind, stageKind: "won" };
  }
}
