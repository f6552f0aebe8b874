import type { CollectionName } from "@crm/schema";
import { useEffect, useId, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { createSavedView, deleteSavedView, renameSavedView, updateSavedView } from "./saved.js";
import type { ListView } from "./useListView.js";

type Mode = null | "saveAs" | "rename" | "delete";

/**
 * Choose a saved view; save the view on screen as a new one; rename, update or delete the chosen
 * one. Saved views are the team's: read-only roles can choose them but every button that
 * changes them is disabled, with the reason in its title.
 */
export function SavedViewPicker({ collection, list }: { collection: CollectionName; list: ListView }) {
  const { t } = useTranslation();
  const { me } = useRuntime();
  const canWrite = useCanWrite("savedViews");
  const [mode, setMode] = useState<Mode>(null);
  const { current, doc } = list;
  const readOnly = canWrite ? undefined : t("views.readOnly");
  const selectId = useId();
  return (
    <span className="view-picker">
      <label className="inline-field" htmlFor={selectId}>
        <span>{t("views.view")}</span>
      </label>
      <select id={selectId} value={list.savedId ?? ""} onChange={(e) => list.choose(e.target.value || null)}>
        <option value="">{t("views.allRecords")}</option>
        {list.saved.map((v) => (
          <option key={v.id} value={v.id}>
            {v.id === current?.id && list.changed ? t("views.changed", { name: v.name }) : v.name}
          </option>
        ))}
      </select>
      {current && list.changed && (
        <button
          type="button"
          className="button small"
          disabled={!canWrite || !doc}
          title={readOnly ?? t("views.updateHint", { name: current.name })}
          onClick={() => doc && updateSavedView(doc, current.id, list.view, Date.now())}
        >
          {t("views.update")}
        </button>
      )}
      <button
        type="button"
        className="button small"
        disabled={!canWrite || !doc}
        title={readOnly}
        onClick={() => setMode("saveAs")}
      >
        {t("views.saveAs")}
      </button>
      {current && (
        <>
          <button
            type="button"
            className="button small"
            disabled={!canWrite || !doc}
            title={readOnly}
            onClick={() => setMode("rename")}
          >
            {t("views.rename")}
          </button>
          <button
            type="button"
            className="button small danger-outline"
            disabled={!canWrite || !doc}
            title={readOnly}
            onClick={() => setMode("delete")}
          >
            {t("views.delete")}
          </button>
        </>
      )}
      {doc && (mode === "saveAs" || (mode === "rename" && current)) && (
        <NameForm
          title={mode === "saveAs" ? t("views.saveAsTitle") : t("views.renameTitle")}
          initial={mode === "rename" && current ? current.name : ""}
          onCancel={() => setMode(null)}
          onSubmit={(name) => {
            if (mode === "rename" && current) renameSavedView(doc, current.id, name, Date.now());
            else {
              const id = createSavedView(doc, { collection, name, view: list.view, createdBy: me.id, now: Date.now() });
              list.adopt(id);
            }
            setMode(null);
          }}
        />
      )}
      {doc && mode === "delete" && current && (
        <ConfirmDelete
          name={current.name}
          onCancel={() => setMode(null)}
          onConfirm={() => {
            deleteSavedView(doc, current.id, Date.now());
            list.choose(null);
            setMode(null);
          }}
        />
      )}
    </span>
  );
}

function NameForm(props: { title: string; initial: string; onSubmit(name: string): void; onCancel(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(props.initial);
  const [problem, setProblem] = useState("");
  const id = useId();
  return (
    <form
      role="dialog"
      aria-label={props.title}
      className="popover name-popover"
      onSubmit={(e) => {
        e.preventDefault();
        const trimmed = name.trim();
        if (!trimmed) return setProblem(t("views.nameRequired"));
        if (trimmed.length > 80) return setProblem(t("views.nameTooLong"));
        props.onSubmit(trimmed);
      }}
      onKeyDown={(e) => {
        if (e.key === "Escape") {
          e.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <label>
        <span>{t("views.name")}</span>
        <input
          autoFocus
          value={name}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          onChange={(e) => {
            setName(e.target.value);
            setProblem("");
          }}
        />
      </label>
      {problem && (
        <p id={`${id}-problem`} className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="popover-actions">
        <button type="submit" className="button small primary">
          {t("views.save")}
        </button>
        <button type="button" className="button small" onClick={props.onCancel}>
          {t("views.cancel")}
        </button>
      </div>
    </form>
  );
}

function ConfirmDelete(props: { name: string; onConfirm(): void; onCancel(): void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div
      role="alertdialog"
      aria-label={t("views.delete")}
      className="popover"
      onKeyDown={(e) => e.key === "Escape" && props.onCancel()}
    >
      <p>{t("views.confirmDelete", { name: props.name })}</p>
      <div className="popover-actions">
        <button ref={ref} type="button" className="button small danger" onClick={props.onConfirm}>
          {t("views.delete")}
        </button>
        <button type="button" className="button small" onClick={props.onCancel}>
          {t("views.cancel")}
        </button>
      </div>
    </div>
  );
}
