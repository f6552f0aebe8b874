import { type Case, caseSla, contactName, type SlaClock, type SurveyResponse } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { ActivityTimeline } from "../activities/Timeline.js";
import { ChatReply } from "../chat/ChatReply.js";
import { AccountName } from "../contacts/AccountName.js";
import { HistoryLink } from "../data/HistoryPage.js";
import { useValueText } from "../data/useValueText.js";
import { MoreFields } from "../fields/MoreFields.js";
import type { KeyIn } from "../i18n/keys.js";
import type { Row } from "../local/db.js";
import { NotesCard } from "../notes/NotesCard.js";
import { Presence } from "../notes/Presence.js";
import { useNoteDoc, usePresence } from "../notes/useNoteDoc.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { NotFound } from "../ui/NotFound.js";
import { EditAndDelete, RecordHead } from "../ui/RecordHead.js";
import { AssigneeName, CaseStatusBadge, PriorityBadge } from "./CaseBadges.js";
import { Conversation } from "./Conversation.js";
import { type CaseRow, isMine, patchCase } from "./caseRecord.js";
import { ReplyBox } from "./ReplyBox.js";
import { SatisfactionDialog } from "./SatisfactionDialog.js";
import { clockText, formatDuration, formatWhen, SlaStateBadge } from "./SlaTimer.js";
import { useNow } from "./useNow.js";

