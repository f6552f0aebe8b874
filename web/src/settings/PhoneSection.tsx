import { formatPhone, interpretPhone, phoneRegions } from "@crm/schema/phoneNumbers";
import { useId, useMemo } from "react";
import { useTranslation } from "react-i18next";
import { SectionFrame } from "./SectionFrame.js";
import { useSettingsSection } from "./useSettingsSection.js";

/** A national number that reads differently in each region: the example shows what the choice does. */
const EXAMPLE = "030 1234567";

/**
 * The workspace's default region for phone numbers: a number typed or imported without a country
 * code is read as dialled in this region and stored with its country (E.164). Admins choose it;
 * everyone sees it. The settings chunk loads the phone library anyway (the region list is its).
 */
export function PhoneSection() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const section = useSettingsSection(
    "defaultRegion",
    (region) => region,
    (region) => region,
  );
  const locale = i18n.language === "zh" ? "zh-CN" : "en";
  const regions = useMemo(() => {
    const names = new Intl.DisplayNames([locale], { type: "region" });
    return phoneRegions()
      .map((r) => ({ ...r, name: names.of(r.region) ?? r.region }))
      .sort((a, b) => a.name.localeCompare(b.name, locale));
  }, [locale]);
  const issue = section.issue("");
  const read = section.form ? interpretPhone(EXAMPLE, section.form) : null;
  return (
    <SectionFrame section={section} title={t("settings.phones.title")} lead={t("settings.phones.lead")}>
      <div className={`field${issue ? " invalid" : ""}`}>
        <label htmlFor={id}>{t("settings.phones.region")}</label>
        <select
          id={id}
          value={section.form}
          onChange={(e) => section.setForm(() => e.target.value)}
          aria-invalid={issue ? true : undefined}
          aria-describedby={`${id}-hint`}
        >
          <option value="">{t("settings.phones.none")}</option>
          {regions.map((r) => (
            <option key={r.region} value={r.region}>
              {r.name} (+{r.callingCode})
            </option>
          ))}
        </select>
        {issue && <p className="field-error">{t(`errors.${issue.code}`)}</p>}
        <div id={`${id}-hint`} className="muted small">
          <p>
            {read?.valid
              ? t("settings.phones.example", { typed: EXAMPLE, stored: formatPhone(read.value) })
              : t("settings.phones.exampleNone", { typed: EXAMPLE })}
          </p>
          <p>{t("settings.phones.existing")}</p>
        </div>
      </div>
    </SectionFrame>
  );
}
