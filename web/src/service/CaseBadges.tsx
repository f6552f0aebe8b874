import type { CasePriority, CaseStatus } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { useRuntime } from "../app/runtime-context.js";
import "./service.css";

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <span className={`badge case-status ${status}`}>{t(`service.statuses.${status}`)}</span>;
}

export function PriorityBadge({ priority }: { priority: CasePriority }) {
  const { t } = useTranslation();
  return <span className={`badge prio ${priority}`}>{t(`service.priorities.${priority}`)}</span>;
}

/** The assignee as people read it: "Ann (you)" for the signed-in person's id, else as typed. */
export function AssigneeName({ assignee }: { assignee: string }) {
  const { t } = useTranslation();
  const { me } = useRuntime();
  if (!assignee) return <span className="muted">{t("service.unassigned")}</span>;
  return <>{assignee === me.id ? t("service.you", { name: me.name }) : assignee}</>;
}
