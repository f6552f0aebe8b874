import { useId } from "react";
import { useTranslation } from "react-i18next";
import { usePeople, usePersonName } from "../app/people.js";
import { useRuntime } from "../app/runtime-context.js";

/** A person by user id: "Ann Lee (you)" for the signed-in person, else their name; "—" for none. */
export function PersonName({ id, empty }: { id: string; empty?: string }) {
  const { t } = useTranslation();
  const { me } = useRuntime();
  const name = usePersonName();
  if (!id) return <span className="muted">{empty ?? t("common.none")}</span>;
  return <>{id === me.id ? t("people.you", { name: name(id) }) : name(id)}</>;
}

/**
 * Choosing a person of the workspace (owner, assignee). The value is their user id; a value that
 * names nobody in the directory (typed before there was one, or someone who left) stays selectable
 * as it is, so opening and saving a form never changes it by accident.
 */
export function PersonSelect(props: {
  name: string;
  label: string;
  value: string;
  onChange(id: string): void;
  /** The label of "nobody"; without it, choosing nobody is not offered. */
  nobody?: string;
}) {
  const { t } = useTranslation();
  const { me } = useRuntime();
  const people = usePeople();
  const id = useId();
  const known = !props.value || people.some((p) => p.id === props.value);
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <select id={id} name={props.name} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.nobody !== undefined && <option value="">{props.nobody}</option>}
        {!known && <option value={props.value}>{props.value}</option>}
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.id === me.id ? t("people.you", { name: p.name }) : p.name}
          </option>
        ))}
      </select>
    </div>
  );
}
