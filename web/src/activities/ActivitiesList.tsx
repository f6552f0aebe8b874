import { useTranslation } from "react-i18next";
import { useRuntime } from "../app/runtime-context.js";
import { useCanWrite } from "../auth/session-context.js";
import type { KeyIn } from "../i18n/keys.js";
import { ListPage } from "../ui/ListPage.js";
import { PersonName } from "../ui/Person.js";
import { type ActivityRow, formatDue, isOverdue, setDone } from "./activityRecord.js";
import { RelatedName } from "./RelatedName.js";
import "./activities.css";

/** Every call, email, meeting and task of the workspace: tick one done right in the list. */
export function ActivitiesList() {
  const { t, i18n } = useTranslation();
  const f = (k: KeyIn<"activities.fields">) => t(`activities.fields.${k}`);
  const now = Date.now();
  return (
    <ListPage<ActivityRow>
      collection="activities"
      prefix="activities"
      title={(a) => a.subject}
      columns={[
        { key: "subject", header: f("subject"), cell: (a) => a.subject },
        {
          key: "kind",
          header: f("kind"),
          cell: (a) => <span className="badge">{t(`activities.kinds.${a.kind}`)}</span>,
        },
        {
          key: "dueAt",
          header: f("dueAt"),
          cell: (a) =>
            a.dueAt === null ? (
              "—"
            ) : (
              <span className={`activity-due${isOverdue(a, now) ? " overdue" : ""}`}>
                {formatDue(i18n.language, a.dueAt)}
              </span>
            ),
        },
        { key: "done", header: f("done"), cell: (a) => <DoneBox a={a} /> },
        {
          key: "related",
          header: f("related"),
          cell: (a) => <RelatedName type={a.relatedType} id={a.relatedId} link={false} />,
          className: "hide-narrow",
        },
        { key: "owner", header: f("owner"), cell: (a) => <PersonName id={a.owner} />, className: "hide-narrow" },
      ]}
    />
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
