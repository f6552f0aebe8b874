import { lazy, Suspense } from "react";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../runtime/context.js";
import type { NoteDoc } from "./useNoteDoc.js";

// The editor (and its Yjs bindings) loads on its own, after the page has painted.
const NotesEditor = lazy(() => import("./NotesEditor.js"));

/** A record page's shared notes card (`#notes-title`): a placeholder until the note's document is open. */
export function NotesCard({ note, editable }: { note: NoteDoc | null; editable: boolean }) {
  const { t } = useTranslation();
  const { me } = useRuntime();
  const loading = <div className="notes notes-loading" aria-busy="true" />;
  return (
    <section className="card notes-card" aria-labelledby="notes-title">
      <h2 id="notes-title">{t("accounts.notes")}</h2>
      {note ? (
        <Suspense fallback={loading}>
          <NotesEditor
            note={note}
            user={{ id: me.id, name: me.name, color: me.color }}
            labelledBy="notes-title"
            editable={editable}
          />
        </Suspense>
      ) : (
        loading
      )}
    </section>
  );
}
