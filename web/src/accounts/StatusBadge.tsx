import type { AccountStatus } from "@crm/schema";
import { useTranslation } from "react-i18next";

export function StatusBadge({ status }: { status: AccountStatus }) {
  const { t } = useTranslation();
  return <span className={`badge ${status}`}>{t(`accounts.statuses.${status}`)}</span>;
}
