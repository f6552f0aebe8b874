import { useLiveQuery } from "dexie-react-hooks";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { AccountName } from "../contacts/AccountName.js";
import { HistoryLink } from "../data/HistoryPage.js";
import type { KeyIn } from "../i18n/keys.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { formatWhen } from "../service/SlaTimer.js";
import { DeleteButton } from "../ui/DeleteButton.js";
import { WriteLink } from "../ui/EditLink.js";
import { NotFound } from "../ui/NotFound.js";
import { PersonName } from "../ui/Person.js";
import { formatDue, isOverdue, setDone } from "./activityRecord.js";
import { RelatedName } from "./RelatedName.js";
import "./activities.css";
import { MoreFields } from "../fields/MoreFields.js";

export function ActivityPage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { db, store } = useRuntime();
  const [, navigate] = useLocation();
  const canWrite = useCanWrite("activities");
  const a = useLiveQuery(() => db.activities.get(id).then((r) => r ?? null), [db, id]);
  if (a === undefined) return null;
  if (a === null) return <NotFound back="/activities" />;
  const f = (k: KeyIn<"activities.fields">) => t(`activities.fields.${k}`);
  const overdue = isOverdue(a, Date.now());
  return (
    <article className="page record-page" aria-labelledby="record-title">
      <nav className="crumbs" aria-label="breadcrumb">
        <Link href="/activities">{t("activities.title")}</Link>
      </nav>
      <header className="record-head">
        <h1 id="record-title">{a.subject}</h1>
        <span className="badge">{t(`activities.kinds.${a.kind}`)}</span>
        {overdue && <span className="badge danger-text">{t("activities.overdue")}</span>}
        <div className="grow" />
        <HistoryLink collection="activities" id={id} />
        {canWrite && (
          <button type="button" className="button" onClick={() => void setDone(store, a, !a.done)}>
            {a.done ? t("activities.reopen") : t("activities.markDone")}
          </button>
        )}
        <WriteLink href={`/activities/${id}/edit`} label={t("common.edit")} canWrite={canWrite} />
        <DeleteButton
          disabled={!canWrite}
          onConfirm={async () => {
            await store.remove("activities", id);
            navigate("/activities", { replace: true });
          }}
        />
      </header>
      <section className="card narrow" aria-labelledby="details-title">
        <h2 id="details-title">{t("accounts.details")}</h2>
        <dl className="details">
          <dt>{f("dueAt")}</dt>
          <dd className={overdue ? "danger-text" : undefined}>
            {a.dueAt === null ? "—" : formatDue(i18n.language, a.dueAt)}
          </dd>
          <dt>{f("done")}</dt>
          <dd>{a.done ? (a.doneAt ? formatWhen(i18n.language, a.doneAt) : "✓") : t("activities.open")}</dd>
          <dt>{f("related")}</dt>
          <dd>
            <RelatedName type={a.relatedType} id={a.relatedId} />
          </dd>
          <dt>{f("accountId")}</dt>
          <dd>
            <AccountName id={a.accountId} link />
          </dd>
          <dt>{f("owner")}</dt>
          <dd>
            <PersonName id={a.owner} />
          </dd>
        </dl>
      </section>
      <MoreFields collection="activities" record={a} />
    </article>
  );
}
