import { useTranslation } from "react-i18next";
import { Link } from "wouter";

/** "Edit" (or another write action) as a link, or the same control disabled for read-only roles. */
export function WriteLink({
  href,
  label,
  canWrite,
  small,
}: {
  href: string;
  label: string;
  canWrite: boolean;
  small?: boolean;
}) {
  const { t } = useTranslation();
  const className = small ? "button small" : "button";
  if (canWrite)
    return (
      <Link href={href} className={className}>
        {label}
      </Link>
    );
  return (
    <button type="button" className={className} disabled title={t("access.readOnly")}>
      {label}
    </button>
  );
}
