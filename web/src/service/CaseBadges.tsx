import type { CasePriority, CaseStatus } from "@crm/schema";
import { useTranslation } from "react-i18next";
import { PersonName } from "../ui/Person.js";
import "./service.css";

export function CaseStatusBadge({ status }: { status: CaseStatus }) {
  const { t } = useTranslation();
  return <span className={`badge case-status ${status}`}>{t(`service.statuses.${status}`)}</span>;
}

export function PriorityBadge({ priority }: { priority: CasePriority }) {
  const { t } = useTranslation();
  return <span className={`badge prio ${priority}`}>{t(`service.priorities.${priority}`)}</span>;
}

/** The assignee as people read it: "Ann (you)", a teammate's name, or "Unassigned". */
export function AssigneeName({ assignee }: { assignee: string }) {
  const { t } = useTranslation();
  return <PersonName id={assignee} empty={t("service.unassigned")} />;
}
