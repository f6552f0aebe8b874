import { isRecordId } from "@crm/schema";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../runtime/context.js";
import { InboxPanel } from "./InboxPanel.js";
import { useInbox } from "./useInbox.js";
import "./notifications.css";

/** True for the bell's shortcut, Alt+Shift+N (by key position: Alt changes the character on a Mac). */
export function isBellShortcut(e: Pick<KeyboardEvent, "altKey" | "shiftKey" | "ctrlKey" | "metaKey" | "code">) {
  return e.altKey && e.shiftKey && !e.ctrlKey && !e.metaKey && e.code === "KeyN";
}

/**
 * The bell in the top bar: the unread count (live, offline too: useInbox) and the panel of
 * notifications under it. Alt+Shift+N opens it from anywhere (the notes editor included); Esc or
 * a press outside closes it, giving focus back to the bell. The count sits on the bell, out of
 * the flow: the top bar does not move when it changes.
 */
export function Bell() {
  const { me } = useRuntime();
  // Without sign-in (tools, tests without auth) there is no person and no inbox.
  return isRecordId(me.id) ? <BellButton /> : null;
}

function BellButton() {
  const { t } = useTranslation();
  const inbox = useInbox();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const panelId = `${useId()}-inbox`;
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) buttonRef.current?.focus();
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!isBellShortcut(e)) return;
      e.preventDefault();
      setOpen(true);
    };
    addEventListener("keydown", onKey);
    return () => removeEventListener("keydown", onKey);
  }, []);
  useEffect(() => {
    if (!open) return;
    const onDown = (e: MouseEvent) => {
      if (!boxRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("mousedown", onDown);
    return () => document.removeEventListener("mousedown", onDown);
  }, [open]);
  const count = inbox.unread;
  const label = count ? t("notifications.bellUnread", { count }) : t("notifications.bell");
  return (
    <div className="bell-box" ref={boxRef}>
      <button
        ref={buttonRef}
        type="button"
        className="bell"
        aria-label={label}
        title={`${label} (${t("notifications.shortcut")})`}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        aria-keyshortcuts="Alt+Shift+N"
        data-unread={count}
        onClick={() => (open ? close(false) : setOpen(true))}
      >
        <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
          <path
            d="M12 2.5a6 6 0 0 0-6 6v3.6L4.3 15.6a1 1 0 0 0 .9 1.4h13.6a1 1 0 0 0 .9-1.4L18 12.1V8.5a6 6 0 0 0-6-6Zm-2.6 16a2.7 2.7 0 0 0 5.2 0Z"
            fill="currentColor"
          />
        </svg>
        <span className="bell-count" aria-hidden="true" hidden={!count}>
          {count > 99 ? "99+" : count}
        </span>
      </button>
      {open && <InboxPanel id={panelId} inbox={inbox} close={close} />}
    </div>
  );
}
