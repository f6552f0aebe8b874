import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { hasKey } from "../i18n/keys.js";
import { useRuntime } from "../runtime/context.js";
import { useCanWrite } from "../runtime/session.js";
import { ListPage } from "../ui/ListPage.js";
import { RecordName } from "../views/RecordName.js";
import type { ListColumnsSpec } from "../views/useListColumns.js";
import { type ActivityRow, formatDue, isOverdue, relatedCollection, setDone } from "./activityRecord.js";
import "./activities.css";

/** Every call, email, meeting and task of the workspace: tick one done right in the list. */
export function ActivitiesList() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  // Made once per language: a new spec each render would rebuild every column (useListColumns).
  const columns = useMemo<ListColumnsSpec<ActivityRow>>(
    () => ({
      cells: {
        kind: (a) => <span className="badge">{t(`activities.kinds.${a.kind}`)}</span>,
        dueAt: (a) =>
          a.dueAt === null ? (
            "—"
          ) : (
            <span className={`activity-due${isOverdue(a, Date.now()) ? " overdue" : ""}`}>
              {formatDue(lang, a.dueAt)}
            </span>
          ),
        done: (a) => <DoneBox a={a} />,
        // "Contact: Peter Gibbons": a name alone does not say what kind of record it is.
        relatedId: (a) => {
          const collection = relatedCollection(a.relatedType);
          if (!collection || !a.relatedId) return <span className="muted">—</span>;
          return (
            <>
              {hasKey("activities.types", a.relatedType) ? t(`activities.types.${a.relatedType}`) : a.relatedType}:{" "}
              <RecordName collection={collection} id={a.relatedId} />
            </>
          );
        },
      },
    }),
    [t, lang],
  );
  return (
    <ListPage<ActivityRow> collection="activities" prefix="activities" title={(a) => a.subject} columns={columns} />
  );
}

function DoneBox({ a }: { a: ActivityRow }) {
  const { t } = useTranslation();
  const { store } = useRuntime();
  const canWrite = useCanWrite("activities");
  return (
    <span className="activity-done">
      <input
        type="checkbox"
        checked={a.done}
        disabled={!canWrite}
        aria-label={t("activities.timeline.doneLabel", { subject: a.subject })}
        // The row is a link: ticking the box must not open the activity.
        onClick={(e) => e.stopPropagation()}
        onChange={(e) => void setDone(store, a, e.target.checked)}
      />
    </span>
  );
}
