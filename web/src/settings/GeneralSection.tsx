import { formatMoney } from "@crm/schema";
import { useId } from "react";
import { useTranslation } from "react-i18next";
import { SectionFrame } from "./SectionFrame.js";
import { useSettingsSection } from "./useSettingsSection.js";

/** Common ISO 4217 codes; a workspace set to another code (by import or API) keeps it listed. */
const CURRENCIES = [
  "USD",
  "EUR",
  "GBP",
  "CNY",
  "JPY",
  "CHF",
  "CAD",
  "AUD",
  "NZD",
  "HKD",
  "SGD",
  "TWD",
  "KRW",
  "INR",
  "SEK",
  "NOK",
  "DKK",
  "PLN",
  "CZK",
  "HUF",
  "TRY",
  "ILS",
  "AED",
  "SAR",
  "ZAR",
  "BRL",
  "MXN",
  "THB",
  "MYR",
  "IDR",
  "PHP",
];

/** The workspace currency: one select, with an example amount in the reader's language. */
export function GeneralSection() {
  const { t, i18n } = useTranslation();
  const locale = i18n.language === "zh" ? "zh-CN" : "en";
  const id = useId();
  const section = useSettingsSection(
    "currency",
    (currency) => currency,
    (currency) => currency,
  );
  const names = new Intl.DisplayNames([locale], { type: "currency" });
  const codes = CURRENCIES.includes(section.form) ? CURRENCIES : [section.form, ...CURRENCIES];
  const issue = section.issue("");
  return (
    <SectionFrame section={section} title={t("settings.general.title")} lead={t("settings.general.lead")}>
      <div className={`field${issue ? " invalid" : ""}`}>
        <label htmlFor={id}>{t("settings.general.currency")}</label>
        <select
          id={id}
          className="currency-select"
          value={section.form}
          onChange={(e) => section.setForm(() => e.target.value)}
          aria-invalid={issue ? true : undefined}
          aria-describedby={`${id}-hint`}
        >
          {codes.map((code) => (
            <option key={code} value={code}>
              {code} — {names.of(code) ?? code}
            </option>
          ))}
        </select>
        {issue && <p className="field-error">{t(`errors.${issue.code}`)}</p>}
        <div id={`${id}-hint`} className="muted small">
          <p>{t("settings.general.example", { amount: safeMoney(1234.5, section.form, locale) })}</p>
          <p>{t("settings.general.noConversion")}</p>
        </div>
      </div>
    </SectionFrame>
  );
}

function safeMoney(amount: number, currency: string, locale: string): string {
  try {
    return formatMoney(amount, currency, locale);
  } catch {
    return `${amount} ${currency}`;
  }
}
