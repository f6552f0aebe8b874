import { useTranslation } from "react-i18next";
import { Link, useLocation } from "wouter";

/** Which tab a sales URL belongs to: an opportunity's page is part of the pipeline. */
const tabOf: Record<string, string> = {
  leads: "leads",
  pipeline: "pipeline",
  opportunities: "pipeline",
  quotes: "quotes",
  products: "products",
  orders: "orders",
};
const tabs = ["leads", "pipeline", "quotes", "orders", "products"] as const;

/**
 * The sales area's own navigation. The app's top bar has one "Sales" entry, so it keeps room on a
 * laptop screen; the sales screens are one tab away from each other here.
 */
export function SalesTabs() {
  const { t } = useTranslation();
  const [location] = useLocation();
  const current = tabOf[location.split("/")[1] ?? ""];
  return (
    <nav className="sales-tabs no-print" aria-label={t("sales.nav.sales")}>
      {tabs.map((tab) => (
        <Link key={tab} href={`/${tab}`} className="sales-tab" aria-current={current === tab ? "page" : undefined}>
          {t(`sales.nav.${tab}`)}
        </Link>
      ))}
    </nav>
  );
}
