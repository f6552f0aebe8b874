import { casePriorities, caseStatuses, channels } from "@crm/schema";
import { useCallback, useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";
import { useRuntime } from "../runtime/context.js";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { useNow } from "../service/useNow.js";
import { InboxDetail } from "./InboxDetail.js";
import { QueueList } from "./QueueList.js";
import {
  allConversations,
  buildQueue,
  inboxTabs,
  type QueueFilter,
  type QueueSort,
  queueSorts,
  step,
  tabCounts,
} from "./queue.js";
import { ShortcutsDialog } from "./ShortcutsDialog.js";
import { useInboxData } from "./useInbox.js";
import { useInboxKeys } from "./useInboxKeys.js";
import "./inbox.css";

/*
 * The agents' inbox (/inbox, /inbox/<case id>): the queue of conversations on the left, the
 * selected one beside it. Everything comes from this device's local records, live; the selection
 * is in the address so a reload or a shared link opens the same conversation.
 */
export function InboxPage({ selected }: { selected: string | null }) {
  const { t } = useTranslation();
  const { me } = useRuntime();
  const [, navigate] = useLocation();
  const { settings } = useWorkspaceSettings();
  const now = useNow(15_000);
  const { cases, activity, seen } = useInboxData();
  const [filter, setFilter] = useState<QueueFilter>(allConversations);
  const [sort, setSort] = useState<QueueSort>("recent");
  const [help, setHelp] = useState(false);

  const items = useMemo(
    () => buildQueue({ cases: cases ?? [], activity, seen, filter, sort, me, settings, now }),
    [cases, activity, seen, filter, sort, me, settings, now],
  );
  const counts = useMemo(() => tabCounts(cases ?? [], me), [cases, me]);
  const select = useCallback(
    (id: string | null) => navigate(id ? `/inbox/${id}` : "/inbox", { replace: true }),
    [navigate],
  );
  const move = useCallback((by: 1 | -1) => select(step(items, selected, by)), [items, selected, select]);
  const detail = selected ? (cases?.find((c) => c.id === selected) ?? null) : null;
  useInboxKeys({
    j: () => move(1),
    down: () => move(1),
    k: () => move(-1),
    up: () => move(-1),
    "?": () => setHelp(true),
  });

  return (
    <>
      <nav className="tabs" aria-label={t("service.views.label")}>
        <Link href="/cases" className="tab">
          {t("service.views.all")}
        </Link>
        <Link href="/cases/attention" className="tab">
          {t("service.views.attention")}
        </Link>
        <Link href="/inbox" className="tab" aria-current="page">
          {t("nav.inbox")}
        </Link>
      </nav>
      <section className="inbox" aria-labelledby="inbox-title">
        <div className="inbox-side">
          <div className="inbox-head">
            <h1 id="inbox-title">{t("inbox.title")}</h1>
            <button type="button" className="button small" onClick={() => setHelp(true)} aria-keyshortcuts="?">
              {t("inbox.shortcutsButton")}
            </button>
          </div>
          <fieldset className="inbox-tabs">
            <legend className="sr-only">{t("inbox.filters")}</legend>
            {inboxTabs.map((tab) => (
              <button
                key={tab}
                type="button"
                className={`button small${filter.tab === tab ? " primary" : ""}`}
                aria-pressed={filter.tab === tab}
                onClick={() => setFilter({ ...filter, tab })}
              >
                {t("inbox.tabCount", { label: t(`inbox.tabs.${tab}`), count: counts[tab] })}
              </button>
            ))}
          </fieldset>
          <div className="inbox-filters">
            <label>
              <span className="sr-only">{t("inbox.statusFilter")}</span>
              <select
                value={filter.status}
                onChange={(e) => setFilter({ ...filter, status: e.target.value as QueueFilter["status"] })}
              >
                <option value="">{t("inbox.anyStatus")}</option>
                {caseStatuses.map((s) => (
                  <option key={s} value={s}>
                    {t(`service.statuses.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span className="sr-only">{t("inbox.priorityFilter")}</span>
              <select
                value={filter.priority}
                onChange={(e) => setFilter({ ...filter, priority: e.target.value as QueueFilter["priority"] })}
              >
                <option value="">{t("inbox.anyPriority")}</option>
                {casePriorities.map((p) => (
                  <option key={p} value={p}>
                    {t(`service.priorities.${p}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span className="sr-only">{t("inbox.channelFilter")}</span>
              <select
                value={filter.channel}
                onChange={(e) => setFilter({ ...filter, channel: e.target.value as QueueFilter["channel"] })}
              >
                <option value="">{t("inbox.anyChannel")}</option>
                {channels.map((c) => (
                  <option key={c} value={c}>
                    {t(`service.channels.${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span className="sr-only">{t("inbox.sort")}</span>
              <select value={sort} onChange={(e) => setSort(e.target.value as QueueSort)}>
                {queueSorts.map((s) => (
                  <option key={s} value={s}>
                    {t(`inbox.sorts.${s}`)}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {cases && items.length === 0 && <p className="muted pad">{t("inbox.empty")}</p>}
          <QueueList items={items} selected={selected} now={now} onSelect={select} />
          <p className="muted small inbox-hint">{t("inbox.hint")}</p>
        </div>
        <div className="inbox-main">
          {detail ? (
            <InboxDetail key={detail.id} caseId={detail.id} />
          ) : (
            cases && <p className="muted pad">{t("inbox.pick")}</p>
          )}
        </div>
        {help && <ShortcutsDialog onClose={() => setHelp(false)} />}
      </section>
    </>
  );
}
