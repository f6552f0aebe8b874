import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";

/** Delete, then an explicit confirmation in place (focus moves to it; Esc backs out). */
export function DeleteButton({ onConfirm, disabled }: { onConfirm(): Promise<void> | void; disabled?: boolean }) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (asking) confirmRef.current?.focus();
  }, [asking]);
  if (!asking)
    return (
      <button
        type="button"
        className="button danger-outline"
        disabled={disabled}
        title={disabled ? t("access.readOnly") : undefined}
        onClick={() => setAsking(true)}
      >
        {t("common.delete")}
      </button>
    );
  return (
    <span className="confirm">
      <span>{t("common.confirmDelete")}</span>
      <button
        ref={confirmRef}
        type="button"
        className="button danger"
        onClick={() => void onConfirm()}
        onKeyDown={(e) => e.key === "Escape" && setAsking(false)}
      >
        {t("common.delete")}
      </button>
      <button type="button" className="button" onClick={() => setAsking(false)}>
        {t("common.cancel")}
      </button>
    </span>
  );
}
