import { actionTypes, type CollectionName, fieldOf, type RuleAction } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { usePeople } from "../runtime/people.js";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { ChoiceSelect, DurationFields, FieldSelect, type Issues, Labelled, ValuesEditor } from "./RuleControls.js";
import { defaultAction, personFields, referenceFields, ruleCollections } from "./ruleDraft.js";

/** The "Then" part of a rule: its actions in order, each with the controls its type needs. */
export function RuleActionsEditor(props: {
  ruleId: string;
  collection: CollectionName;
  actions: RuleAction[];
  onChange(actions: RuleAction[]): void;
  issues: Issues;
}) {
  const { t } = useTranslation();
  const { settings } = useWorkspaceSettings();
  const { actions, collection } = props;
  const set = (i: number, a: RuleAction) => props.onChange(actions.map((x, j) => (j === i ? a : x)));
  const move = (i: number, by: number) => {
    const next = [...actions];
    const [a] = next.splice(i, 1);
    next.splice(i + by, 0, a!);
    props.onChange(next);
  };
  return (
    <fieldset className="rule-actions">
      <legend>{t("rules.editor.actions")}</legend>
      {props.issues.get("actions") && <p className="field-error">{t("errors.required")}</p>}
      <ol className="rule-action-list">
        {actions.map((a, i) => {
          const n = i + 1;
          const at = `actions.${i}`;
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: actions have no identity but their place
            <li key={i} className="rule-action">
              <div className="rule-row">
                <ChoiceSelect
                  label={t("rules.editor.actionType", { n })}
                  value={a.type}
                  choices={actionTypes}
                  text={(type) => t(`rules.editor.actionTypes.${type}`)}
                  onChange={(type) => set(i, defaultAction(type, collection, settings))}
                  issue={props.issues.get(`${at}.type`)}
                />
                <button
                  type="button"
                  className="button small"
                  disabled={i === 0}
                  aria-label={t("rules.editor.moveUp", { n })}
                  onClick={() => move(i, -1)}
                >
                  ↑
                </button>
                <button
                  type="button"
                  className="button small"
                  disabled={i === actions.length - 1}
                  aria-label={t("rules.editor.moveDown", { n })}
                  onClick={() => move(i, 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="button small"
                  aria-label={t("rules.editor.removeAction", { n })}
                  onClick={() => props.onChange(actions.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </div>
              <ActionFields
                ruleId={props.ruleId}
                collection={collection}
                action={a}
                at={at}
                issues={props.issues}
                onChange={(x) => set(i, x)}
              />
            </li>
          );
        })}
      </ol>
      <button
        type="button"
        className="button small"
        onClick={() => props.onChange([...actions, defaultAction("createRecord", collection, settings)])}
      >
        {t("rules.editor.addAction")}
      </button>
    </fieldset>
  );
}

function ActionFields(props: {
  ruleId: string;
  collection: CollectionName;
  action: RuleAction;
  at: string;
  issues: Issues;
  onChange(a: RuleAction): void;
}) {
  const { t } = useTranslation();
  const { settings } = useWorkspaceSettings();
  const people = usePeople();
  const { action: a, at, issues, collection } = props;
  switch (a.type) {
    case "setFields":
      return (
        <ValuesEditor
          from={collection}
          target={collection}
          values={a.values}
          onChange={(values) => props.onChange({ ...a, values })}
          path={`${at}.values`}
          issues={issues}
        />
      );
    case "updateRelated": {
      const target = fieldOf(collection, a.via, settings)?.ref;
      return (
        <>
          <FieldSelect
            label={t("rules.editor.via")}
            value={a.via}
            fields={referenceFields(collection, settings)}
            onChange={(via) => props.onChange({ ...a, via, values: {} })}
            issue={issues.get(`${at}.via`)}
          />
          {typeof target === "string" && (
            <ValuesEditor
              from={collection}
              target={target as CollectionName}
              values={a.values}
              onChange={(values) => props.onChange({ ...a, values })}
              path={`${at}.values`}
              issues={issues}
            />
          )}
        </>
      );
    }
    case "createRecord":
      return (
        <>
          <ChoiceSelect
            label={t("rules.editor.newCollection")}
            value={a.collection}
            choices={ruleCollections}
            text={(c) => t(`rules.collections.${c}`)}
            onChange={(c) => props.onChange({ ...a, collection: c, values: {} })}
          />
          <ValuesEditor
            from={collection}
            target={a.collection}
            values={a.values}
            onChange={(values) => props.onChange({ ...a, values })}
            path={`${at}.values`}
            issues={issues}
          />
        </>
      );
    case "assign":
      return (
        <>
          <FieldSelect
            label={t("rules.editor.assignField")}
            value={a.field ?? personFields(collection, settings)[0]?.key ?? ""}
            fields={personFields(collection, settings)}
            onChange={(field) => props.onChange({ ...a, field })}
            issue={issues.get(`${at}.field`)}
          />
          <PeoplePicker
            value={a.people}
            onChange={(p) => props.onChange({ ...a, people: p })}
            issue={issues.get(`${at}.people`)}
            people={people}
          />
          <label className="checkbox">
            <input
              type="checkbox"
              checked={a.roundRobin}
              onChange={(e) => props.onChange({ ...a, roundRobin: e.target.checked })}
            />{" "}
            {t("rules.editor.roundRobin")}
          </label>
        </>
      );
    case "notify": {
      const field = a.to.find((r) => r.kind === "field");
      const persons = a.to.flatMap((r) => (r.kind === "person" ? [r.id] : []));
      const setTo = (f: string, ids: string[]) =>
        props.onChange({
          ...a,
          to: [
            ...(f ? [{ kind: "field" as const, field: f }] : []),
            ...ids.map((id) => ({ kind: "person" as const, id })),
          ],
        });
      return (
        <>
          <FieldSelect
            label={t("rules.editor.recipients")}
            value={field?.kind === "field" ? field.field : ""}
            fields={personFields(collection, settings)}
            extra={[{ value: "", label: t("rules.editor.none") }]}
            onChange={(f) => setTo(f, persons)}
            issue={issues.get(`${at}.to`) ?? issues.get(`${at}.to.0.field`)}
          />
          <PeoplePicker
            value={persons}
            onChange={(ids) => setTo(field?.kind === "field" ? field.field : "", ids)}
            people={people}
          />
          <Labelled label={t("rules.editor.title")} issue={issues.get(`${at}.title`)}>
            {(id, d) => (
              <input
                id={id}
                value={a.title}
                aria-invalid={issues.get(`${at}.title`) ? true : undefined}
                aria-describedby={d}
                onChange={(e) => props.onChange({ ...a, title: e.target.value })}
              />
            )}
          </Labelled>
          <p className="muted">{t("rules.editor.titleHint")}</p>
          <Labelled label={t("rules.editor.body")}>
            {(id) => (
              <textarea
                id={id}
                value={a.body ?? ""}
                onChange={(e) =>
                  props.onChange({ ...a, ...(e.target.value ? { body: e.target.value } : { body: undefined }) })
                }
              />
            )}
          </Labelled>
        </>
      );
    }
    case "webhook":
      return (
        <>
          <Labelled label={t("rules.editor.event")} issue={issues.get(`${at}.event`)}>
            {(id, d) => (
              <input
                id={id}
                value={a.event ?? ""}
                aria-describedby={d}
                onChange={(e) => props.onChange(e.target.value ? { ...a, event: e.target.value } : { type: "webhook" })}
              />
            )}
          </Labelled>
          <p className="muted">{t("rules.editor.eventHint", { id: props.ruleId || "…" })}</p>
        </>
      );
    case "wait":
      return (
        <div className="rule-row">
          <DurationFields
            value={a.delay}
            onChange={(delay) => props.onChange({ ...a, delay })}
            issue={issues.get(`${at}.delay.amount`)}
          />
        </div>
      );
    case "escalate":
      return <p className="muted">{t("rules.editor.escalateHint")}</p>;
  }
}

function PeoplePicker(props: {
  value: string[];
  onChange(ids: string[]): void;
  people: { id: string; name: string }[];
  issue?: import("@crm/schema").FieldIssue | undefined;
}) {
  const { t } = useTranslation();
  return (
    <fieldset className={`rule-people${props.issue ? " invalid" : ""}`}>
      <legend>{t("rules.editor.people")}</legend>
      {props.people.map((p) => (
        <label key={p.id} className="checkbox">
          <input
            type="checkbox"
            checked={props.value.includes(p.id)}
            onChange={(e) =>
              props.onChange(e.target.checked ? [...props.value, p.id] : props.value.filter((x) => x !== p.id))
            }
          />{" "}
          {p.name}
        </label>
      ))}
      {props.issue && <p className="field-error">{t(`errors.${props.issue.code}`)}</p>}
    </fieldset>
  );
}
