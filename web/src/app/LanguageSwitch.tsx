import { useTranslation } from "react-i18next";
import { changeLanguage, type Language, languages } from "../i18n/index.js";

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  return (
    <label className="lang">
      <span className="sr-only">{t("lang.label")}</span>
      <select
        aria-label={t("lang.label")}
        value={i18n.language}
        onChange={(e) => void changeLanguage(e.target.value as Language)}
      >
        {languages.map((l) => (
          <option key={l.code} value={l.code} lang={l.code === "zh" ? "zh-CN" : "en"}>
            {l.label}
          </option>
        ))}
      </select>
    </label>
  );
}
