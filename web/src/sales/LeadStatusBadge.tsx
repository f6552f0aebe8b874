import type { Lead } from "@crm/schema";
import { useTranslation } from "react-i18next";

/** A lead's status; a converted lead says so, since that is what matters about it now. */
export function LeadStatusBadge({ lead }: { lead: Pick<Lead, "status" | "convertedAt"> }) {
  const { t } = useTranslation();
  if (lead.convertedAt) return <span className="badge lead-converted">{t("sales.leads.converted")}</span>;
  return <span className={`badge lead-${lead.status}`}>{t(`sales.leads.statuses.${lead.status}`)}</span>;
}
