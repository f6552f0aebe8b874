import { useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { KeyIn } from "../i18n/keys.js";

const ROWS: [KeyIn<"inbox.shortcuts">, KeyIn<"inbox.shortcuts">][] = [
  ["keysNext", "next"],
  ["keysPrevious", "previous"],
  ["keysReply", "reply"],
  ["keysLeave", "leave"],
  ["keysAssign", "assign"],
  ["keysResolve", "resolve"],
  ["keysHelp", "help"],
];

/** "?": the inbox's keys, in a modal dialog that Esc or its button closes. */
export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={ref}
      className="inbox-dialog"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>{t("inbox.shortcuts.title")}</h2>
      <dl className="inbox-keys">
        {ROWS.map(([keys, what]) => (
          <div key={what}>
            <dt>
              <kbd>{t(`inbox.shortcuts.${keys}`)}</kbd>
            </dt>
            <dd>{t(`inbox.shortcuts.${what}`)}</dd>
          </div>
        ))}
      </dl>
      <div className="dialog-actions">
        <button type="button" className="button primary" onClick={onClose} autoFocus>
          {t("inbox.shortcuts.close")}
        </button>
      </div>
    </dialog>
  );
}
