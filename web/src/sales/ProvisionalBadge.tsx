import { useTranslation } from "react-i18next";
import { isProvisionalNumber } from "../runtime/numbers.js";

/**
 * Marks a quote or order number a device gave offline with no sequence number left
 * ("Q-0001-7KQ2XM", numbers.ts): final and unique, but not from the workspace's sequence.
 */
export function ProvisionalBadge({ number }: { number: string }) {
  const { t } = useTranslation();
  if (!isProvisionalNumber(number)) return null;
  return (
    <span className="badge" title={t("sales.numbers.provisionalHint", { tag: number.split("-")[2] })}>
      {t("sales.numbers.provisional")}
    </span>
  );
}
