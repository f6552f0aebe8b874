import { useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../runtime/context.js";
import { type PersonLabel, personLabel, usePeople } from "../runtime/people.js";

/** The reader's names for user ids (people.ts's `personLabel` over the workspace's directory). */
export function usePersonLabel(): (id: string) => PersonLabel {
  const { t } = useTranslation();
  const { me } = useRuntime();
  const people = usePeople();
  const names = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);
  return useCallback((id: string) => personLabel(id, names, me.id, t), [names, me.id, t]);
}

/**
 * A person by user id: "Ann Lee (you)" for the signed-in person, else their name; a demo person
 * as "Dana (demo)"; anyone else as stored, greyed, with a tooltip saying why; "—" for none.
 */
export function PersonName({ id, empty }: { id: string; empty?: string }) {
  const { t } = useTranslation();
  const label = usePersonLabel();
  if (!id) return <span className="muted">{empty ?? t("common.none")}</span>;
  const p = label(id);
  if (p.kind === "member") return <>{p.text}</>;
  return (
    <span className={`person-${p.kind}`} title={p.hint}>
      {p.text}
    </span>
  );
}

/**
 * Choosing a person of the workspace (owner, assignee). The value is their user id; a value that
 * names nobody in the directory (typed before there was one, a demo person, someone who left)
 * stays selectable as it is, so opening and saving a form never changes it by accident.
 */
export function PersonControl(props: {
  id: string;
  name?: string;
  value: string;
  onChange(id: string): void;
  nobody?: string;
  describedBy?: string;
  invalid?: boolean;
  required?: boolean;
  autoFocus?: boolean;
}) {
  const people = usePeople();
  const label = usePersonLabel();
  const known = !props.value || people.some((p) => p.id === props.value);
  return (
    <select
      id={props.id}
      name={props.name}
      value={props.value}
      aria-describedby={props.describedBy}
      aria-invalid={props.invalid || undefined}
      aria-required={props.required || undefined}
      autoFocus={props.autoFocus}
      onChange={(e) => props.onChange(e.target.value)}
    >
      {props.nobody !== undefined && <option value="">{props.nobody}</option>}
      {!known && <option value={props.value}>{label(props.value).text}</option>}
      {people.map((p) => (
        <option key={p.id} value={p.id}>
          {label(p.id).text}
        </option>
      ))}
    </select>
  );
}
