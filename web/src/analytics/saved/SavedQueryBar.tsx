import { useState } from "react";
import { useTranslation } from "react-i18next";
import { SavedQueryTitle } from "./SavedQueryTitle.js";
import type { SavedQuery } from "./savedQueries.js";

/**
 * Above the editor: for the scratch text, a title and "Save query" (the text becomes a query the
 * whole workspace sees); for a saved query, its shared title, "Delete" and "New query" (back to
 * the scratch text). Read-only roles get the title to read and a line saying why nothing else.
 */
export function SavedQueryBar(props: {
  selected: SavedQuery | null;
  canWrite: boolean;
  ready: boolean;
  onSave(title: string): void;
  onDelete(): void;
  onLeave(): void;
}) {
  const { t } = useTranslation();
  const [title, setTitle] = useState("");
  const { selected, canWrite } = props;

  if (selected) {
    return (
      <div className="analytics-query-bar">
        <SavedQueryTitle text={selected.title} label={t("analytics.saved.titleLabel")} readOnly={!canWrite} />
        {canWrite && (
          <button type="button" className="analytics-button secondary small" onClick={props.onDelete}>
            {t("analytics.saved.delete")}
          </button>
        )}
        <button type="button" className="analytics-button secondary small" onClick={props.onLeave}>
          {t("analytics.saved.new")}
        </button>
        {!canWrite && <p className="analytics-muted">{t("analytics.saved.readOnly")}</p>}
      </div>
    );
  }
  if (!canWrite) return null;
  return (
    <form
      className="analytics-query-bar"
      onSubmit={(e) => {
        e.preventDefault();
        if (!title.trim()) return;
        props.onSave(title);
        setTitle("");
      }}
    >
      <input
        className="analytics-query-title"
        aria-label={t("analytics.saved.titleLabel")}
        placeholder={t("analytics.saved.titlePlaceholder")}
        value={title}
        onChange={(e) => setTitle(e.target.value)}
      />
      <button
        type="submit"
        className="analytics-button secondary small"
        disabled={!props.ready || !title.trim()}
        title={props.ready ? undefined : t("analytics.saved.opening")}
      >
        {t("analytics.saved.save")}
      </button>
    </form>
  );
}

/** The sidebar list: every saved query of the workspace; the open one is marked. */
export function SavedQueryList(props: {
  queries: SavedQuery[];
  selectedId: string | null;
  onSelect(id: string): void;
}) {
  const { t } = useTranslation();
  return (
    <section aria-label={t("analytics.saved.title")}>
      <h2>{t("analytics.saved.title")}</h2>
      {props.queries.length === 0 ? (
        <p className="analytics-muted">{t("analytics.saved.none")}</p>
      ) : (
        <ul className="analytics-saved-list">
          {props.queries.map((q) => (
            <li key={q.id}>
              <button
                type="button"
                className="analytics-link-button"
                aria-current={q.id === props.selectedId ? "true" : undefined}
                onClick={() => props.onSelect(q.id)}
              >
                {q.title.toString() || t("analytics.saved.untitled")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
