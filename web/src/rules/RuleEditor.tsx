import {
  type CollectionName,
  type FieldIssue,
  type Filter,
  findField,
  multiValued,
  type Operator,
  operatorsFor,
  type Rule,
  type Trigger,
  triggerTypes,
  valueless,
} from "@crm/schema";
import { type FormEvent, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { focusFirstInvalid } from "../ui/Field.js";
import { RuleActionsEditor } from "./RuleActionsEditor.js";
import { FieldSelect, type Issues, Labelled } from "./RuleControls.js";
import { dateFields, defaultTrigger, filterableFields, ruleCollections } from "./ruleDraft.js";

/**
 * One rule, built without code: its name and record type, the trigger ("When"), the conditions
 * ("Only if", the list views' operators on the record's fields) and the actions ("Then"). The
 * issues come from schema's validation on save, by path, and sit under the control they name.
 */
export function RuleEditor(props: {
  rule: Rule;
  onChange(rule: Rule): void;
  onSave(): void;
  onCancel(): void;
  issues: readonly FieldIssue[];
  title: string;
}) {
  const { t } = useTranslation();
  const { settings } = useWorkspaceSettings();
  const form = useRef<HTMLFormElement>(null);
  const { rule } = props;
  const issues: Issues = new Map(props.issues.map((i) => [i.field, i]));
  const set = (change: Partial<Rule>) => props.onChange({ ...rule, ...change });
  const setTrigger = (trigger: Trigger) => set({ trigger });
  const c = rule.collection;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSave();
    focusFirstInvalid(form.current);
  };
  return (
    <form ref={form} className="card form rule-editor" noValidate onSubmit={submit} aria-labelledby="rule-editor-title">
      <h2 id="rule-editor-title">{props.title}</h2>
      {props.issues.length > 0 && (
        <p className="field-error" role="alert">
          {t("rules.editor.invalid")}
        </p>
      )}
      <div className="grid-2">
        <Labelled label={t("rules.editor.name")} issue={issues.get("name")}>
          {(id, d) => (
            <input
              id={id}
              value={rule.name}
              aria-invalid={issues.get("name") ? true : undefined}
              aria-describedby={d}
              onChange={(e) => set({ name: e.target.value })}
            />
          )}
        </Labelled>
        <Labelled label={t("rules.editor.collection")} issue={issues.get("collection")}>
          {(id) => (
            <select
              id={id}
              value={c}
              disabled={rule.builtIn}
              onChange={(e) => {
                const collection = e.target.value as CollectionName;
                props.onChange({
                  ...rule,
                  collection,
                  trigger: defaultTrigger(
                    rule.trigger.type === "sla" ? "created" : rule.trigger.type,
                    collection,
                    settings,
                  ),
                  conditions: [],
                });
              }}
            >
              {ruleCollections.map((x) => (
                <option key={x} value={x}>
                  {t(`rules.collections.${x}`)}
                </option>
              ))}
            </select>
          )}
        </Labelled>
      </div>
      <label className="checkbox">
        <input type="checkbox" checked={rule.enabled} onChange={(e) => set({ enabled: e.target.checked })} />{" "}
        {t("rules.editor.enabled")}
      </label>

      <fieldset className="rule-trigger">
        <legend>{t("rules.editor.trigger")}</legend>
        <Labelled label={t("rules.editor.triggerType")} issue={issues.get("trigger.type")}>
          {(id, d) => (
            <select
              id={id}
              value={rule.trigger.type}
              aria-describedby={d}
              aria-invalid={issues.get("trigger.type") ? true : undefined}
              onChange={(e) => setTrigger(defaultTrigger(e.target.value as Trigger["type"], c, settings))}
            >
              {triggerTypes
                .filter((x) => x !== "sla" || c === "cases")
                .map((x) => (
                  <option key={x} value={x}>
                    {t(`rules.editor.triggers.${x}`)}
                  </option>
                ))}
            </select>
          )}
        </Labelled>
        <TriggerFields trigger={rule.trigger} collection={c} onChange={setTrigger} issues={issues} />
      </fieldset>

      <fieldset className="rule-conditions">
        <legend>{t("rules.editor.conditions")}</legend>
        {rule.conditions.length === 0 && <p className="muted">{t("rules.editor.noConditions")}</p>}
        {rule.conditions.map((f, i) => (
          <ConditionRow
            // biome-ignore lint/suspicious/noArrayIndexKey: conditions have no identity but their place
            key={i}
            n={i + 1}
            collection={c}
            filter={f}
            issues={issues}
            at={`conditions.${i}`}
            onChange={(x) => set({ conditions: rule.conditions.map((y, j) => (j === i ? x : y)) })}
            onRemove={() => set({ conditions: rule.conditions.filter((_, j) => j !== i) })}
          />
        ))}
        <button
          type="button"
          className="button small"
          onClick={() => {
            const field = filterableFields(c, settings)[0]!;
            set({ conditions: [...rule.conditions, { field: field.key, op: operatorsFor(field)[0]!, value: "" }] });
          }}
        >
          {t("rules.editor.addCondition")}
        </button>
      </fieldset>

      <RuleActionsEditor
        ruleId={rule.id}
        collection={c}
        actions={rule.actions}
        onChange={(actions) => set({ actions })}
        issues={issues}
      />

      <div className="form-actions">
        <button type="submit" className="button primary">
          {t("rules.editor.save")}
        </button>
        <button type="button" className="button small" onClick={props.onCancel}>
          {t("rules.editor.cancel")}
        </button>
      </div>
    </form>
  );
}

