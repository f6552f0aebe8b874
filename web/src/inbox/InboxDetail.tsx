import { caseSla, contactName, type SurveyResponse } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { AccountName } from "../contacts/AccountName.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { AssigneeName, CaseStatusBadge, PriorityBadge } from "../service/CaseBadges.js";
import { Conversation } from "../service/Conversation.js";
import { type CaseRow, isMine, isOpenCase, patchCase } from "../service/caseRecord.js";
import { ReplyBox } from "../service/ReplyBox.js";
import { SatisfactionDialog } from "../service/SatisfactionDialog.js";
import { SlaCell } from "../service/SlaTimer.js";
import { useNow } from "../service/useNow.js";
import { NotFound } from "../ui/NotFound.js";
import { usePersonLabel } from "../ui/Person.js";
import { AssignDialog } from "./AssignDialog.js";
import { ChannelIcon } from "./QueueList.js";
import { useMarkSeen } from "./useInbox.js";
import { useInboxKeys } from "./useInboxKeys.js";
import { useConversationPresence, useDraftWatch, useReplyCollision } from "./usePresence.js";

/*
 * The selected conversation beside the queue: the case's fields and SLA, who else is on it, the
 * thread and the reply box (the case page's own components), and the actions the keys reach:
 * r reply, a assign, e or Ctrl+Shift+R resolve.
 */
