import { useState } from "react";
import { useTranslation } from "react-i18next";

/** Copies `value`; says so for a moment (the label names what is copied, for screen readers). */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button small"
      aria-label={`${copied ? t("mail.copied") : t("mail.copy")} · ${label}`}
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(() => {
          setCopied(true);
          setTimeout(() => setCopied(false), 2000);
        });
      }}
    >
      {copied ? t("mail.copied") : t("mail.copy")}
    </button>
  );
}
