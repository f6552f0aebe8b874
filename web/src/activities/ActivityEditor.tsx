import { type Activity, activityKinds } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useTranslation } from "react-i18next";
import { useLocation, useSearch } from "wouter";
import { useRuntime } from "../app/runtime-context.js";
import { AccountPicker } from "../contacts/AccountPicker.js";
import type { KeyIn } from "../i18n/keys.js";
import { NotFound } from "../ui/EditRecord.js";
import { Field, SelectField } from "../ui/Field.js";
import { PersonSelect } from "../ui/Person.js";
import { RecordForm } from "../ui/RecordForm.js";
import { activityFields, dateInputValue, isRelatable } from "./activityRecord.js";
import { RelatedName } from "./RelatedName.js";

type Values = Record<
  "kind" | "subject" | "dueAt" | "done" | "accountId" | "owner" | "relatedType" | "relatedId",
  string
>;

/**
 * A new activity. From a record's page the link carries what it is about
 * (`?type=case&id=…&account=…`); from the activities list it is about nothing yet.
 */
export function ActivityNew() {
  const { t } = useTranslation();
  const { store, me } = useRuntime();
  const [, navigate] = useLocation();
  const q = new URLSearchParams(useSearch());
  const type = q.get("type") ?? "";
  const about = isRelatable(type) && q.get("id") ? { relatedType: type, relatedId: q.get("id")! } : null;
  return (
    <ActivityFields
      title={t("activities.newTitle")}
      initial={{
        kind: "task",
        subject: "",
        dueAt: "",
        done: "false",
        accountId: q.get("account") ?? "",
        owner: me.id,
        relatedType: about?.relatedType ?? "",
        relatedId: about?.relatedId ?? "",
      }}
      onSave={(v) => store.create("activities", v)}
      onDone={(id) => navigate(`/activities/${id}`, { replace: true })}
      onCancel={() => history.back()}
    />
  );
}

/**
 * Editing an activity. The due date is edited as a day; a due time with a clock (from an import)
 * is kept as it was unless the day is changed.
 */
export function ActivityEdit({ id }: { id: string }) {
  const { t } = useTranslation();
  const { db, store } = useRuntime();
  const [, navigate] = useLocation();
  const row = useLiveQuery(() => db.activities.get(id).then((r) => r ?? null), [db, id]);
  if (row === undefined) return null;
  if (row === null) return <NotFound back="/activities" />;
  const base = activityFields(row);
  const initialDay = dateInputValue(row.dueAt);
  return (
    <ActivityFields
      key={id}
      title={t("activities.editTitle")}
      initial={{
        kind: row.kind,
        subject: row.subject,
        dueAt: initialDay,
        done: String(row.done),
        accountId: row.accountId,
        owner: row.owner,
        relatedType: row.relatedType,
        relatedId: row.relatedId,
      }}
      onSave={(v) =>
        store.update(
          "activities",
          id,
          { ...base, ...v, dueAt: v.dueAt === initialDay ? row.dueAt : v.dueAt },
          base as unknown as Record<string, unknown>,
        )
      }
      onDone={() => navigate(`/activities/${id}`, { replace: true })}
      onCancel={() => navigate(`/activities/${id}`)}
    />
  );
}

function ActivityFields(props: {
  title: string;
  initial: Values;
  onSave(v: Values): ReturnType<ReturnType<typeof useRuntime>["store"]["create"]>;
  onDone(id: string): void;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const f = (k: KeyIn<"activities.fields">) => t(`activities.fields.${k}`);
  return (
    <RecordForm<Values> {...props}>
      {({ values, set, issue }) => (
        <>
          <Field
            name="subject"
            label={f("subject")}
            value={values.subject}
            onChange={set("subject")}
            issue={issue("subject")}
            autoFocus
            required
          />
          <div className="grid-2">
            <SelectField<Activity["kind"]>
              name="kind"
              label={f("kind")}
              value={values.kind as Activity["kind"]}
              onChange={set("kind")}
              options={activityKinds.map((k) => ({ value: k, label: t(`activities.kinds.${k}`) }))}
            />
            <Field
              name="dueAt"
              label={f("dueAt")}
              type="date"
              value={values.dueAt}
              onChange={set("dueAt")}
              issue={issue("dueAt")}
            />
            <AccountPicker label={f("accountId")} value={values.accountId} onChange={set("accountId")} />
            <PersonSelect
              name="owner"
              label={f("owner")}
              value={values.owner}
              onChange={set("owner")}
              nobody={t("people.nobody")}
            />
          </div>
          <label className="check">
            <input
              type="checkbox"
              name="done"
              checked={values.done === "true"}
              onChange={(e) => set("done")(String(e.target.checked))}
            />{" "}
            {f("done")}
          </label>
          {values.relatedId && (
            <p className="muted">
              {f("related")}: <RelatedName type={values.relatedType} id={values.relatedId} link={false} />
            </p>
          )}
        </>
      )}
    </RecordForm>
  );
}