export function CasePage({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const { db, store, me } = useRuntime();
  const canWrite = useCanWrite("cases");
  const canReply = useCanWrite("caseMessages");
  const row = useLiveQuery(() => db.cases.get(id).then((r) => (r as CaseRow | undefined) ?? null), [db, id]);
  const { settings } = useWorkspaceSettings();
  const now = useNow(1_000);
  const valueText = useValueText("cases", {});
  const note = useNoteDoc("case", id);
  const others = usePresence(note?.awareness, me.id);
  const [asking, setAsking] = useState<"resolved" | "closed" | null>(null);
  const accountId = row?.accountId ?? "";
  const responses = useLiveQuery(
    async () =>
      (
        (await (accountId
          ? db.surveyResponses.where("accountId").equals(accountId).toArray()
          : db.surveyResponses.filter((r) => r.caseId === id).toArray())) as Row<SurveyResponse>[]
      )
        .filter((r) => r.caseId === id)
        .sort((a, b) => b.respondedAt - a.respondedAt),
    [db, id, accountId],
  );
  const contact = useLiveQuery(
    () => (row?.contactId ? db.contacts.get(row.contactId) : undefined),
    [db, row?.contactId],
  );

  if (row === undefined) return null;
  if (row === null) return <NotFound back="/cases" />;
  const sla = caseSla(row, settings, now);
  const lang = i18n.language;
  const when = (at: number | null) => (at ? formatWhen(lang, at) : "—");
  const set = (changes: Partial<Case>) => void patchCase(store, row, changes);
  const f = (k: KeyIn<"service.fields">) => t(`service.fields.${k}`);
  const target = settings.sla.targets[row.priority];
  const answered = (responses?.length ?? 0) > 0;

  return (
    <article className="page record-page" aria-labelledby="record-title">
      <RecordHead
        list="/cases"
        listLabel={t("service.title")}
        title={row.subject}
        badges={
          <>
            <CaseStatusBadge status={row.status} />
            <PriorityBadge priority={row.priority} />
          </>
        }
      >
        <Presence users={others} />
        <HistoryLink collection="cases" id={id} />
        <EditAndDelete collection="cases" id={id} list="/cases" canWrite={canWrite} />
      </RecordHead>
      {canWrite && (
        <div className="case-actions" role="toolbar" aria-label={t("service.actions.label")}>
          {!isMine(row, me) && (
            <button type="button" className="button" onClick={() => set({ assignee: me.id })}>
              {t("service.actions.assignToMe")}
            </button>
          )}
          {row.firstResponseAt === null && row.status !== "resolved" && row.status !== "closed" && (
            <button
              type="button"
              className="button"
              onClick={() => set({ firstResponseAt: Date.now(), ...(row.status === "new" ? { status: "open" } : {}) })}
            >
              {t("service.actions.respond")}
            </button>
          )}
          {(row.status === "new" || row.status === "pending") && (
            <button type="button" className="button" onClick={() => set({ status: "open" })}>
              {t("service.actions.start")}
            </button>
          )}
          {(row.status === "new" || row.status === "open") && (
            <button type="button" className="button" onClick={() => set({ status: "pending" })}>
              {t("service.actions.pending")}
            </button>
          )}
          {row.status !== "resolved" && row.status !== "closed" && (
            <button type="button" className="button primary" onClick={() => setAsking("resolved")}>
              {t("service.actions.resolve")}
            </button>
          )}
          {row.status !== "closed" && (
            <button
              type="button"
              className="button"
              // A case whose customer already answered is closed without asking twice.
              onClick={() => (answered ? set({ status: "closed" }) : setAsking("closed"))}
            >
              {t("service.actions.close")}
            </button>
          )}
          {(row.status === "resolved" || row.status === "closed") && (
            <button type="button" className="button" onClick={() => set({ status: "open" })}>
              {t("service.actions.reopen")}
            </button>
          )}
        </div>
      )}
      {asking && (
        <SatisfactionDialog
          row={row}
          target={asking}
          onDone={(change) => {
            if (change) set({ status: asking });
            setAsking(null);
          }}
        />
      )}
      <div className="record-grid">
        <section className="card" aria-labelledby="details-title">
          <h2 id="details-title">{t("service.details")}</h2>
          <dl className="details">
            <dt>{f("status")}</dt>
            <dd>{t(`service.statuses.${row.status}`)}</dd>
            <dt>{f("priority")}</dt>
            <dd>{t(`service.priorities.${row.priority}`)}</dd>
            <dt>{f("channel")}</dt>
            <dd>{t(`service.channels.${row.channel}`)}</dd>
            <dt>{f("category")}</dt>
            <dd>{valueText("category", row.category) || "—"}</dd>
            <dt>{f("assignee")}</dt>
            <dd>
              <AssigneeName assignee={row.assignee} />
            </dd>
            <dt>{f("accountId")}</dt>
            <dd>
              <AccountName id={row.accountId} link />
            </dd>
            <dt>{f("contactId")}</dt>
            <dd>{contact ? <Link href={`/contacts/${contact.id}`}>{contactName(contact)}</Link> : "—"}</dd>
            <dt>{f("openedAt")}</dt>
            <dd>{when(row.openedAt)}</dd>
            <dt>{f("firstResponseAt")}</dt>
            <dd>{when(row.firstResponseAt)}</dd>
            <dt>{f("resolvedAt")}</dt>
            <dd>{when(row.resolvedAt)}</dd>
            <dt>{f("closedAt")}</dt>
            <dd>{when(row.closedAt)}</dd>
          </dl>
        </section>
        <MoreFields collection="cases" record={row} />
        <div className="sla-side">
          <section className="card" aria-labelledby="sla-title">
            <h2 id="sla-title">{t("service.sla.title")}</h2>
            <div className="sla-clocks">
              <Clock label={t("service.sla.firstResponse")} clock={sla.firstResponse} doneAt={row.firstResponseAt} />
              <Clock
                label={t("service.sla.resolution")}
                clock={sla.resolution}
                doneAt={row.resolvedAt ?? row.closedAt}
              />
            </div>
            <p className="muted small">
              {t("service.sla.rule", {
                priority: t(`service.priorities.${row.priority}`),
                first: formatDuration(t, target.firstResponseMinutes * 60_000),
                resolution: formatDuration(t, target.resolutionMinutes * 60_000),
              })}
            </p>
            {row.escalatedAt !== null && (
              <p className="escalated" role="note">
                {t("service.sla.escalated", { when: when(row.escalatedAt) })}
              </p>
            )}
          </section>
          <section className="card" aria-labelledby="csat-title">
            <h2 id="csat-title">{t("service.csat.recorded")}</h2>
            {responses && responses.length === 0 && <p className="muted">{t("service.csat.none")}</p>}
            <ul className="plain-list">
              {responses?.map((r) => (
                <li key={r.id}>
                  <strong>{t("service.csat.outOf", { score: r.score })}</strong>
                  <span className="muted small">
                    {t(`service.csat.source.${r.source === "agent" ? "agent" : "customer"}`)}
                  </span>
                  {r.comment && <span>“{r.comment}”</span>}
                  <span className="muted small">{when(r.respondedAt)}</span>
                </li>
              ))}
            </ul>
          </section>
        </div>
        <Conversation
          caseId={id}
          reply={
            !canReply ? undefined : row.channel === "chat" ? (
              <ChatReply caseId={id} fallback={<ReplyBox caseId={id} />} />
            ) : (
              <ReplyBox caseId={id} />
            )
          }
        />
        <NotesCard note={note} editable={canWrite} />
        <ActivityTimeline accountId={row.accountId} about={{ type: "case", id }} />
      </div>
    </article>
  );
}

function Clock({ label, clock, doneAt }: { label: string; clock: SlaClock; doneAt: number | null }) {
  const { t, i18n } = useTranslation();
  return (
    <section className={`sla-clock ${clock.state}`} aria-label={label}>
      <div className="sla-clock-head">
        <span>{label}</span>
        <SlaStateBadge state={clock.state} />
      </div>
      <span className="timer">
        {doneAt !== null
          ? t("service.sla.doneAt", { when: formatWhen(i18n.language, doneAt) })
          : clockText(t, i18n.language, clock)}
      </span>
      <span className="muted small">{t("service.sla.dueAt", { when: formatWhen(i18n.language, clock.dueAt) })}</span>
    </section>
  );
}
