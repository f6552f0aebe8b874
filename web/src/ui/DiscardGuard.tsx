import { type KeyboardEvent, type ReactNode, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/** True when any value differs from where the form started (compared as stored: by content). */
export function hasChanges(values: unknown, initial: unknown): boolean {
  return JSON.stringify(values) !== JSON.stringify(initial);
}

/**
 * Esc on a record form: an untouched form is left at once; one with changes asks first ("Keep
 * editing" / "Discard"), so a stray Esc never throws away typing. Every form uses this one hook:
 * put `onKeyDown` on the form and `dialog` next to it (outside it, so the dialog's own Esc does
 * not reach the form). An Esc a control inside the form already used (a suggestion list
 * closing) is left alone: it calls preventDefault.
 */
export function useEscapeToLeave(opts: { dirty: boolean; leave(): void }): {
  onKeyDown(e: KeyboardEvent<HTMLElement>): void;
  dialog: ReactNode;
} {
  const [asking, setAsking] = useState(false);
  const back = useRef<HTMLElement | null>(null);
  const refocus = useRef(false);
  // Back where the person was typing, with every value as they left it — once the dialog is gone
  // (while a modal dialog is open, nothing outside it takes focus).
  useEffect(() => {
    if (asking || !refocus.current) return;
    refocus.current = false;
    back.current?.focus();
  }, [asking]);
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    if (e.key !== "Escape" || e.defaultPrevented) return;
    e.preventDefault();
    if (!opts.dirty) return opts.leave();
    back.current = document.activeElement as HTMLElement | null;
    setAsking(true);
  };
  const keep = () => {
    refocus.current = true;
    setAsking(false);
  };
  const dialog = asking ? (
    <DiscardDialog
      onKeep={keep}
      onDiscard={() => {
        setAsking(false);
        opts.leave();
      }}
    />
  ) : null;
  return { onKeyDown, dialog };
}

/** The question itself: a modal dialog, "Keep editing" focused (the safe answer); its Esc keeps editing. */
function DiscardDialog({ onKeep, onDiscard }: { onKeep(): void; onDiscard(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const keepRef = useRef<HTMLButtonElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    keepRef.current?.focus();
  }, []);
  return (
    <dialog
      ref={ref}
      className="discard-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-text`}
      onCancel={(e) => {
        e.preventDefault();
        onKeep();
      }}
      // The browser may close it itself (a second Esc with no click in between): that is "keep" too.
      onClose={onKeep}
    >
      <h2 id={`${id}-title`}>{t("common.discardTitle")}</h2>
      <p id={`${id}-text`} className="muted">
        {t("common.discardText")}
      </p>
      <div className="dialog-actions">
        <button ref={keepRef} type="button" className="button primary" onClick={onKeep}>
          {t("common.keepEditing")}
        </button>
        <button type="button" className="button danger-outline" onClick={onDiscard}>
          {t("common.discard")}
        </button>
      </div>
    </dialog>
  );
}
