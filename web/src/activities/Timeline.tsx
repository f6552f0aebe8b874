import { type Activity, activityKinds, type FieldIssue } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { type ActivityRow, activityWhen, isOverdue, type RelatableType, setDone, whenText } from "./activityRecord.js";

const SHOWN = 20;

/**
 * Calls, emails, meetings and tasks about one record, newest first, and a small form to log one.
 * On an account page: everything for the account (its `accountId` index). On a contact, deal,
 * lead or case page: what is about that record (the `relatedId` index). Either way one indexed
 * read, however many activities the workspace holds.
 */
export function ActivityTimeline(props: { accountId: string; about?: { type: RelatableType; id: string } }) {
  const { t, i18n } = useTranslation();
  const { db, store, me } = useRuntime();
  const canWrite = useCanWrite("activities");
  const { accountId, about } = props;
  const rows = useLiveQuery(
    () =>
      about
        ? db.activities.where("relatedId").equals(about.id).toArray()
        : db.activities.where("accountId").equals(accountId).toArray(),
    [db, accountId, about?.id],
  );
  const [kind, setKind] = useState<Activity["kind"]>("call");
  const [subject, setSubject] = useState("");
  const [due, setDue] = useState("");
  const [issues, setIssues] = useState<FieldIssue[]>([]);
  const sorted = rows ? [...rows].sort((a, b) => activityWhen(b) - activityWhen(a)) : undefined;
  const now = Date.now();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const result = await store.create("activities", {
      kind,
      subject,
      dueAt: due,
      // A call or email being logged has happened; a meeting or task is planned.
      done: kind === "call" || kind === "email",
      accountId,
      relatedType: about?.type ?? "account",
      relatedId: about?.id ?? accountId,
      owner: me.id,
    });
    if (!result.ok) return setIssues(result.issues);
    setIssues([]);
    setSubject("");
    setDue("");
  };
  const issue = (f: string) => issues.find((i) => i.field === f);
  const more = (sorted?.length ?? 0) - SHOWN;
  return (
    <section className="card activities-card" aria-labelledby="timeline-title">
      <h2 id="timeline-title">{t("activities.timeline.title")}</h2>
      {sorted && sorted.length === 0 && <p className="muted">{t("activities.timeline.none")}</p>}
      <ul className="plain-list" aria-labelledby="timeline-title">
        {sorted?.slice(0, SHOWN).map((a) => (
          <TimelineItem key={a.id} a={a} canWrite={canWrite} overdue={isOverdue(a, now)} lang={i18n.language} />
        ))}
      </ul>
      {more > 0 && (
        <p className="muted small">
          <Link href="/activities">{t("service.c360.more", { count: more })}</Link>
        </p>
      )}
      {canWrite && (
        <form className="log-activity" onSubmit={submit} noValidate aria-label={t("activities.timeline.log")}>
          <div className="field">
            <label htmlFor="activity-kind">{t("activities.fields.kind")}</label>
            <select id="activity-kind" value={kind} onChange={(e) => setKind(e.target.value as Activity["kind"])}>
              {activityKinds.map((k) => (
                <option key={k} value={k}>
                  {t(`activities.kinds.${k}`)}
                </option>
              ))}
            </select>
          </div>
          <div className={`field grow${issue("subject") ? " invalid" : ""}`}>
            <label htmlFor="activity-subject">{t("activities.fields.subject")}</label>
            <input
              id="activity-subject"
              value={subject}
              onChange={(e) => setSubject(e.target.value)}
              aria-invalid={issue("subject") ? true : undefined}
              aria-describedby={issue("subject") ? "activity-subject-error" : undefined}
            />
            {issue("subject") && (
              <p id="activity-subject-error" className="field-error">
                {t(`errors.${issue("subject")!.code}`)}
              </p>
            )}
          </div>
          <div className={`field${issue("dueAt") ? " invalid" : ""}`}>
            <label htmlFor="activity-due">{t("activities.fields.dueAt")}</label>
            <input id="activity-due" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
          </div>
          <button type="submit" className="button primary">
            {t("activities.timeline.log")}
          </button>
        </form>
      )}
    </section>
  );
}

function TimelineItem({
  a,
  canWrite,
  overdue,
  lang,
}: {
  a: ActivityRow;
  canWrite: boolean;
  overdue: boolean;
  lang: string;
}) {
  const { t } = useTranslation();
  const { store } = useRuntime();
  return (
    <li className={overdue ? "overdue" : undefined}>
      <span className="line">
        <span className="check">
          <input
            type="checkbox"
            checked={a.done}
            disabled={!canWrite}
            aria-label={t("activities.timeline.doneLabel", { subject: a.subject })}
            onChange={(e) => void setDone(store, a, e.target.checked)}
          />
          <span className="badge">{t(`activities.kinds.${a.kind}`)}</span>{" "}
          <Link href={`/activities/${a.id}`}>{a.subject}</Link>
        </span>
        <span className={`small ${overdue ? "danger-text" : "muted"}`}>
          {overdue && `${t("activities.overdue")} · `}
          {whenText(lang, a)}
        </span>
      </span>
    </li>
  );
}
