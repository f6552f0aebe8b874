import { useLiveQuery } from "dexie-react-hooks";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { ActivityTimeline } from "../activities/Timeline.js";
import { AccountName } from "../contacts/AccountName.js";
import { HistoryLink } from "../data/HistoryPage.js";
import { MoreFields } from "../fields/MoreFields.js";
import { RecordLink } from "../fields/RecordLink.js";
import type { KeyIn } from "../i18n/keys.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { DeleteButton } from "../ui/DeleteButton.js";
import { formatCalendarDay, formatDateTime } from "../ui/dates.js";
import { WriteLink } from "../ui/EditLink.js";
import { NotFound } from "../ui/NotFound.js";
import { PersonName } from "../ui/Person.js";
import { moveToStage } from "./moveStage.js";
import { boardStages } from "./PipelinePage.js";
import { QuoteStatusBadge } from "./QuoteStatusBadge.js";
import { useLocale, useMoney, useSettings, useStageLabel } from "./useSettings.js";

export function OpportunityPage({ id }: { id: string }) {
  const { t } = useTranslation();
  const { db, store } = useRuntime();
  const settings = useSettings();
  const money = useMoney(settings);
  const stageLabel = useStageLabel();
  const locale = useLocale();
  const canWrite = useCanWrite("opportunities");
  const canQuote = useCanWrite("quotes");
  const [, navigate] = useLocation();
  const opp = useLiveQuery(() => db.opportunities.get(id).then((r) => r ?? null), [db, id]);
  const quotes = useLiveQuery(
    async () =>
      (
        await db.quotes
          .where("accountId")
          .equals(opp?.accountId ?? "")
          .toArray()
      ).filter((q) => q.opportunityId === id),
    [db, id, opp?.accountId],
  );
  if (opp === undefined) return null;
  if (opp === null) return <NotFound back="/pipeline" />;
  const f = (k: KeyIn<"sales.pipeline.fields">) => t(`sales.pipeline.fields.${k}`);
  const stages = boardStages(settings, [opp], stageLabel);
  return (
    <article className="page record-page" aria-labelledby="record-title">
      <nav className="crumbs" aria-label="breadcrumb">
        <Link href="/pipeline">{t("sales.pipeline.title")}</Link>
      </nav>
      <header className="record-head">
        <h1 id="record-title">{opp.name}</h1>
        <span
          className={`badge stage-${stages.find((s) => s.id === opp.stage)?.kind ?? "open"}`}
          data-testid="opp-stage"
        >
          {stages.find((s) => s.id === opp.stage)?.label ?? opp.stage}
        </span>
        <div className="grow" />
        <HistoryLink collection="opportunities" id={id} />
        <WriteLink href={`/opportunities/${id}/edit`} label={t("common.edit")} canWrite={canWrite} />
        <DeleteButton
          disabled={!canWrite}
          onConfirm={async () => {
            await store.remove("opportunities", id);
            navigate("/pipeline", { replace: true });
          }}
        />
      </header>
      <div className="record-grid">
        <section className="card" aria-labelledby="details-title">
          <h2 id="details-title">{t("sales.leads.details")}</h2>
          <dl className="details">
            <dt>{f("account")}</dt>
            <dd>
              <AccountName id={opp.accountId} link />
            </dd>
            {opp.contactId && (
              <>
                <dt>{t("contacts.fields.name")}</dt>
                <dd>
                  <RecordLink collection="contacts" id={opp.contactId} />
                </dd>
              </>
            )}
            <dt>{f("stage")}</dt>
            <dd>
              <select
                aria-label={t("sales.pipeline.moveTo")}
                value={opp.stage}
                disabled={!canWrite}
                onChange={(e) => void moveToStage(store, opp, e.target.value, settings)}
              >
                {stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </select>
            </dd>
            <dt>{f("amount")}</dt>
            <dd>{money(opp.amount)}</dd>
            <dt>{f("probability")}</dt>
            <dd>{opp.probability}%</dd>
            <dt>{f("closeDate")}</dt>
            <dd>{opp.closeDate ? formatCalendarDay(locale, opp.closeDate) : "—"}</dd>
            {opp.wonAt !== null && (
              <>
                <dt>{t("sales.pipeline.wonAt")}</dt>
                <dd>{formatDateTime(locale, opp.wonAt)}</dd>
              </>
            )}
            {opp.lostAt !== null && (
              <>
                <dt>{t("sales.pipeline.lostAt")}</dt>
                <dd>{formatDateTime(locale, opp.lostAt)}</dd>
              </>
            )}
            <dt>{f("owner")}</dt>
            <dd>
              <PersonName id={opp.owner} />
            </dd>
          </dl>
        </section>
        <MoreFields collection="opportunities" record={opp} />
        <section className="card" aria-labelledby="quotes-title">
          <div className="card-head">
            <h2 id="quotes-title">{t("sales.pipeline.quotes")}</h2>
            <WriteLink
              href={`/quotes/new?account=${opp.accountId}&opportunity=${id}`}
              label={t("sales.pipeline.newQuote")}
              canWrite={canQuote}
              small
            />
          </div>
          {quotes && quotes.length === 0 && <p className="muted">{t("sales.pipeline.noQuotes")}</p>}
          <ul className="plain-list">
            {quotes?.map((q) => (
              <li key={q.id}>
                <Link href={`/quotes/${q.id}`}>{q.number}</Link>
                <QuoteStatusBadge status={q.status} />
              </li>
            ))}
          </ul>
        </section>
        <ActivityTimeline accountId={opp.accountId} about={{ type: "opportunity", id }} />
      </div>
    </article>
  );
}
