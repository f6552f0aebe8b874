import { recordTypes } from "@crm/schema";
import { lazy, Suspense, useCallback, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { queueMentions } from "../notifications/mentionOutbox.js";
import { useRuntime } from "../runtime/context.js";
import { usePeople } from "../runtime/people.js";
import type { MadeMention } from "./mentions.js";
import type { NoteDoc } from "./useNoteDoc.js";

// The editor (and its Yjs bindings) loads on its own, after the page has painted.
const NotesEditor = lazy(() => import("./NotesEditor.js"));

/** A record page's shared notes card (`#notes-title`): a placeholder until the note's document is open. */
export function NotesCard({ note, editable }: { note: NoteDoc | null; editable: boolean }) {
  const { t } = useTranslation();
  const { me, db } = useRuntime();
  const people = usePeople();
  // Everyone but oneself: a note does not notify its own author.
  const others = useMemo(() => people.filter((p) => p.id !== me.id), [people, me.id]);
  const typeName = note?.typeName;
  const recordId = note?.recordId;
  const onMentions = useCallback(
    (made: MadeMention[]) => {
      const type = Object.values(recordTypes).find((r) => r.typeName === typeName);
      if (!type || !recordId) return;
      void queueMentions(
        db,
        made.map((m) => ({ collection: type.collection, recordId, id: m.id, userId: m.userId })),
      );
    },
    [db, typeName, recordId],
  );
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
            people={others}
            onMentions={onMentions}
          />
        </Suspense>
      ) : (
        loading
      )}
    </section>
  );
}
