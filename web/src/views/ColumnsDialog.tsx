import { useEffect, useRef } from "react";
import { useTranslation } from "react-i18next";
import type { ChooserModel } from "./useListColumns.js";

/**
 * The "Columns" dialog: every column the list can show — a tick to show or hide each, "up"/"down"
 * to reorder the shown ones, "Reset to default". Changes apply at once (the list behind shows
 * them); they are part of the view on screen, so they are remembered on this device and saved
 * with a saved view. Keyboard: focus goes to the first column, Tab walks ticks and moves, Esc
 * closes and gives focus back to the button.
 */
export default function ColumnsDialog({
  model,
  onChange,
  id,
  close,
}: {
  model: ChooserModel;
  onChange(columns: string[] | undefined): void;
  id: string;
  close(refocus: boolean): void;
}) {
  const { t } = useTranslation();
  const boxRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    boxRef.current?.querySelector<HTMLInputElement>("input")?.focus();
  }, []);

  // A tick or a move puts its column elsewhere in the list: focus follows it there.
  const refocus = useRef<string | null>(null);
  useEffect(() => {
    if (!refocus.current) return;
    boxRef.current?.querySelector<HTMLElement>(refocus.current)?.focus();
    refocus.current = null;
  });

  const { shown, options } = model;
  const label = new Map(options.map((o) => [o.key, o.label]));
  // Shown columns in their order, then the others in the descriptors' order.
  const ordered = [...shown, ...options.map((o) => o.key).filter((k) => !shown.includes(k))];
  const toggle = (key: string, on: boolean) => {
    refocus.current = `[data-column="${CSS.escape(key)}"] input`;
    onChange(on ? [...shown, key] : shown.filter((k) => k !== key));
  };
  const move = (key: string, by: -1 | 1) => {
    const i = shown.indexOf(key);
    const j = i + by;
    if (i < 0 || j < 0 || j >= shown.length) return;
    refocus.current = `[data-column="${CSS.escape(key)}"] [data-move="${by}"]`;
    const next = [...shown];
    [next[i], next[j]] = [next[j]!, next[i]!];
    onChange(next);
  };
  const isDefault = shown.join("\n") === model.defaults.join("\n");

  return (
    <div
      ref={boxRef}
      id={id}
      role="dialog"
      aria-label={t("views.columns.title")}
      className="popover columns-popover"
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          close(true);
        }
      }}
    >
      <p className="muted small">{t("views.columns.titleAlways", { name: model.title })}</p>
      <ul className="column-options" aria-label={t("views.columns.list")}>
        {ordered.map((key) => {
          const name = label.get(key) ?? key;
          const at = shown.indexOf(key);
          return (
            <li key={key} data-column={key}>
              <label className="check">
                <input type="checkbox" checked={at >= 0} onChange={(e) => toggle(key, e.target.checked)} />
                {name}
              </label>
              {at >= 0 && (
                <span className="column-moves">
                  <button
                    type="button"
                    className="button small"
                    aria-label={t("views.columns.up", { name })}
                    data-move="-1"
                    aria-disabled={at === 0 || undefined}
                    onClick={() => move(key, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button small"
                    aria-label={t("views.columns.down", { name })}
                    data-move="1"
                    aria-disabled={at === shown.length - 1 || undefined}
                    onClick={() => move(key, 1)}
                  >
                    ↓
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
      <div className="popover-actions">
        <button
          type="button"
          className="button small"
          disabled={isDefault}
          onClick={() => {
            onChange(undefined);
            // The button is disabled now: keep focus in the dialog.
            boxRef.current?.querySelector<HTMLInputElement>("input")?.focus();
          }}
        >
          {t("views.columns.reset")}
        </button>
        <button type="button" className="button small primary" onClick={() => close(true)}>
          {t("views.columns.done")}
        </button>
      </div>
    </div>
  );
}
