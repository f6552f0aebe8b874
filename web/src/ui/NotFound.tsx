import { useTranslation } from "react-i18next";
import { Link } from "wouter";

/** A record page or form for an id that does not exist (or was deleted), with the way back. */
export function NotFound({ back }: { back: string }) {
  const { t } = useTranslation();
  return (
    <section className="page">
      <p className="empty">{t("common.notFound")}</p>
      <Link href={back}>{t("common.back")}</Link>
    </section>
  );
}
