import type { CollectionName, InboxItem } from "@crm/schema";
import { type KeyboardEvent, useEffect, useMemo, useRef } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "wouter";
import { useRuntime } from "../runtime/context.js";
import { personLabel, usePeople } from "../runtime/people.js";
import { formatDateTime } from "../ui/dates.js";
import type { Inbox } from "./useInbox.js";

/**
 * The list under the bell: newest first, unread ones marked, each saying what happened, who did
 * it and when, and linking to its record (opening one marks it read and closes the panel).
 * Keyboard: focus starts on the first notification; ↑/↓ (Home/End) move between them, Enter
 * opens, Tab reaches each one's buttons, Esc closes and gives focus back to the bell.
 */
export function InboxPanel({ id, inbox, close }: { id: string; inbox: Inbox; close(refocus: boolean): void }) {
  const { t, i18n } = useTranslation();
  const listRef = useRef<HTMLUListElement>(null);
  const headRef = useRef<HTMLHeadingElement>(null);
  const { me } = useRuntime();
  const people = usePeople();
  const names = useMemo(() => new Map(people.map((p) => [p.id, p.name])), [people]);

  useEffect(() => {
    const first = listRef.current?.querySelector<HTMLElement>(".inbox-open");
    (first ?? headRef.current)?.focus();
  }, []);

  const who = (actor: string | undefined) => {
    if (!actor) return t("notifications.someone");
    if (actor === "automation") return t("notifications.automation");
    const label = personLabel(actor, names, me.id, t);
    return label.kind === "unknown" ? t("notifications.someone") : label.text;
  };
  const text = (item: InboxItem) =>
    item.kind === "assignment" || item.kind === "mention"
      ? t(`notifications.what.${item.kind}`, { who: who(item.actor), title: item.title })
      : item.title;

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close(true);
      return;
    }
    if (!["ArrowDown", "ArrowUp", "Home", "End"].includes(e.key)) return;
    const rows = [...(listRef.current?.querySelectorAll<HTMLElement>(".inbox-open") ?? [])];
    if (!rows.length) return;
    e.preventDefault();
    const at = rows.findIndex((r) => r.closest("li")?.contains(document.activeElement));
    const next =
      e.key === "Home"
        ? 0
        : e.key === "End"
          ? rows.length - 1
          : e.key === "ArrowDown"
            ? Math.min(rows.length - 1, at + 1)
            : Math.max(0, at < 0 ? 0 : at - 1);
    rows[next]?.focus();
  };

  return (
    <div id={id} className="inbox-panel" role="dialog" aria-labelledby={`${id}-title`} onKeyDown={onKeyDown}>
      <div className="inbox-head">
        <h2 id={`${id}-title`} ref={headRef} tabIndex={-1}>
          {t("notifications.title")}
        </h2>
        <button type="button" className="button small" disabled={!inbox.unread} onClick={() => inbox.markAllRead()}>
          {t("notifications.markAll")}
        </button>
      </div>
      {inbox.items.length ? (
        <ul className="inbox-list" ref={listRef}>
          {inbox.items.map((item) => (
            <li key={item.id} className={item.read ? "inbox-item" : "inbox-item unread"}>
              <div className="inbox-main">
                {item.record ? (
                  <Link
                    className="inbox-open"
                    href={`/${item.record.collection as CollectionName}/${item.record.id}`}
                    onClick={() => {
                      inbox.markRead([item.id]);
                      close(false);
                    }}
                  >
                    {text(item)}
                  </Link>
                ) : (
                  <button type="button" className="inbox-open link-like" onClick={() => inbox.markRead([item.id])}>
                    {text(item)}
                  </button>
                )}
                {item.body && <p className="inbox-body">{item.body}</p>}
                <p className="inbox-meta">
                  {!item.read && <span className="inbox-dot">{t("notifications.unread")}</span>}
                  <span>{t(`notifications.kinds.${item.kind}`)}</span>
                  <time dateTime={new Date(item.at).toISOString()}>{formatDateTime(i18n.language, item.at)}</time>
                </p>
              </div>
              <div className="inbox-actions">
                {!item.read && (
                  <button type="button" className="button small" onClick={() => inbox.markRead([item.id])}>
                    {t("notifications.markRead")}
                  </button>
                )}
                <button
                  type="button"
                  className="button small"
                  aria-label={`${t("notifications.dismiss")}: ${text(item)}`}
                  onClick={() => inbox.dismiss(item.id)}
                >
                  ×
                </button>
              </div>
            </li>
          ))}
        </ul>
      ) : (
        <p className="inbox-empty">{t("notifications.empty")}</p>
      )}
      <p className="inbox-hint">{t("notifications.hint")}</p>
    </div>
  );
}
