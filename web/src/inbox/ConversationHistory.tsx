import type { CaseMessage } from "@crm/schema";
import { useLiveQuery } from "dexie-react-hooks";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import type { Row } from "../local/db.js";
import { useRuntime } from "../runtime/context.js";
import type { CaseRow } from "../service/caseRecord.js";
import { formatDateTime } from "../ui/dates.js";
import { ChannelIcon } from "./QueueList.js";
import { previewText } from "./useInbox.js";

const SHOWN = 20;

/**
 * A contact's or an account's conversations beside their timeline: every entry of their cases'
 * threads (mail, chat, replies, notes), newest first, each linking to its conversation in the
 * inbox. An account's cases come from the cases' `accountId` index; a contact's from the same
 * index when it has an account (then filtered by contact), else from a scan of the cases.
 */
export function ConversationHistory(props: { accountId: string; contactId?: string }) {
  const { t, i18n } = useTranslation();
  const { db } = useRuntime();
  const titleId = useId();
  const { accountId, contactId } = props;
  const data = useLiveQuery(async () => {
    const source = accountId ? db.cases.where("accountId").equals(accountId) : db.cases.toCollection();
    const cases = (await source
      .filter((c) => !c.deletedAt && (!contactId || c.contactId === contactId))
      .toArray()) as CaseRow[];
    if (!accountId && !contactId) return { cases: new Map<string, CaseRow>(), messages: [] };
    const messages = (await db.caseMessages
      .where("caseId")
      .anyOf(cases.map((c) => c.id))
      .toArray()) as Row<CaseMessage>[];
    return {
      cases: new Map(cases.map((c) => [c.id, c])),
      messages: messages.filter((m) => !m.deletedAt).sort((a, b) => b.sentAt - a.sentAt),
    };
  }, [db, accountId, contactId]);
  const more = (data?.messages.length ?? 0) - SHOWN;
  return (
    <section className="card conversation-history" aria-labelledby={titleId}>
      <h2 id={titleId}>{t("inbox.history.title")}</h2>
      {data && data.messages.length === 0 && <p className="muted">{t("inbox.history.none")}</p>}
      <ul className="plain-list" aria-labelledby={titleId}>
        {data?.messages.slice(0, SHOWN).map((m) => {
          const c = data.cases.get(m.caseId);
          return (
            <li key={m.id} className="history-entry">
              <span className="history-head">
                {c && <ChannelIcon channel={c.channel} />}
                <span className="badge">{t(`service.conversation.directions.${m.direction}`)}</span>
                <Link href={`/inbox/${m.caseId}`}>{c?.subject || m.subject}</Link>
                <time className="muted small" dateTime={new Date(m.sentAt).toISOString()}>
                  {formatDateTime(i18n.language, m.sentAt)}
                </time>
              </span>
              <span className="muted small">
                {m.fromName || m.fromAddress ? `${m.fromName || m.fromAddress}: ` : ""}
                {previewText(m)}
              </span>
            </li>
          );
        })}
      </ul>
      {more > 0 && <p className="muted small">{t("inbox.history.more", { count: more })}</p>}
    </section>
  );
}
