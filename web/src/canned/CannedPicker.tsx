import type { CannedResponse } from "@crm/schema";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import "./canned.css";

/**
 * The canned responses of the workspace in a modal dialog, opened from the reply box (its button
 * or Alt+/): type to narrow, ↑/↓ or Tab between them, Enter inserts, Esc closes — focus goes back
 * to the reply text either way.
 */
export function CannedPicker(props: {
  responses: readonly CannedResponse[];
  onPick(response: CannedResponse): void;
  onClose(): void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const listRef = useRef<HTMLUListElement>(null);
  const [query, setQuery] = useState("");
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  const q = query.trim().toLocaleLowerCase();
  const shown = props.responses.filter(
    (r) => !q || r.title.toLocaleLowerCase().includes(q) || r.body.toLocaleLowerCase().includes(q),
  );
  const buttons = () => [...(listRef.current?.querySelectorAll<HTMLButtonElement>("button") ?? [])];
  const step = (e: KeyboardEvent, delta: 1 | -1) => {
    const all = buttons();
    if (!all.length) return;
    e.preventDefault();
    const at = all.indexOf(document.activeElement as HTMLButtonElement);
    const next = at < 0 ? (delta === 1 ? 0 : all.length - 1) : (at + delta + all.length) % all.length;
    all[next]!.focus();
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "ArrowDown") step(e, 1);
    else if (e.key === "ArrowUp") step(e, -1);
    else if (e.key === "Enter" && e.target instanceof HTMLInputElement && shown[0]) {
      e.preventDefault();
      props.onPick(shown[0]);
    }
  };
  return (
    <dialog
      ref={ref}
      className="canned-picker"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      onKeyDown={onKeyDown}
    >
      <h2 id={`${id}-title`}>{t("canned.pickerTitle")}</h2>
      {props.responses.length === 0 ? (
        <p className="muted">{t("canned.empty")}</p>
      ) : (
        <>
          <label htmlFor={`${id}-q`} className="sr-only">
            {t("canned.search")}
          </label>
          <input
            id={`${id}-q`}
            type="search"
            placeholder={t("canned.search")}
            value={query}
            autoComplete="off"
            onChange={(e) => setQuery(e.target.value)}
          />
          {shown.length === 0 && <p className="muted">{t("canned.noMatch")}</p>}
          <ul className="plain-list canned-options" ref={listRef}>
            {shown.map((r) => (
              <li key={r.id}>
                <button type="button" className="canned-option" onClick={() => props.onPick(r)}>
                  <strong>{r.title}</strong>
                  <span className="muted small">{r.body.slice(0, 120)}</span>
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="form-actions">
        <button type="button" className="button" onClick={props.onClose}>
          {t("canned.close")}
        </button>
      </div>
    </dialog>
  );
}