function TriggerFields(props: {
  trigger: Trigger;
  collection: CollectionName;
  onChange(t: Trigger): void;
  issues: Issues;
}) {
  const { t } = useTranslation();
  const { settings } = useWorkspaceSettings();
  const { trigger: tr, issues } = props;
  const text = (label: string, path: string, value: string, onChange: (v: string) => void) => (
    <Labelled label={label} issue={issues.get(path)}>
      {(id, d) => (
        <input
          id={id}
          value={value}
          aria-invalid={issues.get(path) ? true : undefined}
          aria-describedby={d}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Labelled>
  );
  switch (tr.type) {
    case "created":
      return null;
    case "changed":
      return (
        <div className="grid-3">
          <FieldSelect
            label={t("rules.editor.field")}
            value={tr.field}
            fields={filterableFields(props.collection, settings)}
            onChange={(field) => props.onChange({ type: "changed", field })}
            issue={issues.get("trigger.field")}
          />
          {text(t("rules.editor.from"), "trigger.from", tr.from ?? "", (v) =>
            props.onChange({ ...tr, from: v || undefined }),
          )}
          {text(t("rules.editor.to"), "trigger.to", tr.to ?? "", (v) => props.onChange({ ...tr, to: v || undefined }))}
        </div>
      );
    case "dateReached":
      return (
        <div className="grid-3">
          <Labelled label={t("rules.editor.amount")} issue={issues.get("trigger.offset.amount")}>
            {(id, d) => (
              <input
                id={id}
                type="number"
                min={0}
                value={tr.offset.amount}
                aria-describedby={d}
                onChange={(e) => props.onChange({ ...tr, offset: { ...tr.offset, amount: Number(e.target.value) } })}
              />
            )}
          </Labelled>
          <Labelled label={t("rules.editor.unit")}>
            {(id) => (
              <select
                id={id}
                value={tr.offset.unit}
                onChange={(e) =>
                  props.onChange({ ...tr, offset: { ...tr.offset, unit: e.target.value as typeof tr.offset.unit } })
                }
              >
                {(["minutes", "hours", "days"] as const).map((u) => (
                  <option key={u} value={u}>
                    {t(`rules.editor.units.${u}`)}
                  </option>
                ))}
              </select>
            )}
          </Labelled>
          <Labelled label={t("rules.editor.direction")}>
            {(id) => (
              <select
                id={id}
                value={tr.direction}
                onChange={(e) => props.onChange({ ...tr, direction: e.target.value as "before" | "after" })}
              >
                {(["before", "after"] as const).map((x) => (
                  <option key={x} value={x}>
                    {t(`rules.editor.directions.${x}`)}
                  </option>
                ))}
              </select>
            )}
          </Labelled>
          <FieldSelect
            label={t("rules.editor.field")}
            value={tr.field}
            fields={dateFields(props.collection, settings)}
            onChange={(field) => props.onChange({ ...tr, field })}
            issue={issues.get("trigger.field")}
          />
        </div>
      );
    case "schedule":
      return (
        <div className="grid-3">
          <Labelled label={t("rules.editor.interval")}>
            {(id) => (
              <select
                id={id}
                value={tr.interval}
                onChange={(e) => props.onChange({ ...tr, interval: e.target.value as typeof tr.interval })}
              >
                {(["minutes", "hours", "daily"] as const).map((x) => (
                  <option key={x} value={x}>
                    {t(`rules.editor.intervals.${x}`)}
                  </option>
                ))}
              </select>
            )}
          </Labelled>
          {tr.interval === "daily" ? (
            text(t("rules.editor.at"), "trigger.at", tr.at ?? "", (v) => props.onChange({ ...tr, at: v }))
          ) : (
            <Labelled label={t("rules.editor.every")} issue={issues.get("trigger.every")}>
              {(id, d) => (
                <input
                  id={id}
                  type="number"
                  min={1}
                  value={tr.every}
                  aria-describedby={d}
                  onChange={(e) => props.onChange({ ...tr, every: Number(e.target.value) })}
                />
              )}
            </Labelled>
          )}
        </div>
      );
    case "sla":
      return (
        <Labelled label={t("rules.editor.slaWhen")}>
          {(id) => (
            <select
              id={id}
              value={tr.when}
              onChange={(e) => props.onChange({ type: "sla", when: e.target.value as typeof tr.when })}
            >
              {(["settings", "atRisk", "breached"] as const).map((x) => (
                <option key={x} value={x}>
                  {t(`rules.editor.slaWhens.${x}`)}
                </option>
              ))}
            </select>
          )}
        </Labelled>
      );
  }
}

function ConditionRow(props: {
  n: number;
  collection: CollectionName;
  filter: Filter;
  at: string;
  issues: Issues;
  onChange(f: Filter): void;
  onRemove(): void;
}) {
  const { t } = useTranslation();
  const { settings } = useWorkspaceSettings();
  const { filter: f, at, issues } = props;
  const field = findField(props.collection, f.field, settings);
  const ops: readonly Operator[] = field ? operatorsFor(field) : [f.op];
  const multi = multiValued.has(f.op);
  return (
    <div className="rule-row">
      <FieldSelect
        label={t("rules.editor.field")}
        value={f.field}
        fields={filterableFields(props.collection, settings)}
        issue={issues.get(`${at}.field`)}
        onChange={(key) => {
          const next = findField(props.collection, key, settings);
          props.onChange({ field: key, op: next ? operatorsFor(next)[0]! : "is", value: "" });
        }}
      />
      <Labelled label={t("rules.editor.operator")} issue={issues.get(`${at}.op`)}>
        {(id) => (
          <select
            id={id}
            value={f.op}
            onChange={(e) => props.onChange({ field: f.field, op: e.target.value as Operator, value: "" })}
          >
            {ops.map((op) => (
              <option key={op} value={op}>
                {t(`views.ops.${op}`)}
              </option>
            ))}
          </select>
        )}
      </Labelled>
      {!valueless.has(f.op) && (
        <Labelled label={t("rules.editor.value")} issue={issues.get(`${at}.value`)}>
          {(id, d) => (
            <input
              id={id}
              value={multi ? (f.values ?? []).join(", ") : f.value}
              aria-invalid={issues.get(`${at}.value`) ? true : undefined}
              aria-describedby={d}
              title={multi ? t("rules.editor.valuesHint") : undefined}
              onChange={(e) =>
                props.onChange(
                  multi
                    ? { ...f, value: "", values: e.target.value.split(",").map((x) => x.trim()) }
                    : { ...f, value: e.target.value },
                )
              }
            />
          )}
        </Labelled>
      )}
      <button
        type="button"
        className="button small"
        aria-label={t("rules.editor.removeCondition", { n: props.n })}
        onClick={props.onRemove}
      >
        ×
      </button>
    </div>
  );
}
