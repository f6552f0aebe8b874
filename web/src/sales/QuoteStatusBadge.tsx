import type { OrderStatus, QuoteStatus } from "@crm/schema";
import { useTranslation } from "react-i18next";

export function QuoteStatusBadge({ status }: { status: QuoteStatus }) {
  const { t } = useTranslation();
  return <span className={`badge quote-${status}`}>{t(`sales.quotes.statuses.${status}`)}</span>;
}

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const { t } = useTranslation();
  return <span className={`badge order-${status}`}>{t(`sales.orders.statuses.${status}`)}</span>;
}
