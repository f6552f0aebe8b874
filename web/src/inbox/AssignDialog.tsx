import { type KeyboardEvent, useEffect, useId, useRef } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../runtime/context.js";
import { usePeople } from "../runtime/people.js";

/**
 * "a": assign the conversation. A modal list of choices — me first, then each member, then
 * nobody — as buttons: ↑/↓ (or Tab) move, Enter assigns, Esc cancels. Focus starts on "me",
 * so `a` then Enter is "assign to me".
 */
export function AssignDialog(props: { subject: string; current: string; onPick(id: string): void; onClose(): void }) {
  const { t } = useTranslation();
  const { me } = useRuntime();
  const people = usePeople().filter((p) => p.id !== me.id);
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    dialog?.querySelector<HTMLButtonElement>("button[data-choice]")?.focus();
  }, []);
  const choices = [
    { id: me.id, label: t("inbox.assignDialog.me", { name: me.name }) },
    ...people.map((p) => ({ id: p.id, label: p.name || p.email || p.id })),
    { id: "", label: t("inbox.assignDialog.nobody") },
  ];
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    e.preventDefault();
    const buttons = [...(ref.current?.querySelectorAll<HTMLButtonElement>("button[data-choice]") ?? [])];
    const at = buttons.indexOf(document.activeElement as HTMLButtonElement);
    const next = e.key === "ArrowDown" ? Math.min(buttons.length - 1, at + 1) : Math.max(0, at - 1);
    buttons[next]?.focus();
  };
  return (
    <dialog
      ref={ref}
      className="inbox-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-hint`}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={`${id}-title`}>{t("inbox.assignDialog.title", { subject: props.subject })}</h2>
      <p id={`${id}-hint`} className="muted small">
        {t("inbox.assignDialog.hint")}
      </p>
      <ul className="plain-list inbox-assign-list" onKeyDown={onKeyDown}>
        {choices.map((c) => (
          <li key={c.id || "-"}>
            <button type="button" className="button" data-choice={c.id} onClick={() => props.onPick(c.id)}>
              {c.label}
              {c.id === props.current && <span className="muted small"> ({t("inbox.assignDialog.current")})</span>}
            </button>
          </li>
        ))}
      </ul>
      <div className="dialog-actions">
        <button type="button" className="button" onClick={props.onClose}>
          {t("common.cancel")}
        </button>
      </div>
    </dialog>
  );
}