export function InboxDetail({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const { db, store, me } = useRuntime();
  const canWrite = useCanWrite("cases");
  const canReply = useCanWrite("caseMessages");
  const row = useLiveQuery(() => db.cases.get(caseId).then((r) => (r as CaseRow | undefined) ?? null), [db, caseId]);
  const contact = useLiveQuery(
    () => (row?.contactId ? db.contacts.get(row.contactId) : undefined),
    [db, row?.contactId],
  );
  const accountId = row?.accountId ?? "";
  // A case the customer already answered resolves without asking again (as on the case page).
  const answered = useLiveQuery(
    async () =>
      (accountId ? db.surveyResponses.where("accountId").equals(accountId) : db.surveyResponses.toCollection())
        .filter((r: SurveyResponse) => r.caseId === caseId)
        .count()
        .then((n) => n > 0),
    [db, caseId, accountId],
  );
  const { settings } = useWorkspaceSettings();
  const now = useNow(1_000);
  const { others, setReplying } = useConversationPresence(caseId);
  const { ref: replyRef, drafting } = useDraftWatch(setReplying);
  const collision = useReplyCollision(caseId, drafting);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [dialog, setDialog] = useState<"assign" | "resolve" | null>(null);
  const replyArea = useRef<HTMLDivElement | null>(null);
  const markSeen = useMarkSeen();
  const personLabel = usePersonLabel();
  const lastInbound = useLiveQuery(
    async () =>
      (await db.caseMessages.where("caseId").equals(caseId).toArray()).filter((m) => m.direction === "inbound").length,
    [db, caseId],
  );
  // Looking at the conversation reads it, and what arrives while it is open.
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new inbound message is read again
  useEffect(() => markSeen(caseId), [caseId, lastInbound]);

  const open = row ? isOpenCase(row) : false;
  const resolve = () => {
    if (!row || !canWrite || !open) return;
    if (answered) void patchCase(store, row, { status: "resolved" });
    else setDialog("resolve");
  };
  useInboxKeys(
    {
      r: () => replyArea.current?.querySelector("textarea")?.focus(),
      a: () => canWrite && setDialog("assign"),
      e: resolve,
    },
    { R: resolve },
  );

  if (row === undefined) return null;
  if (row === null) return <NotFound back="/inbox" />;
  const sla = caseSla(row, settings, now);
  const typing = others.filter((o) => o.replying);
  const viewing = others.filter((o) => !o.replying);
  const collider = collision && collision.id !== dismissed ? collision : null;

  return (
    <article className="inbox-detail" aria-labelledby="inbox-detail-title">
      <header className="inbox-detail-head">
        <div className="inbox-detail-title">
          <ChannelIcon channel={row.channel} />
          <h2 id="inbox-detail-title">{row.subject}</h2>
          <CaseStatusBadge status={row.status} />
          <PriorityBadge priority={row.priority} />
          <SlaCell sla={sla} />
        </div>
        <dl className="inbox-facts">
          <dt>{t("service.fields.contactId")}</dt>
          <dd>{contact ? <Link href={`/contacts/${contact.id}`}>{contactName(contact)}</Link> : "—"}</dd>
          <dt>{t("service.fields.accountId")}</dt>
          <dd>
            <AccountName id={row.accountId} link />
          </dd>
          <dt>{t("inbox.assignee")}</dt>
          <dd data-testid="inbox-assignee">
            <AssigneeName assignee={row.assignee} />
          </dd>
        </dl>
        <div className="case-actions" role="toolbar" aria-label={t("inbox.actions.label")}>
          {canWrite && !isMine(row, me) && (
            <button type="button" className="button" onClick={() => void patchCase(store, row, { assignee: me.id })}>
              {t("inbox.actions.assignToMe")}
            </button>
          )}
          {canWrite && (
            <button type="button" className="button" aria-keyshortcuts="a" onClick={() => setDialog("assign")}>
              {t("inbox.actions.assign")}
            </button>
          )}
          {canWrite && open && (
            <button type="button" className="button primary" aria-keyshortcuts="e Control+Shift+R" onClick={resolve}>
              {t("inbox.actions.resolve")}
            </button>
          )}
          {canWrite && !open && (
            <button type="button" className="button" onClick={() => void patchCase(store, row, { status: "open" })}>
              {t("inbox.actions.reopen")}
            </button>
          )}
          <Link href={`/cases/${row.id}`} className="button">
            {t("inbox.openCase")}
          </Link>
        </div>
        <div className="inbox-presence" role="status" aria-live="polite">
          {viewing.length > 0 && (
            <p>
              {t("inbox.presence.viewing", { names: viewing.map((o) => o.name).join(", "), count: viewing.length })}
            </p>
          )}
          {typing.map((o) => (
            <p key={o.id} className="inbox-typing">
              {t("inbox.presence.typing", { name: o.name })}
            </p>
          ))}
        </div>
        {collider && (
          <div className="inbox-collision" role="alert">
            <span>
              {t("inbox.collision", { name: collider.author ? personLabel(collider.author).text : t("inbox.someone") })}
            </span>
            <button type="button" className="button small" onClick={() => setDismissed(collider.id)}>
              {t("inbox.dismiss")}
            </button>
          </div>
        )}
      </header>
      <div
        ref={(el) => {
          replyArea.current = el;
          replyRef(el);
          el?.addEventListener("keydown", leaveReplyOnEscape);
        }}
        className="inbox-thread"
      >
        <Conversation caseId={caseId} reply={canReply ? <ReplyBox caseId={caseId} /> : undefined} />
      </div>
      {dialog === "assign" && (
        <AssignDialog
          subject={row.subject}
          current={row.assignee}
          onPick={(assignee) => {
            setDialog(null);
            if (assignee !== row.assignee) void patchCase(store, row, { assignee });
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === "resolve" && (
        <SatisfactionDialog
          row={row}
          target="resolved"
          onDone={(change) => {
            if (change) void patchCase(store, row, { status: "resolved" });
            setDialog(null);
          }}
        />
      )}
    </article>
  );
}

/** Esc in the reply box goes back to the queue, where j/k act again (the draft stays). */
function leaveReplyOnEscape(e: KeyboardEvent) {
  if (e.key !== "Escape" || (e.target as HTMLElement).tagName !== "TEXTAREA") return;
  (e.target as HTMLElement).blur();
  document.querySelector<HTMLElement>(".inbox-queue")?.focus();
}
