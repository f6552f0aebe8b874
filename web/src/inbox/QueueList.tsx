import type { Channel } from "@crm/schema";
import { caseSla } from "@crm/schema";
import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useWorkspaceSettings } from "../runtime/settings.js";
import { AssigneeName, PriorityBadge } from "../service/CaseBadges.js";
import { SlaCell } from "../service/SlaTimer.js";
import { formatDateTime } from "../ui/dates.js";
import type { QueueItem } from "./queue.js";
import { previewText, useLastMessage } from "./useInbox.js";

const ROW_HEIGHT = 92;

/**
 * The queue: one option per conversation, virtualised (only the rows on screen exist, so a few
 * thousand cases cost what twenty do). It is a listbox whose active option follows the selection;
 * the inbox's keys (j/k, ↑/↓) move it from anywhere on the page.
 */
export function QueueList(props: {
  items: QueueItem[];
  selected: string | null;
  now: number;
  onSelect(id: string): void;
}) {
  const { t } = useTranslation();
  const { items, selected } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: items.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
  });
  const index = selected ? items.findIndex((i) => i.case.id === selected) : -1;
  useEffect(() => {
    if (index >= 0) virtualizer.scrollToIndex(index, { align: "auto" });
  }, [index, virtualizer]);
  return (
    <div className="inbox-queue-scroll" ref={scrollRef}>
      <div
        role="listbox"
        aria-label={t("inbox.queue")}
        tabIndex={0}
        aria-activedescendant={index >= 0 ? optionId(items[index]!.case.id) : undefined}
        className="inbox-queue"
        style={{ height: virtualizer.getTotalSize() }}
      >
        {virtualizer.getVirtualItems().map((v) => {
          const item = items[v.index]!;
          return (
            <Row
              key={item.case.id}
              item={item}
              selected={item.case.id === selected}
              top={v.start}
              now={props.now}
              onSelect={props.onSelect}
            />
          );
        })}
      </div>
    </div>
  );
}

export const optionId = (caseId: string) => `inbox-option-${caseId}`;

function Row(props: { item: QueueItem; selected: boolean; top: number; now: number; onSelect(id: string): void }) {
  const { t, i18n } = useTranslation();
  const { settings } = useWorkspaceSettings();
  const { item } = props;
  const c = item.case;
  const last = useLastMessage(c.id);
  const prefix = last?.direction === "outbound" ? t("inbox.you") : last?.direction === "note" ? t("inbox.note") : "";
  return (
    // biome-ignore lint/a11y/useFocusableInteractive: the listbox holds focus and points at the active option (aria-activedescendant)
    // biome-ignore lint/a11y/useKeyWithClickEvents: the inbox's keys (j/k, ↑/↓) select from the keyboard
    <div
      id={optionId(c.id)}
      role="option"
      aria-selected={props.selected}
      className={`inbox-row${props.selected ? " selected" : ""}${item.unread ? " unread" : ""}`}
      style={{ transform: `translateY(${props.top}px)`, height: ROW_HEIGHT }}
      onClick={() => props.onSelect(c.id)}
    >
      <div className="inbox-row-top">
        <ChannelIcon channel={c.channel} />
        {item.unread && (
          <span className="inbox-unread" title={t("inbox.unread")}>
            <span className="sr-only">{t("inbox.unread")}</span>
          </span>
        )}
        <span className="inbox-subject">{c.subject}</span>
        <time className="muted small" dateTime={new Date(item.lastAt).toISOString()}>
          {formatDateTime(i18n.language, item.lastAt)}
        </time>
      </div>
      <div className="inbox-preview muted small">
        {last ? `${prefix}${previewText(last)}` : last === null ? t("inbox.noMessages") : "\u00a0"}
      </div>
      <div className="inbox-row-meta small">
        <PriorityBadge priority={c.priority} />
        <SlaCell sla={caseSla(c, settings, props.now)} />
        <span className="inbox-assignee">
          {c.assignee ? <AssigneeName assignee={c.assignee} /> : <span className="muted">{t("inbox.unassigned")}</span>}
        </span>
      </div>
    </div>
  );
}

/** The channel as a small picture with its name for screen readers (never the picture alone). */
export function ChannelIcon({ channel }: { channel: Channel }) {
  const { t } = useTranslation();
  const label = t(`service.channels.${channel}`);
  return (
    <span className={`inbox-channel ${channel}`} title={label}>
      <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
        <path d={ICONS[channel]} fill="none" stroke="currentColor" strokeWidth="1.5" strokeLinejoin="round" />
      </svg>
      <span className="sr-only">{label}</span>
    </span>
  );
}

const ICONS: Record<Channel, string> = {
  email: "M1.5 3.5h13v9h-13zM1.5 3.5l6.5 5 6.5-5",
  chat: "M2 3h12v8H7l-3 3v-3H2z",
  web: "M8 1.5a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13M1.5 8h13M8 1.5c-2.5 3-2.5 10 0 13M8 1.5c2.5 3 2.5 10 0 13",
  phone: "M4 1.5h3l1 3.5-2 1.5c.8 1.8 2.2 3.2 4 4l1.5-2 3.5 1v3c0 1-1 2-2 2C7 14.5 1.5 9 1.5 3.5c0-1 1-2 2.5-2z",
};
